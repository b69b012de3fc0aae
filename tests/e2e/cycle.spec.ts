// The moderation cycle's window side (issue 8): who was in the room on the panel record (with the finance
// partner's absence said plainly, Annex D 3.a.ii), a member who manages the person discussed named in the
// queue with the step-out toggle; the mid-year view with a mid-year panel file opened beside the panel
// (paras 85, 90); and the export in an HR system's layout from a mapping JSON.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { ModerationService } from '../../db/service';
import { demoRecordsImport } from '../../db/demo';
import { test, expect } from './fixtures';

const CHAIR = { name: 'E2E chair', role: 'chair' as const };
const HR = { name: 'E2E HR', role: 'hr' as const };

/** Who the window acts as: the service checks what each role may do (issue 9). */
async function actAs(page: Page, actor: { name: string; role: string }): Promise<void> {
  await page.addInitScript((a) => localStorage.setItem('modpanel-actor', JSON.stringify(a)), actor);
}

async function showView(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true }).click();
}

test('the chair records who was in the room; a member who manages someone discussed is named, and stepping out is recorded', async ({ page, panel }) => {
  const person = panel.service.people().find((p) => p.eligible && p.lineManager !== '')!;
  const manager = person.lineManager;
  panel.service.flag(person.staffId, 'discuss', 'Check the evidence', CHAIR);
  await panel.open(page);

  await showView(page, 'Panel record');
  const room = page.getByRole('region', { name: '6. Who was in the room' });
  await expect(room.getByText('No attendance has been recorded for this panel yet.')).toBeVisible();
  await room.getByLabel('Attendee’s name').fill(manager);
  await room.getByLabel('Attended as').selectOption('member');
  await room.getByRole('button', { name: 'Add to the attendance' }).click();
  await expect(room.getByTestId('attendance-table').getByRole('row', { name: new RegExp(`${manager}\\s+Panel member`) })).toBeVisible();
  await expect(room.getByTestId('finance-attendance')).toHaveText(
    'No finance partner attended this panel. Annex D 3.a.ii expects finance professionals to attend wherever possible.',
  );
  await expect(room.getByTestId('conflicts-table').getByRole('row', { name: new RegExp(`${person.name}.*${manager}.*line manager.*Not recorded`) })).toBeVisible();

  await room.getByLabel('Attendee’s name').fill('Sam Finance');
  await room.getByLabel('Attended as').selectOption('finance');
  await room.getByRole('button', { name: 'Add to the attendance' }).click();
  await expect(room.getByTestId('finance-attendance')).toHaveText('Finance partner present: Sam Finance (Annex D 3.a.ii).');
  await page.setViewportSize({ width: 1280, height: 720 });
  await room.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/cycle-attendance-1280.png' });

  // The discussion queue says who on the panel the person reports to, and records the step-out.
  await showView(page, 'Grid');
  const rail = page.getByTestId('discussion-queue');
  await rail.locator(`.queue-item[data-staff-id="${person.staffId}"]`).getByRole('button', { name: /Discuss now/ }).click();
  const item = rail.locator(`section.rail-current[data-staff-id="${person.staffId}"]`);
  const note = item.getByTestId('panel-member-note');
  await expect(note).toContainText(`Reports to ${manager} (line manager), who is on the panel as panel member`);
  await note.getByLabel(`${manager} stepped out for this discussion`).check();
  await expect(note.getByLabel(`${manager} stepped out for this discussion`)).toBeChecked();
  await item.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/cycle-queue-1280.png' });

  await showView(page, 'Panel record');
  await expect(page.getByTestId('conflicts-table').getByRole('row', { name: new RegExp(`${person.name}.*${manager}.*line manager.*Yes`) })).toBeVisible();
  const events = panel.service.audit({ action: 'attendance' });
  expect(events).toHaveLength(2);
  expect(panel.service.audit({ action: 'step_out' })[0]).toMatchObject({ staffId: person.staffId, after: { member: manager, steppedOut: true } });
});

test('the mid-year view compares a mid-year panel file opened beside the panel', async ({ page, panel }) => {
  // The mid-year check as its own panel file: the same people, a few with other indicative markings.
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-midyear-e2e-'));
  const midPath = join(dir, 'policy-mid-year.modpanel');
  const mid = ModerationService.create(midPath, { name: 'Policy mid-year check', businessUnit: 'Policy Group', performanceYear: 2025, stage: 'mid_year' }, HR);
  const records = demoRecordsImport(60);
  const eligible = panel.service.people().filter((p) => p.eligible && p.moderatedMarking !== null);
  const movedDown = records.records.find((r) => r.provisionalMarking === 'Achieving' && eligible.some((p) => p.staffId === r.staffId))!;
  movedDown.provisionalMarking = 'Exceeding';
  mid.applyImport(records, HR);
  mid.close();

  await panel.open(page);
  await showView(page, 'Mid-year');
  await expect(page.getByRole('heading', { name: 'Mid-year against end-year' })).toBeVisible();
  await expect(page.getByText(/Para 90: "It is recommended that a record is kept of this meeting/)).toBeVisible();
  await expect(page.getByTestId('midyear-source')).toContainText('From this panel’s own mid-year column');

  await page.getByLabel('Mid-year panel file (.modpanel, stage mid_year)').setInputFiles(midPath);
  await page.getByRole('button', { name: 'Open beside this panel' }).click();
  await expect(page.getByTestId('midyear-source')).toContainText('From the mid-year panel Policy mid-year check (policy-mid-year.modpanel)');
  await expect(page.getByTestId('midyear-summary')).toContainText(
    `${eligible.length} people have both a mid-year and a final marking: 0 moved up, 1 moved down, ${eligible.length - 1} unchanged.`,
  );
  await expect(page.getByTestId('midyear-movers').getByRole('row', { name: new RegExp(`${movedDown.name}.*Exceeding.*Achieving.*2 boxes down`) })).toBeVisible();
  await expect(page.getByTestId('midyear-distribution').getByRole('row', { name: /^Exceeding/ })).toBeVisible();

  // Live: a move at the panel shows in the comparison.
  panel.service.move({ staffId: movedDown.staffId, to: 'High Performing', reason: 'Strong final quarter' }, CHAIR);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Grid', exact: true }).click();
  await showView(page, 'Mid-year');
  await expect(page.getByTestId('midyear-movers').getByRole('row', { name: new RegExp(`${movedDown.name}.*Exceeding.*High Performing.*1 box down`) })).toBeVisible();
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `test-results/cycle-midyear-${width}.png`, fullPage: true });
  }

  // A local panel is refused with a reason.
  const localPath = join(dir, 'policy-local.modpanel');
  const local = ModerationService.create(localPath, { name: 'Policy local panel', businessUnit: 'Policy Group', performanceYear: 2025 }, HR);
  local.applyImport(demoRecordsImport(10), HR);
  local.close();
  await page.getByLabel('Mid-year panel file (.modpanel, stage mid_year)').setInputFiles(localPath);
  await page.getByRole('button', { name: 'Open beside this panel' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'policy-local.modpanel is a local moderation panel ("Policy local panel"), not a mid-year consistency check (stage mid_year)',
  );
  // The panel file that is open (its latest changes still beside it) says how to fix it.
  await page.getByLabel('Mid-year panel file (.modpanel, stage mid_year)').setInputFiles(panel.path);
  await page.getByRole('button', { name: 'Open beside this panel' }).click();
  await expect(page.getByRole('alert')).toContainText('If e2e.modpanel is open in Moderation Panel (or modpanel) elsewhere, close it there first');
});

test('HR exports the outcome in an HR system’s layout from an export mapping', async ({ page, panel }) => {
  await actAs(page, HR);
  await panel.open(page);
  await showView(page, 'Export');
  await page.getByRole('radio', { name: /HR system layout/ }).check();
  await expect(page.getByRole('button', { name: /^Export CSV/ })).toBeDisabled();

  const dir = mkdtempSync(join(tmpdir(), 'modpanel-mapping-e2e-'));
  const bad = join(dir, 'broken.json');
  writeFileSync(bad, JSON.stringify({ columns: [{ header: 'RATING', source: 'moderated' }] }));
  await page.getByLabel('Export mapping (.json)').setInputFiles(bad);
  await expect(page.getByRole('alert')).toContainText('at columns[0].source: "moderated" is not an outcome column; did you mean moderated_marking?');

  await page.getByLabel('Export mapping (.json)').setInputFiles(resolve('examples/export-mapping.example.json'));
  await expect(page.getByTestId('export-mapping-summary')).toContainText('export-mapping.example.json: 11 columns (PERSON_NUMBER, FULL_NAME');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: 'test-results/cycle-export-1280.png', fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV in the HR layout (draft)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('E2E-panel-DRAFT-hr-upload.csv'); // the panel is still open
  const lines = readFileSync(await file.path(), 'utf8').split('\r\n');
  expect(lines[0]).toBe('PERSON_NUMBER|FULL_NAME|GRADE_CODE|REVIEW_PERIOD|RATING_MODEL|PERFORMANCE_RATING|RATING_CHANGED|END_YEAR_AWARD|IN_YEAR_AWARD|LEFT_CIVIL_SERVICE|EFFECTIVE_DATE');
  const someone = panel.service.people().find((p) => p.eligible && p.moderatedMarking === 'Exceeding')!;
  expect(lines.find((l) => l.startsWith(`${someone.staffId}|`))).toContain('|2025/26|SCS_PMF_2023|EXC|');
  // "rows": "eligible": people listed apart are not in the upload.
  const apart = panel.service.people().find((p) => !p.eligible);
  if (apart) expect(lines.some((l) => l.startsWith(`${apart.staffId}|`))).toBe(false);
});

test.describe('with last year’s markings', () => {
  // The generated people, with last year's marking: everyone in Partially Met was Partially Met last year too.
  const records = demoRecordsImport(60);
  for (const r of records.records) {
    r.previousMarking1 = r.provisionalMarking === 'Partially Met' ? 'Partially Met' : r.provisionalMarking === 'Exceeding' ? 'High Performing' : r.provisionalMarking;
  }
  test.use({ records: { ...records, targets: [...records.targets, 'previous_marking_1'] } });

  test('cards show the trend, "Partially Met again" is suggested, and the breakdowns compare with last year', async ({ page, panel }) => {
    const again = panel.service.people().find((p) => p.eligible && p.moderatedMarking === 'Partially Met')!;
    const up = panel.service.people().find((p) => p.eligible && p.moderatedMarking === 'Exceeding')!;
    // Against last year by group is HR's view (issue 9): beside the breakdowns it would single out new joiners.
    await actAs(page, HR);
    await panel.open(page);
    const upCard = page.locator(`article[data-staff-id="${up.staffId}"]`);
    await expect(upCard.getByText('↑ from High Performing')).toBeVisible();
    const againCard = page.locator(`article[data-staff-id="${again.staffId}"]`);
    await expect(againCard.getByText('Partially Met again: also Partially Met last year (the tool’s suggestion)')).toBeVisible();
    await againCard.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/cycle-cards-1280.png' });

    await showView(page, 'Breakdowns');
    const lastYear = page.getByRole('region', { name: 'Against last year' });
    await expect(lastYear.getByTestId('last-year-table')).toBeVisible();
    await expect(lastYear.getByTestId('last-year-table').getByRole('row', { name: /^Male/ })).toBeVisible();
    await lastYear.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/cycle-last-year-1280.png' });
  });
});
