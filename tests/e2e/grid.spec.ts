// The chair's grid, end to end in Chromium through the web host: moving people by mouse and by keyboard,
// the finance rule refusing a drop, undo/redo, a finalised panel refusing moves, and axe-core at WCAG 2.2 AA.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import type { BoxMarking, Person } from '../../shared/domain';
import { test, expect, recordMissingContributions, type PanelFixture } from './fixtures';
import { demoRecordsImport } from '../../db/demo';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

function box(page: Page, marking: BoxMarking): Locator {
  return page.getByRole('region', { name: marking, exact: true });
}

function card(page: Page, staffId: string): Locator {
  return page.locator(`article[data-staff-id="${staffId}"]`);
}

/** The count in a box's heading ("Achieving 33 people, 55%"). */
async function countIn(page: Page, marking: BoxMarking): Promise<number> {
  const text = await box(page, marking).getByRole('heading', { level: 2 }).innerText();
  const match = /(\d+)\s*(?:people|person)?/.exec(text.replace(marking, ''));
  if (!match) throw new Error(`No count in "${text}"`);
  return Number(match[1]);
}

/** Someone eligible, placed where the line manager put them, matching `where`; first in box order, so visible. */
function findPerson(panel: PanelFixture, where: (p: Person) => boolean): Person {
  const person = panel.service.people().find((p) => p.eligible && p.moderatedMarking === p.provisionalMarking && where(p));
  if (!person) throw new Error('The fixture panel has no one suitable for this test');
  return person;
}

/** A real pointer drag with intermediate moves, as dnd-kit needs to see one. */
async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  await from.scrollIntoViewIfNeeded();
  const start = (await from.boundingBox())!;
  const end = (await to.boundingBox())!;
  const x = start.x + start.width / 2;
  const y = start.y + 16;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 12, y + 12, { steps: 4 });
  await page.mouse.move(end.x + end.width / 2, end.y + Math.min(140, end.height / 2), { steps: 16 });
  await page.mouse.up();
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')})`);
  expect(summary).toEqual([]);
}

test('drag a card from Achieving to High Performing with the mouse and give a reason', async ({ page, panel }) => {
  const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
  await panel.open(page);
  const achieving = await countIn(page, 'Achieving');
  const highPerforming = await countIn(page, 'High Performing');

  await drag(page, card(page, person.staffId), box(page, 'High Performing'));
  const dialog = page.getByRole('dialog', { name: `Move ${person.name} to High Performing` });
  await expect(dialog).toBeVisible();
  const reason = 'Led the cross-government spending review work beyond the objective';
  await dialog.getByRole('textbox', { name: 'Reason for the change' }).fill(reason);
  await dialog.getByRole('button', { name: 'Move to High Performing' }).click();

  await expect(dialog).toBeHidden();
  await expect(box(page, 'High Performing').locator(`[data-staff-id="${person.staffId}"]`)).toContainText('Moved from Achieving');
  await expect(box(page, 'Achieving').locator(`[data-staff-id="${person.staffId}"]`)).toHaveCount(0);
  expect(await countIn(page, 'Achieving')).toBe(achieving - 1);
  expect(await countIn(page, 'High Performing')).toBe(highPerforming + 1);
  await expect(page.getByTestId('live-region')).toHaveText(`${person.name} moved to High Performing`);

  const saved = panel.service.person(person.staffId);
  expect(saved.moderatedMarking).toBe('High Performing');
  expect(saved.changeReason).toBe(reason);
});

test('cancelling the reason dialog with Escape leaves the card where it was', async ({ page, panel }) => {
  const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
  await panel.open(page);
  await drag(page, card(page, person.staffId), box(page, 'High Performing'));
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(box(page, 'Achieving').locator(`[data-staff-id="${person.staffId}"]`)).toBeVisible();
  expect(panel.service.person(person.staffId).moderatedMarking).toBe('Achieving');
});

test('a person whose finance objective was not met cannot be dropped into Exceeding', async ({ page, panel }) => {
  const person = findPerson(panel, (p) => p.financeObjective === 'Not met' && (p.moderatedMarking === 'Achieving' || p.moderatedMarking === 'Partially Met'));
  const from = person.moderatedMarking!;
  await panel.open(page);
  const exceeding = await countIn(page, 'Exceeding');

  await drag(page, card(page, person.staffId), box(page, 'Exceeding'));

  await expect(page.getByRole('dialog')).toHaveCount(0);
  const banner = page.getByTestId('error-banner');
  await expect(banner).toContainText('cannot be placed above Achieving');
  await expect(banner).toContainText(`${person.name} stays in ${from}`);
  await expect(page.getByTestId('live-region')).toContainText('cannot be placed above Achieving');
  await expect(box(page, from).locator(`[data-staff-id="${person.staffId}"]`)).toBeVisible();
  expect(await countIn(page, 'Exceeding')).toBe(exceeding);
  expect(panel.service.person(person.staffId).moderatedMarking).toBe(from);
});

test('Exceeding without a corporate contribution needs the chair to acknowledge it', async ({ page, panel }) => {
  const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met' && !p.corporateContribution);
  await panel.open(page);
  await card(page, person.staffId).getByRole('button', { name: /^Move to…/ }).click();
  await page.getByRole('menuitem', { name: /^Exceeding/ }).click();
  const dialog = page.getByRole('dialog', { name: `Move ${person.name} to Exceeding` });
  await dialog.getByRole('textbox', { name: 'Reason for the change' }).fill('Led the department-wide recovery programme');
  await dialog.getByRole('button', { name: 'Move to Exceeding' }).click();
  await expect(dialog.getByRole('alert')).toContainText('tick the acknowledgement to record it later');
  expect(panel.service.person(person.staffId).moderatedMarking).toBe('Achieving');

  await dialog.getByRole('checkbox', { name: /I acknowledge: Exceeding requires a significant corporate contribution/ }).check();
  await dialog.getByRole('button', { name: 'Move to Exceeding' }).click();
  await expect(box(page, 'Exceeding').locator(`[data-staff-id="${person.staffId}"]`)).toBeVisible();
  expect(panel.service.person(person.staffId).moderatedMarking).toBe('Exceeding');
});

test('the grade filter moderates grade by grade: counts and cards follow it', async ({ page, panel }) => {
  const scs2 = panel.service.people().filter((p) => p.eligible && p.grade === 'SCS2');
  await panel.open(page);
  await page.getByRole('combobox', { name: 'Grade' }).selectOption('SCS2');
  for (const marking of ['Exceeding', 'High Performing', 'Achieving', 'Partially Met'] as const) {
    expect(await countIn(page, marking)).toBe(scs2.filter((p) => p.moderatedMarking === marking).length);
  }
  const grades = await page.locator('.boxes article[data-staff-id] .card-grade').allInnerTexts();
  expect(new Set(grades)).toEqual(new Set(['SCS2']));
});

test('a keyboard-only move through the Move to… menu', async ({ page, panel }) => {
  const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
  await panel.open(page);
  const highPerforming = await countIn(page, 'High Performing');

  await card(page, person.staffId).focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: `Move ${person.name} to` });
  await expect(menu).toBeVisible();
  // The first box offered is focused (Exceeding); one down is High Performing.
  await expect(menu.getByRole('menuitem', { name: /^Exceeding/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: /^High Performing/ })).toBeFocused();
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: `Move ${person.name} to High Performing` });
  await expect(dialog.getByRole('textbox', { name: 'Reason for the change' })).toBeFocused();
  await page.keyboard.type('Consistently strong evidence across all four quarters');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Move to High Performing' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(dialog).toBeHidden();
  const moved = box(page, 'High Performing').locator(`[data-staff-id="${person.staffId}"]`);
  await expect(moved).toBeFocused();
  await expect(moved).toContainText('Moved from Achieving');
  expect(await countIn(page, 'High Performing')).toBe(highPerforming + 1);
  await expect(page.getByTestId('live-region')).toHaveText(`${person.name} moved to High Performing`);
  expect(panel.service.person(person.staffId).changeReason).toBe('Consistently strong evidence across all four quarters');
});

test('a single click on Move to… then a box moves back to the provisional marking without a reason', async ({ page, panel }) => {
  const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
  panel.service.move({ staffId: person.staffId, to: 'High Performing', reason: 'Set up for the test' }, { name: 'Chair', role: 'chair' });
  await panel.open(page);
  const moved = card(page, person.staffId);
  await moved.getByRole('button', { name: /^Move to…/ }).click();
  await page.getByRole('menuitem', { name: /^Achieving/ }).click();
  await expect(box(page, 'Achieving').locator(`[data-staff-id="${person.staffId}"]`)).toBeVisible();
  await expect(card(page, person.staffId)).not.toContainText('Moved from');
  expect(panel.service.person(person.staffId).moderatedMarking).toBe('Achieving');
});

test('Alt+Arrow keys reorder within a box', async ({ page, panel }) => {
  await panel.open(page);
  const cards = box(page, 'Achieving').locator('article[data-staff-id]');
  const first = (await cards.nth(0).getAttribute('data-staff-id'))!;
  const second = (await cards.nth(1).getAttribute('data-staff-id'))!;
  await card(page, first).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(cards.nth(0)).toHaveAttribute('data-staff-id', second);
  await expect(cards.nth(1)).toHaveAttribute('data-staff-id', first);
  await expect(card(page, first)).toBeFocused();
  const inBox = panel.service.people().filter((p) => p.moderatedMarking === 'Achieving');
  expect(inBox.slice(0, 2).map((p) => p.staffId)).toEqual([second, first]);
});

test('undo and redo with the keyboard shortcuts move the card back and forth', async ({ page, panel }) => {
  const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
  await panel.open(page);
  const achieving = await countIn(page, 'Achieving');
  const highPerforming = await countIn(page, 'High Performing');

  await card(page, person.staffId).getByRole('button', { name: /^Move to…/ }).click();
  await page.getByRole('menuitem', { name: /^High Performing/ }).click();
  await page.getByRole('textbox', { name: 'Reason for the change' }).fill('Stretch objective delivered early');
  await page.getByRole('button', { name: 'Move to High Performing' }).click();
  const inHighPerforming = box(page, 'High Performing').locator(`[data-staff-id="${person.staffId}"]`);
  const inAchieving = box(page, 'Achieving').locator(`[data-staff-id="${person.staffId}"]`);
  await expect(inHighPerforming).toBeVisible();

  await page.keyboard.press('Control+z');
  await expect(inAchieving).toBeVisible();
  await expect(inHighPerforming).toHaveCount(0);
  expect(await countIn(page, 'Achieving')).toBe(achieving);
  expect(await countIn(page, 'High Performing')).toBe(highPerforming);
  // The undo says what it did, on screen with Redo beside it, and to a screen reader.
  await expect(page.getByTestId('notice')).toContainText(`Undid: ${person.name} back to Achieving`);
  await expect(page.getByTestId('notice').getByRole('button', { name: 'Redo' })).toBeVisible();
  await expect(page.getByTestId('live-region')).toContainText(`Undid: ${person.name} back to Achieving`);
  expect(panel.service.person(person.staffId).moderatedMarking).toBe('Achieving');

  await page.keyboard.press('Control+Shift+z');
  await expect(inHighPerforming).toBeVisible();
  expect(await countIn(page, 'Achieving')).toBe(achieving - 1);
  expect(await countIn(page, 'High Performing')).toBe(highPerforming + 1);
  expect(panel.service.person(person.staffId).moderatedMarking).toBe('High Performing');

  // Ctrl+Z then Ctrl+Y: the other redo shortcut.
  await page.keyboard.press('Control+z');
  await expect(inAchieving).toBeVisible();
  await page.keyboard.press('Control+y');
  await expect(inHighPerforming).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();
});

test('a finalised panel refuses moves and says so', async ({ page, panel }) => {
  const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
  await panel.open(page);
  recordMissingContributions(panel.service);
  panel.service.finalise({ name: 'Dr Jane Chair', role: 'chair' });
  await page.reload();
  await expect(box(page, 'Achieving')).toBeVisible();

  await expect(page.getByTestId('panel-status')).toHaveText('Finalised (read-only)');
  await expect(page.getByTestId('readonly-banner')).toContainText('finalised by Dr Jane Chair');
  await expect(card(page, person.staffId).getByRole('button', { name: /^Move to…/ })).toHaveCount(0);

  await drag(page, card(page, person.staffId), box(page, 'High Performing'));
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(box(page, 'Achieving').locator(`[data-staff-id="${person.staffId}"]`)).toBeVisible();

  await card(page, person.staffId).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(page.getByTestId('error-banner')).toContainText('read-only');
  await expect(page.getByTestId('live-region')).toContainText('read-only');
  expect(panel.service.person(person.staffId).moderatedMarking).toBe('Achieving');
});

test('the person panel shows history, flags, notes and the audit trail, and nothing protected', async ({ page, panel }) => {
  const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving');
  await panel.open(page);
  await card(page, person.staffId).getByRole('button', { name: /^Details/ }).click();
  const dialog = page.getByRole('dialog', { name: person.name });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('columnheader', { name: 'Mid-year' })).toBeVisible();
  for (const value of Object.values(person.characteristics)) {
    if (value.length > 3) await expect(dialog.getByText(value, { exact: true })).toHaveCount(0);
  }

  await dialog.getByRole('checkbox', { name: 'Borderline up' }).check();
  await expect(card(page, person.staffId)).toContainText('Borderline up');
  await dialog.getByRole('textbox', { name: 'Add a note' }).fill('Evidence pack circulated before the panel');
  await dialog.getByRole('button', { name: 'Add note' }).click();
  await expect(dialog.getByText('Evidence pack circulated before the panel', { exact: true })).toBeVisible();
  await expect(dialog.getByRole('region', { name: 'Audit trail' })).toContainText('Flag set: Borderline up');
  expect(panel.service.person(person.staffId).flags.map((f) => f.kind)).toEqual(['borderline_up']);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(card(page, person.staffId)).toBeFocused();
});

test.describe('axe-core at WCAG 2.2 AA', () => {
  // axe checks the contrast of every card, so each run takes a few seconds.
  test.describe.configure({ timeout: 120_000 });

  test('the grid, the Move to… menu and the person panel', async ({ page, panel }) => {
    const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving');
    await panel.open(page);
    await expectNoAxeViolations(page);

    await card(page, person.staffId).getByRole('button', { name: /^Move to…/ }).click();
    await expect(page.getByRole('menu')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.keyboard.press('Escape');

    await card(page, person.staffId).getByRole('button', { name: /^Details/ }).click();
    await expect(page.getByRole('dialog', { name: person.name })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('the reason dialog over a refusal banner', async ({ page, panel }) => {
    const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
    const notMet = findPerson(panel, (p) => p.financeObjective === 'Not met' && p.moderatedMarking === 'Achieving');
    await panel.open(page);
    await card(page, notMet.staffId).getByRole('button', { name: /^Move to…/ }).click();
    await page.getByRole('menuitem', { name: /^Exceeding/ }).click({ force: true });
    await expect(page.getByTestId('error-banner')).toBeVisible();
    await card(page, person.staffId).getByRole('button', { name: /^Move to…/ }).click();
    await page.getByRole('menuitem', { name: /^High Performing/ }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('presentation mode, with initials and with the person panel open', async ({ page, panel }) => {
    const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving');
    await panel.open(page);
    await page.getByRole('button', { name: 'Presentation mode' }).click();
    await expect(page.locator('html.presentation')).toHaveCount(1);
    await page.getByRole('checkbox', { name: 'Names as initials' }).check();
    await expect(card(page, person.staffId)).not.toContainText(person.name);
    await expectNoAxeViolations(page);

    // On the projector the cards fit as chips: a click opens the person panel beside the grid.
    await card(page, person.staffId).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('a finalised panel', async ({ page, panel }) => {
    recordMissingContributions(panel.service);
    panel.service.finalise({ name: 'Dr Jane Chair', role: 'chair' });
    await panel.open(page);
    await expect(page.getByTestId('readonly-banner')).toBeVisible();
    await expectNoAxeViolations(page);
  });
});


test.describe('on a desk screen', () => {
  // The third card is on screen: a drop takes what is under the pointer when it is let go, and a pointer held
  // near the window's edge scrolls the grid (as a chair would see), so the card dropped on must be in view.
  test.use({ viewport: { width: 1280, height: 1080 } });

  test('drag a card within its box to reorder it', async ({ page, panel }) => {
    await panel.open(page);
    const cards = box(page, 'Achieving').locator('article[data-staff-id]');
    const ids = await cards.evaluateAll((nodes) => nodes.slice(0, 3).map((n) => n.getAttribute('data-staff-id')!));
    await drag(page, card(page, ids[0]!), card(page, ids[2]!));
    await expect(cards.nth(2)).toHaveAttribute('data-staff-id', ids[0]!);
    // A drag is not a click: no person panel, no reason dialog.
    await expect(page.getByRole('dialog')).toHaveCount(0);
    const inBox = panel.service.people().filter((p) => p.moderatedMarking === 'Achieving').map((p) => p.staffId);
    expect(inBox.slice(0, 3)).toEqual([ids[1], ids[2], ids[0]]);
  });
});

test('native menu commands and view shortcuts switch views and presentation mode', async ({ page, panel }) => {
  await panel.open(page);
  const menu = (command: string) => page.evaluate((c) => window.dispatchEvent(new CustomEvent('modpanel-menu', { detail: c })), command);
  await menu('view:history');
  await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'History' })).toHaveAttribute('aria-current', 'page');
  await expect(box(page, 'Achieving')).toHaveCount(0);
  await page.keyboard.press('Alt+1');
  await expect(box(page, 'Achieving')).toBeVisible();
  await menu('presentation');
  await expect(page.locator('html.presentation')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.locator('html.presentation')).toHaveCount(0);
});

test.describe('a big panel', () => {
  test.use({ records: demoRecordsImport(1200) });

  test('long boxes are virtualised and a drop still updates the counts', async ({ page, panel }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await panel.open(page);
    const achieving = await countIn(page, 'Achieving');
    const highPerforming = await countIn(page, 'High Performing');
    expect(achieving).toBeGreaterThan(400);
    // Only the cards in view are in the page.
    expect(await box(page, 'Achieving').locator('article[data-staff-id]').count()).toBeLessThan(60);

    const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
    await drag(page, card(page, person.staffId), box(page, 'High Performing'));
    await page.getByRole('textbox', { name: 'Reason for the change' }).fill('Evidence reviewed by the panel');
    await page.getByRole('button', { name: 'Move to High Performing' }).click();
    await expect(box(page, 'High Performing').getByRole('heading', { level: 2 })).toContainText(String(highPerforming + 1));
    expect(await countIn(page, 'Achieving')).toBe(achieving - 1);
    await expect(box(page, 'High Performing').locator(`[data-staff-id="${person.staffId}"]`)).toBeVisible();
  });
});
