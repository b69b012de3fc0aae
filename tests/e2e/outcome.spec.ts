// What leaves the room must be right (issue 7), end to end in the window: a re-import keeps the panel's
// work and lists the conflicts, the year and cut-off can be changed in the wizard, the chair records the
// corporate contribution the panel saw (para 34) before finalising, and the panel record shows the Cabinet
// Office return (paras 91–94) that follows HR's High Performing award setting.
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { generatePeople, peopleToCsv } from '../../shared/sampleData';
import { cabinetOfficeReturn, returnLines } from '../../shared/cabinetOfficeReturn';
import type { Role } from '../../shared/domain';
import type { ImportRecord } from '../../shared/importTypes';
import { test, expect, type PanelFixture } from './fixtures';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const FINANCE = { name: 'Fran Finance', role: 'finance' as const };
const CHAIR = { name: 'Dr Ada Chair', role: 'chair' as const };

async function actAs(page: Page, name: string, role: Role): Promise<void> {
  await page.addInitScript((actor) => localStorage.setItem('modpanel-actor', JSON.stringify(actor)), { name, role });
}

async function showView(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true }).click();
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`);
  expect(summary).toEqual([]);
}

function writeTemp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'modpanel-outcome-')), name);
  writeFileSync(path, text);
  return path;
}

/** The fixture's own people (same generator and seed), as HR's file gives them. */
function hrPeople(): ImportRecord[] {
  return generatePeople(60, { seed: 2025, performanceYear: 2025 });
}

function stat(page: Page, label: string): Locator {
  return page.locator('.mp-stat', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).first().locator('dd');
}

/** The return's rows as the record shows them, worked out here from the panel file with the shared function. */
function expectedReturnRows(panel: PanelFixture): string[][] {
  return returnLines(cabinetOfficeReturn(panel.service.panel(), panel.service.people())).map(([figure, value, percent]) => [
    figure,
    typeof value === 'number' ? value.toLocaleString('en-GB') : value,
    percent === null ? '' : `${percent.toFixed(1)}%`,
  ]);
}

async function returnRows(page: Page): Promise<string[][]> {
  return page
    .getByTestId('record-return')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())));
}

function card(page: Page, staffId: string): Locator {
  return page.locator(`article[data-staff-id="${staffId}"]`);
}

test('a re-import keeps the finance annotation, lists the conflict, and removes no one unless asked', async ({ page, panel }) => {
  const people = hrPeople();
  const [annotated, second] = panel.service.people().filter((p) => p.eligible && p.financeObjective === 'Met' && p.moderatedMarking === 'Achieving');
  panel.service.setFinance(annotated!.staffId, 'Not met', 'Overspent the programme by 6%', FINANCE);
  panel.service.setFinance(second!.staffId, 'Not met', 'Missed the efficiency target', FINANCE);
  // HR's file still says Met for both, and lacks the last two people.
  const lacking = people.slice(-2);
  const file = writeTemp('hr-subset.csv', peopleToCsv(people.slice(0, -2)));
  await actAs(page, 'Hana HR', 'hr');
  await panel.open(page);
  await showView(page, 'Import');
  await page.getByLabel('File from HR (CSV or Excel .xlsx)').setInputFiles(file);

  await expect(page.getByTestId('import-year')).toContainText('Checked against performance year 2025/26 and the eligibility cut-off 1 January 2026');
  const conflicts = page.getByTestId('import-conflicts');
  await expect(page.getByRole('heading', { name: 'Differences from the panel’s work (2)' })).toBeVisible();
  const row = conflicts.locator(`tr[data-staff-id="${annotated!.staffId}"][data-field="finance_objective"]`);
  await expect(row.getByRole('cell')).toHaveText([
    new RegExp(annotated!.name),
    'Finance objective',
    'Not met (Overspent the programme by 6%)',
    'Met',
    '',
  ]);
  const takeFirst = row.getByRole('checkbox', { name: `Take the file’s finance objective for ${annotated!.name}` });
  await expect(takeFirst).not.toBeChecked();

  // People the file lacks are listed and kept by default.
  await expect(page.getByRole('heading', { name: 'In the panel but not in this file (2)' })).toBeVisible();
  const lackingList = page.getByRole('list', { name: 'People in the panel but not in this file' });
  for (const p of lacking) await expect(lackingList).toContainText(`${p.name} (${p.staffId})`);
  const remove = page.getByRole('checkbox', { name: 'Remove these 2 people from the panel' });
  await expect(remove).not.toBeChecked();
  await expect(stat(page, 'Removed')).toHaveText('0');
  await expect(stat(page, 'Not in the file')).toHaveText('2');

  // HR takes the file's value for the second person only.
  await conflicts.getByRole('checkbox', { name: `Take the file’s finance objective for ${second!.name}` }).check();
  await expect(conflicts.getByRole('checkbox', { name: `Take the file’s finance objective for ${second!.name}` })).toBeChecked();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Import 58 people' }).click();
  await expect(page.getByRole('heading', { name: '3. Imported hr-subset.csv' })).toBeVisible();
  expect(panel.service.people()).toHaveLength(60);
  expect(panel.service.person(annotated!.staffId)).toMatchObject({ financeObjective: 'Not met', financeNote: 'Overspent the programme by 6%' });
  expect(panel.service.person(second!.staffId).financeObjective).toBe('Met');
  for (const p of lacking) expect(panel.service.person(p.staffId).name).toBe(p.name);

  // Again, this time asking for the people the file lacks to go.
  await page.getByRole('button', { name: 'Import another file' }).click();
  await page.getByLabel('File from HR (CSV or Excel .xlsx)').setInputFiles(file);
  await expect(page.getByRole('heading', { name: 'In the panel but not in this file (2)' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Remove these 2 people from the panel' }).check();
  await expect(stat(page, 'Removed')).toHaveText('2');
  await expect(page.getByText('2 people will be removed from the panel')).toBeVisible();
  await page.getByRole('button', { name: 'Import 58 people' }).click();
  await expect(page.getByText(/^Done: 0 added, \d+ changed, 2 removed/)).toBeVisible();
  expect(panel.service.people()).toHaveLength(58);
  expect(panel.service.person(annotated!.staffId).financeObjective).toBe('Not met');
});

test('the wizard states the year and cut-off, lists who is set apart and why, and HR can change both', async ({ page, panel }) => {
  const people = hrPeople();
  const late = panel.service.people().find((p) => p.eligibility === 'joined_after_cutoff')!;
  // A newcomer whose start date HR's file leaves blank: never silently eligible.
  const unknown = { ...people[0]!, staffId: 'NEW001', name: 'Nia Newcomer', csStartDate: null };
  const file = writeTemp('hr-dates.csv', peopleToCsv([...people, unknown]));
  await actAs(page, 'Hana HR', 'hr');
  await panel.open(page);
  await showView(page, 'Import');
  await page.getByLabel('File from HR (CSV or Excel .xlsx)').setInputFiles(file);

  await expect(page.getByRole('heading', { name: 'Listed apart, not moderated by this panel (2)' })).toBeVisible();
  await expect(page.getByRole('list', { name: /Civil Service start date missing or unreadable/ })).toContainText(unknown.name);
  await expect(page.getByRole('list', { name: /Joined the Civil Service on or after the cut-off/ })).toContainText(late.name);
  await page.getByRole('checkbox', { name: 'Everyone without a readable start date is eligible (I have checked)' }).check();
  await expect(page.getByRole('heading', { name: 'Listed apart, not moderated by this panel (1)' })).toBeVisible();

  // A later cut-off makes the late joiner eligible; the import also sets it as the panel's (audited).
  await page.getByLabel('Eligibility cut-off').fill('2026-12-01');
  await page.getByRole('button', { name: 'Check again with this year and cut-off' }).click();
  await expect(page.getByTestId('import-year')).toContainText('cut-off 1 December 2026');
  await expect(page.getByRole('heading', { name: 'Listed apart, not moderated by this panel (0)' })).toBeVisible();
  await page.getByRole('button', { name: 'Import 61 people' }).click();
  await expect(page.getByRole('heading', { name: '3. Imported hr-dates.csv' })).toBeVisible();
  expect(panel.service.panel().eligibilityCutoff).toBe('2026-12-01');
  expect(panel.service.person(late.staffId).eligible).toBe(true);
  expect(panel.service.person(unknown.staffId).eligible).toBe(true);
  expect(panel.service.audit({ action: 'settings' }).length).toBeGreaterThan(0);
});

test('the chair records the corporate contribution the panel saw; finalise is refused by name, then accepted', async ({ page, panel }) => {
  const missing = panel.service.people().filter((p) => p.eligible && p.moderatedMarking === 'Exceeding' && !p.corporateContribution);
  expect(missing.length).toBeGreaterThanOrEqual(2);
  const [first, ...rest] = missing;
  await actAs(page, CHAIR.name, CHAIR.role);
  await panel.open(page);

  // Refused, naming everyone in Exceeding without a contribution, one line each.
  await showView(page, 'Export');
  await page.getByRole('button', { name: 'Finalise panel…' }).first().click();
  const dialog = page.getByRole('dialog', { name: /Finalise/ });
  // The pre-flight checklist lists what the rules refuse before any name is asked for.
  const problems = dialog.getByRole('list', { name: 'What to resolve before finalising' });
  await expect(dialog.getByRole('button', { name: /^Continue to sign/ })).toBeDisabled();
  await expect(problems.getByRole('listitem')).toHaveCount(missing.length);
  for (const p of missing) await expect(problems).toContainText(`${p.name} (${p.staffId}) is in Exceeding`);
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(panel.service.panel().status).toBe('open');

  // The person panel: record, see it, clear it, record again.
  await showView(page, 'Grid');
  await card(page, first!.staffId).getByRole('button', { name: /^Details/ }).click();
  const sheet = page.getByRole('dialog', { name: first!.name });
  await expect(sheet.getByText(/is in Exceeding with no contribution evidenced/)).toBeVisible();
  const text = sheet.getByRole('textbox', { name: 'Contribution beyond the business unit that the panel saw' });
  await text.fill('Led the cross-government data strategy');
  await sheet.getByRole('button', { name: 'Record contribution' }).click();
  await expect(sheet.getByTestId('contribution-recorded')).toHaveText('Led the cross-government data strategy');
  expect(panel.service.person(first!.staffId).corporateContributionEvidence).toBe('Led the cross-government data strategy');
  await expect(sheet.getByText(/is in Exceeding with no contribution evidenced/)).toHaveCount(0);
  await expectNoAxeViolations(page);
  await sheet.getByRole('button', { name: 'Clear contribution' }).click();
  await expect(sheet.getByText('None recorded.')).toBeVisible();
  expect(panel.service.person(first!.staffId).corporateContributionEvidence).toBeNull();
  await sheet.getByRole('textbox', { name: 'Contribution beyond the business unit that the panel saw' }).fill('Led the cross-government data strategy');
  await sheet.getByRole('button', { name: 'Record contribution' }).click();
  await expect(sheet.getByTestId('contribution-recorded')).toHaveText('Led the cross-government data strategy');
  await sheet.getByRole('button', { name: 'Close' }).click();

  // The others: moved out, and back in through the move dialog with the contribution typed there.
  for (const p of rest) {
    panel.service.move({ staffId: p.staffId, to: 'High Performing', reason: 'Set up for the test' }, CHAIR);
  }
  await page.reload();
  for (const p of rest) {
    await card(page, p.staffId).getByRole('button', { name: /^Move to…/ }).click();
    await page.getByRole('menuitem', { name: /^Exceeding/ }).click();
    const move = page.getByRole('dialog', { name: `Move ${p.name} to Exceeding` });
    await expect(move.getByRole('checkbox', { name: /Record it later/ })).not.toBeChecked();
    await move.getByRole('textbox', { name: 'The contribution beyond the business unit that the panel saw' }).fill('Chaired the departmental recovery board');
    await move.getByRole('button', { name: 'Move to Exceeding' }).click();
    await expect(move).toBeHidden();
    expect(panel.service.person(p.staffId)).toMatchObject({ moderatedMarking: 'Exceeding', corporateContributionEvidence: 'Chaired the departmental recovery board' });
  }

  await showView(page, 'Export');
  await page.getByRole('button', { name: 'Finalise panel…' }).first().click();
  await dialog.getByRole('button', { name: /^Continue to sign/ }).click();
  await dialog.getByRole('button', { name: 'Finalise panel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Finalised — read-only.')).toBeVisible();
  expect(panel.service.panel().status).toBe('finalised');
});

test('the panel record shows the Cabinet Office return, and HR’s High Performing setting changes it', async ({ page, panel }) => {
  await actAs(page, 'Hana HR', 'hr');
  await panel.open(page);
  await showView(page, 'Panel record');
  await expect(page.getByRole('heading', { name: '3. Cabinet Office return (paras 91–94)' })).toBeVisible();
  expect(await returnRows(page)).toEqual(expectedReturnRows(panel));
  const before = cabinetOfficeReturn(panel.service.panel(), panel.service.people());
  expect(before.end_year_award.discretionary).toBeGreaterThan(0);
  const discretionRow = page.getByTestId('record-return').getByRole('row', { name: /End-year award: at the department's discretion/ });
  await expect(discretionRow.getByRole('cell').first()).toHaveText(String(before.end_year_award.discretionary));
  await expectNoAxeViolations(page);

  await showView(page, 'Export');
  const settings = page.getByRole('region', { name: 'Panel settings (HR)' });
  await expect(settings.getByText('Changing the cut-off re-decides who is moderated')).toBeVisible();
  await settings.getByRole('radio', { name: 'No', exact: true }).check();
  await settings.getByRole('button', { name: 'Save panel settings' }).click();
  await expect(settings.getByRole('status')).toHaveText('Panel settings saved and recorded in the history.');
  expect(panel.service.panel().highPerformingAward).toBe('no');
  expect(panel.service.audit({ action: 'settings' }).at(-1)).toMatchObject({ actor: 'Hana HR', role: 'hr' });
  await expectNoAxeViolations(page);

  await showView(page, 'Panel record');
  await expect(discretionRow.getByRole('cell').first()).toHaveText('0');
  const after = cabinetOfficeReturn(panel.service.panel(), panel.service.people());
  expect(after.end_year_award.discretionary).toBe(0);
  expect(after.end_year_award.not_eligible).toBe(before.end_year_award.not_eligible + before.end_year_award.discretionary);
  expect(await returnRows(page)).toEqual(expectedReturnRows(panel));
  await expect(page.getByTestId('record-return')).toContainText('setting: No');

  // A later cut-off re-decides who is moderated: the late joiner joins the return's population.
  const late = panel.service.people().find((p) => p.eligibility === 'joined_after_cutoff')!;
  await showView(page, 'Export');
  await settings.getByLabel('Eligibility cut-off').fill('2026-12-01');
  await settings.getByRole('button', { name: 'Save panel settings' }).click();
  await expect(settings.getByRole('status')).toHaveText('Panel settings saved and recorded in the history.');
  await expect.poll(() => panel.service.panel().eligibilityCutoff).toBe('2026-12-01');
  expect(panel.service.person(late.staffId).eligible).toBe(true);
  await showView(page, 'Panel record');
  const population = page.getByTestId('record-return').getByRole('row', { name: /People eligible for moderation/ });
  await expect(population.getByRole('cell').first()).toHaveText(String(after.population + 1));
  expect(await returnRows(page)).toEqual(expectedReturnRows(panel));
});
