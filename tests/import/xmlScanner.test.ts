// The hand-written scanner that reads a workbook's sheet and shared strings: the same cells whatever the
// size of the pieces the XML arrives in, XML's own rules (entities, CDATA, line ends, prefixes), and a
// clear refusal of what is not XML or could expand without limit.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImportBuffer } from '../../db/import';
import { readFirstWorksheet } from '../../db/import/xlsxReader';
import { type XmlHandler, XmlScanner, XmlSyntaxError } from '../../db/import/xmlScanner';
import { workbookBytes, workbookParts, zipBytes } from './workbookBytes';

/** Records what a handler sees: opened names with their r and t attributes, and the text inside v and t. */
function trace(xml: string, pieces: number[] = []): string[] {
  const events: string[] = [];
  const handler: XmlHandler = {
    collecting: false,
    open(name, tag) {
      const values: (string | undefined)[] = [undefined, undefined];
      tag.attributes(['r', 't'], values);
      events.push(`<${name}${values[0] !== undefined ? ` r=${values[0]}` : ''}${values[1] !== undefined ? ` t=${values[1]}` : ''}>`);
      if (name === 'v' || name === 't') this.collecting = true;
    },
    close(name) {
      if (name === 'v' || name === 't') this.collecting = false;
      events.push(`</${name}>`);
    },
    text(text) {
      // Text may arrive in several pieces; join them for comparison.
      if (events.at(-1)?.startsWith('text:')) events[events.length - 1] += text;
      else events.push(`text:${text}`);
    },
  };
  const scanner = new XmlScanner(handler);
  let at = 0;
  for (const cut of [...pieces].sort((a, b) => a - b)) {
    scanner.write(xml.slice(at, cut));
    at = cut;
  }
  scanner.write(xml.slice(at));
  scanner.close();
  return events;
}

const SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
  '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><!-- written by hand -->' +
  "<x:sheetData><x:row r='1' spans=\"1:3\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>Siân &amp; Zoë &#x2014; &lt;ok&gt;</x:t></x:is></x:c>" +
  '<x:c r="B1" t="str" s="0"><x:v><![CDATA[a < b & c]]></x:v></x:c><x:c r = "C1" t="str"><x:v>line one\r\nline two\rthree</x:v></x:c><x:c r="D1"/></x:row>' +
  '<x:row r="2"/></x:sheetData></x:worksheet>';

describe('the XML scanner', () => {
  const whole = trace(SHEET);

  it('reads local names, attributes in either quotes, entities, CDATA and XML line ends', () => {
    expect(whole).toContain('<c r=A1 t=inlineStr>');
    expect(whole).toContain('text:Siân & Zoë \u2014 <ok>');
    expect(whole).toContain('text:a < b & c');
    expect(whole).toContain('text:line one\nline two\nthree');
    expect(whole).toContain('<row r=1>');
    // A self-closing element opens and closes.
    expect(whole.join('')).toContain('<c r=D1></c>');
  });

  it('sees the same whatever pieces the text arrives in', () => {
    // Every single cut, so a tag, an entity, a CDATA section or a \r\n split anywhere is read the same.
    for (let cut = 1; cut < SHEET.length; cut++) expect(trace(SHEET, [cut])).toEqual(whole);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: SHEET.length - 1 }), { maxLength: 12 }), (cuts) => {
        expect(trace(SHEET, cuts)).toEqual(whole);
      }),
    );
  });

  it.each([
    ['a document cut short', '<worksheet><sheetData><row>', /stops part-way, inside <row>/],
    ['a tag cut short', '<worksheet><sheetData><row r="1"', /stops part-way through a tag/],
    ['tags closed out of order', '<worksheet><row><c></row></c></worksheet>', /<\/row> where <\/c> was expected/],
    ['a "<" that starts no tag', '<worksheet><<row/></worksheet>', /"<" not followed by a tag name/],
    ['an "&" that starts no entity', '<worksheet><v>Fish & chips</v></worksheet>', /an "&" that starts no entity/],
    ['an entity XML does not define', '<worksheet><v>&nbsp;</v></worksheet>', /the entity "&nbsp;", which XML does not define/],
    ['a character XML forbids', '<worksheet><v>&#0;</v></worksheet>', /the entity "&#0;"/],
    ['an attribute without quotes', '<worksheet><c r=A1/></worksheet>', /an attribute value without quotes/],
    ['a "<" inside an attribute', '<worksheet><c r="A<1"/></worksheet>', /"<" inside a tag/],
    ['a second root', '<worksheet/><worksheet/>', /a second root element/],
    ['nothing at all', '<?xml version="1.0"?>', /holds no element at all/],
  ])('refuses %s', (_, xml, message) => {
    expect(() => trace(xml)).toThrow(XmlSyntaxError);
    expect(() => trace(xml)).toThrow(message);
  });

  it('refuses a DOCTYPE, so no entity can be declared to expand (a "billion laughs")', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet>&lol2;</worksheet>';
    expect(() => trace(laughs)).toThrow(/a DOCTYPE, which no spreadsheet program writes/);
  });

  it('refuses a tag longer than any spreadsheet program writes, without holding the file', () => {
    const scanner = new XmlScanner({ collecting: false, open() {}, close() {}, text() {} });
    scanner.write('<worksheet><c r="');
    const piece = 'A'.repeat(64 * 1024);
    expect(() => {
      for (let i = 0; i < 100; i++) scanner.write(piece);
    }).toThrow(/a tag or a section longer than 4,194,304 characters/);
  });
});

describe('a workbook read through the scanner', () => {
  it('reads prefixed sheet XML and CDATA cells as Excel would show them', async () => {
    const parts = workbookParts([]).map((part) =>
      part.name.includes('sheet1')
        ? {
            ...part,
            data:
              '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
              '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>staff_id</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>name</x:t></x:is></x:c></x:row>' +
              '<x:row r="2"><x:c r="A2"><x:v>100234</x:v></x:c><x:c r="B2" t="str"><x:v><![CDATA[O\'Brien & Sons]]></x:v></x:c></x:row>' +
              '</x:sheetData></x:worksheet>',
          }
        : part,
    );
    const parsed = await parseImportBuffer('prefixed.xlsx', zipBytes(parts), { cutoff: '2026-01-01' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => [r.staffId, r.name])).toEqual([['100234', "O'Brien & Sons"]]);
  });

  it('reads rich text and leaves phonetic guides out, in shared strings and inline', async () => {
    const sharedStrings =
      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>staff_id</t></si><si><r><t>Ada </t></r><r><rPr><b/></rPr><t>Lovelace</t></r><rPh sb="0" eb="1"><t>エイダ</t></rPh></si></sst>';
    const parts = workbookParts([
      [{ attributes: 't="s"', xml: '<v>0</v>' }, 'name'],
      ['S1', { attributes: 't="s"', xml: '<v>1</v>' }],
      ['S2', { attributes: 't="inlineStr"', xml: '<is><r><t>Grace</t></r><r><t xml:space="preserve"> Hopper</t></r><rPh><t>グレース</t></rPh></is>' }],
    ]).map((part) => (part.name === 'xl/sharedStrings.xml' ? { ...part, data: sharedStrings } : part));
    const rows = [];
    for await (const row of readFirstWorksheet(zipBytes(parts))) rows.push(row.cells);
    expect(rows).toEqual([
      ['staff_id', 'name'],
      ['S1', 'Ada Lovelace'],
      ['S2', 'Grace Hopper'],
    ]);
  });

  it('reads the usual cells and the rest alike: Excel\'s _xHHHH_ escapes, entities, formulas with results, empty cells', async () => {
    const rows = [
      ['staff_id', 'name', 'note'],
      [
        { attributes: 't="str"', xml: '<v>S1</v>' },
        { attributes: 't="inlineStr"', xml: '<is><t>Ada_x000D_Lovelace</t></is>' },
        { attributes: 't="str"', xml: '<v>Fish &amp; chips_x0009_</v>' },
      ],
      [{ attributes: 's="0" t="str"', xml: '<v>S2</v>' }, { attributes: 't="str"', xml: '<f>A1</f><v>Grace</v>' }, { attributes: 't="str"', xml: '' }],
    ];
    const read = [];
    for await (const row of readFirstWorksheet(workbookBytes(rows))) read.push(row.cells);
    expect(read).toEqual([
      ['staff_id', 'name', 'note'],
      ['S1', 'Ada\rLovelace', 'Fish & chips\t'],
      ['S2', 'Grace'],
    ]);
  });

  it('says which row the sheet stopped being XML after', async () => {
    const parts = workbookParts([
      ['staff_id', 'name'],
      ['S1', 'Ada'],
    ]).map((part) => (part.name.includes('sheet1') ? { ...part, data: String(part.data).replace('<row r="2">', '<row r="2"><c r="A2" t="str"><v>S1</c>') } : part));
    const parsed = await parseImportBuffer('broken.xlsx', zipBytes(parts), { cutoff: '2026-01-01' });
    expect(parsed.errors.at(-1)!.expected).toMatch(/^a workbook Excel can open; this one is damaged or cut short \(its first worksheet is not valid XML after row 2: <\/c> where <\/v> was expected\)$/);
  });

  it('refuses a DOCTYPE in a workbook part with one readable line', async () => {
    const parts = workbookParts([['staff_id', 'name']]).map((part) =>
      part.name.includes('sheet1') ? { ...part, data: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "${'a'.repeat(100)}">]>${String(part.data).replace(/^<\?xml[^>]*>/, '')}` } : part,
    );
    const parsed = await parseImportBuffer('doctype.xlsx', zipBytes(parts), { cutoff: '2026-01-01' });
    expect(parsed.errors).toEqual([expect.objectContaining({ expected: expect.stringMatching(/not valid XML before its first row: a DOCTYPE, which no spreadsheet program writes\)$/) })]);
  });

  it('reads a large sheet in pieces to the same rows as one written whole', async () => {
    const rows = [['staff_id', 'name', 'job_weight'], ...Array.from({ length: 5_000 }, (_, i) => [`S${i}`, `Person & ${'x'.repeat(i % 40)} ${i}`, i])];
    const read = [];
    for await (const row of readFirstWorksheet(workbookBytes(rows))) read.push(row.cells);
    expect(read).toEqual(rows.map((row) => row.map(String)));
  });
});
