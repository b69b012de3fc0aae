// HR's and the finance partner's views end to end: import through the wizard (and a refused file),
// export CSV/XLSX, inline finance annotation, finalising, the history, and axe-core on each view.
import AxeBuilder from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { generatePeople, peopleToCsv } from '../../shared/sampleData';
import type { ImportRecord } from '../../shared/importTypes';
import { test, expect, recordMissingContributions } from './fixtures';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CHAIR = { name: 'Dr Ada Chair', role: 'chair' as const };
const FINANCE = { name: 'Fran Finance', role: 'finance' as const };

/** Who the window acts as: the service checks what each role may do (issue 9). */
async function actAs(page: Page, name: string, role: string): Promise<void> {
  await page.addInitScript((actor) => localStorage.setItem('modpanel-actor', JSON.stringify(actor)), { name, role });
}

async function showView(page: Page, label: 'Grid' | 'Table' | 'History' | 'Import' | 'Export'): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true }).click();
}

function writeTemp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'modpanel-hr-')), name);
  writeFileSync(path, text);
  return path;
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`);
  expect(summary).toEqual([]);
}

/** The fixture's own people (same generator and seed), one with a new provisional marking, plus three new people. */
function reimportFile(): { csv: string; updated: ImportRecord; added: ImportRecord[] } {
  const people = generatePeople(60, { seed: 2025, performanceYear: 2025 });
  const updated = people.find((p) => p.provisionalMarking === 'Achieving' && p.financeObjective !== 'Not met')!;
  updated.provisionalMarking = 'High Performing';
  const template = people[0]!;
  const added = ['Nia Newcomer', 'Omar Okafor', 'Priya Patel-Smith'].map((name, i) => ({
    ...template,
    staffId: `NEW00${i + 1}`,
    name,
    provisionalMarking: 'Achieving' as const,
    financeObjective: 'Met' as const,
    csStartDate: '2012-04-01',
  }));
  const lines = peopleToCsv([...people, ...added]).trimEnd().split('\n');
  // One column the panel does not use, to see it listed as ignored.
  const csv = lines.map((line, i) => `${line},${i === 0 ? 'Location' : 'London'}`).join('\n') + '\n';
  return { csv, updated, added };
}

test('HR imports a file through the wizard and the new people appear', async ({ page, panel }) => {
  const { csv, updated, added } = reimportFile();
  const file = writeTemp('hr-extract.csv', csv);
  await actAs(page, 'Hana HR', 'hr');
  await panel.open(page);
  await showView(page, 'Import');

  await page.getByLabel('File from HR (CSV or Excel .xlsx)').setInputFiles(file);
  // The detected mapping: template headers feed their own targets, the extra column is ignored.
  await expect(page.getByLabel('Field fed by the column “staff_id”')).toHaveValue('staff_id');
  await expect(page.getByLabel('Field fed by the column “provisional_marking”')).toHaveValue('provisional_marking');
  await expect(page.getByLabel('Field fed by the column “Location”')).toHaveValue('ignore');

  const stat = (label: string) => page.locator('.mp-stat', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).first().locator('dd');
  await expect(stat('Valid rows')).toHaveText('63');
  await expect(stat('Added')).toHaveText('3');
  await expect(stat('Changed')).toHaveText('1');
  await expect(stat('Removed')).toHaveText('0');
  await expect(page.getByRole('heading', { name: 'Ignored columns (1)' })).toBeVisible();
  expect(panel.service.people()).toHaveLength(60);

  await page.getByRole('button', { name: 'Import 63 people' }).click();
  await expect(page.getByRole('heading', { name: '3. Imported hr-extract.csv' })).toBeVisible();
  await expect(page.getByText('Done: 3 added, 1 changed, 0 removed')).toBeVisible();
  expect(panel.service.people()).toHaveLength(63);
  expect(panel.service.person(updated.staffId).provisionalMarking).toBe('High Performing');

  await showView(page, 'Table');
  await page.getByRole('searchbox', { name: 'Search' }).fill('NEW00');
  for (const person of added) await expect(page.locator(`tr[data-staff-id="${person.staffId}"]`)).toContainText(person.name);
  await expect(page.getByText('Showing 3 of 63 people')).toBeVisible();
});

test('a malformed file shows row-level problems and nothing is written', async ({ page, panel }) => {
  const existing = panel.service.people()[0]!;
  const csv = ['staff_id,name,provisional_marking,job_weight', `${existing.staffId},${existing.name},Brilliant,12`, 'S999001,Zed Zimmer,Achieving,lots', ''].join('\n');
  const file = writeTemp('broken.csv', csv);
  const before = JSON.stringify(panel.service.people());
  const auditBefore = panel.service.audit().length;
  await panel.open(page);
  await showView(page, 'Import');

  await page.getByLabel('File from HR (CSV or Excel .xlsx)').setInputFiles(file);
  await expect(page.getByRole('heading', { name: /2 problems to fix/ })).toBeVisible();
  const problems = page.getByRole('table', { name: 'Problems in the file, by row and column' });
  const marking = problems.getByRole('row', { name: /Brilliant/ });
  await expect(marking.getByRole('cell').nth(1)).toHaveText('2');
  await expect(marking.getByRole('cell').nth(2)).toHaveText('provisional_marking');
  await expect(marking).toContainText('a box marking: Exceeding, High Performing, Achieving or Partially Met');
  const weight = problems.getByRole('row', { name: /lots/ });
  await expect(weight.getByRole('cell').nth(1)).toHaveText('3');
  await expect(weight.getByRole('cell').nth(2)).toHaveText('job_weight');
  await expect(weight).toContainText('a number');
  await expect(page.getByRole('button', { name: /^Import \d+ (person|people)$/ })).toBeDisabled();

  expect(JSON.stringify(panel.service.people())).toBe(before);
  expect(panel.service.audit()).toHaveLength(auditBefore);
});

test('changing the detected mapping re-runs the preview', async ({ page, panel }) => {
  const csv = ['Employee reference,name,provisional_marking', 'S777001,Rita Rowe,Achieving', ''].join('\n');
  const file = writeTemp('odd-headers.csv', csv);
  await panel.open(page);
  await showView(page, 'Import');
  await page.getByLabel('File from HR (CSV or Excel .xlsx)').setInputFiles(file);

  const select = page.getByLabel('Field fed by the column “Employee reference”');
  await expect(select).toHaveValue('ignore');
  await expect(page.getByRole('table', { name: 'Problems in the file, by row and column' })).toContainText('a staff id column');
  await expect(page.getByRole('button', { name: /^Import \d+ (person|people)$/ })).toBeDisabled();

  await select.selectOption('staff_id');
  await expect(page.getByRole('table', { name: 'Problems in the file, by row and column' })).toHaveCount(0);
  await expect(select).toHaveValue('staff_id');
  await expect(page.getByText('recognised by your mapping')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import 1 person' })).toBeEnabled();
  // A file that lacks people removes no one unless HR ticks the box (issue 7).
  await expect(page.getByRole('checkbox', { name: 'Remove these 60 people from the panel' })).not.toBeChecked();
  await expect(page.getByRole('heading', { name: 'In the panel but not in this file (60)' })).toBeVisible();
});

test('the outcome exports as CSV and XLSX with the moved person’s marking and reason', async ({ page, panel }) => {
  const mover = panel.service.people().find((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.financeObjective !== 'Not met')!;
  panel.service.move({ staffId: mover.staffId, to: 'High Performing', reason: 'Led the spending review, beyond the brief' }, CHAIR);
  await actAs(page, 'Hana HR', 'hr');
  await panel.open(page);
  await showView(page, 'Export');
  await expect(page.getByText('This panel has not been finalised.')).toBeVisible();

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV (draft)' }).click();
  const csvFile = await csvDownload;
  expect(csvFile.suggestedFilename()).toMatch(/\.csv$/);
  const bytes = readFileSync(await csvFile.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
  expect(Object.keys(rows[0]!)).toContain('moderated_marking');
  const row = rows.find((r) => r.staff_id === mover.staffId)!;
  expect(row.moderated_marking).toBe('High Performing');
  expect(row.change_reason).toBe('Led the spending review, beyond the brief');
  await expect(page.getByText(/Saved .*\.csv/)).toBeVisible();

  await page.getByRole('radio', { name: /Excel workbook/ }).check();
  const xlsxDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export XLSX (draft)' }).click();
  const xlsxFile = await xlsxDownload;
  expect(xlsxFile.suggestedFilename()).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await xlsxFile.path());
  const names = workbook.worksheets.map((w) => w.name);
  expect(names).toEqual(expect.arrayContaining(['Outcome', 'Changes']));
});

test('the finance partner sets Not met inline and the chair sees it highlighted', async ({ page, panel }) => {
  let person = panel.service.people().find((p) => p.moderatedMarking === 'High Performing' && p.financeObjective === 'Met');
  if (!person) {
    const candidate = panel.service.people().find((p) => p.eligible && p.financeObjective === 'Met')!;
    person = panel.service.move({ staffId: candidate.staffId, to: 'High Performing', reason: 'Set up for the test' }, CHAIR);
  }
  await actAs(page, FINANCE.name, FINANCE.role);
  await panel.open(page);
  await showView(page, 'Table');
  await expect(page.getByText('Showing 60 of 60 people')).toBeVisible();
  // Rows are virtualised: only those near the visible part of the table are in the page.
  expect(await page.locator('tbody tr.mp-row').count()).toBeLessThan(60);
  await page.getByRole('searchbox', { name: 'Search' }).fill(person.staffId);
  const row = page.locator(`tr[data-staff-id="${person.staffId}"]`);
  await expect(row).not.toContainText('chair to review');

  await row.getByLabel(`Finance objective for ${person.name}`).selectOption('Not met');
  await expect(row.getByText('Not met above Achieving — chair to review')).toBeVisible();
  await expect(row).toHaveClass(/mp-row--review/);
  await expect.poll(() => panel.service.person(person.staffId).financeObjective).toBe('Not met');
  expect(panel.service.audit({ staffId: person.staffId, action: 'finance' })).toHaveLength(1);

  const note = row.getByLabel(`Resource management note for ${person.name}`);
  await note.fill('Overspent the programme budget by 4%');
  await note.press('Enter');
  await expect.poll(() => panel.service.person(person.staffId).financeNote).toBe('Overspent the programme budget by 4%');
  expect(panel.service.person(person.staffId).financeObjective).toBe('Not met');

  // The filter for the chair finds them.
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  await page.getByLabel('Finance objective', { exact: true }).selectOption('review');
  await expect(page.locator(`tr[data-staff-id="${person.staffId}"]`)).toBeVisible();
  await expect(page.locator('tbody tr.mp-row:not(.mp-row--review)')).toHaveCount(0);
});

test('finalising with the chair’s name makes the views read-only', async ({ page, panel }) => {
  recordMissingContributions(panel.service);
  await panel.open(page);
  await showView(page, 'Export');
  await page.getByRole('button', { name: 'Finalise panel…' }).click();
  const dialog = page.getByRole('dialog', { name: /Finalise/ });
  await expect(dialog).toBeVisible();
  // The pre-flight checklist first: it warns (nothing here refuses), then the chair signs.
  await dialog.getByRole('button', { name: /^Continue to sign/ }).click();
  const name = dialog.getByRole('textbox', { name: 'Chair’s name' });
  // The default "Panel chair" is a role, not a person: the sign-off asks for a name.
  await expect(name).toHaveValue('');
  await name.fill(CHAIR.name);
  await dialog.getByRole('button', { name: 'Finalise panel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Finalised — read-only.')).toBeVisible();
  expect(panel.service.panel().status).toBe('finalised');
  expect(panel.service.panel().finalisedBy).toBe(CHAIR.name);
  await expect(page.getByRole('button', { name: 'Export CSV', exact: true })).toBeEnabled();

  await showView(page, 'Table');
  await expect(page.getByText('Finalised — read-only.')).toBeVisible();
  const first = page.locator('tbody tr.mp-row').first();
  await expect(first.getByRole('combobox')).toBeDisabled();
  await expect(first.getByRole('textbox')).not.toBeEditable();
});

test('the history lists the finance change with who and when, filterable by action and person', async ({ page, panel }) => {
  const person = panel.service.people().find((p) => p.financeObjective === 'Met')!;
  panel.service.setFinance(person.staffId, 'Not met', 'Missed the efficiency target', FINANCE);
  const mover = panel.service.people().find((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.staffId !== person.staffId)!;
  panel.service.move({ staffId: mover.staffId, to: 'Partially Met', reason: 'Evidence did not support Achieving' }, CHAIR);
  await panel.open(page);
  await showView(page, 'History');

  const financeRow = page.locator('tr[data-action="finance"]');
  await expect(financeRow).toHaveCount(1);
  await expect(financeRow).toContainText('Fran Finance');
  await expect(financeRow).toContainText('Finance partner');
  await expect(financeRow).toContainText(person.name);
  await expect(financeRow).toContainText('Finance objective: Met → Not met');
  await expect(financeRow).toContainText('Resource management note: (blank) → Missed the efficiency target');
  await expect(financeRow.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
  await expect(page.locator('tr[data-action="move"]')).toContainText('Moderated marking: Achieving → Partially Met');

  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Finance annotation' });
  await expect(page.locator('tbody tr.mp-row')).toHaveCount(1);
  await expect(page.getByText(/^Showing 1 of \d+ events$/)).toBeVisible();

  await page.getByLabel('Action', { exact: true }).selectOption('');
  await page.getByLabel('Person', { exact: true }).fill(mover.name);
  await expect(page.locator('tbody tr.mp-row')).toHaveCount(1);
  await expect(page.locator('tbody tr.mp-row')).toHaveAttribute('data-action', 'move');
});

test('axe-core finds no WCAG 2.2 AA violations on the table, import, export and history views', async ({ page, panel }) => {
  const person = panel.service.people().find((p) => p.moderatedMarking === 'High Performing') ?? panel.service.people()[0]!;
  panel.service.setFinance(person.staffId, 'Not met', 'Overspend', FINANCE);
  await panel.open(page);

  await showView(page, 'Table');
  await expect(page.getByText('Not met above Achieving — chair to review').first()).toBeVisible();
  await expectNoAxeViolations(page);

  await showView(page, 'Import');
  const { csv } = reimportFile();
  await page.getByLabel('File from HR (CSV or Excel .xlsx)').setInputFiles(writeTemp('hr-extract.csv', csv));
  await expect(page.getByRole('heading', { name: /^Summary of/ })).toBeVisible();
  await expectNoAxeViolations(page);

  await showView(page, 'Export');
  await expect(page.getByRole('heading', { name: 'Export the outcome' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Finalise panel…' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.keyboard.press('Escape');

  await showView(page, 'History');
  await expect(page.locator('tr[data-action="finance"]')).toHaveCount(1);
  await expectNoAxeViolations(page);
});
