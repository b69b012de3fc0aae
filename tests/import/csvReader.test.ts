// The CSV tokenizer and text decoding: delimiters, quoting, line endings, encodings.

import { describe, expect, it } from 'vitest';
import { detectDelimiter, openCsv } from '../../db/import/csvReader';
import { decodeText } from '../../db/import/decodeText';

function allRows(text: string): { rowNumber: number; cells: string[] }[] {
  const reader = openCsv(text);
  const rows: { rowNumber: number; cells: string[] }[] = [];
  for (let cells = reader.next(); cells !== null; cells = reader.next()) rows.push({ rowNumber: reader.rowNumber, cells });
  return rows;
}

describe('detectDelimiter', () => {
  it.each([
    ['staff_id,name,grade', ','],
    ['staff_id;name;grade', ';'],
    ['staff_id\tname\tgrade', '\t'],
    ['"Name, full";staff_id;grade', ';'],
    ['staff_id', ','],
  ])('%j → %j', (header, delimiter) => {
    expect(detectDelimiter(header)).toBe(delimiter);
  });
});

describe('openCsv', () => {
  it.each<[string, string, string[][]]>([
    ['plain, LF', 'a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['CRLF, no final line break', 'a,b\r\n1,2', [['a', 'b'], ['1', '2']]],
    ['bare CR (old Mac)', 'a,b\r1,2\r', [['a', 'b'], ['1', '2']]],
    ['quoted delimiter and doubled quotes', 'a,b\n"O""Neil, Pat",2\n', [['a', 'b'], ['O"Neil, Pat', '2']]],
    ['quoted line break stays in one cell', 'a,b\n"line 1\r\nline 2",x\n', [['a', 'b'], ['line 1\r\nline 2', 'x']]],
    ['empty quoted cell and trailing delimiter', 'a,b,c\n"",2,\n', [['a', 'b', 'c'], ['', '2', '']]],
    ['space before an opening quote', 'a,b\n1, "x, y"\n', [['a', 'b'], ['1', 'x, y']]],
    ['a quote inside an unquoted cell is literal', 'a,b\nJo "JJ" Smith,2\n', [['a', 'b'], ['Jo "JJ" Smith', '2']]],
    ['semicolons', 'a;b\n"x;y";2\n', [['a', 'b'], ['x;y', '2']]],
    ['tabs', 'a\tb\n1,5\t2\n', [['a', 'b'], ['1,5', '2']]],
    ['Excel sep= line', 'sep=;\na;b\n1;2\n', [['a', 'b'], ['1', '2']]],
  ])('%s', (_name, text, expected) => {
    expect(allRows(text).map((r) => r.cells)).toEqual(expected);
  });

  it('numbers rows as a spreadsheet does: blank lines count, a multi-line cell is one row', () => {
    const rows = allRows('h1,h2\n1,"two\nlines"\n\n3,x\n');
    expect(rows.map((r) => [r.rowNumber, r.cells[0]])).toEqual([
      [1, 'h1'],
      [2, '1'],
      [3, ''],
      [4, '3'],
    ]);
  });

  it('remembers where a quote was never closed, keeping the rows before it', () => {
    const reader = openCsv('a,b\n1,2\n3,"unfinished\n4,5\n');
    const rows: string[][] = [];
    for (let r = reader.next(); r !== null; r = reader.next()) rows.push(r);
    expect(rows).toEqual([['a', 'b'], ['1', '2']]);
    expect(reader.malformed).toMatchObject({ row: 3, expected: expect.stringMatching(/closing quote/) });
  });

  it('keeps a value with text after its closing quote as written, and reads on', () => {
    expect(allRows('a,b\n"ab"cd,2\n3,4\n').map((r) => r.cells)).toEqual([['a', 'b'], ['"ab"cd', '2'], ['3', '4']]);
  });

  it('stops at text after a closing quote in a file that pads quoted values, and says where', () => {
    const reader = openCsv('a,b\n1, "x, y"\n"ab"cd,2\n3,4\n');
    while (reader.next() !== null);
    expect(reader.malformed).toMatchObject({ row: 3 });
  });

  it('reads every row of a long file', () => {
    const text = `a,b\n${'1,2\n'.repeat(200_000)}`;
    expect(allRows(text)).toHaveLength(200_001);
  });
});

describe('decodeText', () => {
  it('drops a UTF-8 byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('staff_id')]);
    expect(decodeText(bytes)).toMatchObject({ text: 'staff_id', encoding: 'utf-8' });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    // "Zoë Seán £5 €" as Windows-1252 bytes.
    const bytes = new Uint8Array([0x5a, 0x6f, 0xeb, 0x20, 0x53, 0x65, 0xe1, 0x6e, 0x20, 0xa3, 0x35, 0x20, 0x80]);
    expect(decodeText(bytes)).toMatchObject({ text: 'Zoë Seán £5 €', encoding: 'windows-1252' });
  });

  it('reads UTF-16 (Excel "Unicode text")', () => {
    const bytes = new Uint8Array(Buffer.from('\uFEFFstaff_id\tname\r\n1\tZoë', 'utf16le'));
    expect(decodeText(bytes)).toMatchObject({ text: 'staff_id\tname\r\n1\tZoë', encoding: 'utf-16' });
  });
});
