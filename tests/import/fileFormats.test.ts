// What real exports look like on disk: BOM and CRLF, semicolons, tabs, Windows-1252 and UTF-16 text,
// quoted line breaks, and files that are not CSV at all.

import { describe, expect, it } from 'vitest';
import { detectFormat, parseImportBuffer, parseImportFile } from '../../db/import';

const FIXTURES = 'tests/fixtures/import';
const CUTOFF = '2026-01-01';

describe('text files', () => {
  it('tolerates a UTF-8 byte-order mark and CRLF line endings', async () => {
    const text = 'staff_id,name,provisional_marking\r\n1,Ann Lee,E\r\n2,Bob Hart,HP\r\n';
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const parsed = await parseImportBuffer('bom.csv', bytes, { cutoff: CUTOFF });
    expect(parsed.errors).toEqual([]);
    expect(parsed.columns[0]).toEqual({ source: 'staff_id', target: 'staff_id', via: 'template' });
    expect(parsed.records.map((r) => [r.staffId, r.name, r.provisionalMarking])).toEqual([
      ['1', 'Ann Lee', 'Exceeding'],
      ['2', 'Bob Hart', 'High Performing'],
    ]);
  });

  it('detects semicolon delimiters from the header line', async () => {
    const parsed = await parseImportFile(`${FIXTURES}/semicolon.csv`, { cutoff: CUTOFF });
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => [r.name, r.jobWeight, r.characteristics.sex])).toEqual([
      ['Zoë Adams', 1250, 'Female'],
      ['Brown; Jo', 900, 'Male'],
    ]);
  });

  it('detects tab delimiters, and blank characteristic cells become Not recorded', async () => {
    const parsed = await parseImportFile(`${FIXTURES}/tabs.tsv`, { cutoff: CUTOFF });
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => [r.name, r.provisionalMarking, r.characteristics.disability])).toEqual([
      ['Seán Murphy', 'Partially Met', 'Yes'],
      ['Aoife Kelly', null, 'Not recorded'],
    ]);
  });

  it('reads Windows-1252 bytes (Zoë, Seán) when the file is not UTF-8', async () => {
    const latin = (s: string) => [...s].map((c) => c.charCodeAt(0));
    const bytes = new Uint8Array(latin('staff_id,name,grade\r\n1,Zoë Ní Bhriain,G7\r\n2,Seán Ó Sé,G6\r\n'));
    expect(bytes.includes(0xeb)).toBe(true); // ë as a single cp1252 byte, invalid on its own in UTF-8
    const parsed = await parseImportBuffer('cp1252.csv', bytes, { cutoff: CUTOFF });
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => r.name)).toEqual(['Zoë Ní Bhriain', 'Seán Ó Sé']);
  });

  it('reads Excel "Unicode text" (UTF-16, tab-delimited)', async () => {
    const bytes = new Uint8Array(Buffer.from('\uFEFFstaff_id\tname\r\n1\tZoë\r\n', 'utf16le'));
    const parsed = await parseImportBuffer('export.txt', bytes, { cutoff: CUTOFF });
    expect(parsed.records.map((r) => r.name)).toEqual(['Zoë']);
  });

  it('keeps a quoted line break inside one cell and numbers later rows as the spreadsheet does', async () => {
    const text = 'staff_id,name,provisional_marking\n1,"Lee,\nAnn",Exceeds\n2,Bob,A\n';
    const parsed = await parseImportBuffer('multiline.csv', new TextEncoder().encode(text), { cutoff: CUTOFF });
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => [r.row, r.name])).toEqual([
      [2, 'Lee,\nAnn'],
      [3, 'Bob'],
    ]);
  });

  it('reports a quote that is never closed', async () => {
    const text = 'staff_id,name\n1,Ann\n2,"Bob\n3,Cat\n';
    const parsed = await parseImportBuffer('quote.csv', new TextEncoder().encode(text), { cutoff: CUTOFF });
    expect(parsed.errors.map((e) => [e.row, e.expected.slice(0, 17)])).toEqual([[3, 'a closing quote (']]);
  });
});

describe('files that cannot be read', () => {
  it('says when the file does not exist', async () => {
    const parsed = await parseImportFile(`${FIXTURES}/no-such-file.csv`, { cutoff: CUTOFF });
    expect(parsed.errors).toEqual([
      { file: 'no-such-file.csv', row: null, column: null, value: null, expected: 'a file that can be opened (no such file)' },
    ]);
  });

  it('recognises an old .xls workbook by its bytes and asks for .xlsx', async () => {
    const bytes = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    const parsed = await parseImportBuffer('markings.xls', bytes, { cutoff: CUTOFF });
    expect(parsed.errors[0]?.expected).toContain('save it as .xlsx');
  });

  it('rejects a cut-off that is not an ISO date (a programming error, so it throws)', async () => {
    await expect(parseImportBuffer('a.csv', new Uint8Array(), { cutoff: '1/1/2026' })).rejects.toThrow(RangeError);
  });
});

describe('detectFormat', () => {
  it.each([
    ['markings.csv', 'csv'],
    ['MARKINGS.CSV', 'csv'],
    ['export.tsv', 'csv'],
    ['export.txt', 'csv'],
    ['C:\\HR\\markings.xlsx', 'xlsx'],
    ['book.xlsm', 'xlsx'],
    ['book.xls', null],
    ['notes.pdf', null],
    ['no-extension', null],
  ])('%s → %s', (name, format) => {
    expect(detectFormat(name)).toBe(format);
  });
});
