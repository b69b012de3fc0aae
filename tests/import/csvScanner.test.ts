// The fast CSV scanner reads every file exactly as csv-parse does with the importer's options: the same
// rows, the same row where a broken file stops and the same rows before it. Thousands of generated files
// (quotes, doubled quotes, delimiters, every line ending, blank lines, byte-order marks, lone surrogates)
// are read both ways.

import { CsvError, parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { MAX_ROW_BYTES, detectDelimiter, openCsv } from '../../db/import/csvReader';
import { scanCsv } from '../../db/import/csvScanner';
import { IMPORT_LIMITS } from '../../db/import/limits';

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function texts(count: number, pieces: readonly string[], seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    const length = Math.floor(next() * 24);
    for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
    return text;
  });
}

/** What files are made of: the usual, and what only a damaged or hostile file has (bare CR, a BOM, a lone surrogate). */
const USUAL = ['a', 'bc', ',', ';', '\t', '"', '""', ' ', '\n', '\r\n', '\n\n', 'é', '😀'];
const UNUSUAL = [...USUAL, '\r', '\uFEFF', '\uD800'];

/**
 * csv-parse's reading with the options db/import/csvReader.ts gives it (the reference the scanner must match);
 * csvReader trims only a file with spaces between a delimiter and a quote, and such a file is csv-parse's alone.
 */
function csvParseRows(
  body: string,
  delimiter: string,
  to: number,
  { maxRecordSize = MAX_ROW_BYTES, trim = new RegExp(`${delimiter} +"`).test(body) } = {},
): { rows: string[][]; malformedRow: number | null } {
  const options = {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    trim,
    skip_empty_lines: false,
    bom: true,
    to,
    max_record_size: maxRecordSize,
  };
  try {
    return { rows: parse(body, options) as string[][], malformedRow: null };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const good = Number((error as CsvError & { records?: number }).records ?? 0);
    return { rows: good === 0 ? [] : (parse(body, { ...options, to: good }) as string[][]), malformedRow: good + 1 };
  }
}

describe('the CSV scanner', () => {
  it('returns what csv-parse returns for every file it reads, with every delimiter, row limit and size limit', () => {
    const next = random(7);
    let read = 0;
    for (const text of [...texts(4000, USUAL, 1), ...texts(3000, UNUSUAL, 3)]) {
      for (const delimiter of [',', ';', '\t'] as const) {
        const maxRows = 1 + Math.floor(next() * 5);
        const maxRecordSize = next() < 0.2 ? 12 : MAX_ROW_BYTES;
        const scanned = scanCsv(text, { delimiter, maxRows, maxRecordSize });
        if (scanned === null) continue;
        read += 1;
        const reference = csvParseRows(text, delimiter, maxRows, { maxRecordSize, trim: false });
        expect({ text, delimiter, rows: scanned, malformedRow: null }).toEqual({ text, delimiter, ...reference });
      }
    }
    // Most of these files are ones the scanner reads itself.
    expect(read).toBeGreaterThan(5000);
  });

  it('reads a usual export itself: quoted delimiters, doubled quotes, a value over two lines, CRLF, a blank line', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['staff_id,name,job_title', 'S1,"O""Neil, Pat","Deputy Director, Digital"', '', 'S2,Jo "JJ" Smith,"line 1', 'line 2"', 'S3,,'].join(eol) + eol;
      expect(scanCsv(text, { delimiter: ',', maxRows: 100, maxRecordSize: MAX_ROW_BYTES })).toEqual(csvParseRows(text, ',', 100).rows);
    }
  });

  it('leaves to csv-parse what only csv-parse may decide, and the importer reads those files as before', () => {
    for (const text of ['\uFEFFa,b\n1,2\n', 'a,b\r1,2\r', 'a,b\r\n1,2\n3,4\n', 'a,b\n"ab"cd,2\n', 'a,b\n1,"open\n', 'a\n\uD800\n']) {
      expect(scanCsv(text, { delimiter: ',', maxRows: 100, maxRecordSize: MAX_ROW_BYTES })).toBeNull();
    }
  });

  it('gives the importer the same rows, row numbers and broken row as csv-parse alone, handing over part-way through a file', () => {
    const files = texts(4000, ['a', ',', ';', '"', '""', ' ', '\n', '\r\n', 'sep=;\n', '\n"x'], 2);
    for (const text of files) {
      const reader = openCsv(text);
      const rows: { row: number; cells: string[] }[] = [];
      for (let cells = reader.next(); cells !== null; cells = reader.next()) rows.push({ row: reader.rowNumber, cells: [...cells] });
      const sep = /^sep=(.)\r?\n/i.exec(text);
      const body = sep ? text.slice(sep[0].length) : text;
      const delimiter = sep ? (sep[1] === ';' || sep[1] === '\t' ? sep[1] : ',') : headerDelimiter(text);
      const reference = csvParseRows(body, delimiter, IMPORT_LIMITS.rows + 2);
      expect({ text, rows, malformedRow: reader.malformed?.row ?? null, rowCount: reader.rowCount, lastRowLength: reader.lastRowLength }).toEqual({
        text,
        rows: reference.rows.map((cells, i) => ({ row: i + 1, cells })),
        malformedRow: reference.malformedRow,
        rowCount: reference.rows.length,
        lastRowLength: reference.rows.at(-1)?.length ?? 0,
      });
    }
  });
});

/** The delimiter csvReader detects from the header line. */
function headerDelimiter(text: string): string {
  const end = text.search(/[\r\n]/);
  return detectDelimiter(end === -1 ? text : text.slice(0, end));
}
