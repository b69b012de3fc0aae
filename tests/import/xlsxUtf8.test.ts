// A worksheet is read as its UTF-8 bytes, piece by piece as it unpacks: names in any script read exactly
// wherever a piece happens to cut one, and a sheet that is not UTF-8 is refused, never read as something else.

import { describe, expect, it } from 'vitest';
import { parseImportBuffer } from '../../db/import';
import { readFirstWorksheet } from '../../db/import/xlsxReader';
import { XmlScanner, type XmlHandler } from '../../db/import/xmlScanner';
import { type SheetCell, workbookBytes, workbookParts, zipBytes } from './workbookBytes';

const CUTOFF = '2026-01-01';

/** The workbook of `rows` with its sheet part's bytes changed by `edit`. */
function withSheetBytes(rows: SheetCell[][], edit: (sheet: Buffer) => Buffer): Buffer {
  return zipBytes(workbookParts(rows).map((part) => (part.name.includes('sheet1') ? { ...part, data: edit(Buffer.from(String(part.data), 'utf8')) } : part)));
}

describe('a worksheet in any script', () => {
  it('reads names of two-, three- and four-byte characters exactly, however the sheet is cut into pieces', async () => {
    // About a megabyte of sheet, so that it unpacks in many pieces and some end part-way through a character.
    const names = ['Siân Ó Ceallaigh', 'Zoë Brontë', 'Łukasz Żółć', 'Αλέξανδρος', 'Анастасия', 'إيمان', '山田 太郎', 'Ada 😀 Lovelace', 'Bob'];
    const rows: SheetCell[][] = [['staff_id', 'name', 'job_title']];
    for (let i = 0; i < 12_000; i++) {
      const name = `${names[i % names.length]} ${'é'.repeat(i % 7)}${'—'.repeat(i % 5)}`;
      const cell: SheetCell = i % 3 === 0 ? name : { attributes: 't="str"', xml: `<v>${name}</v>` };
      rows.push([`S${i}`, cell, i % 2 === 0 ? 'Head of 🚀 launches' : 'Analyst']);
    }
    const read = [];
    for await (const row of readFirstWorksheet(workbookBytes(rows))) read.push(row.cells);
    expect(read).toEqual(rows.map((row) => row.map((cell) => (typeof cell === 'object' && cell !== null ? cell.xml.slice(3, -4) : String(cell)))));
  });

  it('takes a byte-order mark at the start of the sheet as the start, not as part of the first cell', async () => {
    const bytes = withSheetBytes([['staff_id', 'name'], ['S1', 'Zoë']], (sheet) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sheet]));
    const parsed = await parseImportBuffer('bom.xlsx', bytes, { cutoff: CUTOFF });
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => [r.staffId, r.name])).toEqual([['S1', 'Zoë']]);
  });

  it.each([
    ['a byte that is not UTF-8 in a name', (sheet: Buffer) => Buffer.from(sheet.toString('latin1').replace('Zo\u00c3\u00ab', 'Zo\u00eb'), 'latin1')],
    ['a sheet that ends part-way through a character', (sheet: Buffer) => Buffer.concat([sheet, Buffer.from([0xe2, 0x80])])],
  ])('refuses %s with one line that says so', async (_, edit) => {
    const bytes = withSheetBytes([['staff_id', 'name'], ['S1', 'Zoë']], edit);
    const parsed = await parseImportBuffer('latin1.xlsx', bytes, { cutoff: CUTOFF });
    // An import goes ahead only with no errors: nothing of this file is applied.
    expect(parsed.errors.map((e) => e.expected)).toContainEqual('a workbook Excel can open; this one is damaged or cut short (a part is not UTF-8 text)');
  });
});

describe('the scanner reading bytes', () => {
  /** What a handler sees of `xml` written as its UTF-8 bytes, cut at the given byte offsets. */
  function trace(xml: string, cuts: number[]): string[] {
    const events: string[] = [];
    const handler: XmlHandler = {
      collecting: false,
      open(name, tag) {
        const values: (string | undefined)[] = [undefined];
        tag.attributes(['title'], values);
        events.push(`<${name}${values[0] === undefined ? '' : ` title=${values[0]}`}>`);
        this.collecting = name === 't';
      },
      close(name) {
        this.collecting = false;
        events.push(`</${name}>`);
      },
      text(text) {
        if (events.at(-1)?.startsWith('text:')) events[events.length - 1] += text;
        else events.push(`text:${text}`);
      },
    };
    const scanner = new XmlScanner(handler, { bytes: true });
    const bytes = Buffer.from(xml, 'utf8');
    let at = 0;
    for (const cut of [...cuts, bytes.length]) {
      const piece = bytes.subarray(at, cut);
      scanner.write(piece.toString('latin1'), piece);
      at = cut;
    }
    scanner.close();
    return events;
  }

  const XML = '<sst><si title="Ŝ—😀"><t>Siân &amp; Zoë &#x2014; 山田</t></si><si><t><![CDATA[Łódź & 😀]]></t></si></sst>';

  it('hands on text and attribute values as the characters they are, wherever the pieces are cut between characters', () => {
    const whole = trace(XML, []);
    expect(whole).toContain('<si title=Ŝ—😀>');
    expect(whole).toContain('text:Siân & Zoë \u2014 山田');
    expect(whole).toContain('text:Łódź & 😀');
    const bytes = Buffer.from(XML, 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      // Pieces are cut between characters (the reader holds a character's first bytes for the next piece).
      if ((bytes[cut]! & 0xc0) !== 0x80) expect(trace(XML, [cut])).toEqual(whole);
    }
  });

  it('names what it refuses in the characters the file has', () => {
    expect(() => trace('<sst><Łódź></sst>', [])).toThrow('</sst> where </Łódź> was expected');
  });
});
