// Hostile and damaged files, tried as an attacker (or a bad export) would: every one is refused or read
// right with a clear problem naming file, row and column — never a hang, a crash, a blank or a new person.

import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, parseImportBuffer, shownValue } from '../../db/import';
import { ModerationError } from '../../db/errors';
import { ModerationService } from '../../db/service';
import type { Actor } from '../../shared/domain';
import type { ParsedImport } from '../../shared/importTypes';
import { type SheetCell, workbookBytes, workbookParts, zipBytes } from './workbookBytes';

const CUTOFF = '2026-01-01';
const HR: Actor = { name: 'Hana HR', role: 'hr' };
const utf8 = (text: string) => new TextEncoder().encode(text);
const parse = (name: string, bytes: Uint8Array) => parseImportBuffer(name, bytes, { cutoff: CUTOFF });
const csv = (text: string) => parse('people.csv', utf8(text));
const HEADER = 'staff_id,name,grade,provisional_marking,corporate_contribution,finance_objective\n';

function newPanel(): ModerationService {
  return ModerationService.create(':memory:', { name: 'Hostile', businessUnit: 'Test', performanceYear: 2025 }, HR);
}

/** Every problem is one line of plain words with a short value. */
function expectReadable(parsed: ParsedImport): void {
  for (const issue of [...parsed.errors, ...parsed.warnings]) {
    expect(issue.expected).not.toMatch(/[\n\r\u0000]/);
    expect(issue.expected).not.toMatch(/\bat .*:\d+:\d+\)?$/m);
    expect((issue.value ?? '').length).toBeLessThan(200);
  }
}

const GOOD_WORKBOOK_ROWS: SheetCell[][] = [
  ['staff_id', 'name', 'provisional_marking'],
  ['S1', 'Siân Jones', 'Achieving'],
  ['S2', 'Zoë Ó Briain', 'Exceeding'],
];

describe('a damaged XLSX', () => {
  const good = workbookBytes(GOOD_WORKBOOK_ROWS);

  it('reads the hand-built workbook the damaged ones start from', async () => {
    const parsed = await parse('people.xlsx', good);
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => r.name)).toEqual(['Siân Jones', 'Zoë Ó Briain']);
  });

  const damaged: [string, () => Buffer][] = [
    ['cut to its first half', () => good.subarray(0, good.length >> 1)],
    ['cut before its central directory ends', () => good.subarray(0, good.length - 10)],
    ['only a zip signature', () => Buffer.from('PK\u0003\u0004 not really a zip')],
    ['a sheet that is not deflate data', () => zipBytes(workbookParts(GOOD_WORKBOOK_ROWS).map((p) => (p.name.includes('sheet1') ? { ...p, packed: Buffer.from('garbage, not deflate') } : p)))],
    ['a sheet whose XML stops mid-row', () => zipBytes(workbookParts(GOOD_WORKBOOK_ROWS).map((p) => (p.name.includes('sheet1') ? { ...p, data: String(p.data).slice(0, 300) } : p)))],
    ['a sheet that is not XML', () => zipBytes(workbookParts(GOOD_WORKBOOK_ROWS).map((p) => (p.name.includes('sheet1') ? { ...p, data: '<<<>>> &nope; <row' } : p)))],
    ['no workbook part', () => zipBytes(workbookParts(GOOD_WORKBOOK_ROWS).filter((p) => p.name !== 'xl/workbook.xml'))],
    ['no first sheet', () => zipBytes(workbookParts(GOOD_WORKBOOK_ROWS).filter((p) => !p.name.includes('sheet1')))],
    ['a part that unpacks to more than it says', () => zipBytes(workbookParts(GOOD_WORKBOOK_ROWS).map((p) => (p.name.includes('sheet1') ? { ...p, declaredSize: 40 } : p)))],
    ['bytes flipped in the middle', () => {
      const copy = Buffer.from(good);
      for (let i = copy.length >> 2; i < copy.length >> 1; i += 7) copy[i] = (copy[i] as number) ^ 0x5a;
      return copy;
    }],
  ];
  it.each(damaged)('%s: settles with one clear problem and nothing read', async (_, make) => {
    const parsed = await parse('people.xlsx', make());
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.errors.at(-1)!.expected).toMatch(/^a workbook|^a header row|^a staff id|^a name column/);
    expectReadable(parsed);
  });
});

describe('an XLSX zip bomb', () => {
  it('is refused from what the zip says, before anything is unpacked', async () => {
    const parts = workbookParts(GOOD_WORKBOOK_ROWS).map((p) =>
      p.name.includes('sheet1') ? { ...p, declaredSize: IMPORT_LIMITS.uncompressedBytes + 1 } : p,
    );
    const parsed = await parse('bomb.xlsx', zipBytes(parts));
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.expected).toMatch(/^a workbook that unpacks to at most 512 MB; its part xl\/worksheets\/sheet1.xml alone unpacks to/);
  });

  it('is refused when it packs far tighter than any spreadsheet', async () => {
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const parts = workbookParts(GOOD_WORKBOOK_ROWS).map((p) => (p.name.includes('sheet1') ? { ...p, data: zeros } : p));
    const parsed = await parse('bomb.xlsx', zipBytes(parts));
    expect(parsed.errors[0]!.expected).toMatch(/times its packed size, so it was not opened \(a zip bomb\)/);
  });

  it('stops unpacking a part that lies about its size', async () => {
    const zeros = Buffer.alloc(32 * 1024 * 1024, 0x20);
    const parts = workbookParts(GOOD_WORKBOOK_ROWS).map((p) => (p.name.includes('sheet1') ? { ...p, packed: deflateRawSync(Buffer.concat([Buffer.from(String(p.data).slice(0, 200)), zeros])), declaredSize: 20_000 } : p));
    const parsed = await parse('bomb.xlsx', zipBytes(parts));
    expect(parsed.errors.at(-1)!.expected).toMatch(/damaged or cut short \(a part unpacks to a different size than the archive says\)/);
  });

  it('is refused when it has more parts than any workbook', async () => {
    const parts = [...workbookParts(GOOD_WORKBOOK_ROWS), ...Array.from({ length: IMPORT_LIMITS.zipEntries }, (_, i) => ({ name: `junk/${i}.xml`, data: '' }))];
    const parsed = await parse('bomb.xlsx', zipBytes(parts));
    expect(parsed.errors[0]!.expected).toMatch(/^a workbook of at most 10,000 parts; this one has 10,006/);
  });
});

describe('XLSX cells that hold no usable value', () => {
  const rows: SheetCell[][] = [
    ['staff_id', 'name', 'job_weight', 'provisional_marking', 'notes'],
    ['S1', 'Ada', { attributes: 't="e"', xml: '<v>#DIV/0!</v>' }, 'Achieving', { attributes: 't="e"', xml: '<v>#REF!</v>' }],
    ['S2', 'Grace', { xml: '<f>SUM(A1:A9)</f>' }, 'Achieving', null],
    ['S3', { attributes: 't="s"', xml: '<v>7</v>' }, 1200, 'Achieving', null],
    [{ xml: '<v>12345678901234567890</v>' }, 'Long id', 1300, 'Achieving', null],
    [{ xml: '<v>1.2345678901234567E+19</v>' }, 'Rounded id', 1300, 'Achieving', null],
    [{ attributes: 't="s"', xml: '<v>0</v>' }, 'Shared', { xml: '<f>1+1</f><v>2</v>' }, 'Exceeding', null],
  ];

  it('are problems naming the cell, not blanks; ignored columns do not matter', async () => {
    const parsed = await parse('cells.xlsx', workbookBytes(rows, ['S6']));
    expect(parsed.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, 'job_weight', '#DIV/0!'],
      [3, 'job_weight', '=SUM(A1:A9)'],
      [4, 'name', '7'],
      [6, 'staff_id', '1.2345678901234567E+19'],
    ]);
    expect(parsed.errors[0]!.expected).toBe("a value; this cell holds Excel's error #DIV/0! (cell C2)");
    expect(parsed.errors[1]!.expected).toMatch(/formula with no saved result: open the file in Excel and save it again \(cell C3\)$/);
    expect(parsed.errors[2]!.expected).toMatch(/shared text number 7, which the workbook does not have \(the file is damaged\) \(cell B4\)$/);
    expect(parsed.errors[3]!.expected).toMatch(/too long for Excel to hold exactly/);
  });

  it('reads a 20-digit id digit for digit, and a formula by its saved result', async () => {
    const parsed = await parse('cells.xlsx', workbookBytes(rows, ['S6']));
    expect(parsed.records.map((r) => [r.staffId, r.jobWeight])).toEqual([
      ['12345678901234567890', 1300],
      ['S6', 2],
    ]);
  });

  it('reads dates by the cell style, in the 1900 and 1904 date systems', async () => {
    const styles =
      '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>';
    const dated: SheetCell[][] = [
      ['staff_id', 'name', 'cs_start_date', 'joined_department_date'],
      ['S1', 'Ada', { attributes: 's="1"', xml: '<v>45292</v>' }, { attributes: 's="2"', xml: '<v>44197</v>' }],
    ];
    const parsed = await parse('dates.xlsx', workbookBytes(dated, [], styles));
    expect(parsed.records[0]).toMatchObject({ csStartDate: '2024-01-01', joinedDepartmentDate: '2021-01-01' });
  });
});

describe('a CSV with millions of problems', () => {
  it('lists the first thousand and counts the rest in one last line', async () => {
    const bad = 'x,'.repeat(10);
    const rows = Array.from({ length: 20_000 }, (_, i) => `S${i},Name ${i},${bad}`).join('\n');
    const header = 'staff_id,name,provisional_marking,q1_marking,q2_marking,q3_marking,mid_year_marking,job_weight,finance_objective,corporate_contribution,poor_performance_measures,in_year_payments\n';
    const parsed = await csv(header + rows + '\n');
    expect(parsed.errors).toHaveLength(IMPORT_LIMITS.issuesListed + 1);
    expect(parsed.errors.at(-1)!.expected).toBe('… and 199,000 more problems like those above (only the first 1,000 are listed; 200,000 in all)');
    expect(parsed.records).toEqual([]);
  });

  it('where every row repeats one staff id, keeps one person and a bounded list of problems', async () => {
    const rows = 'S1,Same Person,SCS1,Achieving,no,Met\n'.repeat(150_000);
    const parsed = await csv(HEADER + rows);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.errors).toHaveLength(IMPORT_LIMITS.issuesListed + 1);
    expect(parsed.errors[0]).toMatchObject({ row: 3, column: 'staff_id', value: 'S1', expected: 'a staff id used only once, but row 2 already has it' });
    expect(parsed.errors.at(-1)!.expected).toMatch(/^… and 148,999 more problems/);
  });
});

describe('hard limits', () => {
  it('refuses a file over the size limit without reading it', async () => {
    const parsed = await parse('huge.csv', new Uint8Array(IMPORT_LIMITS.fileBytes + 1));
    expect(parsed.errors).toEqual([{ file: 'huge.csv', row: null, column: null, value: null, expected: expect.stringMatching(/^a file of at most 64 MB; this one is 64 MB/) }]);
  });

  it('refuses more rows than an import takes', async () => {
    const parsed = await csv('staff_id,name\n' + Array.from({ length: IMPORT_LIMITS.rows + 5 }, (_, i) => `${i},N`).join('\n'));
    expect(parsed.errors.at(-1)!.expected).toMatch(/^a file of at most 200,000 rows below the header; this one has more/);
  });

  it('refuses more columns than an import takes', async () => {
    const parsed = await csv(`staff_id,name,${Array.from({ length: IMPORT_LIMITS.columns }, (_, i) => `c${i}`).join(',')}\nS1,Ada\n`);
    expect(parsed.errors).toEqual([expect.objectContaining({ row: 1, expected: expect.stringMatching(/^a header of at most 1,000 columns; this one has 1,002/) })]);
  });

  it("refuses a cell longer than Excel's own limit, showing only its start", async () => {
    const parsed = await csv(`staff_id,name\nS1,${'A'.repeat(1_000_000)}\n`);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ row: 2, column: 'name', expected: "a value of at most 32,767 characters (Excel's own limit); this one has 1,000,000" });
    expect(parsed.errors[0]!.value).toBe(`${'A'.repeat(80)}… (1,000,000 characters)`);
  });

  it('refuses a row swallowed by an open quote past the row size limit', async () => {
    const parsed = await csv(`staff_id,name\nS1,"${'x'.repeat(5 * 1024 * 1024)}\n`);
    expect(parsed.errors).toContainEqual(expect.objectContaining({ row: 2, expected: expect.stringMatching(/^a row of at most 4 MB; this one is longer/) }));
  });
});

describe('values that must not read as something else', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('"%s" is not a yes, a marking or a finance objective', async (word) => {
    const parsed = await csv(`${HEADER}S1,Ada,SCS1,${word},${word},${word}\n`);
    expect(parsed.records).toEqual([]);
    expect(parsed.errors.map((e) => e.column)).toEqual(['provisional_marking', 'corporate_contribution', 'finance_objective']);
  });

  it('a NUL byte or a line break in a value is shown escaped in the problem', async () => {
    const parsed = await csv(`${HEADER}S1,Ada,SCS1,"Exc\u0000ee\nding",no,Met\n`);
    expect(parsed.errors[0]!.value).toBe('Exc\\u0000ee\\u000ading');
    expect(shownValue('a\u0000b')).toBe('a\\u0000b');
  });
});

describe('encodings', () => {
  it('keeps a UTF-8 file UTF-8 when one byte is not, and refuses only the cell that holds it', async () => {
    const text = Buffer.from(`${HEADER}S1,Siân Jones,SCS1,Achieving,no,Met\nS2,Zoë X,SCS1,Achieving,no,Met\n`, 'utf8');
    const broken = Buffer.concat([text, Buffer.from('S3,Se'), Buffer.from([0xe1]), Buffer.from('n Bad,SCS1,Achieving,no,Met\n')]);
    const parsed = await parse('people.csv', broken);
    expect(parsed.records.map((r) => r.name)).toEqual(['Siân Jones', 'Zoë X']);
    expect(parsed.errors).toEqual([expect.objectContaining({ row: 4, column: 'name', value: 'Se\uFFFDn Bad' })]);
    expect(parsed.errors[0]!.expected).toMatch(/this cell has a byte that is not UTF-8/);
  });

  it('reads a Windows-1252 file as such, and says so', async () => {
    const bytes = Buffer.from(`${HEADER}S1,Si\u00e2n Jones,SCS1,Achieving,no,Met\n`, 'latin1');
    const parsed = await parse('people.csv', bytes);
    expect(parsed.records[0]!.name).toBe('Siân Jones');
    expect(parsed.warnings.map((w) => w.expected)).toContainEqual(expect.stringMatching(/^UTF-8 text; this file is not UTF-8, so it was read as Windows-1252/));
  });
});

describe('a CSV cut short', () => {
  it('is refused when the last row stops part-way with no line break', async () => {
    const parsed = await csv(`${HEADER}S1,Ada,SCS1,Achieving,no,Met\nS2,Grace,SC`);
    expect(parsed.errors).toEqual([expect.objectContaining({ row: 3, expected: expect.stringMatching(/^a complete last row; the file ends part-way through this one \(3 of 6 columns and no line break\)/) })]);
  });

  it('is refused when it stops inside a quoted value', async () => {
    const parsed = await csv(`${HEADER}S1,Ada,SCS1,Achieving,no,Met\nS2,"Grace Hop`);
    expect(parsed.errors.at(-1)!.expected).toMatch(/^a closing quote/);
  });

  it('is read when every row leaves off the same trailing columns', async () => {
    const parsed = await csv(`${HEADER}S1,Ada,SCS1\nS2,Grace,SCS2`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.records).toHaveLength(2);
  });
});

describe('staff ids', () => {
  it('are normalised where the difference is invisible: zero-width characters, fullwidth digits, padding', async () => {
    const parsed = await csv(`staff_id,name\n\u200BS100\u200D,Ada\n\uFF33\uFF12\uFF10\uFF10,Grace\n\u00A0S300\u00A0,Alan\n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => r.staffId)).toEqual(['S100', 'S200', 'S300']);
  });

  it('a Cyrillic look-alike is a warning, and a clash with the Latin id a problem', async () => {
    const parsed = await csv(`staff_id,name\nS100,Ada\n\u0405100,Grace\n`);
    const staffIdWarnings = parsed.warnings.filter((w) => w.column === 'staff_id');
    expect(staffIdWarnings.map((w) => [w.row, w.value])).toEqual([[3, '\u0405100']]);
    expect(staffIdWarnings[0]!.expected).toMatch(/"Ѕ" here is a Cyrillic or Greek letter that looks like "S"/);
    expect(parsed.errors).toEqual([expect.objectContaining({ row: 3, column: 'staff_id', expected: expect.stringMatching(/^a staff id used only once, but row 2 has "S100", which differs from it only in case or in letters that look alike/) })]);
  });

  it('a change of case within the file is a problem', async () => {
    const parsed = await csv(`staff_id,name\nab12,Ada\nAB12,Grace\n`);
    expect(parsed.errors.map((e) => [e.row, e.value])).toEqual([[3, 'AB12']]);
  });

  it("Excel's shortened number is refused", async () => {
    const parsed = await csv(`staff_id,name\n1.23457E+19,Ada\n`);
    expect(parsed.errors[0]!.expected).toMatch(/this is a number Excel has shortened/);
  });

  it('a re-import with an id that only looks like one in the panel is refused, and the panel keeps its person', async () => {
    const panel = newPanel();
    panel.applyImport(await csv(`staff_id,name\nS100,Ada Lovelace\nS200,Grace Hopper\n`), HR);
    for (const lookAlike of ['s100', '\u0405100']) {
      const parsed = await csv(`staff_id,name\n${lookAlike},Ada Lovelace\nS200,Grace Hopper\n`);
      const preview = panel.previewImport(parsed, { removeMissing: true });
      expect(preview.errors).toEqual([expect.objectContaining({ row: 2, value: lookAlike, expected: expect.stringMatching(/^the staff id as the panel has it; the panel has "S100"/) })]);
      expect(() => panel.applyImport(parsed, HR, { removeMissing: true })).toThrow(ModerationError);
      expect(panel.people().map((p) => p.staffId).sort()).toEqual(['S100', 'S200']);
    }
    panel.close();
  });
});

describe('the last guard before SQLite', () => {
  it('refuses a value SQLite cannot store, naming row and column, and writes nothing', async () => {
    const panel = newPanel();
    const parsed = await csv(`staff_id,name,provisional_marking\nS1,Ada,Achieving\n`);
    const hostile = { ...parsed, records: [{ ...parsed.records[0]!, provisionalMarking: (() => 'x') as unknown as 'Achieving' }] };
    const auditBefore = panel.audit().length;
    expect(() => panel.applyImport(hostile, HR)).toThrow(/people.csv row 2, column provisional_marking: expected text or a number, but read function/);
    expect(panel.people()).toEqual([]);
    expect(panel.audit()).toHaveLength(auditBefore);
    panel.close();
  });
});
