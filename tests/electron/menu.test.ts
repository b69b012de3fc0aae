// The native menus: File / Edit / View / Help with the items the brief names, messages the window
// understands, recent panels, items disabled without a panel, and developer tools only in development.

import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_MESSAGES, buildMenuTemplate, isMenuMessage, type MenuActions, type MenuMessage, type MenuOptions } from '../../electron/menu';

function actions() {
  return {
    newPanelFromFile: vi.fn<() => void>(),
    newOverallPanel: vi.fn<() => void>(),
    openPanel: vi.fn<() => void>(),
    openRecent: vi.fn<(path: string) => void>(),
    clearRecent: vi.fn<() => void>(),
    send: vi.fn<(message: MenuMessage) => void>(),
    about: vi.fn<() => void>(),
  } satisfies MenuActions;
}

const options = (overrides: Partial<MenuOptions> = {}): MenuOptions => ({
  appName: 'Moderation Panel',
  platform: 'linux',
  isDev: false,
  recentPanels: [],
  hasPanel: true,
  ...overrides,
});

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return (item?.submenu ?? []) as MenuItemConstructorOptions[];
}

function find(template: MenuItemConstructorOptions[], top: string, label: string): MenuItemConstructorOptions {
  const menu = template.find((item) => item.label?.replace('&', '') === top);
  const item = submenu(menu).find((entry) => entry.label === label);
  if (!item) throw new Error(`No ${top} › ${label}`);
  return item;
}

function click(item: MenuItemConstructorOptions): void {
  (item.click as unknown as () => void)();
}

function allItems(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...allItems(submenu(item))]);
}

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help with the expected items', () => {
    const template = buildMenuTemplate(options(), actions());
    expect(template.map((item) => item.label?.replace('&', ''))).toEqual(['File', 'Edit', 'View', 'Help']);
    const labels = (top: string) => submenu(template.find((item) => item.label?.replace('&', '') === top)).map((item) => item.label ?? item.role ?? item.type);
    expect(labels('File')).toEqual([
      'New Panel from File…',
      'New Overall Panel from Unit Panels…',
      'Open…',
      'Open Recent',
      'separator',
      'Import…',
      'Apply a List of Changes…',
      'Import Finance Partner’s Workbook…',
      'Import Panel Members’ Previews…',
      'Export…',
      'Export Finance Partner’s Workbook…',
      'Export Panel Member’s Preview…',
      'separator',
      'Quit',
    ]);
    expect(labels('Edit')).toEqual(['Undo', 'Redo', 'separator', 'cut', 'copy', 'paste', 'selectAll']);
    expect(labels('View')).toEqual(
      expect.arrayContaining(['Grid', 'Table', 'Breakdowns', 'History', 'Panel Record', 'Presentation Mode', 'reload']),
    );
    expect(labels('Help')).toEqual(['About Moderation Panel']);
  });

  it('sends the window exactly the messages it listens for', () => {
    const act = actions();
    const template = buildMenuTemplate(options({ hasDepartment: true }), act);
    const expected: [string, string, string][] = [
      ['Edit', 'Undo', 'undo'],
      ['Edit', 'Redo', 'redo'],
      ['View', 'Grid', 'view:grid'],
      ['View', 'Table', 'view:table'],
      ['View', 'History', 'view:history'],
      ['View', 'Breakdowns', 'view:breakdowns'],
      ['View', 'Panel Record', 'view:record'],
      ['View', 'Mid-year against End-year', 'view:midyear'],
      ['File', 'Import…', 'view:import'],
      ['File', 'Apply a List of Changes…', 'apply-changes'],
      ['File', 'Export…', 'view:export'],
      ['File', 'Import Finance Partner’s Workbook…', 'finance-import'],
      ['File', 'Import Panel Members’ Previews…', 'preview-import'],
      ['File', 'Export Finance Partner’s Workbook…', 'finance-sheet'],
      ['File', 'Export Panel Member’s Preview…', 'preview-sheet'],
      ['View', 'Presentation Mode', 'presentation'],
      ['View', 'Department', 'view:department'],
    ];
    for (const [top, label, message] of expected) {
      act.send.mockClear();
      click(find(template, top, label));
      expect(act.send).toHaveBeenCalledWith(message);
    }
    // 'merge-units-chosen' comes from the main process once its native dialog has picked the unit panels.
    expect([...expected.map(([, , message]) => message), 'merge-units-chosen'].sort()).toEqual([...MENU_MESSAGES].sort());
  });

  it('runs the native commands', () => {
    const act = actions();
    const template = buildMenuTemplate(options(), act);
    click(find(template, 'File', 'New Panel from File…'));
    click(find(template, 'File', 'New Overall Panel from Unit Panels…'));
    click(find(template, 'File', 'Open…'));
    click(find(template, 'Help', 'About Moderation Panel'));
    expect(act.newPanelFromFile).toHaveBeenCalledOnce();
    expect(act.newOverallPanel).toHaveBeenCalledOnce();
    expect(act.openPanel).toHaveBeenCalledOnce();
    expect(act.about).toHaveBeenCalledOnce();
  });

  it('lists recent panels, telling apart two with the same file name', () => {
    const act = actions();
    const recent = ['/team/a/panel.modpanel', '/team/b/panel.modpanel', '/x/other.modpanel'];
    const template = buildMenuTemplate(options({ recentPanels: recent }), act);
    const items = submenu(find(template, 'File', 'Open Recent'));
    expect(items.map((item) => item.label ?? item.type)).toEqual([
      'panel.modpanel — /team/a/panel.modpanel',
      'panel.modpanel — /team/b/panel.modpanel',
      'other.modpanel',
      'separator',
      'Clear Recent',
    ]);
    click(items[2] as MenuItemConstructorOptions);
    expect(act.openRecent).toHaveBeenCalledWith('/x/other.modpanel');
    click(items[4] as MenuItemConstructorOptions);
    expect(act.clearRecent).toHaveBeenCalledOnce();
    const empty = submenu(find(buildMenuTemplate(options(), act), 'File', 'Open Recent'));
    expect(empty).toEqual([{ label: 'No recent panels', enabled: false }]);
  });

  it('leaves Ctrl/Cmd+Z to the window so text boxes keep their own undo', () => {
    const template = buildMenuTemplate(options(), actions());
    expect(find(template, 'Edit', 'Undo')).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: false });
    expect(find(template, 'Edit', 'Redo')).toMatchObject({ accelerator: 'Shift+CmdOrCtrl+Z', registerAccelerator: false });
  });

  it('disables what needs a panel when none is open', () => {
    const template = buildMenuTemplate(options({ hasPanel: false }), actions());
    for (const [top, label] of [['File', 'Import…'], ['File', 'Export…'], ['Edit', 'Undo'], ['View', 'Grid'], ['View', 'Presentation Mode']] as const) {
      expect(find(template, top, label).enabled, label).toBe(false);
    }
    expect(find(template, 'File', 'Open…').enabled).not.toBe(false);
  });

  it('offers developer tools only in development', () => {
    const roles = (isDev: boolean) => allItems(buildMenuTemplate(options({ isDev }), actions())).map((item) => item.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('follows macOS conventions there: an app menu with Quit, and a Window menu', () => {
    const template = buildMenuTemplate(options({ platform: 'darwin' }), actions());
    expect(template[0]?.label).toBe('Moderation Panel');
    expect(submenu(template[0]).map((item) => item.role)).toContain('quit');
    expect(submenu(template.find((item) => item.label === '&File')).map((item) => item.role)).not.toContain('quit');
    expect(template.map((item) => item.role)).toContain('windowMenu');
  });

  it('recognises only its own messages', () => {
    expect(isMenuMessage('view:grid')).toBe(true);
    expect(isMenuMessage('view:evil')).toBe(false);
    expect(isMenuMessage(42)).toBe(false);
  });
});

describe('the overall moderation meeting in the menus', () => {
  it('offers View › Department only for an overall panel or one with several business units', () => {
    const enabled = (hasDepartment: boolean | undefined) =>
      find(buildMenuTemplate(options(hasDepartment === undefined ? {} : { hasDepartment }), actions()), 'View', 'Department').enabled;
    expect(enabled(true)).toBe(true);
    expect(enabled(false)).toBe(false);
    expect(enabled(undefined)).toBe(false);
  });
});
