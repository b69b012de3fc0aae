// XLSX → rows of text cells: the zip opened with yauzl (entry sizes checked against the central directory and
// against what actually inflates), the worksheet and shared strings read as they stream by a hand-written
// scanner (xmlScanner.ts; the small parts with saxes; the worksheet as its UTF-8 bytes, checked piece by piece,
// its usual cells read straight from them), so a large workbook is never held whole and a hostile
// one is refused within IMPORT_LIMITS. Only the first worksheet (in tab order) is read;
// cell values become the strings a CSV would have held. A cell that holds no usable value (an Excel error,
// a formula with no saved result, a shared string that does not exist, a number too long to be exact)
// comes back as a problem naming the cell rather than as a blank.

import { isUtf8 } from 'node:buffer';
import { type Readable, pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type ExcelJS from 'exceljs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import { IMPORT_LIMITS, count, megabytes, tooManyRows } from './limits';
import { type XmlHandler, XmlScanner, XmlSyntaxError, fromBytes, textOf } from './xmlScanner';

export interface SheetCellProblem {
  /** Column index (0 = A). */
  index: number;
  /** The cell as Excel shows it (#DIV/0!, the formula, the number). */
  value: string;
  expected: string;
}

export interface SheetRow {
  /** Spreadsheet row number, as Excel shows it. */
  rowNumber: number;
  cells: string[];
  /** Cells read as blank because they hold no usable value. */
  problems: SheetCellProblem[];
}

/** The workbook cannot be read at all; `expected` says what it should have been, `row` where it failed if known. */
export class WorkbookError extends Error {
  constructor(
    readonly expected: string,
    readonly row: number | null = null,
  ) {
    super(expected);
    this.name = 'WorkbookError';
  }
}

const DAMAGED = 'a workbook Excel can open; this one is damaged or cut short';

/** Yields the first worksheet's rows that hold a value. The input is a file path or the file's bytes. */
export async function* readFirstWorksheet(input: string | Uint8Array): AsyncGenerator<SheetRow> {
  for await (const rows of readFirstWorksheetInBatches(input)) yield* rows;
}

/** As readFirstWorksheet, a batch of rows at a time (as they unpack), which saves a large import the step per row. */
export async function* readFirstWorksheetInBatches(input: string | Uint8Array): AsyncGenerator<SheetRow[]> {
  const zip = await openZip(input);
  try {
    const budget = { left: IMPORT_LIMITS.uncompressedBytes };
    const rootRels = zip.entries.has('_rels/.rels') ? parseRelationships(await readPart(zip, '_rels/.rels', budget), '') : new Map<string, Relationship>();
    const workbookPath = [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    if (!zip.entries.has(workbookPath)) throw new WorkbookError(`${DAMAGED} (it has no workbook part; is it an .xlsx file?)`);
    const workbook = parseWorkbook(await readPart(zip, workbookPath, budget));
    const base = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
    const relsPath = `${base}_rels/${workbookPath.slice(base.length)}.rels`;
    const rels = zip.entries.has(relsPath) ? parseRelationships(await readPart(zip, relsPath, budget), base) : new Map<string, Relationship>();
    const sheetPath = workbook.firstSheetRelId === null ? null : (rels.get(workbook.firstSheetRelId)?.target ?? null);
    if (sheetPath === null || !zip.entries.has(sheetPath)) throw new WorkbookError(`${DAMAGED} (its first worksheet is missing)`);
    const partOfType = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;
    const stylesPath = partOfType('/styles');
    const dateStyles = stylesPath !== undefined && zip.entries.has(stylesPath) ? parseStyles(await readPart(zip, stylesPath, budget)) : [];
    const stringsPath = partOfType('/sharedStrings');
    const sharedStrings =
      stringsPath !== undefined && zip.entries.has(stringsPath)
        ? await readSharedStrings(zip, stringsPath, budget)
        : [];
    yield* readSheet(zip, sheetPath, budget, { sharedStrings, dateStyles, date1904: workbook.date1904 });
  } finally {
    zip.file.close();
  }
}

// ---- the zip -------------------------------------------------------------------------------------------

interface Zip {
  file: yauzl.ZipFile;
  entries: Map<string, yauzl.Entry>;
}

async function openZip(input: string | Uint8Array): Promise<Zip> {
  let file: yauzl.ZipFile;
  const options = { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true };
  try {
    file =
      typeof input === 'string'
        ? await yauzl.openPromise(input, options)
        : await yauzl.fromBufferPromise(Buffer.from(input.buffer, input.byteOffset, input.byteLength), options);
  } catch (error) {
    throw new WorkbookError(`${DAMAGED} (${zipReason(error)})`);
  }
  if (file.entryCount > IMPORT_LIMITS.zipEntries) {
    file.close();
    throw new WorkbookError(`a workbook of at most ${count(IMPORT_LIMITS.zipEntries)} parts; this one has ${count(file.entryCount)}, more than any spreadsheet needs`);
  }
  const entries = new Map<string, yauzl.Entry>();
  try {
    await new Promise<void>((resolve, reject) => {
      file.on('entry', (entry: yauzl.Entry) => {
        // A leading slash names the same part.
        entries.set(entry.fileName.replace(/^\/+/, ''), entry);
        file.readEntry();
      });
      file.once('end', () => resolve());
      file.once('error', reject);
      file.readEntry();
    });
  } catch (error) {
    file.close();
    throw new WorkbookError(`${DAMAGED} (${zipReason(error)})`);
  }
  return { file, entries };
}

function zipReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/end of central directory/i.test(message)) return 'it is not a complete zip archive';
  if (/too many bytes|too few bytes|expected \d+ bytes/i.test(message)) return 'a part unpacks to a different size than the archive says';
  if (/invalid (?:distance|block|stored|code)|incorrect header|unexpected end|invalid.*length/i.test(message)) return 'a part cannot be unpacked';
  if (/not valid for encoding|encoded data was not valid/i.test(message)) return 'a part is not UTF-8 text';
  if (/encrypt/i.test(message)) return 'it is password-protected: remove the password in Excel and save it again';
  return message.split('\n')[0]!.slice(0, 200);
}

/** Opens one part for reading after checking its size against what is left of the budget. */
async function openPart(zip: Zip, path: string, budget: { left: number }, partLimit: number = Infinity): Promise<PartStream> {
  const entry = zip.entries.get(path)!;
  if (entry.isEncrypted()) throw new WorkbookError(`${DAMAGED} (${zipReason(new Error('encrypted'))})`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw new WorkbookError(`${DAMAGED} (a part is packed in a way Excel does not use)`);
  const size = entry.uncompressedSize;
  if (size > partLimit || size > budget.left) {
    throw new WorkbookError(
      `a workbook that unpacks to at most ${megabytes(Math.min(partLimit, IMPORT_LIMITS.uncompressedBytes))}; its part ${path} alone unpacks to ${megabytes(size)}, so it was not opened (a zip bomb, or far more than a panel holds)`,
    );
  }
  if (entry.compressedSize > 0 && size / entry.compressedSize > IMPORT_LIMITS.compressionRatio) {
    throw new WorkbookError(
      `a workbook packed as Excel packs one; its part ${path} unpacks to ${count(Math.round(size / entry.compressedSize))} times its packed size, so it was not opened (a zip bomb)`,
    );
  }
  budget.left -= size;
  let raw: Readable;
  try {
    // The packed bytes, inflated here in larger pieces than yauzl's (a third of the time on a large sheet).
    raw = await zip.file.openReadStreamPromise(entry, { decodeFileData: false });
  } catch (error) {
    throw new WorkbookError(`${DAMAGED} (${zipReason(error)})`);
  }
  if (entry.compressionMethod === 0) return counted(raw, raw, size);
  const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK });
  pipeline(raw, inflate, () => undefined);
  return counted(inflate, raw, size);
}

const INFLATE_CHUNK = 64 * 1024;

/** An unpacked part, as its chunks; `destroy` stops the reading when the reader leaves early. */
interface PartStream extends AsyncIterable<Buffer> {
  destroy(): void;
}

/**
 * The part's chunks, stopped as soon as they pass the size the archive declares (a part that lies about its
 * size is a zip bomb in disguise) and refused when they end short of it.
 */
function counted(source: Readable, raw: Readable, declared: number): PartStream {
  return {
    destroy: () => {
      source.destroy();
      raw.destroy();
    },
    async *[Symbol.asyncIterator]() {
      let unpacked = 0;
      for await (const chunk of source) {
        unpacked += (chunk as Buffer).length;
        if (unpacked > declared) throw new WorkbookError(`${DAMAGED} (${zipReason(new Error(`too many bytes in the stream: expected ${declared} bytes`))})`);
        yield chunk as Buffer;
      }
      if (unpacked !== declared) throw new WorkbookError(`${DAMAGED} (${zipReason(new Error(`too few bytes in the stream: expected ${declared} bytes`))})`);
    },
  };
}

/** A whole (small) part as text. */
async function readPart(zip: Zip, path: string, budget: { left: number }, partLimit?: number): Promise<string> {
  const stream = await openPart(zip, path, budget, partLimit);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  try {
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
    return text + decoder.decode();
  } catch (error) {
    if (error instanceof WorkbookError) throw error;
    throw new WorkbookError(`${DAMAGED} (${zipReason(error)})`);
  } finally {
    stream.destroy();
  }
}

// ---- small XML parts -----------------------------------------------------------------------------------

/** Element name without its namespace prefix (some writers use x:row). */
function local(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** An attribute by name; saxes gives attributes as an object, so only own names count. */
function attribute(tag: SaxesTagPlain, name: string): string | undefined {
  const attributes = tag.attributes as Record<string, string>;
  return Object.hasOwn(attributes, name) ? attributes[name] : undefined;
}

/** Runs saxes over a whole part; an XML error becomes a WorkbookError naming the part. */
function parseXml(text: string, part: string, on: { open?: (tag: SaxesTagPlain) => void; close?: (tag: SaxesTagPlain) => void; text?: (t: string) => void }): void {
  const parser = new SaxesParser();
  if (on.open) parser.on('opentag', on.open as (tag: SaxesTagPlain) => void);
  if (on.close) parser.on('closetag', on.close as (tag: SaxesTagPlain) => void);
  if (on.text) {
    parser.on('text', on.text);
    parser.on('cdata', on.text);
  }
  try {
    parser.write(text).close();
  } catch (error) {
    throw new WorkbookError(`${DAMAGED} (the part ${part} is not valid XML: ${firstLine(error)})`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
}

interface Relationship {
  type: string;
  target: string;
}

function parseRelationships(xml: string, base: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  parseXml(xml, 'relationships', {
    open: (tag) => {
      if (local(tag.name) !== 'Relationship') return;
      const id = attribute(tag, 'Id');
      const target = attribute(tag, 'Target');
      if (id === undefined || target === undefined || attribute(tag, 'TargetMode') === 'External') return;
      rels.set(id, { type: attribute(tag, 'Type') ?? '', target: resolvePart(base, target) });
    },
  });
  return rels;
}

/** A relationship's target as a part name: relative to the folder of the part that names it, or absolute. */
function resolvePart(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : base + target).split('/');
  const resolved: string[] = [];
  for (const part of parts) {
    if (part === '..') resolved.pop();
    else if (part !== '.' && part !== '') resolved.push(part);
  }
  return resolved.join('/');
}

function parseWorkbook(xml: string): { firstSheetRelId: string | null; date1904: boolean } {
  let firstSheetRelId: string | null = null;
  let date1904 = false;
  parseXml(xml, 'workbook', {
    open: (tag) => {
      const name = local(tag.name);
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attribute(tag, 'date1904') ?? '');
      // The first sheet element is the first tab.
      else if (name === 'sheet' && firstSheetRelId === null) {
        // The relationship id's prefix is whatever the writer bound to the relationships namespace (r: by convention).
        const key = Object.keys(tag.attributes).find((k) => k === 'r:id' || k.endsWith(':id'));
        firstSheetRelId = key === undefined ? null : (attribute(tag, key) ?? null);
      }
    },
  });
  return { firstSheetRelId, date1904 };
}

// Built-in number formats that show a date (ECMA-376 18.8.30, with the East Asian date formats).
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

// As exceljs decides: after dropping quoted text and [colour] codes, a date format has d, m or y.
function isDateFormat(format: string): boolean {
  if (format === '' || format === 'General') return false;
  return /[dmy]/i.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Per cell style (the s attribute), whether its number format shows a date. */
function parseStyles(xml: string): boolean[] {
  const formats = new Map<number, string>();
  const dateStyles: boolean[] = [];
  let inCellXfs = false;
  parseXml(xml, 'styles', {
    open: (tag) => {
      const name = local(tag.name);
      if (name === 'numFmt') formats.set(Number(attribute(tag, 'numFmtId')), attribute(tag, 'formatCode') ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attribute(tag, 'numFmtId') ?? 0);
        const custom = formats.get(id);
        dateStyles.push(custom !== undefined ? isDateFormat(custom) : BUILT_IN_DATE_FORMATS.has(id));
      }
    },
    close: (tag) => {
      if (local(tag.name) === 'cellXfs') inCellXfs = false;
    },
  });
  return dateStyles;
}

/** The shared string table: each si's text, from its t element or its rich-text runs (phonetic guides left out). */
async function readSharedStrings(zip: Zip, path: string, budget: { left: number }): Promise<string[]> {
  const handler = new SharedStringsHandler();
  await scanPart(zip, path, budget, handler, IMPORT_LIMITS.sharedStringsBytes, 'sharedStrings');
  return handler.strings;
}

class SharedStringsHandler implements XmlHandler {
  collecting = false;
  readonly strings: string[] = [];
  private current: string | null = null;
  private inPhonetic = false;

  open(name: string): void {
    if (name === 'si') this.current = '';
    else if (name === 'rPh') this.inPhonetic = true;
    else if (name === 't' && !this.inPhonetic && this.current !== null) this.collecting = true;
  }

  text(text: string): void {
    this.current += text;
  }

  close(name: string): void {
    if (name === 't') this.collecting = false;
    else if (name === 'rPh') this.inPhonetic = false;
    else if (name === 'si' && this.current !== null) {
      this.strings.push(unescapeOoxml(this.current));
      this.current = null;
    }
  }
}

/** Scans a whole part with the hand-written scanner as it inflates; an XML error names the part. */
async function scanPart(zip: Zip, path: string, budget: { left: number }, handler: XmlHandler, partLimit: number, part: string): Promise<void> {
  const stream = await openPart(zip, path, budget, partLimit);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const scanner = new XmlScanner(handler);
  try {
    for await (const chunk of stream) scanner.write(decoder.decode(chunk, { stream: true }));
    scanner.write(decoder.decode());
    scanner.close();
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new WorkbookError(`${DAMAGED} (the part ${part} is not valid XML: ${error.message})`);
    if (error instanceof WorkbookError) throw error;
    throw new WorkbookError(`${DAMAGED} (${zipReason(error)})`);
  } finally {
    stream.destroy();
  }
}

/** OOXML writes characters XML cannot hold as _xHHHH_ (a carriage return is _x000D_). */
function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

// ---- the sheet -------------------------------------------------------------------------------------------

interface SheetContext {
  sharedStrings: readonly string[];
  dateStyles: readonly boolean[];
  date1904: boolean;
}

/** Column letters of a cell reference (B12 → 1) between `start` and `end` of `text`; -1 when there are none. */
function columnIndexAt(text: string, start: number, end: number): number {
  let index = 0;
  let i = start;
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 65 && code <= 90) index = index * 26 + (code - 64);
    else if (code >= 97 && code <= 122) index = index * 26 + (code - 96);
    else break;
    if (index > 1_000_000) return Infinity;
  }
  return i === start ? -1 : index - 1;
}

/** A cell's t attribute, the usual ones without a new string. */
function cellTypeAt(text: string, start: number, end: number): string {
  const length = end - start;
  if (length === 1) {
    const code = text.charCodeAt(start);
    if (code === 115) return 's';
    if (code === 110) return 'n';
  } else if (length === 3 && text.startsWith('str', start)) return 'str';
  else if (length === 9 && text.startsWith('inlineStr', start)) return 'inlineStr';
  return text.slice(start, end);
}

/** A style number written as digits; anything else as Number() reads it (NaN: no style). */
function integerAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9 || i - start > 8) return Number(text.slice(start, end));
    value = value * 10 + digit;
  }
  return end === start ? Number('') : value;
}

function columnName(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const PLAIN_INTEGER = /^[-+]?\d+$/;

/** Excel counts days from 30 December 1899 (its 1900 leap-year bug folded in), or from 1 January 1904. */
function serialToIso(serial: number, date1904: boolean): string | null {
  const ms = Math.round((serial - (date1904 ? 24107 : 25569)) * 86_400_000);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

/** The worksheet's rows as its XML streams in: each cell's value as text, or a problem naming the cell. */
class SheetRowsHandler implements XmlHandler {
  collecting = false;
  /** Rows finished and not yet handed on. */
  ready: SheetRow[] = [];
  /** The spreadsheet row being read (or the last one read). */
  rowNumber = 0;

  private row: SheetRow | null = null;
  private rowsWithValues = 0;
  // The cell being read.
  private cellIndex = -1;
  private cellType = 'n';
  private cellStyle = 0;
  private value: string | null = null;
  private inlineText: string | null = null;
  private formula: string | null = null;
  private collectingInto: 'v' | 't' | 'f' | null = null;
  private inInline = false;
  private inPhonetic = false;
  private readonly attributeValues: (string | undefined)[] = [undefined, undefined, undefined];
  /** The text readText just read. */
  private text_ = '';
  /** Whether the cell's text may hold _xHHHH_ escapes (always, on the general way). */
  private maybeEscaped = true;

  constructor(private readonly context: SheetContext) {}

  /** The rows finished so far, in order; the next ones go to a new list. */
  takeReady(): SheetRow[] {
    const rows = this.ready;
    this.ready = [];
    return rows;
  }

  open(name: string, tag: XmlScanner, selfClosing: boolean): void {
    switch (name) {
      case 'row': {
        const at = tag.attributeAt('r');
        let r = NaN;
        if (at >= 0) r = integerAt(tag.source, tag.valueStart(at), tag.valueEnd(at));
        else if (at === -2) {
          tag.attributes(ROW_ATTRIBUTES, this.attributeValues);
          r = Number(this.attributeValues[0]);
        }
        this.rowNumber = Number.isInteger(r) && r > this.rowNumber ? r : this.rowNumber + 1;
        this.row = { rowNumber: this.rowNumber, cells: [], problems: NO_PROBLEMS };
        this.cellIndex = -1;
        break;
      }
      case 'c': {
        // Read in place: a new string for every cell's reference, type and style adds up over millions of cells.
        const source = tag.source;
        const reference = tag.attributeAt('r');
        const type = tag.attributeAt('t');
        const style = tag.attributeAt('s');
        if (reference === -2 || type === -2 || style === -2) {
          this.readCellAttributes(tag);
        } else {
          const index = reference === -1 ? -1 : columnIndexAt(source, tag.valueStart(reference), tag.valueEnd(reference));
          this.cellIndex = index >= 0 ? index : this.cellIndex + 1;
          this.cellType = type === -1 ? 'n' : cellTypeAt(source, tag.valueStart(type), tag.valueEnd(type));
          this.cellStyle = style === -1 ? 0 : integerAt(source, tag.valueStart(style), tag.valueEnd(style));
        }
        this.value = null;
        this.inlineText = null;
        this.formula = null;
        // A shortcut that gave up part-way may have noted this for text the general way reads differently.
        this.maybeEscaped = true;
        break;
      }
      case 'v':
        this.value = '';
        this.collect('v', selfClosing);
        break;
      case 'f':
        this.formula = '';
        this.collect('f', selfClosing);
        break;
      case 'is':
        this.inInline = true;
        this.inlineText = '';
        break;
      case 'rPh':
        this.inPhonetic = true;
        break;
      case 't':
        if (this.inInline && !this.inPhonetic) this.collect('t', selfClosing);
        break;
    }
  }

  /** The general way, for a cell whose attributes hold entities (no spreadsheet program writes them). */
  private readCellAttributes(tag: XmlScanner): void {
    const values = this.attributeValues;
    tag.attributes(CELL_ATTRIBUTES, values);
    const reference = values[0];
    const index = reference === undefined ? -1 : columnIndexAt(reference, 0, reference.length);
    this.cellIndex = index >= 0 ? index : this.cellIndex + 1;
    this.cellType = values[1] ?? 'n';
    this.cellStyle = values[2] === undefined ? 0 : Number(values[2]);
  }

  /**
   * The usual cell read in one go from the sheet's bytes: <c> with only r, t and s attributes (in any order,
   * double quotes, no entities), then nothing, <v>…</v>, or <is><t>…</t></is>, then </c>. Anything else — a
   * formula, rich text, phonetic guides, other attributes, a prefix, a cell cut by the end of the piece — goes
   * the general way. `b` is the bytes' text, one character a byte, for slicing values out.
   */
  fastCell(b: string, y: Buffer, at: number): number {
    if (this.row === null) return -1;
    // A row's cells follow one another: read them on while they keep the usual shape.
    let end = this.oneCell(b, y, at);
    if (end < 0) return -1;
    for (;;) {
      if (byteAt(y, end) !== 60 || byteAt(y, end + 1) !== 99) return end;
      const next = this.oneCell(b, y, end);
      if (next < 0) return end;
      end = next;
    }
  }

  // Every byte is read through byteAt or behind a check of the length: a read past the end of the piece would
  // send the optimised code back to the interpreter, at the end of every piece.
  private oneCell(b: string, y: Buffer, at: number): number {
    const length = y.length;
    let i = at + 2;
    let code = byteAt(y, i);
    // "<col>" and "<cols>" start with c too.
    if (code !== 32 && code !== 62 && code !== 47) return -1;
    let index = -1;
    let type = 'n';
    let style = 0;
    let selfClosing = false;
    for (;;) {
      if (i >= length) return -1;
      code = y[i]!;
      if (code === 32) {
        i++;
        continue;
      }
      if (code === 62) {
        i++;
        break;
      }
      if (code === 47) {
        if (byteAt(y, i + 1) !== 62) return -1;
        selfClosing = true;
        i += 2;
        break;
      }
      if (byteAt(y, i + 1) !== 61 || byteAt(y, i + 2) !== 34) return -1;
      const start = i + 3;
      // Values here are a few characters: read to the closing quote, leaving any entity to the general way.
      let end = start;
      for (; end < length; end++) {
        const ch = y[end]!;
        if (ch === 34) break;
        if (ch === 38 || ch === 60) return -1;
      }
      if (end >= length) return -1;
      if (code === 114) index = columnIndexOf(y, start, end);
      else if (code === 116) type = cellTypeOf(b, y, start, end);
      else if (code === 115) style = integerOf(b, y, start, end);
      else return -1;
      i = end + 1;
      code = byteAt(y, i);
      if (code !== 32 && code !== 62 && code !== 47) return -1;
    }
    let value: string | null = null;
    let inline: string | null = null;
    let next = i;
    if (!selfClosing) {
      if (byteAt(y, i) !== 60) return -1;
      const second = byteAt(y, i + 1);
      if (second === 47) {
        // </c>
        if (byteAt(y, i + 2) !== 99 || byteAt(y, i + 3) !== 62) return -1;
        next = i + 4;
      } else if (second === 118) {
        // <v>…</v></c>
        if (byteAt(y, i + 2) !== 62) return -1;
        if (type === 's') {
          // The usual shared-string cell: its number read in place, and the shared string itself taken.
          const strings = this.context.sharedStrings;
          let k = i + 3;
          let number = 0;
          for (; k < i + 12; k++) {
            const digit = byteAt(y, k) - 48;
            if (digit < 0 || digit > 9) break;
            number = number * 10 + digit;
          }
          if (k > i + 3 && number < strings.length && endsValueCell(y, k)) {
            this.cellIndex = index >= 0 ? index : this.cellIndex + 1;
            this.put(this.row!, strings[number]!);
            return k + 8;
          }
        }
        const lt = this.readText(b, y, i + 3);
        if (lt < 0 || !endsValueCell(y, lt)) return -1;
        value = this.text_;
        next = lt + 8;
      } else if (second === 105) {
        // <is><t>…</t></is></c>
        if (byteAt(y, i + 2) !== 115 || byteAt(y, i + 3) !== 62 || byteAt(y, i + 4) !== 60 || byteAt(y, i + 5) !== 116 || byteAt(y, i + 6) !== 62) return -1;
        const lt = this.readText(b, y, i + 7);
        if (lt < 0 || !endsInlineCell(y, lt)) return -1;
        inline = this.text_;
        next = lt + 13;
      } else return -1;
    } else this.maybeEscaped = false;
    this.cellIndex = index >= 0 ? index : this.cellIndex + 1;
    this.cellType = type;
    this.cellStyle = style;
    this.value = value;
    this.inlineText = inline;
    this.formula = null;
    this.finishCell();
    return next;
  }

  /**
   * A cell's text from `start` to its next "<" (returned; -1 when the piece ends first) into `text_`: as it is
   * (decoded where it is not ASCII) unless it holds an entity or a carriage return (then as XML reads it);
   * whether it may hold Excel's _xHHHH_ escapes is noted, so most cells skip looking for them again. A long
   * value is copied out rather than sliced: a slice would keep the whole piece it came from in memory for as
   * long as the import keeps the value (a name, say), and so, piece by piece, the whole sheet.
   */
  private readText(b: string, y: Buffer, start: number): number {
    const length = y.length;
    let special = false;
    let underscore = false;
    let wide = false;
    let k = start;
    for (; k < length; k++) {
      const ch = y[k]!;
      if (ch === 60) break;
      if (ch === 38 || ch === 13) special = true;
      else if (ch === 95) underscore = true;
      else if (ch >= 0x80) wide = true;
    }
    if (k >= length) return -1;
    const raw = wide ? y.toString('utf8', start, k) : k - start >= 13 ? y.toString('latin1', start, k) : b.slice(start, k);
    this.text_ = special ? textOf(raw) : raw;
    this.maybeEscaped = underscore;
    return k;
  }

  private collect(into: 'v' | 't' | 'f', selfClosing: boolean): void {
    if (selfClosing) return;
    this.collectingInto = into;
    this.collecting = true;
  }

  text(text: string): void {
    if (this.collectingInto === 'v') this.value += text;
    else if (this.collectingInto === 't') this.inlineText += text;
    else if (this.collectingInto === 'f') this.formula += text;
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 'f':
      case 't':
        this.collectingInto = null;
        this.collecting = false;
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'rPh':
        this.inPhonetic = false;
        break;
      case 'c':
        this.finishCell();
        break;
      case 'row': {
        const row = this.row;
        if (row !== null && (row.cells.length > 0 || row.problems.length > 0)) {
          this.rowsWithValues += 1;
          // The header, the rows an import takes, and no more.
          if (this.rowsWithValues > IMPORT_LIMITS.rows + 1) throw new RowLimitReached();
          this.ready.push(row);
        }
        this.row = null;
        break;
      }
    }
  }

  private finishCell(): void {
    const row = this.row;
    const cellIndex = this.cellIndex;
    if (row === null || cellIndex < 0) return;
    const { cellType, value, context } = this;
    let text: string | null = null;
    const unescape = this.maybeEscaped ? unescapeOoxml : asIs;
    this.maybeEscaped = true;
    if (cellType === 'inlineStr') text = this.inlineText === null ? null : unescape(this.inlineText);
    else if (value === null) {
      if (this.formula !== null) this.problem(row, `=${this.formula}`, 'a value; this cell holds a formula with no saved result: open the file in Excel and save it again');
    } else if (cellType === 's') {
      const index = sharedStringIndex(value);
      if (index >= 0 && index < context.sharedStrings.length) text = context.sharedStrings[index]!;
      else this.problem(row, value, `a value; this cell points at shared text number ${value.trim()}, which the workbook does not have (the file is damaged)`);
    } else if (cellType === 'str') text = unescape(value);
    else if (cellType === 'b') text = value.trim() === '1' || value.trim() === 'true' ? 'true' : 'false';
    else if (cellType === 'e') this.problem(row, value, `a value; this cell holds Excel's error ${value}`);
    else if (cellType === 'd') text = value.trim().slice(0, 10);
    else {
      const raw = value.trim();
      const number = numberText(raw, context.dateStyles[this.cellStyle] === true, context.date1904);
      if (typeof number === 'string') text = number;
      else this.problem(row, raw, number.refused);
    }
    if (text !== null) this.put(row, text);
  }

  /** The current cell's text into its row; a blank one is left out. */
  private put(row: SheetRow, text: string): void {
    if (text === '') return;
    const cellIndex = this.cellIndex;
    if (cellIndex >= IMPORT_LIMITS.columns) {
      throw new WorkbookError(`a sheet of at most ${count(IMPORT_LIMITS.columns)} columns; row ${this.rowNumber} has a value in column ${columnName(cellIndex)}`, this.rowNumber);
    }
    const cells = row.cells;
    while (cells.length < cellIndex) cells.push('');
    cells[cellIndex] = text;
  }

  private problem(row: SheetRow, shown: string, expected: string): void {
    // Most rows have none: they share one empty list until they do.
    if (row.problems === NO_PROBLEMS) row.problems = [];
    row.problems.push({ index: this.cellIndex, value: shown, expected: `${expected} (cell ${columnName(this.cellIndex)}${this.rowNumber})` });
  }
}

/** The byte at `i`, or -1 past the end. */
function byteAt(y: Buffer, i: number): number {
  return i < y.length ? y[i]! : -1;
}

/** "</v></c>" at `at`. */
function endsValueCell(y: Buffer, at: number): boolean {
  return (
    at + 8 <= y.length &&
    y[at] === 60 && y[at + 1] === 47 && y[at + 2] === 118 && y[at + 3] === 62 &&
    y[at + 4] === 60 && y[at + 5] === 47 && y[at + 6] === 99 && y[at + 7] === 62
  );
}

/** "</t></is></c>" at `at`. */
function endsInlineCell(y: Buffer, at: number): boolean {
  return (
    at + 13 <= y.length &&
    y[at] === 60 && y[at + 1] === 47 && y[at + 2] === 116 && y[at + 3] === 62 &&
    y[at + 4] === 60 && y[at + 5] === 47 && y[at + 6] === 105 && y[at + 7] === 115 && y[at + 8] === 62 &&
    y[at + 9] === 60 && y[at + 10] === 47 && y[at + 11] === 99 && y[at + 12] === 62
  );
}

/** As columnIndexAt, from the bytes. */
function columnIndexOf(y: Buffer, start: number, end: number): number {
  let index = 0;
  let i = start;
  for (; i < end; i++) {
    const code = y[i]!;
    if (code >= 65 && code <= 90) index = index * 26 + (code - 64);
    else if (code >= 97 && code <= 122) index = index * 26 + (code - 96);
    else break;
    if (index > 1_000_000) return Infinity;
  }
  return i === start ? -1 : index - 1;
}

/** As cellTypeAt, from the bytes (`b` their text). */
function cellTypeOf(b: string, y: Buffer, start: number, end: number): string {
  const length = end - start;
  if (length === 1) {
    const code = y[start]!;
    if (code === 115) return 's';
    if (code === 110) return 'n';
  } else if (length === 3 && y[start] === 115 && y[start + 1] === 116 && y[start + 2] === 114) return 'str';
  else if (length === 9 && b.startsWith('inlineStr', start)) return 'inlineStr';
  return fromBytes(b.slice(start, end));
}

/** As integerAt, from the bytes (`b` their text). */
function integerOf(b: string, y: Buffer, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = y[i]! - 48;
    if (digit < 0 || digit > 9 || i - start > 8) return Number(fromBytes(b.slice(start, end)));
    value = value * 10 + digit;
  }
  return end === start ? Number('') : value;
}

const NO_PROBLEMS: SheetCellProblem[] = [];
const asIs = (text: string): string => text;

/** A shared string's number as written in the cell; -1 when it is not one. */
function sharedStringIndex(value: string): number {
  // Almost always plain digits; anything else (padding, a sign) the slow way.
  if (value.length > 0 && value.length < 16) {
    let index = 0;
    let i = 0;
    for (; i < value.length; i++) {
      const digit = value.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      index = index * 10 + digit;
    }
    if (i === value.length) return index;
  }
  return PLAIN_INTEGER.test(value.trim()) ? Number(value) : -1;
}

const ROW_ATTRIBUTES = ['r'] as const;
const CELL_ATTRIBUTES = ['r', 't', 's'] as const;

async function* readSheet(zip: Zip, path: string, budget: { left: number }, context: SheetContext): AsyncGenerator<SheetRow[]> {
  const stream = await openPart(zip, path, budget);
  const pieces = new Utf8Pieces();
  const handler = new SheetRowsHandler(context);
  const scanner = new XmlScanner(handler, { bytes: true });
  const notXml = (error: XmlSyntaxError) =>
    new WorkbookError(`${DAMAGED} (its first worksheet is not valid XML ${handler.rowNumber === 0 ? 'before its first row' : `after row ${count(handler.rowNumber)}`}: ${error.message})`, null);
  try {
    for await (const chunk of stream) {
      const bytes = pieces.next(chunk);
      scanner.write(bytes.toString('latin1'), bytes);
      if (handler.ready.length > 0) yield handler.takeReady();
    }
    pieces.end();
    scanner.close();
    if (handler.ready.length > 0) yield handler.takeReady();
  } catch (error) {
    if (error instanceof RowLimitReached) {
      // The rows before the limit, so that their own problems are still reported.
      if (handler.ready.length > 0) yield handler.takeReady();
      throw new WorkbookError(tooManyRows(), null);
    }
    if (error instanceof XmlSyntaxError) throw notXml(error);
    if (error instanceof WorkbookError) throw error;
    throw new WorkbookError(`${DAMAGED} (${zipReason(error)})`);
  } finally {
    stream.destroy();
  }
}

class RowLimitReached extends Error {}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * A part's bytes checked to be UTF-8 piece by piece (as strictly as the decoder: a byte that is not UTF-8 is
 * refused) and cut between characters, a character split by the end of a piece held for the next; a
 * byte-order mark at the start dropped, as the decoder drops it.
 */
class Utf8Pieces {
  private held: Buffer | null = null;
  private first = true;

  next(chunk: Buffer): Buffer {
    let bytes = this.held === null ? chunk : Buffer.concat([this.held, chunk]);
    this.held = null;
    if (this.first) {
      if (bytes.length < BOM.length && bytes.every((byte, i) => byte === BOM[i])) {
        this.held = bytes;
        return EMPTY;
      }
      this.first = false;
      if (bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2]) bytes = bytes.subarray(3);
    }
    const whole = wholeCharacters(bytes);
    if (whole < bytes.length) {
      this.held = Buffer.from(bytes.subarray(whole));
      bytes = bytes.subarray(0, whole);
    }
    if (!isUtf8(bytes)) throw notUtf8();
    return bytes;
  }

  /** The part has ended: a character left part-way is not UTF-8. */
  end(): void {
    if (this.held !== null) throw notUtf8();
  }
}

const EMPTY = Buffer.alloc(0);

function notUtf8(): WorkbookError {
  return new WorkbookError(`${DAMAGED} (${zipReason(new Error('The encoded data was not valid for encoding utf-8'))})`);
}

/** How many of `bytes` are whole characters: all but a character the end cuts (its first one to three bytes). */
function wholeCharacters(bytes: Buffer): number {
  const n = bytes.length;
  // Back over continuation bytes (10xxxxxx) to the byte that starts the last character.
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const byte = bytes[i]!;
    if (byte < 0x80) return n;
    if (byte >= 0xc0) {
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return n - i < size ? i : n;
    }
  }
  // Only continuation bytes at the end: not UTF-8, which the check says.
  return n;
}


/**
 * A number cell as text. Integers are kept digit for digit (a 20-digit id read as a number would be rounded);
 * other numbers as JavaScript writes them; a number in scientific notation too large to be exact is refused.
 */
function numberText(raw: string, isDate: boolean, date1904: boolean): string | NumberRefusal {
  const number = Number(raw);
  if (raw === '' || !Number.isFinite(number)) return { refused: 'a value; this cell should hold a number but holds something else (the file is damaged)' };
  if (isDate) return serialToIso(number, date1904) ?? { refused: 'a date Excel can show; this date cell holds a number far outside any calendar' };
  if (PLAIN_INTEGER.test(raw)) return raw.charCodeAt(0) === 43 ? raw.slice(1) : raw;
  if (Math.abs(number) > Number.MAX_SAFE_INTEGER) {
    return { refused: 'a number of at most 15 digits, or text; this one is too long for Excel to hold exactly, so the value typed is lost: format the column as Text and type it again' };
  }
  return String(number);
}

/** Why a number cell has no usable value. */
interface NumberRefusal {
  refused: string;
}

// ---- exceljs cell values --------------------------------------------------------------------------------

/**
 * An exceljs cell value as the text a CSV export would hold; dates become ISO yyyy-mm-dd. For readers of
 * workbooks this app wrote itself (db/workbooks), which load them whole with exceljs.
 */
export function cellText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numFmt !== undefined && isDateFormat(numFmt) ? (serialToIso(value, false) ?? '') : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    return cellText((value as { result?: ExcelJS.CellValue }).result ?? null, numFmt);
  }
  if ('hyperlink' in value) return cellText((value as { text?: ExcelJS.CellValue }).text ?? '', numFmt);
  if ('error' in value) return String(value.error);
  return '';
}
