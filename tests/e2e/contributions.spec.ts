// Contributions before the meeting, in the window through the web host: the finance partner's workbook
// downloaded, filled in (with exceljs, as Excel would), taken back with a later panel edit shown as a
// conflict and the Not met above Achieving listed, then applied; members' previews merged into the queue.
import AxeBuilder from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { applyMemberPreviews, buildMemberPreview, readMemberPreview } from '../../db/workbooks/memberPreview';

const CHAIR = { name: 'Dr Ada Chair', role: 'chair' as const };
const HR = { name: 'Hana HR', role: 'hr' as const };

/** Who the window acts as when it opens: the service checks what each role may do (issue 9). */
async function actAs(page: Page, name: string, role: string): Promise<void> {
  await page.addInitScript((actor) => {
    if (!sessionStorage.getItem('contributions-seeded')) {
      localStorage.setItem('modpanel-actor', JSON.stringify(actor));
      sessionStorage.setItem('contributions-seeded', '1');
    }
  }, { name, role });
}

/** Changes who the window acts as, through the header's dialog (recorded in the history). */
async function becomeInWindow(page: Page, name: string, role: string): Promise<void> {
  await page.getByRole('button', { name: 'Change who you are' }).click();
  const dialog = page.getByRole('dialog', { name: 'Who is making changes?' });
  await dialog.getByRole('textbox', { name: 'Your name' }).fill(name);
  await dialog.getByRole('combobox', { name: 'Your role' }).selectOption(role);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
}
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'];

async function menu(page: Page, button: 'Import ▾' | 'Export ▾', item: string): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** Sets cells by staff id and header, as the contributor would in Excel, and saves a copy. */
async function fillIn(path: string, sheetName: string, edits: Record<string, Record<string, string>>, out: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet(sheetName)!;
  const headers: string[] = [];
  sheet.getRow(1).eachCell((cell, column) => (headers[column] = String(cell.value)));
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    for (const [header, value] of Object.entries(edits[String(row.getCell(1).value)] ?? {})) row.getCell(headers.indexOf(header)).value = value;
  });
  await workbook.xlsx.writeFile(out);
}

test('the finance partner’s workbook: downloaded, filled in, taken back with a later panel edit as a conflict, then applied', async ({ page, panel }) => {
  const eligible = panel.service.people().filter((p) => p.eligible && p.financeObjective === 'Met');
  const highPerformer = eligible.find((p) => p.moderatedMarking === 'High Performing')!;
  const editedInRoom = eligible.find((p) => p.moderatedMarking === 'Achieving')!;
  const sound = eligible.find((p) => p.moderatedMarking === 'Achieving' && p.staffId !== editedInRoom.staffId)!;
  expect(highPerformer && editedInRoom && sound).toBeTruthy();

  // HR writes the workbook; the finance partner takes it back (issue 9).
  await actAs(page, HR.name, HR.role);
  await panel.open(page);
  await menu(page, 'Export ▾', 'Finance partner’s workbook…');
  const dialog = page.getByRole('dialog', { name: 'Finance partner’s workbook' });
  await expect(dialog).toContainText('No protected characteristic is ever in it');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download the workbook' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^e2e-panel-finance-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await expect(dialog.getByRole('status')).toContainText('Send it to your finance partner');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // While the workbook is out, the partner's deputy records a note for one person in the room.
  const DEPUTY = { name: 'Dee Deputy', role: 'finance' as const };
  panel.service.setFinance(editedInRoom.staffId, 'Met', 'Checked in the room', DEPUTY);

  const returned = join(mkdtempSync(join(tmpdir(), 'modpanel-finance-')), 'finance-back.xlsx');
  await fillIn(
    await file.path(),
    'Finance',
    {
      [highPerformer.staffId]: { finance_objective: 'Not met', finance_note: 'Overspent by 12%' },
      [editedInRoom.staffId]: { finance_objective: 'Not met', finance_note: 'Missed the efficiency target' },
      [sound.staffId]: { finance_note: 'Sound management of a large budget' },
    },
    returned,
  );

  await becomeInWindow(page, 'Fran Finance', 'finance');
  await menu(page, 'Import ▾', 'Finance partner’s workbook…');
  const back = page.getByRole('dialog', { name: 'Take back the finance partner’s workbook' });
  await expect(back.getByTestId('finance-recorded-as')).toHaveText('Each annotation is recorded as yours: Fran Finance (finance partner).');
  await back.getByLabel('Returned workbook (.xlsx)').setInputFiles(returned);
  await expect(back.getByText('2 annotations to change. Nothing has been written yet.')).toBeVisible();

  const laterEdits = back.getByRole('table', { name: 'Changed in the panel after the workbook was written' });
  const conflictRow = laterEdits.getByRole('row').filter({ hasText: editedInRoom.name });
  await expect(conflictRow).toContainText('Checked in the room');
  await expect(conflictRow).toContainText(`by ${DEPUTY.name}`);
  await expect(conflictRow).toContainText('Missed the efficiency target');
  await expect(conflictRow.getByRole('checkbox', { name: `Take the workbook’s value for ${editedInRoom.name}` })).not.toBeChecked();
  const forDiscussion = back.getByRole('region', { name: 'Not met above Achieving — for discussion (Annex D 4.a)' });
  await expect(forDiscussion).toContainText(`${highPerformer.name} ${highPerformer.staffId} — High Performing (from this workbook)`);
  expect(panel.service.person(highPerformer.staffId).financeObjective).toBe('Met');

  const axe = await new AxeBuilder({ page }).include('dialog').withTags(WCAG_TAGS).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  await back.getByRole('button', { name: 'Apply 2 annotations' }).click();
  await expect(back.getByRole('status')).toContainText('Applied 2 annotations from finance-back.xlsx, each recorded as Fran Finance (finance)');
  expect(panel.service.person(highPerformer.staffId)).toMatchObject({ financeObjective: 'Not met', financeNote: 'Overspent by 12%' });
  expect(panel.service.person(sound.staffId).financeNote).toBe('Sound management of a large budget');
  // The annotation made in the room after the workbook went out was not overwritten.
  expect(panel.service.person(editedInRoom.staffId)).toMatchObject({ financeObjective: 'Met', financeNote: 'Checked in the room' });
  const finance = panel.service.audit({ action: 'finance' }).filter((e) => e.actor === 'Fran Finance');
  expect(finance.map((e) => e.staffId).sort()).toEqual([highPerformer.staffId, sound.staffId].sort());
  await back.getByRole('button', { name: 'Close' }).click();

  // The breach now heads the discussion queue.
  const queue = page.getByTestId('discussion-queue');
  await expect(queue.locator('.queue-item').filter({ hasText: highPerformer.name })).toContainText(`Finance objective not met but marked High Performing`);
});

test('panel members’ previews: each member takes back their own, and the queue puts the most questioned first with their comments', async ({ page, panel }) => {
  const achieving = panel.service.people().filter((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met' && p.flags.length === 0);
  const suggested = new Set(panel.service.discussionList().map((d) => d.staffId));
  const [twice, once] = achieving.filter((p) => !suggested.has(p.staffId));
  expect(twice && once).toBeTruthy();
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-previews-'));
  const verdicts: Record<string, Record<string, Record<string, string>>> = {
    'Ann Member': { [twice!.staffId]: { verdict: 'Question', comment: 'Evidence for Achieving is thin' }, [once!.staffId]: { verdict: 'Agree' } },
    'Bo Member': { [twice!.staffId]: { verdict: 'Question', comment: 'Compare with the Q3 marking' }, [once!.staffId]: { verdict: 'Question', comment: 'Ask the line manager' } },
    'Cy Member': { [twice!.staffId]: { verdict: 'Abstain' } },
  };
  const files: string[] = [];
  for (const [member, edits] of Object.entries(verdicts)) {
    const written = await buildMemberPreview(panel.service, member, HR);
    const blank = join(dir, `${member}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(written.bytes) as unknown as ExcelJS.Buffer);
    await workbook.xlsx.writeFile(blank);
    const back = join(dir, `${member} back.xlsx`);
    await fillIn(blank, 'Preview', edits, back);
    files.push(back);
  }

  // Ann and Cy took theirs back already; Bo takes his back in the window below.
  for (const [member, file] of [['Ann Member', files[0]!], ['Cy Member', files[2]!]] as const) {
    const preview = await readMemberPreview(panel.service, file.split('/').pop()!, new Uint8Array(readFileSync(file)));
    applyMemberPreviews(panel.service, [preview], { name: member, role: 'member' });
  }

  await actAs(page, HR.name, HR.role);
  await panel.open(page);
  // Writing a preview in the window (HR): the member is named first.
  await menu(page, 'Export ▾', 'Panel member’s preview…');
  const write = page.getByRole('dialog', { name: 'Panel member’s preview' });
  await expect(write.getByRole('button', { name: 'Download the workbook' })).toBeDisabled();
  await write.getByLabel('Panel member').fill('Di Member');
  const download = page.waitForEvent('download');
  await write.getByRole('button', { name: 'Download the workbook' }).click();
  expect((await download).suggestedFilename()).toMatch(/preview-di-member/);
  await write.getByRole('button', { name: 'Close' }).click();

  await becomeInWindow(page, 'Bo Member', 'member');
  await menu(page, 'Import ▾', 'Panel members’ previews…');
  const dialog = page.getByRole('dialog', { name: 'Take back panel members’ previews' });
  await dialog.getByLabel('Returned previews (.xlsx)').setInputFiles(files[1]!);
  const table = dialog.getByRole('table', { name: 'Each member’s verdicts' });
  await expect(table.getByRole('row').filter({ hasText: 'Bo Member' })).toContainText('Bo Member back.xlsx020');
  await expect(dialog.getByText('Every preview can be recorded. Nothing has been written yet.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Record 1 preview' }).click();
  await expect(dialog.getByRole('status')).toContainText('Members with previews: Ann Member, Bo Member, Cy Member');
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(panel.service.audit({ action: 'member_preview' }).map((e) => `${e.actor} (${e.role})`).sort()).toEqual(['Ann Member (member)', 'Bo Member (member)', 'Cy Member (member)']);

  // The chair sees members' comments.
  await becomeInWindow(page, CHAIR.name, CHAIR.role);

  const queue = page.getByTestId('discussion-queue');
  const items = queue.locator('.queue-item');
  // Bo's preview reaches the queue when the window next reads the panel: wait for the
  // person only he questioned before reading the order.
  await expect(items.filter({ hasText: once!.name })).toHaveCount(1);
  const names = (await items.locator('.queue-person').allTextContents()).map((n) => n.trim());
  expect(names.indexOf(once!.name)).toBeGreaterThan(-1);
  expect(names.indexOf(twice!.name)).toBeLessThan(names.indexOf(once!.name));
  const first = items.filter({ hasText: twice!.name });
  await expect(first).toContainText('Questioned by 2 panel members in their preview');
  await expect(first).toContainText('Members’ previews: 2 questioned, 1 abstained');
  await expect(first).toContainText('Bo Member: Question — Compare with the Q3 marking');

  // The person panel shows the chair every member's verdict and comment.
  await page.locator(`article[data-staff-id="${twice!.staffId}"]`).getByRole('button', { name: /^Details/ }).click();
  const person = page.getByRole('dialog', { name: twice!.name });
  await expect(person.getByRole('region', { name: 'Panel members’ previews' })).toContainText('Ann Member: Question — Evidence for Achieving is thin');
});
