// CSV text → rows of cells, as csv-parse reads them (the usual file through the faster scanner in
// csvScanner.ts, which reads it identically): the delimiter is detected from the header line and an Excel
// `sep=` line is honoured; a quote left open is reported as a problem with the file.

import { CsvError, type Options, parse } from 'csv-parse/sync';
import { IMPORT_LIMITS, count, megabytes } from './limits';
import { CsvScanner, FOR_CSV_PARSE } from './csvScanner';

/** One CSV record (a row with every cell) may not pass this many bytes: it bounds what a broken quote can swallow. */
export const MAX_ROW_BYTES = 4 * 1024 * 1024;

export type Delimiter = ',' | ';' | '\t';

/** The delimiter that occurs most often outside quotes on the header line; comma when none does. */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c] += 1;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

/**
 * Rows of cells as csv-parse reads them, one at a time. `rowNumber` is the spreadsheet row of the row just
 * returned (header = 1): each CSV record is one row, as when Excel opens the file, blank lines
 * included, and a quoted value spanning lines stays one row.
 */
const SPACE_BEFORE_QUOTE: Record<Delimiter, RegExp> = { ',': /, +"/, ';': /; +"/, '\t': /\t +"/ };

export class CsvRows {
  rowNumber = 0;
  /** The row where the file stops being valid CSV, and what was expected there; rows after it are not read. */
  malformed: { row: number; expected: string } | null = null;
  /**
   * The file has more rows than an import takes (IMPORT_LIMITS.rows below the header); the rest were not
   * read. Known once next() has returned null.
   */
  overRowLimit = false;
  /** Whether the last row ends with a line break; a file cut short mid-row does not. */
  readonly endsWithLineBreak: boolean;

  /** The usual file is read a row at a time by the scanner, which reads it as csv-parse would but faster. */
  private scanner: CsvScanner | null;
  /** Otherwise csv-parse's rows, all at once (and from the row where the scanner handed over). */
  private records: string[][] = [];
  private index = 0;
  private lastRow: string[] | null = null;
  private readonly handOverToCsvParse: () => void;

  constructor(text: string, delimiter: Delimiter, start = 0) {
    const body = start > 0 ? text.slice(start) : text;
    const options = {
      delimiter,
      relax_column_count: true,
      // A quote inside an unquoted cell is literal, as in Excel.
      relax_quotes: true,
      // Spaces around a quoted value ("1, "x, y"") are dropped, but trimming costs csv-parse a third of
      // its time on a 100,000-row file, so it is switched on only when the file has such a value; every
      // cell is trimmed later anyway.
      trim: SPACE_BEFORE_QUOTE[delimiter].test(body),
      skip_empty_lines: false,
      bom: true,
      // Bounded before anything is built: the header, the rows an import takes, and one more to know there are more.
      to: IMPORT_LIMITS.rows + 2,
      max_record_size: MAX_ROW_BYTES,
    } as const;
    this.endsWithLineBreak = /[\r\n]$/.test(body);
    this.handOverToCsvParse = () => {
      this.scanner = null;
      ({ records: this.records, malformed: this.malformed } = readWithCsvParse(body, options));
    };
    // Trimming is csv-parse's alone (db/import/csvScanner.ts reads untrimmed as csv-parse does).
    this.scanner = options.trim ? null : CsvScanner.open(body, { delimiter, maxRows: options.to, maxRecordSize: MAX_ROW_BYTES });
    if (this.scanner === null) this.handOverToCsvParse();
  }

  /** Rows read so far, header included (once next() has returned null, the rows in the file as far as it was read). */
  get rowCount(): number {
    return this.index;
  }

  /** Cells in the last row read. */
  get lastRowLength(): number {
    return this.lastRow?.length ?? 0;
  }

  next(): string[] | null {
    let row: string[] | null;
    const scanned = this.scanner === null ? FOR_CSV_PARSE : this.scanner.next();
    if (scanned === FOR_CSV_PARSE) {
      // Handed over part-way: csv-parse's rows before this one are the ones the scanner returned.
      if (this.scanner !== null) this.handOverToCsvParse();
      row = this.records[this.index] ?? null;
    } else row = scanned;
    if (row === null) return null;
    // The row past the import's limit only says there are more; it is not returned.
    if (this.index === IMPORT_LIMITS.rows + 1) {
      this.overRowLimit = true;
      this.records = [];
      return null;
    }
    this.index += 1;
    this.rowNumber = this.index;
    this.lastRow = row;
    return row;
  }
}

/** csv-parse's reading; where the file stops being valid CSV, the rows before that row and what was expected there. */
function readWithCsvParse(body: string, options: Options & { to: number }): { records: string[][]; malformed: CsvRows['malformed'] } {
  try {
    return { records: parse(body, options) as string[][], malformed: null };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // Keep the rows before the broken one so that their own problems are still reported.
    const good = Number((error as CsvError & { records?: number }).records ?? 0);
    return {
      records: good === 0 ? [] : (parse(body, { ...options, to: good }) as string[][]),
      malformed: {
        row: good + 1,
        expected:
          error.code === 'CSV_QUOTE_NOT_CLOSED'
            ? 'a closing quote (") for the quoted value that starts on this row; the rest of the file was not read'
            : error.code === 'CSV_MAX_RECORD_SIZE'
              ? `a row of at most ${megabytes(MAX_ROW_BYTES)}; this one is longer (often a quote left open), so the rest of the file was not read`
              : 'a quoted value to end with its closing quote followed by a delimiter or the end of the line; the rest of the file was not read',
      },
    };
  }
}

/** Excel writes `sep=;` as a first line to name the delimiter; it is not a row of the sheet. */
const SEP_LINE = /^sep=(.)\r?\n/i;

/** Opens CSV text: finds the delimiter from the header line and skips an Excel `sep=` line. */
export function openCsv(text: string): CsvRows {
  const sep = SEP_LINE.exec(text);
  if (sep) {
    const named = sep[1] as string;
    const delimiter: Delimiter = named === ';' || named === '\t' ? named : ',';
    return new CsvRows(text, delimiter, sep[0].length);
  }
  let headerEnd = text.search(/[\r\n]/);
  if (headerEnd === -1) headerEnd = text.length;
  return new CsvRows(text, detectDelimiter(text.slice(0, headerEnd)), 0);
}
