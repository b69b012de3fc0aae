// The room at projector scale (issue 10), end to end in Chromium through the web host: the whole panel on one
// screen in presentation mode, no full name with names as initials, moves that show where they went, the
// discussion queue rail within a few key presses, fairness and HR kept off the projector, the finalise
// pre-flight checklist, undo that says what it did, and axe at WCAG 2.2 AA in presentation mode on hover.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import type { BoxMarking, Person } from '../../shared/domain';
import { test, expect, recordMissingContributions, type PanelFixture } from './fixtures';
import { panelOfShape } from './roomPanels';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CHAIR = { name: 'Dr Ada Chair', role: 'chair' as const };

function box(page: Page, marking: BoxMarking): Locator {
  return page.getByRole('region', { name: marking, exact: true });
}

function card(page: Page, staffId: string): Locator {
  return page.locator(`article[data-staff-id="${staffId}"]`);
}

async function actAs(page: Page, name: string, role: string): Promise<void> {
  await page.addInitScript((actor) => localStorage.setItem('modpanel-actor', JSON.stringify(actor)), { name, role });
}

/** A real pointer drag with intermediate moves, as dnd-kit needs to see one, ending at `to`. */
async function dragTo(page: Page, from: Locator, to: { x: number; y: number }): Promise<void> {
  await from.scrollIntoViewIfNeeded();
  const start = (await from.boundingBox())!;
  const x = start.x + start.width / 2;
  const y = start.y + Math.min(16, start.height / 2);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 12, y + 12, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 16 });
  await page.mouse.up();
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')})`);
  expect(summary).toEqual([]);
}

/** Every card is inside the window and inside its box's list, and nothing scrolls. */
async function everyoneOnScreen(page: Page): Promise<{ cards: number; outside: string[]; scrolling: string[] }> {
  return page.evaluate(() => {
    const within = (inner: DOMRect, outer: DOMRect) =>
      inner.top >= outer.top - 0.5 && inner.left >= outer.left - 0.5 && inner.bottom <= outer.bottom + 0.5 && inner.right <= outer.right + 0.5;
    const view = new DOMRect(0, 0, window.innerWidth, window.innerHeight);
    const cards = [...document.querySelectorAll<HTMLElement>('.boxes article[data-staff-id]')];
    const outside = cards
      .filter((c) => {
        const rect = c.getBoundingClientRect();
        const list = c.closest('[data-card-list]')!.getBoundingClientRect();
        return !within(rect, view) || !within(rect, list);
      })
      .map((c) => c.dataset.staffId!);
    const scrolling = [document.documentElement, ...document.querySelectorAll<HTMLElement>('.boxes [data-card-list]')]
      .filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)
      .map((e) => e.getAttribute('aria-label') ?? e.tagName);
    return { cards: cards.length, outside, scrolling };
  });
}

async function present(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  await expect(page.locator('html.presentation')).toHaveCount(1);
}

test.describe('the whole panel on one screen', () => {
  test.describe('60 people (6 / 16 / 34 / 4) at 1280×720', () => {
    test.use({ records: panelOfShape([6, 16, 34, 4]) });

    test('presentation mode shows every person in full, without scrolling; axe finds nothing, on hover too', async ({ page, panel }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width: 1280, height: 720 });
      await panel.open(page);
      await present(page);
      await expect(page.getByTestId('layout-status')).toContainText('everyone on screen');
      await expect.poll(async () => everyoneOnScreen(page)).toEqual({ cards: 60, outside: [], scrolling: [] });
      for (const [marking, count] of [['Exceeding', 6], ['High Performing', 16], ['Achieving', 34], ['Partially Met', 4]] as const) {
        await expect(box(page, marking).locator('article[data-staff-id]')).toHaveCount(count);
      }
      // Chips: name, grade and the status icons, each icon with its words.
      const someone = panel.service.people().find((p) => p.corporateContribution)!;
      await expect(card(page, someone.staffId).getByRole('img', { name: 'Corporate contribution evidenced' })).toBeVisible();

      await card(page, someone.staffId).hover();
      await expectNoAxeViolations(page);
      await page.getByRole('checkbox', { name: 'Names as initials' }).check();
      await expect.poll(async () => everyoneOnScreen(page)).toEqual({ cards: 60, outside: [], scrolling: [] });
      await card(page, someone.staffId).hover();
      await expectNoAxeViolations(page);
    });
  });

  test.describe('150 people at 1920×1080', () => {
    test.use({ records: panelOfShape([15, 40, 85, 10]) });

    test('presentation mode shows all 150 in full, without scrolling', async ({ page, panel }) => {
      await page.setViewportSize({ width: 1920, height: 1080 });
      await panel.open(page);
      await present(page);
      await expect(page.getByTestId('layout-status')).toContainText('everyone on screen');
      await expect.poll(async () => everyoneOnScreen(page)).toEqual({ cards: 150, outside: [], scrolling: [] });
    });
  });

  test('the chosen layout is remembered for this panel file', async ({ page, panel }) => {
    await panel.open(page);
    await expect(page.locator('.grid-view')).toHaveAttribute('data-density', 'cards');
    await page.getByRole('combobox', { name: 'Layout' }).selectOption('chips');
    await expect(page.locator('.grid-view')).toHaveAttribute('data-density', 'chips');
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Layout' })).toHaveValue('chips');
    await expect(page.locator('.grid-view')).toHaveAttribute('data-density', 'chips');
    expect(await page.evaluate(() => localStorage.getItem('modpanel-density:e2e.modpanel'))).toBe('chips');
  });
});

/** Someone eligible, placed where the line manager put them, matching `where`. */
function findPerson(panel: PanelFixture, where: (p: Person) => boolean): Person {
  const person = panel.service.people().find((p) => p.eligible && p.moderatedMarking === p.provisionalMarking && where(p));
  if (!person) throw new Error('The fixture panel has no one suitable for this test');
  return person;
}

test('names as initials: no full name anywhere on the projected screen, and no job titles until the chair shows them', async ({ page, panel }) => {
  const mover = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
  const notMet = findPerson(panel, (p) => p.financeObjective === 'Not met' && p.moderatedMarking === 'Achieving');
  panel.service.flag(mover.staffId, 'borderline_up', '', CHAIR);
  const names = panel.service.people().map((p) => p.name);
  const titles = [...new Set(panel.service.people().map((p) => p.jobTitle))];
  const fullNamesOnScreen = async () => {
    const text = await page.locator('body').innerText();
    return names.filter((name) => text.includes(name));
  };
  await actAs(page, CHAIR.name, CHAIR.role);
  await page.setViewportSize({ width: 1280, height: 720 });
  await panel.open(page);
  await present(page);
  await page.getByRole('checkbox', { name: 'Names as initials' }).check();
  await expect.poll(fullNamesOnScreen).toEqual([]);

  // The refusal banner (the finance rule, Annex D 4.a) names the person by initials.
  await card(page, notMet.staffId).click({ button: 'right' });
  await page.getByRole('menuitem', { name: /^Exceeding/ }).click({ force: true });
  await expect(page.getByTestId('error-banner')).toContainText('cannot be placed above Achieving');
  await expect.poll(fullNamesOnScreen).toEqual([]);

  // The reason dialog and the notice after the move.
  await card(page, mover.staffId).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: /^High Performing/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Move .* to High Performing$/ });
  await expect(dialog).toBeVisible();
  await expect.poll(fullNamesOnScreen).toEqual([]);
  await dialog.getByRole('textbox', { name: 'Reason for the change' }).fill('Delivered the spending review early');
  await page.keyboard.press('Control+Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('notice')).toContainText('moved to High Performing');
  await expect.poll(fullNamesOnScreen).toEqual([]);

  // The person panel beside the grid, the queue and the undo notice.
  await card(page, mover.staffId).click();
  const sheet = page.getByTestId('person-panel');
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('heading', { level: 2 })).not.toHaveText(mover.name);
  await expect(sheet).toContainText('Hidden on the projector');
  await expect.poll(fullNamesOnScreen).toEqual([]);
  const jobTitlesShown = async () => {
    const text = await page.locator('body').innerText();
    return titles.filter((title) => title && text.includes(title));
  };
  await expect.poll(jobTitlesShown).toEqual([]);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('notice')).toContainText(/^Undid: [A-Z]\. [A-Z]\. back to Achieving/);
  await expect.poll(fullNamesOnScreen).toEqual([]);

  // The chair may choose to show job titles, managers and reasons; names stay initials.
  await page.getByRole('checkbox', { name: 'Show job titles, managers and reasons' }).check();
  await expect(sheet).toContainText(mover.jobTitle);
  await expect.poll(fullNamesOnScreen).toEqual([]);
});

test('a drop between two cards is kept as a manual rank, a drop on the box goes by job weight, and the screen says which', async ({ page, panel }) => {
  const [first, second] = panel.service.people().filter((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met' && p.provisionalMarking === 'Achieving');
  await actAs(page, CHAIR.name, CHAIR.role);
  await panel.open(page);
  const inHighPerforming = () => panel.service.people().filter((p) => p.eligible && p.moderatedMarking === 'High Performing').map((p) => p.staffId);
  const [top, next] = inHighPerforming();

  // Between the first two cards of High Performing: the upper half of the second.
  const below = (await card(page, next!).boundingBox())!;
  await dragTo(page, card(page, first!.staffId), { x: below.x + below.width / 2, y: below.y + 6 });
  const dialog = page.getByRole('dialog', { name: `Move ${first!.name} to High Performing` });
  await dialog.getByRole('textbox', { name: 'Reason for the change' }).fill('Led the spending review');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('notice')).toContainText('placed where you dropped them, kept as a manual rank, 2nd of');
  await expect.poll(() => inHighPerforming().slice(0, 3)).toEqual([top, first!.staffId, next]);
  const moved = box(page, 'High Performing').locator(`[data-staff-id="${first!.staffId}"]`);
  await expect(moved).toHaveClass(/card-highlight/);
  await expect(moved).toBeInViewport();

  // On the box's heading: its place by job weight (Annex D 3.a.iii).
  const heading = (await box(page, 'High Performing').locator('.box-header').boundingBox())!;
  await dragTo(page, card(page, second!.staffId), { x: heading.x + heading.width / 2, y: heading.y + heading.height / 2 });
  await page.getByRole('dialog', { name: `Move ${second!.name} to High Performing` }).getByRole('textbox', { name: 'Reason for the change' }).fill('Strong Q4');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('notice')).toContainText('placed by job weight (Annex D 3.a.iii)');
  expect(panel.service.person(second!.staffId).moderatedMarking).toBe('High Performing');
});

test('while dragging, a line shows where the card would go between two cards, and none over the box’s heading', async ({ page, panel }) => {
  const [mover] = panel.service.people().filter((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
  await actAs(page, CHAIR.name, CHAIR.role);
  await panel.open(page);
  const [, second] = panel.service.people().filter((p) => p.eligible && p.moderatedMarking === 'High Performing');
  const source = card(page, mover!.staffId);
  await source.scrollIntoViewIfNeeded();
  const start = (await source.boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + 12);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 12, start.y + 24, { steps: 4 });
  await expect(page.locator('.card-overlay')).toBeVisible();
  await expect(source).toHaveClass(/card-dragging/);

  // Over the upper half of the second card: the line is at that card's top edge.
  const target = (await card(page, second!.staffId).boundingBox())!;
  await page.mouse.move(target.x + target.width / 2, target.y + 8, { steps: 10 });
  const line = page.locator('.drop-line');
  await expect(line).toBeVisible();
  const drawn = (await line.boundingBox())!;
  expect(Math.abs(drawn.y + drawn.height / 2 - target.y)).toBeLessThan(4);
  expect(Math.abs(drawn.width - target.width)).toBeLessThan(1);
  await expect(box(page, 'High Performing')).toHaveClass(/box-drop-allowed/);

  // Over the heading: no line (its place by job weight).
  const heading = (await box(page, 'High Performing').locator('.box-header').boundingBox())!;
  await page.mouse.move(heading.x + heading.width / 2, heading.y + heading.height / 2, { steps: 6 });
  await expect(line).toBeHidden();

  // Escape puts the card back: nothing changed, nothing asked.
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await expect(page.locator('.card-overlay')).toHaveCount(0);
  await expect(line).toBeHidden();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(panel.service.person(mover!.staffId).moderatedMarking).toBe('Achieving');
});

test('flagging from the Move menu and from a right-click on the card', async ({ page, panel }) => {
  const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.flags.length === 0);
  await actAs(page, CHAIR.name, CHAIR.role);
  await panel.open(page);
  await card(page, person.staffId).getByRole('button', { name: /^Move to…/ }).click();
  await page.getByRole('menuitem', { name: 'Flag: Borderline up' }).click();
  await expect.poll(() => panel.service.person(person.staffId).flags.map((f) => f.kind)).toEqual(['borderline_up']);
  await expect(card(page, person.staffId)).toContainText('Borderline up');

  await card(page, person.staffId).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Flag with a note…' }).click();
  const note = page.getByRole('dialog', { name: /with a note$/ });
  await note.getByRole('textbox', { name: 'What the panel should look at' }).fill('Compare with last year’s evidence');
  await page.keyboard.press('Control+Enter');
  await expect(note).toBeHidden();
  await expect.poll(() => panel.service.person(person.staffId).flags.find((f) => f.kind === 'other')?.text).toBe('Compare with last year’s evidence');

  await card(page, person.staffId).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Clear flag: Borderline up' }).click();
  await expect.poll(() => panel.service.person(person.staffId).flags.map((f) => f.kind)).toEqual(['other']);
});

test('the discussion queue rail: priority order, counts, Discuss now and Next', async ({ page, panel }) => {
  const breach = findPerson(panel, (p) => p.moderatedMarking === 'High Performing' && p.financeObjective === 'Met');
  const flagged = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.flags.length === 0 && p.staffId !== breach.staffId);
  panel.service.setFinance(breach.staffId, 'Not met', 'Overspent', { name: 'Fay Finance', role: 'finance' });
  panel.service.flag(flagged.staffId, 'discuss', '', CHAIR);
  await actAs(page, CHAIR.name, CHAIR.role);
  await panel.open(page);
  const rail = page.getByRole('region', { name: 'Discussion queue' });
  const items = rail.locator('.queue-item');
  await expect(items.first()).toBeVisible();
  // Rule breaches first, then flagged cases.
  const tags = await items.locator('.rail-tag').allInnerTexts();
  const rank = (tag: string) => ['Rule to resolve', 'Flagged', 'Questioned by members', 'Suggested'].indexOf(tag);
  expect(tags.map(rank)).toEqual([...tags.map(rank)].sort((a, b) => a - b));
  expect(tags.indexOf('Flagged')).toBeGreaterThan(tags.lastIndexOf('Rule to resolve'));
  await expect(items.filter({ hasText: breach.name })).toContainText('Rule to resolve');
  const total = await items.count();
  await expect(rail.getByTestId('queue-counts')).toHaveText(`${total} to discuss, 0 done`);

  await rail.getByRole('button', { name: `Discuss now: ${flagged.name}` }).click();
  // The person lit up on the grid, their panel beside it, the discussion recorded.
  await expect(card(page, flagged.staffId)).toHaveClass(/card-highlight/);
  await expect(card(page, flagged.staffId)).toBeInViewport();
  await expect(page.getByRole('dialog', { name: flagged.name })).toBeVisible();
  await expect.poll(() => panel.service.currentDiscussion()?.staffId).toBe(flagged.staffId);
  await expect(rail.getByRole('region', { name: `Discussing ${flagged.name}` })).toContainText(/Discussing since \d\d:\d\d/);

  const next = (await items.nth(0).locator('.queue-person').innerText()).trim();
  await rail.getByRole('button', { name: `Next: ${next}` }).click();
  await expect.poll(() => panel.service.people().find((p) => p.staffId === panel.service.currentDiscussion()?.staffId)?.name).toBe(next);
  await expect(rail.getByTestId('queue-counts')).toHaveText(`${total - 1} to discuss, 1 done`);
  await expect(page.getByRole('dialog', { name: next })).toBeVisible();
});

test('from the grid to discussing the next case in under five key presses', async ({ page, panel }) => {
  const someone = findPerson(panel, (p) => p.moderatedMarking === 'Achieving');
  await actAs(page, CHAIR.name, CHAIR.role);
  await panel.open(page);
  await expect(page.getByRole('region', { name: 'Discussion queue' }).locator('.queue-item').first()).toBeVisible();
  const first = (await page.locator('.queue-item .queue-person').first().innerText()).trim();
  await card(page, someone.staffId).focus();

  let presses = 0;
  const press = async (key: string) => {
    presses += 1;
    await page.keyboard.press(key);
  };
  await press('Alt+q');
  await expect(page.getByRole('button', { name: `Discuss next: ${first}` })).toBeFocused();
  await press('Enter');
  await expect.poll(() => panel.service.people().find((p) => p.staffId === panel.service.currentDiscussion()?.staffId)?.name).toBe(first);
  expect(presses).toBeLessThan(5);

  // And on to the next: one more press.
  const rail = page.getByRole('region', { name: 'Discussion queue' });
  await expect(rail.getByRole('region', { name: `Discussing ${first}` })).toBeVisible();
  const next = (await rail.locator('.queue-item .queue-person').first().innerText()).trim();
  await expect(rail.getByRole('button', { name: `Next: ${next}` })).toBeFocused();
  await press('Enter');
  await expect.poll(() => panel.service.people().find((p) => p.staffId === panel.service.currentDiscussion()?.staffId)?.name).toBe(next);

  // The skip link reaches the queue too.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Achieving' })).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: /Skip to the discussion queue/ })).toBeFocused();
});

test('the fairness check is off the projector unless the chair shows it; HR cannot be projected', async ({ page, panel }) => {
  await actAs(page, CHAIR.name, CHAIR.role);
  await panel.open(page);
  await expect(page.getByRole('region', { name: /^Fairness check/ })).toBeVisible();
  await present(page);
  await expect(page.getByRole('region', { name: /^Fairness check/ })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Show the fairness check' }).check();
  await expect(page.getByRole('region', { name: /^Fairness check/ })).toBeVisible();

  // Becoming HR while presenting is refused, with the reason.
  await page.getByRole('button', { name: 'Change who you are' }).click();
  const who = page.getByRole('dialog', { name: 'Who is making changes?' });
  await who.getByRole('textbox', { name: 'Your name' }).fill('Hana HR');
  await who.getByRole('combobox', { name: 'Your role' }).selectOption('hr');
  await who.getByRole('button', { name: 'Save' }).click();
  await expect(who.getByRole('alert')).toContainText('HR’s view cannot be projected');
  await who.getByRole('button', { name: 'Cancel' }).click();
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('modpanel-actor') ?? '{}').role)).toBe('chair');
});

test('HR cannot turn on presentation mode', async ({ page, panel }) => {
  await actAs(page, 'Hana HR', 'hr');
  await panel.open(page);
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  await expect(page.getByTestId('error-banner')).toContainText('HR’s view cannot be projected');
  await expect(page.locator('html.presentation')).toHaveCount(0);
});

test('finalise: the pre-flight checklist warns with a link to each person, and the signer is a named person', async ({ page, panel }) => {
  recordMissingContributions(panel.service);
  const flagged = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.flags.length === 0);
  panel.service.flag(flagged.staffId, 'borderline_down', '', CHAIR);
  await panel.open(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByRole('button', { name: 'Finalise panel…' }).first().click();
  const dialog = page.getByRole('dialog', { name: /^Finalise/ });
  await expect(dialog.getByRole('heading', { name: /Cases in the discussion queue not discussed/ })).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Borderline flags still open' })).toContainText(`${flagged.name} (${flagged.staffId}) still has the Borderline down flag`);
  await expect(dialog.getByRole('heading', { name: /Changed in the last 10 minutes/ })).toBeVisible();
  await expectNoAxeViolations(page);

  // A link goes to the person: the grid, their card, their panel.
  await dialog.getByRole('list', { name: 'Borderline flags still open' }).getByRole('button', { name: `${flagged.name} (${flagged.staffId})` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('dialog', { name: flagged.name })).toBeVisible();
  await expect(card(page, flagged.staffId)).toHaveClass(/card-highlight/);

  // It warns; it does not refuse. The default "Panel chair" is a role, not a signature.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByRole('button', { name: 'Finalise panel…' }).first().click();
  await dialog.getByRole('button', { name: /^Continue to sign, accepting \d+ warnings?/ }).click();
  const name = dialog.getByRole('textbox', { name: 'Chair’s name' });
  await expect(name).toHaveValue('');
  await name.fill('Panel chair');
  await dialog.getByRole('button', { name: 'Finalise panel' }).click();
  await expect(dialog.getByRole('alert')).toContainText('is a role, not a person');
  expect(panel.service.panel().status).toBe('open');
  await name.fill(CHAIR.name);
  await dialog.getByRole('button', { name: 'Finalise panel' }).click();
  await expect(dialog).toBeHidden();
  expect(panel.service.panel().finalisedBy).toBe(CHAIR.name);
});

test('undo shows what it did, with Redo beside it', async ({ page, panel }) => {
  const person = findPerson(panel, (p) => p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
  await actAs(page, CHAIR.name, CHAIR.role);
  await panel.open(page);
  await card(page, person.staffId).getByRole('button', { name: /^Move to…/ }).click();
  await page.getByRole('menuitem', { name: /^High Performing/ }).click();
  await page.getByRole('textbox', { name: 'Reason for the change' }).fill('Stretch objective delivered early');
  await page.keyboard.press('Control+Enter');
  await expect(box(page, 'High Performing').locator(`[data-staff-id="${person.staffId}"]`)).toBeVisible();

  await page.getByRole('button', { name: 'Undo', exact: true }).first().click();
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText(`Undid: ${person.name} back to Achieving`);
  await notice.getByRole('button', { name: 'Redo' }).click();
  await expect(notice).toContainText(`Redid: ${person.name} to High Performing`);
  await expect(box(page, 'High Performing').locator(`[data-staff-id="${person.staffId}"]`)).toHaveClass(/card-highlight/);
  expect(panel.service.person(person.staffId).moderatedMarking).toBe('High Performing');
});
