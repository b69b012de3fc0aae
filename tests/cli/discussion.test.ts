// `modpanel discussion` lists the queue the window's discussion rail shows: who and why, and the panel members'
// verdicts from their previews, the most questioned first; who said what only for the chair and HR.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { modpanel } from './runModpanel';
import type { DiscussionQueue } from '../../shared/contract';

const HEADER = 'staff_id,name,grade,business_unit,job_title,line_manager,job_weight,provisional_marking,finance_objective,corporate_contribution,cs_start_date';
const PEOPLE = [
  'S1,Ann Able,SCS1,Policy,DD,Mo Manager,12,Achieving,Met,Yes,2015-04-01',
  'S2,Ben Best,SCS2,Policy,Director,Mo Manager,18,High Performing,Met,No,2012-01-01',
  'S3,Cy Cole,SCS1,Policy,DD,Jo Manager,11,Achieving,Met,No,2019-09-01',
];

let dir: string;
let panel: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-discussion-'));
  panel = join(dir, 'policy.modpanel');
  writeFileSync(join(dir, 'people.csv'), [HEADER, ...PEOPLE].join('\n'));
  expect((await modpanel('import', join(dir, 'people.csv'), '--panel', panel, '--name', 'Policy SCS', '--year', '2025')).code).toBe(0);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));


/** Each member's preview written by HR, filled in as Excel would, and taken back by the member. */
async function previews(verdicts: Record<string, Record<string, { verdict: string; comment?: string }>>): Promise<void> {
  for (const [member, edits] of Object.entries(verdicts)) {
    const sheet = join(dir, `${member}.xlsx`);
    expect((await modpanel('preview-sheet', panel, sheet, '--member', member, '--actor', 'Hana HR', '--role', 'hr')).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(sheet);
    const worksheet = workbook.getWorksheet('Preview')!;
    const headers: string[] = [];
    worksheet.getRow(1).eachCell((cell, column) => (headers[column] = String(cell.value)));
    worksheet.eachRow((row, n) => {
      if (n === 1) return;
      for (const [header, value] of Object.entries(edits[String(row.getCell(1).value)] ?? {})) row.getCell(headers.indexOf(header)).value = value;
    });
    const back = join(dir, `${member}-back.xlsx`);
    await workbook.xlsx.writeFile(back);
    const applied = await modpanel('preview-import', panel, back, '--actor', member, '--role', 'member', '--apply');
    expect(applied.code, applied.stderr).toBe(0);
  }
}

describe('modpanel discussion', () => {
  beforeEach(async () => {
    await previews({
      'Ann Member': { S3: { verdict: 'Question', comment: 'Q3 was Partially Met' }, S1: { verdict: 'Agree' } },
      'Bo Member': { S3: { verdict: 'Question', comment: 'Compare with Ann Able' }, S2: { verdict: 'Question', comment: 'Thin evidence of delivery' } },
      'Cy Member': { S3: { verdict: 'Abstain' }, S2: { verdict: 'Agree', comment: 'Clear case' } },
    });
  });

  it('shows the chair each member’s verdict and comment, the most questioned first', async () => {
    const result = await modpanel('discussion', panel, '--role', 'chair');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      [
        'S3  Cy Cole',
        '    - Questioned by 2 panel members in their preview',
        '    Members’ previews: 2 questioned, 1 abstained',
        '      Ann Member: Question — “Q3 was Partially Met”',
        '      Bo Member: Question — “Compare with Ann Able”',
        '      Cy Member: Abstain',
        'S2  Ben Best',
        '    - Questioned by 1 panel member in their preview',
        '    Members’ previews: 1 questioned, 1 agreed',
        '      Bo Member: Question — “Thin evidence of delivery”',
        '      Cy Member: Agree — “Clear case”',
      ].join('\n'),
    );
    expect(result.stdout.indexOf('S3  Cy Cole')).toBeLessThan(result.stdout.indexOf('S2  Ben Best'));
    expect(result.stdout).not.toContain('add --role chair');
  });

  it('gives the same queue in --json, with comments for HR and the chair only', async () => {
    const forHr = JSON.parse((await modpanel('discussion', panel, '--role', 'hr', '--json')).stdout) as DiscussionQueue;
    const cy = forHr.queue.find((e) => e.staffId === 'S3')!;
    expect(cy.members).toMatchObject({ question: 2, abstain: 1, agree: 0 });
    expect(cy.members!.verdicts.map((v) => [v.member, v.verdict, v.comment])).toEqual([
      ['Ann Member', 'question', 'Q3 was Partially Met'],
      ['Bo Member', 'question', 'Compare with Ann Able'],
      ['Cy Member', 'abstain', ''],
    ]);
    expect(forHr.queue.map((e) => e.staffId).slice(0, 2)).toEqual(['S3', 'S2']);

    const forMember = JSON.parse((await modpanel('discussion', panel, '--role', 'member', '--json')).stdout) as DiscussionQueue;
    expect(forMember.queue.find((e) => e.staffId === 'S3')!.members!.verdicts.map((v) => v.comment)).toEqual(['', '', '']);
  });

  it('without the chair’s or HR’s role, shows the tally only and says how to see who said what', async () => {
    for (const args of [[], ['--role', 'member']]) {
      const result = await modpanel('discussion', panel, ...args);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('S3  Cy Cole\n    - Questioned by 2 panel members in their preview\n    Members’ previews: 2 questioned, 1 abstained\nS2  Ben Best');
      expect(result.stdout).not.toContain('Ann Member');
      expect(result.stdout).not.toContain('Q3 was Partially Met');
      expect(result.stdout).toContain('Each member’s verdict and comment are shown to the chair and HR: add --role chair (or --role hr).');
    }
  });
});
