// The desktop shell's Edit menu, driven as Electron's preload drives the window: a stand-in for the preload's
// window.modpanelHost is installed before the page loads, and menu clicks arrive through its onMenu exactly as
// the native menu's do. On macOS the Undo item owns Cmd+Z (registerAccelerator is ignored there), so every
// Cmd+Z takes this path: typing a reason, it must undo the typing, never the last panel move.
import type { Locator, Page } from '@playwright/test';
import type { BoxMarking, Person } from '../../shared/domain';
import { test, expect, type PanelFixture } from './fixtures';

declare global {
  interface Window {
    __menu?: (command: string) => void;
    __edits?: string[];
  }
}

function box(page: Page, marking: BoxMarking): Locator {
  return page.getByRole('region', { name: marking, exact: true });
}

function card(page: Page, staffId: string): Locator {
  return page.locator(`article[data-staff-id="${staffId}"]`);
}

function achievers(panel: PanelFixture): Person[] {
  return panel.service.people().filter((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.provisionalMarking === 'Achieving' && p.financeObjective === 'Met');
}

/** The desktop preload's host, as far as the Edit menu uses it: editText runs the field's own undo, as webContents.undo() does. */
async function installDesktopHost(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__edits = [];
    window.modpanelHost = {
      platform: 'darwin',
      onMenu: (callback) => {
        window.__menu = callback;
        return () => undefined;
      },
      editText: async (command) => {
        window.__edits!.push(command);
        document.execCommand(command);
      },
      exportFile: async () => ({ ok: false, error: { code: 'unsupported', message: 'not in this test' } }),
      saveFile: async () => ({ ok: true, value: null }),
      printToPdf: async () => ({ ok: true, value: null }),
    };
  });
}

/** A click on Edit ▸ Undo or Redo in the native menu (or, on macOS, Cmd+Z / Shift+Cmd+Z). */
async function menu(page: Page, command: 'undo' | 'redo'): Promise<void> {
  await page.evaluate((which) => window.__menu!(which), command);
}

async function moveToHighPerforming(page: Page, person: Person, reason: string): Promise<void> {
  await card(page, person.staffId).getByRole('button', { name: /^Move to…/ }).click();
  await page.getByRole('menuitem', { name: /^High Performing/ }).click();
  await page.getByRole('textbox', { name: 'Reason for the change' }).fill(reason);
  await page.getByRole('button', { name: 'Move to High Performing' }).click();
  await expect(box(page, 'High Performing').locator(`[data-staff-id="${person.staffId}"]`)).toBeVisible();
}

test('Edit ▸ Undo while typing a reason undoes the typing, not the last move', async ({ page, panel }) => {
  const [first, second] = achievers(panel);
  await installDesktopHost(page);
  await panel.open(page);
  await moveToHighPerforming(page, first!, 'Stretch objective delivered early');

  // The next move's reason is being typed when Cmd+Z is pressed.
  await card(page, second!.staffId).getByRole('button', { name: /^Move to…/ }).click();
  await page.getByRole('menuitem', { name: /^High Performing/ }).click();
  const reason = page.getByRole('textbox', { name: 'Reason for the change' });
  await expect(reason).toBeFocused();
  await page.keyboard.type('Led the review');
  await menu(page, 'undo');

  await expect.poll(() => page.evaluate(() => window.__edits)).toEqual(['undo']);
  // The field's own undo took back the last of the typing (Chromium undoes typed text in steps).
  await expect(reason).not.toHaveValue('Led the review');
  expect('Led the review'.startsWith(await reason.inputValue())).toBe(true);
  // The first move stands, in the window and in the file.
  await expect(box(page, 'High Performing').locator(`[data-staff-id="${first!.staffId}"]`)).toBeVisible();
  expect(panel.service.person(first!.staffId).moderatedMarking).toBe('High Performing');

  // Redo brings the typing back, again in the field.
  await menu(page, 'redo');
  await expect(reason).toHaveValue('Led the review');
  expect(await page.evaluate(() => window.__edits)).toEqual(['undo', 'redo']);
});

test('Edit ▸ Undo with a dialog open but no field focused does nothing until it closes', async ({ page, panel }) => {
  const [first, second] = achievers(panel);
  await installDesktopHost(page);
  await panel.open(page);
  await moveToHighPerforming(page, first!, 'Stretch objective delivered early');

  await card(page, second!.staffId).getByRole('button', { name: /^Move to…/ }).click();
  await page.getByRole('menuitem', { name: /^High Performing/ }).click();
  const dialog = page.getByRole('dialog', { name: `Move ${second!.name} to High Performing` });
  await dialog.getByRole('button', { name: 'Cancel' }).focus();
  await menu(page, 'undo');
  await expect(dialog).toBeVisible();
  expect(await page.evaluate(() => window.__edits)).toEqual([]);
  expect(panel.service.person(first!.staffId).moderatedMarking).toBe('High Performing');

  // Closed: the same menu item undoes the panel's last change.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await menu(page, 'undo');
  await expect(box(page, 'Achieving').locator(`[data-staff-id="${first!.staffId}"]`)).toBeVisible();
  await expect(page.getByTestId('live-region')).toContainText('Undid');
  await expect(page.getByTestId('live-region')).toContainText(first!.name);
  expect(panel.service.person(first!.staffId).moderatedMarking).toBe('Achieving');

  await menu(page, 'redo');
  await expect(box(page, 'High Performing').locator(`[data-staff-id="${first!.staffId}"]`)).toBeVisible();
  expect(panel.service.person(first!.staffId).moderatedMarking).toBe('High Performing');
});
