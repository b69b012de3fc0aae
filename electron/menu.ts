// The native menus as a plain template (File, Edit, View, Help). Items that act inside the window send a
// menu message the renderer handles; only the template's shape comes from Electron (types), so the menus
// are unit-tested under Node.

import { basename } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuMessage } from './menuMessages';

export { MENU_MESSAGES, isMenuMessage, type MenuMessage } from './menuMessages';

export interface MenuActions {
  newPanelFromFile(): void;
  /** File › New Overall Panel from Unit Panels…: the native dialog (several files), then the window's merge dialog. */
  newOverallPanel(): void;
  openPanel(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  send(message: MenuMessage): void;
  about(): void;
}

export interface MenuOptions {
  appName: string;
  platform: NodeJS.Platform;
  /** Development build: adds Toggle Developer Tools. Never in a packaged app. */
  isDev: boolean;
  recentPanels: readonly string[];
  /** Whether a panel is open: the items that act on it are disabled otherwise. */
  hasPanel: boolean;
  /** An overall panel, or one with more than one business unit: View › Department is enabled. */
  hasDepartment?: boolean;
}

function recentLabel(path: string, all: readonly string[]): string {
  const name = basename(path);
  // Two recent panels with the same file name are told apart by their folder.
  const clash = all.filter((entry) => basename(entry) === name).length > 1;
  return clash ? `${name} — ${path}` : name;
}

export function buildMenuTemplate(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const panel = options.hasPanel;

  const recentItems: MenuItemConstructorOptions[] =
    options.recentPanels.length === 0
      ? [{ label: 'No recent panels', enabled: false }]
      : [
          ...options.recentPanels.map<MenuItemConstructorOptions>((path) => ({
            label: recentLabel(path, options.recentPanels),
            toolTip: path,
            click: () => actions.openRecent(path),
          })),
          { type: 'separator' },
          { label: 'Clear Recent', click: () => actions.clearRecent() },
        ];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Panel from File…', accelerator: 'CmdOrCtrl+N', click: () => actions.newPanelFromFile() },
      { label: 'New Overall Panel from Unit Panels…', click: () => actions.newOverallPanel() },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.openPanel() },
      { label: 'Open Recent', submenu: recentItems },
      { type: 'separator' },
      { label: 'Import…', accelerator: 'CmdOrCtrl+I', enabled: panel, click: () => actions.send('view:import') },
      { label: 'Apply a List of Changes…', enabled: panel, click: () => actions.send('apply-changes') },
      { label: 'Import Finance Partner’s Workbook…', enabled: panel, click: () => actions.send('finance-import') },
      { label: 'Import Panel Members’ Previews…', enabled: panel, click: () => actions.send('preview-import') },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', enabled: panel, click: () => actions.send('view:export') },
      { label: 'Export Finance Partner’s Workbook…', enabled: panel, click: () => actions.send('finance-sheet') },
      { label: 'Export Panel Member’s Preview…', enabled: panel, click: () => actions.send('preview-sheet') },
      ...(mac ? [] : ([{ type: 'separator' }, { role: 'quit', label: 'Quit' }] as MenuItemConstructorOptions[])),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      // On Windows and Linux the window handles Ctrl+Z itself (text boxes keep their own undo), so these
      // shortcuts are shown but not registered: registering them would steal the keys from a reason being
      // typed. macOS ignores registerAccelerator (Electron honours it on Windows and Linux only), so there the
      // items own Cmd+Z and Shift+Cmd+Z. Either way a click sends 'undo' or 'redo', and the window routes it
      // through the keyboard's guard (renderer/components/editGuard.ts): typing in a field, the field's own undo
      // (modpanelHost.editText, which runs webContents.undo() as role: 'undo' would); a dialog open, nothing;
      // otherwise the panel's last change.
      {
        label: 'Undo',
        accelerator: 'CmdOrCtrl+Z',
        registerAccelerator: false,
        enabled: panel,
        click: () => actions.send('undo'),
      },
      {
        label: 'Redo',
        accelerator: 'Shift+CmdOrCtrl+Z',
        registerAccelerator: false,
        enabled: panel,
        click: () => actions.send('redo'),
      },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const viewItems: MenuItemConstructorOptions[] = [
    { label: 'Grid', accelerator: 'CmdOrCtrl+1', enabled: panel, click: () => actions.send('view:grid') },
    { label: 'Table', accelerator: 'CmdOrCtrl+2', enabled: panel, click: () => actions.send('view:table') },
    { label: 'Breakdowns', accelerator: 'CmdOrCtrl+3', enabled: panel, click: () => actions.send('view:breakdowns') },
    { label: 'History', accelerator: 'CmdOrCtrl+4', enabled: panel, click: () => actions.send('view:history') },
    { label: 'Panel Record', accelerator: 'CmdOrCtrl+P', enabled: panel, click: () => actions.send('view:record') },
    { label: 'Department', accelerator: 'CmdOrCtrl+5', enabled: panel && options.hasDepartment === true, click: () => actions.send('view:department') },
    { label: 'Mid-year against End-year', enabled: panel, click: () => actions.send('view:midyear') },
    { type: 'separator' },
    {
      label: 'Presentation Mode',
      accelerator: 'CmdOrCtrl+Shift+P',
      enabled: panel,
      click: () => actions.send('presentation'),
    },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
    { role: 'reload' },
    ...(options.isDev ? ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
  ];
  const view: MenuItemConstructorOptions = { label: '&View', submenu: viewItems };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [{ label: `About ${options.appName}`, click: () => actions.about() }],
  };

  const template: MenuItemConstructorOptions[] = [file, edit, view];
  if (mac) {
    template.unshift({
      label: options.appName,
      submenu: [
        { label: `About ${options.appName}`, click: () => actions.about() },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
    template.push({ role: 'windowMenu' });
  }
  template.push(help);
  return template;
}
