// The usual CSV file read without csv-parse, for speed: csv-parse turns the text back into bytes and builds
// every cell a byte at a time, which is most of a 100,000-row import's reading. This scanner slices cells
// straight out of the text, one row at a time (so a row's cells can be let go as soon as it is read). It
// takes on only what it reads exactly as csv-parse (with csvReader's options) would, and hands anything else
// to csv-parse — a byte-order mark, bare-CR or mixed line endings, text after a closing quote, a quote left
// open, a row near the size limit, text that is not well-formed UTF-16 — so every file reads as it always has.
// tests/import/csvScanner.test.ts checks it against csv-parse on thousands of generated files.

const QUOTE = 34;

export interface ScanOptions {
  delimiter: ',' | ';' | '\t';
  /** csv-parse's `to`: stop after this many rows. */
  maxRows: number;
  /** csv-parse's max_record_size (which counts the current cell in UTF-8 bytes). */
  maxRecordSize: number;
}

/** Whether the text has no lone surrogate (csv-parse, reading it as UTF-8 bytes, would turn one into U+FFFD). */
function wellFormed(text: string): boolean {
  const native = (text as string & { isWellFormed?: () => boolean }).isWellFormed;
  return native !== undefined ? native.call(text) : !/\p{Surrogate}/u.test(text);
}

function occurrences(text: string, search: string): number {
  let found = 0;
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + search.length)) found++;
  return found;
}

/**
 * The line ending csv-parse would settle on, when the whole file uses only that one: '\n', or '\r\n' with
 * every '\r' and '\n' in the file paired. Null for bare CR or a mix (csv-parse keeps the first one it meets
 * and reads the others as text, which only it should decide).
 */
function lineEnding(text: string): '\n' | '\r\n' | null {
  const returns = occurrences(text, '\r');
  if (returns === 0) return '\n';
  return returns === occurrences(text, '\n') && returns === occurrences(text, '\r\n') ? '\r\n' : null;
}

/** What CsvScanner.next returns when csv-parse must read the file from the start. */
export const FOR_CSV_PARSE = Symbol('for csv-parse');

/**
 * Reads rows one at a time, as csv-parse would return them. Every row it returns is the row csv-parse
 * returns at that place; at the first row it cannot be sure of, next() says FOR_CSV_PARSE and csv-parse
 * reads the file (its rows before that one are the ones already returned).
 */
export class CsvScanner {
  private readonly eol: '\n' | '\r\n';
  private readonly safeRowLength: number;
  private pos = 0;
  private rows = 0;
  // The next quote, delimiter and line end at or after where reading has got to, each searched for again
  // only once reading has passed it: however the file is laid out, the text is searched through a bounded
  // number of times.
  private nextQuote = -2;
  private nextDelimiter = -2;
  private nextEol = -2;

  private constructor(
    private readonly text: string,
    private readonly delimiter: ScanOptions['delimiter'],
    private readonly maxRows: number,
    eol: '\n' | '\r\n',
    maxRecordSize: number,
  ) {
    this.eol = eol;
    // A row of n characters is at most 3n UTF-8 bytes: below this, csv-parse's size limit cannot be reached.
    this.safeRowLength = Math.floor(maxRecordSize / 3);
  }

  /** A scanner for the text, or null when the whole text is one for csv-parse (see the top of this file). */
  static open(text: string, options: ScanOptions): CsvScanner | null {
    if (text.length > 0 && text.charCodeAt(0) === 0xfeff) return null;
    if (!wellFormed(text)) return null;
    const eol = lineEnding(text);
    return eol === null ? null : new CsvScanner(text, options.delimiter, options.maxRows, eol, options.maxRecordSize);
  }

  private eolFrom(at: number): number {
    if (this.nextEol < at && this.nextEol !== -1) this.nextEol = this.text.indexOf(this.eol, at);
    return this.nextEol === -1 ? this.text.length : this.nextEol;
  }

  private delimiterFrom(at: number): number {
    if (this.nextDelimiter < at && this.nextDelimiter !== -1) this.nextDelimiter = this.text.indexOf(this.delimiter, at);
    return this.nextDelimiter === -1 ? this.text.length : this.nextDelimiter;
  }

  private quoteFrom(at: number): number {
    if (this.nextQuote < at && this.nextQuote !== -1) this.nextQuote = this.text.indexOf('"', at);
    return this.nextQuote === -1 ? this.text.length : this.nextQuote;
  }

  /** The next row; null after the last one (or after maxRows rows). */
  next(): string[] | null | typeof FOR_CSV_PARSE {
    const { text, delimiter, eol } = this;
    const length = text.length;
    if (this.pos >= length || this.rows >= this.maxRows) return null;
    const start = this.pos;
    let pos = start;
    let lineEnd = this.eolFrom(pos);
    if (this.quoteFrom(pos) >= lineEnd) {
      // No quote on this line: its cells are what lies between delimiters.
      if (lineEnd - pos > this.safeRowLength) return FOR_CSV_PARSE;
      this.pos = lineEnd + eol.length;
      this.rows += 1;
      return pos === lineEnd ? [''] : text.slice(pos, lineEnd).split(delimiter);
    }
    // A row with a quote in it (it may run over several lines): the cells between quotes are split as a
    // plain line's are; a quoted cell is read up to its closing quote.
    let record: string[] = [];
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        // A quoted cell: up to the quote that is not doubled; a doubled quote is one quote.
        let value = '';
        let from = pos + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1) return FOR_CSV_PARSE; // never closed: csv-parse says where
          // A row past the size limit is csv-parse's to refuse (and a cell of endless doubled quotes is not built here).
          if (quote - start > this.safeRowLength) return FOR_CSV_PARSE;
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += text.slice(from, quote + 1);
            from = quote + 2;
            continue;
          }
          value += text.slice(from, quote);
          pos = quote + 1;
          break;
        }
        record.push(value);
        if (pos === length) break;
        if (text.startsWith(delimiter, pos)) {
          pos += 1;
          // A delimiter at the very end leaves one more, empty cell.
          if (pos === length) {
            record.push('');
            break;
          }
          continue;
        }
        if (text.startsWith(eol, pos)) {
          pos += eol.length;
          break;
        }
        return FOR_CSV_PARSE; // text after the closing quote: csv-parse decides what it means
      }
      lineEnd = this.eolFrom(pos);
      const quote = this.quoteFrom(pos);
      if (quote >= lineEnd) {
        // No quote in the rest of the line: its cells, and the row ends with the line.
        record = joined(record, text.slice(pos, lineEnd).split(delimiter));
        pos = lineEnd === length ? length : lineEnd + eol.length;
        break;
      }
      // The cells before the next quote; the last of them is where the quote is.
      const cells = text.slice(pos, quote).split(delimiter);
      const last = cells.pop()!;
      record = joined(record, cells);
      pos = quote - last.length;
      if (last === '') continue; // the quote opens a quoted cell
      // A quote inside an unquoted cell is literal: the cell runs to the next delimiter or line end.
      const next = this.delimiterFrom(pos);
      if (next < lineEnd) {
        record.push(text.slice(pos, next));
        pos = next + 1;
        if (pos === length) {
          record.push('');
          break;
        }
        continue;
      }
      record.push(text.slice(pos, lineEnd));
      pos = lineEnd === length ? length : lineEnd + eol.length;
      break;
    }
    if (pos - start > this.safeRowLength) return FOR_CSV_PARSE;
    this.pos = pos;
    this.rows += 1;
    return record;
  }
}

/** The cells of `more` after those of `cells` (in `more` itself when `cells` is empty, the usual first stretch). */
function joined(cells: string[], more: string[]): string[] {
  if (cells.length === 0) return more;
  for (const cell of more) cells.push(cell);
  return cells;
}

/** Every row as csv-parse would return them, or null when this text is one for csv-parse to read. */
export function scanCsv(text: string, options: ScanOptions): string[][] | null {
  const scanner = CsvScanner.open(text, options);
  if (scanner === null) return null;
  const rows: string[][] = [];
  for (let row = scanner.next(); row !== null; row = scanner.next()) {
    if (row === FOR_CSV_PARSE) return null;
    rows.push(row);
  }
  return rows;
}
