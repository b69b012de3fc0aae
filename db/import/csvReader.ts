// CSV text → rows of cells, one row at a time. Written by hand rather than with csv-parse because
// csv-parse alone takes about 1.6 s for 100,000 rows on our 2-core target, more than the whole budget;
// unquoted lines (the vast majority) go through the engine's native split instead.

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

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Pull-based reader: `next()` returns the cells of the next row (untrimmed) or null at the end.
 * `rowNumber` is the spreadsheet row of the row just returned (header = 1); blank lines count as rows,
 * as they do when Excel opens the file, and a quoted value spanning lines stays one row.
 */
export class CsvRows {
  rowNumber = 0;
  /** Row on which a quoted value started and never closed, if any (the rest of the file is in that cell). */
  unclosedQuoteRow: number | null = null;

  private pos: number;
  /** Offset of the next quote at or after `pos` (Infinity when none is left); -1 until first searched. */
  private nextQuote: number;
  private readonly delimiterCode: number;
  private readonly lineBreak: string;

  constructor(
    private readonly text: string,
    private readonly delimiter: Delimiter,
    start = 0,
  ) {
    this.pos = start;
    this.delimiterCode = delimiter.charCodeAt(0);
    // Old Mac exports end lines with a bare CR.
    this.lineBreak = text.includes('\n') || !text.includes('\r') ? '\n' : '\r';
    this.nextQuote = -1;
  }

  next(): string[] | null {
    const { text } = this;
    if (this.pos >= text.length) return null;
    this.rowNumber += 1;
    const end = this.lineEnd(this.pos);
    if (this.quoteAfter(this.pos) >= end) {
      const cells = this.splitLine(this.pos, end);
      this.pos = end + 1;
      return cells;
    }
    return this.quotedRow();
  }

  /** Offset of the line break ending the line that contains `from` (or the end of the text). */
  private lineEnd(from: number): number {
    const end = this.text.indexOf(this.lineBreak, from);
    return end === -1 ? this.text.length : end;
  }

  /** Offset of the first quote at or after `from`, or the text length when there is none. */
  private quoteAfter(from: number): number {
    // Remembered between calls: searching afresh on every line of a file without quotes would be quadratic.
    if (this.nextQuote < from) {
      const found = this.text.indexOf('"', from);
      this.nextQuote = found === -1 ? Infinity : found;
    }
    return this.nextQuote;
  }

  /** The cells of an unquoted stretch up to a line break, by the engine's native split. */
  private splitLine(from: number, end: number): string[] {
    const lineEnd = end > from && this.text.charCodeAt(end - 1) === CR ? end - 1 : end;
    return this.text.slice(from, lineEnd).split(this.delimiter);
  }

  /** RFC 4180 row: quoted cells may hold delimiters, doubled quotes and line breaks. */
  private quotedRow(): string[] {
    const { text, delimiterCode } = this;
    const length = text.length;
    let cells: string[] = [];
    let i = this.pos;
    for (;;) {
      // Once no quote is left on this line, the rest of it splits natively (most rows quote only a name).
      const end = this.lineEnd(i);
      if (this.quoteAfter(i) >= end) {
        cells = cells.concat(this.splitLine(i, end));
        this.pos = end + 1;
        return cells;
      }
      let start = i;
      // Hand-written files often put a space after the delimiter before an opening quote.
      while (start < length && text.charCodeAt(start) === 32 && delimiterCode !== 32) start++;
      let cell: string;
      if (text.charCodeAt(start) === QUOTE) {
        cell = '';
        let from = start + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) {
            this.unclosedQuoteRow ??= this.rowNumber;
            cell += text.slice(from);
            i = length;
            break;
          }
          if (text.charCodeAt(close + 1) === QUOTE) {
            cell += text.slice(from, close + 1);
            from = close + 2;
            continue;
          }
          cell += text.slice(from, close);
          i = close + 1;
          break;
        }
        // Anything between the closing quote and the delimiter is kept, as Excel does.
        const after = this.cellEnd(i);
        if (after > i) cell += text.slice(i, after);
        i = after;
      } else {
        const after = this.cellEnd(i);
        cell = text.slice(i, after);
        i = after;
      }
      cells.push(cell);
      if (i < length && text.charCodeAt(i) === delimiterCode) {
        i++;
        continue;
      }
      break;
    }
    if (i < length && text.charCodeAt(i) === CR) i++;
    if (i < length && text.charCodeAt(i) === LF) i++;
    this.pos = i;
    return cells;
  }

  private cellEnd(from: number): number {
    const { text, delimiterCode } = this;
    let i = from;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === delimiterCode || c === LF || c === CR) break;
      i++;
    }
    return i;
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
