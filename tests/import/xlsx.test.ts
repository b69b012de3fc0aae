// XLSX workbooks built here with exceljs: numbers, dates, rich text, formulas, hyperlinks and booleans
// become the same text a CSV would hold, from the first worksheet in tab order.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseImportBuffer, parseImportFile } from '../../db/import';
import type { ParsedImport } from '../../shared/importTypes';

const CUTOFF = '2026-01-01';
let path: string;

beforeAll(async () => {
  const workbook = new ExcelJS.Workbook();
  // Created first but placed second: only the first tab is the import.
  const notes = workbook.addWorksheet('Notes');
  notes.addRow(['staff_id', 'name']);
  notes.addRow(['999', 'Not me']);
  const sheet = workbook.addWorksheet('Markings');
  // exceljs orders tabs by orderNo, which its type declarations leave out.
  (sheet as ExcelJS.Worksheet & { orderNo: number }).orderNo = 0;
  (notes as ExcelJS.Worksheet & { orderNo: number }).orderNo = 1;

  sheet.addRow(['Staff ID', 'Name', 'Box marking', 'Start date', 'Job weight', 'Corporate contribution', 'Grade', 'Sex']);
  sheet.addRow([
    10026,
    { richText: [{ text: 'Ada ' }, { font: { bold: true }, text: 'Lovelace' }] },
    'Exceeding',
    new Date(Date.UTC(2015, 8, 1)),
    { formula: '1000+200', result: 1200 },
    true,
    'SCS1',
    ' F ',
  ]);
  // Row 3 left empty: it must be skipped, and later rows keep their own numbers.
  sheet.getRow(4).values = [
    10027,
    'Grace Hopper',
    'HP',
    { formula: 'DATE(2019,12,31)', result: new Date(Date.UTC(2019, 11, 31)) },
    '£1,350',
    'no',
    { text: 'SCS2', hyperlink: 'https://example.org/grades' },
    'M',
  ];
  sheet.getCell('D4').numFmt = 'dd/mm/yyyy';
  sheet.getRow(5).values = [10028, 'Bad Row', 'Outstanding', '31/02/2020', 'lots', 'maybe', '', ''];

  const dir = mkdtempSync(join(tmpdir(), 'modpanel-xlsx-'));
  path = join(dir, 'markings.xlsx');
  await workbook.xlsx.writeFile(path);
});

describe('an XLSX workbook', () => {
  let parsed: ParsedImport;

  it('reads the first tab only, with spreadsheet row numbers', async () => {
    const progress: [number, number][] = [];
    parsed = await parseImportFile(path, { cutoff: CUTOFF, onProgress: (done, total) => progress.push([done, total]) });
    expect(progress).toEqual([[3, 3]]);
    expect(parsed.format).toBe('xlsx');
    expect(parsed.file).toBe('markings.xlsx');
    expect(parsed.records.map((r) => [r.row, r.staffId])).toEqual([
      [2, '10026'],
      [4, '10027'],
    ]);
  });

  it('turns numbers, rich text, dates, formula results, booleans and hyperlinks into values', () => {
    expect(parsed.records[0]).toMatchObject({
      staffId: '10026',
      name: 'Ada Lovelace',
      provisionalMarking: 'Exceeding',
      csStartDate: '2015-09-01',
      jobWeight: 1200,
      corporateContribution: true,
      grade: 'SCS1',
      characteristics: { sex: 'F' },
    });
    expect(parsed.records[1]).toMatchObject({
      name: 'Grace Hopper',
      provisionalMarking: 'High Performing',
      csStartDate: '2019-12-31',
      jobWeight: 1350,
      corporateContribution: false,
      grade: 'SCS2',
    });
  });

  it('reports bad cells with the row and header as Excel shows them', () => {
    expect(parsed.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [5, 'Box marking', 'Outstanding'],
      [5, 'Job weight', 'lots'],
      [5, 'Corporate contribution', 'maybe'],
    ]);
    // An unreadable start date lists the person apart with a warning (eligibility fails closed, paras 69-70).
    expect(parsed.warnings.map((e) => [e.row, e.column, e.value])).toEqual([[5, 'Start date', '31/02/2020']]);
  });

  it('reads the same from uploaded bytes, whatever the file is called', async () => {
    const fromBytes = await parseImportBuffer('upload', new Uint8Array(readFileSync(path)), { cutoff: CUTOFF });
    expect(fromBytes.format).toBe('xlsx');
    expect(fromBytes.records).toEqual(parsed.records);
    expect(fromBytes.errors).toHaveLength(3);
  });

  it('reports a damaged workbook as an error, not an exception', async () => {
    const bytes = new Uint8Array(readFileSync(path)).slice(0, 200);
    const damaged = await parseImportBuffer('damaged.xlsx', bytes, { cutoff: CUTOFF });
    expect(damaged.records).toEqual([]);
    expect(damaged.errors).toHaveLength(1);
    expect(damaged.errors[0]?.row).toBeNull();
  });
});
