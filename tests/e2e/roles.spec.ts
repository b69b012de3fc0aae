// Roles the service enforces, in the window (issue 9): HR sets a PIN for the chair's role; switching to it
// asks for the PIN, a wrong one is refused and recorded; a window that remembers the chair's role but has
// not given the PIN reads as an observer; outside HR the breakdowns say they are the room's copy.
import { type Page } from '@playwright/test';
import { test, expect } from './fixtures';

async function actAs(page: Page, name: string, role: string): Promise<void> {
  await page.addInitScript((actor) => {
    // Only before the first load: a reload keeps what the window chose since.
    if (!sessionStorage.getItem('roles-spec-seeded')) {
      localStorage.setItem('modpanel-actor', JSON.stringify(actor));
      sessionStorage.setItem('roles-spec-seeded', '1');
    }
  }, { name, role });
}

async function showView(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true }).click();
}

/** Screens to look at, at both sizes the README's screenshots use. */
async function shoot(page: Page, path: (name: string) => string, name: string): Promise<void> {
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path(`${name}-${size.width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function openWhoYouAre(page: Page) {
  await page.getByRole('button', { name: 'Change who you are' }).click();
  return page.getByRole('dialog', { name: 'Who is making changes?' });
}

test('HR sets the chair’s PIN; switching to the chair asks for it, refuses a wrong one and records both', async ({ page, panel }, testInfo) => {
  await actAs(page, 'Hana HR', 'hr');
  await panel.open(page);
  await showView(page, 'Export');
  const pins = page.getByTestId('role-pins');
  await pins.getByLabel('New PIN for Panel chair').fill('2468');
  await pins.getByRole('button', { name: 'Set PIN for Panel chair' }).click();
  await expect(pins.getByRole('status')).toHaveText('Panel chair: PIN set, and recorded in the history.');
  await expect(pins.getByRole('row', { name: /Panel chair/ })).toContainText('Set');
  await pins.scrollIntoViewIfNeeded();
  await shoot(page, (n) => testInfo.outputPath(n), 'role-pins');

  const dialog = await openWhoYouAre(page);
  await dialog.getByRole('textbox', { name: 'Your name' }).fill('Dr Ada Chair');
  await dialog.getByRole('combobox', { name: 'Your role' }).selectOption('chair');
  const pin = dialog.getByLabel('PIN for Panel chair');
  await expect(pin).toBeVisible();
  await expect(pin).toHaveAttribute('type', 'password');
  await shoot(page, (n) => testInfo.outputPath(n), 'switch-role-pin');

  await pin.fill('1111');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('That PIN is not right for the panel chair’s role on this panel.');
  await expect(page.locator('.actor-role')).toHaveText(' (HR)');

  await pin.fill('2468');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.actor-name')).toHaveText('Dr Ada Chair');
  await expect(page.locator('.actor-role')).toHaveText(' (Panel chair)');

  const refused = panel.service.audit({ action: 'refused' });
  expect(refused.map((e) => [e.actor, e.role, (e.after as { code: string }).code])).toEqual([['Dr Ada Chair', 'chair', 'pin_required']]);
  expect(panel.service.audit({ action: 'role_switch' })[0]).toMatchObject({
    actor: 'Dr Ada Chair',
    role: 'chair',
    before: { name: 'Hana HR', role: 'hr' },
    after: { role: 'chair', withPin: true },
  });
  // The PIN itself is nowhere in the history.
  expect(JSON.stringify(panel.service.audit())).not.toContain('2468');

  // The history says it in words.
  await showView(page, 'History');
  await expect(page.getByText('Hana HR (HR) → Dr Ada Chair (Panel chair), with the PIN')).toBeVisible();
});

test('a window that remembers the chair’s role without its PIN reads as an observer until switched with it', async ({ page, panel }) => {
  panel.service.setRolePin({ name: 'Hana HR', role: 'hr' }, 'chair', '2468');
  await actAs(page, 'Dr Ada Chair', 'chair');
  await panel.open(page);
  await expect(page.getByRole('status').filter({ hasText: 'Panel chair has a PIN on this panel' })).toBeVisible();
  await expect(page.locator('.actor-role')).toHaveText(' (Observer (reads only))');

  const dialog = await openWhoYouAre(page);
  await dialog.getByRole('combobox', { name: 'Your role' }).selectOption('chair');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Panel chair has a PIN on this panel: enter it to switch.');
  await dialog.getByLabel('PIN for Panel chair').fill('2468');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.actor-role')).toHaveText(' (Panel chair)');
  await expect(page.getByRole('status').filter({ hasText: 'has a PIN on this panel' })).toHaveCount(0);
});

test('outside HR the breakdowns are the room’s copy; HR sees when it was shared and shares it again', async ({ page, panel }, testInfo) => {
  const chair = { name: 'Dr Ada Chair', role: 'chair' as const };
  const movable = panel.service.people().filter((p) => p.eligible && p.provisionalMarking === 'Achieving' && p.financeObjective === 'Met').slice(0, 5);
  for (const p of movable) panel.service.move({ staffId: p.staffId, to: 'High Performing', reason: 'Agreed at the panel' }, chair);
  await actAs(page, chair.name, chair.role);
  await panel.open(page);
  // The grid's fairness check says it is the room's copy, not live.
  await expect(page.getByTestId('fairness-copy')).toHaveText('Not live: the panel as imported, until HR shares the panel with the room.');
  await showView(page, 'Breakdowns');
  await expect(page.getByTestId('room-copy-note')).toContainText('Figures for the panel as imported (provisional markings), not live');
  await expect(page.getByRole('combobox', { name: 'Characteristic' }).locator('option')).not.toContainText(['Sexual orientation']);
  await shoot(page, (n) => testInfo.outputPath(n), 'room-copy-chair');

  const dialog = await openWhoYouAre(page);
  await dialog.getByRole('textbox', { name: 'Your name' }).fill('Hana HR');
  await dialog.getByRole('combobox', { name: 'Your role' }).selectOption('hr');
  await dialog.getByRole('button', { name: 'Save' }).click();
  const share = page.getByTestId('room-share');
  await expect(share).toContainText('5 people changed since');
  await shoot(page, (n) => testInfo.outputPath(n), 'room-copy-hr');
  await share.getByRole('button', { name: 'Share with the room' }).click();
  await expect(share).toContainText('shared by Hana HR');
  await expect(share.getByRole('button', { name: 'Share with the room' })).toBeDisabled();
  expect(panel.service.audit({ action: 'share_breakdowns' })).toHaveLength(1);
  await showView(page, 'Grid');
  await expect(page.getByTestId('fairness-copy')).toContainText('Not live: the room’s copy, as HR shared it on ');
});

test('the grid offers each role only what it may do: a panel member flags but cannot pick a card up or move it; an observer only looks', async ({ page, panel }) => {
  const person = panel.service.people().find((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met' && p.flags.length === 0)!;
  await actAs(page, 'Mo Member', 'member');
  await panel.open(page);
  await expect(page.locator('.grid-help')).toContainText('Only the panel chair moves people');
  const card = page.locator(`article[data-staff-id="${person.staffId}"]`);
  await card.scrollIntoViewIfNeeded();

  // Dragging does nothing: no copy follows the pointer, nothing is asked, nothing is refused afterwards.
  const start = (await card.boundingBox())!;
  const target = (await page.getByRole('region', { name: 'High Performing', exact: true }).boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + 12);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 12, start.y + 24, { steps: 4 });
  await expect(page.locator('.card-overlay')).toHaveCount(0);
  await page.mouse.move(target.x + target.width / 2, target.y + 60, { steps: 10 });
  await page.mouse.up();
  await expect(page.getByRole('dialog', { name: /^Move / })).toHaveCount(0);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);

  // The menu says who moves people, and still flags.
  await page.keyboard.press('Escape');
  await card.getByRole('button', { name: /^Move to…/ }).click();
  const menu = page.getByRole('menu');
  const highPerforming = menu.getByRole('menuitem', { name: /^High Performing/ });
  await expect(highPerforming).toHaveAttribute('aria-disabled', 'true');
  await expect(highPerforming).toContainText('only the panel chair');
  await expect(menu.getByRole('menuitem', { name: /^Up one place/ })).toHaveAttribute('aria-disabled', 'true');
  await menu.getByRole('menuitem', { name: /^Flag: Borderline up/ }).click();
  await expect.poll(() => panel.service.person(person.staffId).flags.map((f) => f.kind)).toContain('borderline_up');
  expect(panel.service.person(person.staffId).moderatedMarking).toBe('Achieving');

  // An observer may not flag either.
  const who = await openWhoYouAre(page);
  await who.getByRole('combobox', { name: 'Your role' }).selectOption('observer');
  await who.getByRole('button', { name: 'Save' }).click();
  await expect(who).toBeHidden();
  await expect(page.locator('.grid-help')).toContainText('for its menu; arrow keys');
  await card.getByRole('button', { name: /^Move to…/ }).click();
  await expect(page.getByRole('menu').getByRole('menuitem', { name: /^Clear flag: Borderline|^Flag: / }).first()).toHaveAttribute('aria-disabled', 'true');
  // The person panel shows the flags and says who sets them.
  await page.keyboard.press('Escape');
  await card.getByRole('button', { name: /^Details/ }).click();
  const details = page.getByRole('dialog', { name: person.name });
  await expect(details.getByRole('checkbox', { name: 'Borderline up' })).toBeChecked();
  await expect(details.getByRole('checkbox', { name: 'Borderline up' })).toBeDisabled();
  await expect(details).toContainText('Only the panel chair or a panel member sets flags.');
  await expect(details.getByRole('textbox', { name: 'Add a note' })).toHaveCount(0);
  await expect(details).toContainText('Notes are added by the panel chair, panel members and the finance partner.');
});
