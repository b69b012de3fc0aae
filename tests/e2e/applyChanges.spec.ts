// Import ▸ Apply a list of changes, end to end through the web host: a file with a refused row shows the
// problem by row and changes nothing; a good file is applied whole and the grid follows.
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

function writeTemp(name: string, lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'modpanel-changes-')), name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function openApplyChanges(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Import ▾' }).click();
  await page.getByRole('menuitem', { name: 'Apply a list of changes…' }).click();
  await expect(page.getByRole('dialog', { name: 'Apply a list of changes' })).toBeVisible();
}

test('a list of changes is checked whole, refused by row, then applied and shown on the grid', async ({ page, panel }) => {
  const movable = panel.service.people().filter((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.financeObjective !== 'Not met');
  const [first, second] = movable;
  const notMet = panel.service.people().find((p) => p.eligible && p.financeObjective === 'Not met' && p.moderatedMarking !== null)!;
  expect(first && second && notMet).toBeTruthy();
  const eventsBefore = panel.service.audit().length;

  await panel.open(page);
  await openApplyChanges(page);
  const dialog = page.getByRole('dialog', { name: 'Apply a list of changes' });

  // One row the rules refuse: nothing is applied, and the row is named.
  const refused = writeTemp('changes.csv', [
    'staff_id,action,value,reason,text',
    `${first!.staffId},move,High Performing,Led the spending review,`,
    `${notMet.staffId},move,Exceeding,Strong year,acknowledge`,
  ]);
  await dialog.getByLabel('Changes file (CSV or Excel .xlsx)').setInputFiles(refused);
  await expect(dialog.getByRole('heading', { name: '1 problem to fix — nothing will be changed until they are' })).toBeVisible();
  const problem = dialog.getByRole('table', { name: 'Problems in the changes file, by row and column' }).getByRole('row').nth(1);
  await expect(problem.getByRole('cell').nth(1)).toHaveText('3');
  await expect(problem.getByRole('cell').nth(2)).toHaveText('value');
  await expect(problem).toContainText('finance/efficiency objective');
  await expect(dialog.getByRole('button', { name: 'Apply the changes' })).toBeDisabled();
  expect(panel.service.audit()).toHaveLength(eventsBefore);
  expect(panel.service.person(first!.staffId).moderatedMarking).toBe('Achieving');

  const axe = await new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // A good file: previewed, then applied in one go, one audit event per change.
  const good = writeTemp('agreed.csv', [
    'staff_id,action,value,reason,text',
    `${first!.staffId},move,High Performing,Led the spending review,`,
    `${second!.staffId},flag,borderline_up,,Close to High Performing`,
    `${second!.staffId},note,,,Discussed at the panel`,
  ]);
  await dialog.getByLabel('Changes file (CSV or Excel .xlsx)').setInputFiles(good);
  await expect(dialog.getByText('Every change can be made: 3 changes. Nothing has been written yet.')).toBeVisible();
  expect(panel.service.audit()).toHaveLength(eventsBefore);
  await dialog.getByRole('button', { name: 'Apply 3 changes' }).click();
  await expect(dialog.getByRole('status')).toContainText('Applied 3 changes from agreed.csv for 2 people');
  expect(panel.service.audit()).toHaveLength(eventsBefore + 3);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByRole('region', { name: 'High Performing' }).getByText(first!.name, { exact: true })).toBeVisible();
  expect(panel.service.person(first!.staffId).changeReason).toBe('Led the spending review');
  expect(panel.service.person(second!.staffId).flags.map((f) => f.kind)).toEqual(['borderline_up']);
});
