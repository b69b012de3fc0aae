// `modpanel finance-sheet / finance-import / preview-sheet / preview-import` as HR, the finance partner and
// panel members use them: files on disk, filled with exceljs as Excel would, exit codes and messages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { modpanel } from './runModpanel';

const HEADER = 'staff_id,name,grade,business_unit,job_title,line_manager,job_weight,provisional_marking,finance_objective,corporate_contribution,cs_start_date,sex,ethnicity';
const PEOPLE = [
  'S1,Ann Able,SCS1,Policy,DD,Mo Manager,12,Achieving,Met,Yes,2015-04-01,Female,ETHNIC-SECRET-1',
  'S2,Ben Best,SCS2,Policy,Director,Mo Manager,18,High Performing,Met,No,2012-01-01,Male,ETHNIC-SECRET-2',
  'S3,Cy Cole,SCS1,Policy,DD,Jo Manager,11,Partially Met,Met,No,2019-09-01,Male,ETHNIC-SECRET-3',
];

let dir: string;
let panel: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-contrib-'));
  panel = join(dir, 'policy.modpanel');
  writeFileSync(join(dir, 'people.csv'), [HEADER, ...PEOPLE].join('\n'));
  expect((await modpanel('import', join(dir, 'people.csv'), '--panel', panel, '--name', 'Policy SCS', '--year', '2025')).code).toBe(0);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));


/** Opens a written workbook, sets cells by staff id and header, saves it as the contributor would. */
async function fillIn(path: string, sheetName: string, edits: Record<string, Record<string, string>>, out: string): Promise<Record<string, number>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet(sheetName)!;
  const headers: string[] = [];
  sheet.getRow(1).eachCell((cell, column) => (headers[column] = String(cell.value)));
  const rows: Record<string, number> = {};
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const staffId = String(row.getCell(1).value);
    rows[staffId] = n;
    for (const [header, value] of Object.entries(edits[staffId] ?? {})) row.getCell(headers.indexOf(header)).value = value;
  });
  await workbook.xlsx.writeFile(out);
  return rows;
}

/** Every cell of every sheet, hidden ones too, as the file holds them. */
async function workbookText(path: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const texts: string[] = [];
  for (const sheet of workbook.worksheets) sheet.eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
  return texts.join('\n');
}

async function finance(staffId: string) {
  const list = JSON.parse((await modpanel('list', panel, '--json')).stdout) as { staffId: string; financeObjective: string; financeNote: string }[];
  return list.find((p) => p.staffId === staffId)!;
}

describe('the finance partner’s workbook from the command line', () => {
  it('round trip: finance-sheet, filled in, finance-import previews, then --apply records each annotation as the partner', async () => {
    const sheet = join(dir, 'finance.xlsx');
    const written = await modpanel('finance-sheet', panel, sheet, '--actor', 'Hana HR', '--role', 'hr');
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/Wrote The finance partner’s workbook for 3 people/);
    const text = await workbookText(sheet);
    expect(text).toContain('Ben Best');
    expect(text).not.toMatch(/ETHNIC-SECRET|Female|\bethnicity\b|\bsex\b/);

    const returned = join(dir, 'finance-returned.xlsx');
    await fillIn(sheet, 'Finance', { S2: { finance_objective: 'Not met', finance_note: 'Overspent by 12%' }, S3: { finance_note: 'Sound' } }, returned);

    const preview = await modpanel('finance-import', panel, returned, '--actor', 'Fay Finance', '--role', 'finance');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/annotations changed \(would be\): 2/);
    expect(preview.stdout).toMatch(/S2 Ben Best: Met → Not met \("Overspent by 12%"\)/);
    expect(preview.stdout).toMatch(/Not met above Achieving \(Annex D 4\.a\), for discussion before finalising: 1\n\s+S2 Ben Best \(High Performing\) — from this workbook/);
    expect(preview.stdout).toMatch(/Nothing was written yet: run again with --apply/);
    expect((await finance('S2')).financeObjective).toBe('Met');

    const applied = await modpanel('finance-import', panel, returned, '--actor', 'Fay Finance', '--role', 'finance', '--apply');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/recorded as Fay Finance \(finance\)/);
    expect(await finance('S2')).toMatchObject({ financeObjective: 'Not met', financeNote: 'Overspent by 12%' });
    const audit = JSON.parse((await modpanel('audit', panel, '--json')).stdout) as { action: string; actor: string; role: string; staffId: string | null }[];
    expect(audit.filter((e) => e.action === 'finance').map((e) => [e.staffId, e.actor, e.role]).sort()).toEqual([
      ['S2', 'Fay Finance', 'finance'],
      ['S3', 'Fay Finance', 'finance'],
    ]);
    expect(audit.find((e) => e.action === 'contribution_sheet')).toMatchObject({ actor: 'Hana HR', role: 'hr' });
    expect(audit.find((e) => e.action === 'finance_workbook')).toMatchObject({ actor: 'Fay Finance', role: 'finance' });
  });

  it('refuses a bad objective naming the file, row, column and value, and changes nothing', async () => {
    const sheet = join(dir, 'finance.xlsx');
    await modpanel('finance-sheet', panel, sheet, '--actor', 'Hana HR');
    const returned = join(dir, 'back.xlsx');
    const rows = await fillIn(sheet, 'Finance', { S1: { finance_objective: 'Not met' }, S3: { finance_objective: 'Sort of' } }, returned);
    const result = await modpanel('finance-import', panel, returned, '--actor', 'Fay Finance', '--apply');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`back.xlsx, row ${rows.S3}, column "finance_objective": value "Sort of": expected Met, Not met, Not assessed`);
    expect(result.stderr).toMatch(/Nothing was changed: 1 problem in back.xlsx/);
    expect((await finance('S1')).financeObjective).toBe('Met');
  });

  it('keeps an annotation made in the panel after the workbook was written, unless told to take the workbook’s', async () => {
    const sheet = join(dir, 'finance.xlsx');
    await modpanel('finance-sheet', panel, sheet, '--actor', 'Hana HR');
    expect((await modpanel('finance', panel, 'S1', 'Met', '--note', 'Checked in the room', '--actor', 'Fay Finance', '--role', 'finance')).code).toBe(0);
    const returned = join(dir, 'back.xlsx');
    await fillIn(sheet, 'Finance', { S1: { finance_objective: 'Not met', finance_note: 'Overspent' } }, returned);
    const kept = await modpanel('finance-import', panel, returned, '--actor', 'Fay Finance', '--apply');
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/changed in the panel after the workbook was written: 1\n\s+S1 Ann Able: panel Met \("Checked in the room"\) by Fay Finance.*workbook Not met \("Overspent"\) — keeps the panel's value/);
    expect((await finance('S1')).financeNote).toBe('Checked in the room');
    const taken = await modpanel('finance-import', panel, returned, '--actor', 'Fay Finance', '--apply', '--take-workbook-values', 'S1');
    expect(taken.stdout).toMatch(/takes the workbook's value/);
    expect(await finance('S1')).toMatchObject({ financeObjective: 'Not met', financeNote: 'Overspent' });
  });

  it('needs --actor, and a workbook name ending in .xlsx', async () => {
    expect((await modpanel('finance-sheet', panel, join(dir, 'f.xlsx'))).code).toBe(2);
    const wrong = await modpanel('finance-sheet', panel, join(dir, 'f.csv'), '--actor', 'Hana HR');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/must end in .xlsx/);
  });
});

describe('panel members’ previews from the command line', () => {
  it('merges three members’ workbooks and lists the cases most questioned', async () => {
    const returned: string[] = [];
    const verdicts: Record<string, Record<string, Record<string, string>>> = {
      'Ann Member': { S3: { verdict: 'Question', comment: 'Why Partially Met?' }, S1: { verdict: 'Agree' } },
      'Bo Member': { S3: { verdict: 'Question', comment: 'Q3 was Achieving' }, S2: { verdict: 'Question', comment: 'Compare with S1' } },
      'Cy Member': { S3: { verdict: 'Abstain' }, S1: { verdict: 'Agree' } },
    };
    for (const [member, edits] of Object.entries(verdicts)) {
      const sheet = join(dir, `${member}.xlsx`);
      const written = await modpanel('preview-sheet', panel, sheet, '--member', member, '--actor', 'Hana HR', '--role', 'hr');
      expect(written.code).toBe(0);
      expect(await workbookText(sheet)).not.toMatch(/ETHNIC-SECRET|Female|\bethnicity\b|\bsex\b/);
      const back = join(dir, `${member}-back.xlsx`);
      await fillIn(sheet, 'Preview', edits, back);
      returned.push(back);
    }
    const preview = await modpanel('preview-import', panel, ...returned, '--actor', 'Pat Chair', '--role', 'chair');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/Ann Member-back.xlsx: Ann Member, 3 rows — agree 1, question 1, abstain 0, blank 1/);
    expect(preview.stdout).toMatch(/Nothing was written yet/);

    // Each member takes back their own preview (issue 9): recorded as them, in the member's role.
    const members = Object.keys(verdicts);
    const notTheirs = await modpanel('preview-import', panel, returned[1]!, '--actor', 'Ann Member', '--role', 'member', '--apply');
    expect(notTheirs.code).toBe(1);
    expect(notTheirs.stderr).toMatch(/Bo Member's preview can be taken back only by Bo Member/);
    let applied = notTheirs;
    for (const [i, back] of returned.entries()) {
      applied = await modpanel('preview-import', panel, back, '--actor', members[i]!, '--role', 'member', '--apply');
      expect(applied.code, applied.stderr).toBe(0);
    }
    expect(applied.stdout).toMatch(/Members with previews: Ann Member, Bo Member, Cy Member/);
    expect(applied.stdout).toMatch(/Most questioned[^\n]*\n\s+S3 Cy Cole: questioned by 2 members\n\s+S2 Ben Best: questioned by 1 member/);
    const audit = JSON.parse((await modpanel('audit', panel, '--action', 'member_preview', '--json')).stdout) as { actor: string; role: string }[];
    expect(audit).toHaveLength(3);
    expect(audit.map((e) => `${e.actor} (${e.role})`).sort()).toEqual(members.map((m) => `${m} (member)`));
  });

  it('needs --member to write a preview', async () => {
    const result = await modpanel('preview-sheet', panel, join(dir, 'p.xlsx'), '--actor', 'Pat Chair');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--member/);
  });
});
