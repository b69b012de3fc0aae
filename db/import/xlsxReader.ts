// XLSX → rows of text cells: the zip opened with yauzl (entry sizes checked against the central directory and
// against what actually inflates), the XML read with saxes as it streams, so a large workbook is never held
// whole and a hostile one is refused within IMPORT_LIMITS. Only the first worksheet (in tab order) is read;
// cell values become the strings a CSV would have held. A cell that holds no usable value (an Excel error,
// a formula with no saved result, a shared string that does not exist, a number too long to be exact)
// comes back as a problem naming the cell rather than as a blank.

import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import { IMPORT_LIMITS, count, megabytes, tooManyRows } from './limits';

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
        ? parseSharedStrings(await readPart(zip, stringsPath, budget, IMPORT_LIMITS.sharedStringsBytes))
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
async function openPart(zip: Zip, path: string, budget: { left: number }, partLimit: number = Infinity): Promise<Readable> {
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
  try {
    return await zip.file.openReadStreamPromise(entry);
  } catch (error) {
    throw new WorkbookError(`${DAMAGED} (${zipReason(error)})`);
  }
}

/** A whole (small) part as text. */
async function readPart(zip: Zip, path: string, budget: { left: number }, partLimit?: number): Promise<string> {
  const stream = await openPart(zip, path, budget, partLimit);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  try {
    for await (const chunk of stream) text += decoder.decode(chunk as Buffer, { stream: true });
    return text + decoder.decode();
  } catch (error) {
    throw new WorkbookError(`${DAMAGED} (${zipReason(error)})`);
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
function parseSharedStrings(xml: string): string[] {
  const strings: string[] = [];
  let current: string | null = null;
  let inText = false;
  let inPhonetic = false;
  parseXml(xml, 'sharedStrings', {
    open: (tag) => {
      const name = local(tag.name);
      if (name === 'si') current = '';
      else if (name === 'rPh') inPhonetic = true;
      else if (name === 't' && !inPhonetic) inText = true;
    },
    text: (text) => {
      if (inText && current !== null) current += text;
    },
    close: (tag) => {
      const name = local(tag.name);
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si' && current !== null) {
        strings.push(unescapeOoxml(current));
        current = null;
      }
    },
  });
  return strings;
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

/** Column letters of a cell reference (B12 → 1); -1 when there are none. */
function columnIndex(reference: string): number {
  let index = 0;
  let i = 0;
  for (; i < reference.length; i++) {
    const code = reference.charCodeAt(i);
    if (code >= 65 && code <= 90) index = index * 26 + (code - 64);
    else if (code >= 97 && code <= 122) index = index * 26 + (code - 96);
    else break;
    if (index > 1_000_000) return Infinity;
  }
  return i === 0 ? -1 : index - 1;
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

async function* readSheet(zip: Zip, path: string, budget: { left: number }, context: SheetContext): AsyncGenerator<SheetRow> {
  const stream = await openPart(zip, path, budget);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parser = new SaxesParser();
  const ready: SheetRow[] = [];

  let rowNumber = 0;
  let row: SheetRow | null = null;
  let rowsWithValues = 0;
  // The cell being read.
  let cellIndex = -1;
  let cellType = 'n';
  let cellStyle = 0;
  let value: string | null = null;
  let inlineText: string | null = null;
  let formula: string | null = null;
  let collecting: 'v' | 't' | 'f' | null = null;
  let inInline = false;
  let inPhonetic = false;

  const finishCell = (): void => {
    if (row === null || cellIndex < 0) return;
    const problem = (shown: string, expected: string) =>
      row!.problems.push({ index: cellIndex, value: shown, expected: `${expected} (cell ${columnName(cellIndex)}${rowNumber})` });
    let text: string | null = null;
    if (cellType === 'inlineStr') text = inlineText === null ? null : unescapeOoxml(inlineText);
    else if (value === null) {
      if (formula !== null) problem(`=${formula}`, 'a value; this cell holds a formula with no saved result: open the file in Excel and save it again');
    } else if (cellType === 's') {
      const index = PLAIN_INTEGER.test(value.trim()) ? Number(value) : -1;
      if (index >= 0 && index < context.sharedStrings.length) text = context.sharedStrings[index]!;
      else problem(value, `a value; this cell points at shared text number ${value.trim()}, which the workbook does not have (the file is damaged)`);
    } else if (cellType === 'str') text = unescapeOoxml(value);
    else if (cellType === 'b') text = value.trim() === '1' || value.trim() === 'true' ? 'true' : 'false';
    else if (cellType === 'e') problem(value, `a value; this cell holds Excel's error ${value}`);
    else if (cellType === 'd') text = value.trim().slice(0, 10);
    else text = numberText(value.trim(), context.dateStyles[cellStyle] === true, context.date1904, problem);
    if (text !== null && text !== '') {
      if (cellIndex >= IMPORT_LIMITS.columns) {
        throw new WorkbookError(`a sheet of at most ${count(IMPORT_LIMITS.columns)} columns; row ${rowNumber} has a value in column ${columnName(cellIndex)}`, rowNumber);
      }
      const cells = row.cells;
      while (cells.length < cellIndex) cells.push('');
      cells[cellIndex] = text;
    }
  };

  parser.on('opentag', (tag) => {
    switch (local(tag.name)) {
      case 'row': {
        const r = Number(attribute(tag, 'r'));
        rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
        row = { rowNumber, cells: [], problems: [] };
        cellIndex = -1;
        break;
      }
      case 'c': {
        const reference = attribute(tag, 'r');
        const index = reference === undefined ? -1 : columnIndex(reference);
        cellIndex = index >= 0 ? index : cellIndex + 1;
        cellType = attribute(tag, 't') ?? 'n';
        cellStyle = Number(attribute(tag, 's') ?? 0);
        value = null;
        inlineText = null;
        formula = null;
        break;
      }
      case 'v':
        collecting = 'v';
        value = '';
        break;
      case 'f':
        collecting = 'f';
        formula = '';
        break;
      case 'is':
        inInline = true;
        inlineText = '';
        break;
      case 'rPh':
        inPhonetic = true;
        break;
      case 't':
        if (inInline && !inPhonetic) collecting = 't';
        break;
    }
  });
  const onText = (text: string): void => {
    if (collecting === 'v') value += text;
    else if (collecting === 't') inlineText += text;
    else if (collecting === 'f') formula += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    switch (local(tag.name)) {
      case 'v':
      case 'f':
      case 't':
        collecting = null;
        break;
      case 'is':
        inInline = false;
        break;
      case 'rPh':
        inPhonetic = false;
        break;
      case 'c':
        finishCell();
        break;
      case 'row':
        if (row !== null && (row.cells.length > 0 || row.problems.length > 0)) {
          rowsWithValues += 1;
          // The header, the rows an import takes, and no more.
          if (rowsWithValues > IMPORT_LIMITS.rows + 1) throw new RowLimitReached();
          ready.push(row);
        }
        row = null;
        break;
    }
  });

  try {
    for await (const chunk of stream) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      try {
        parser.write(text);
      } catch (error) {
        if (error instanceof RowLimitReached || error instanceof WorkbookError) throw error;
        throw new WorkbookError(`${DAMAGED} (its first worksheet is not valid XML at line ${parser.line}: ${firstLine(error).replace(/^[^:]*:\d+:\d+: /, '')})`, null);
      }
      while (ready.length > 0) yield ready.shift()!;
    }
    parser.write(decoder.decode()).close();
    while (ready.length > 0) yield ready.shift()!;
  } catch (error) {
    if (error instanceof RowLimitReached) {
      while (ready.length > 0) yield ready.shift()!;
      throw new WorkbookError(tooManyRows(), null);
    }
    if (error instanceof WorkbookError) throw error;
    throw new WorkbookError(`${DAMAGED} (${zipReason(error)})`);
  } finally {
    stream.destroy();
  }
}

class RowLimitReached extends Error {}


/**
 * A number cell as text. Integers are kept digit for digit (a 20-digit id read as a number would be rounded);
 * other numbers as JavaScript writes them; a number in scientific notation too large to be exact is refused.
 */
function numberText(raw: string, isDate: boolean, date1904: boolean, problem: (shown: string, expected: string) => void): string | null {
  const number = Number(raw);
  if (raw === '' || !Number.isFinite(number)) {
    problem(raw, 'a value; this cell should hold a number but holds something else (the file is damaged)');
    return null;
  }
  if (isDate) {
    const iso = serialToIso(number, date1904);
    if (iso === null) problem(raw, 'a date Excel can show; this date cell holds a number far outside any calendar');
    return iso;
  }
  if (PLAIN_INTEGER.test(raw)) return raw.replace(/^\+/, '');
  if (Math.abs(number) > Number.MAX_SAFE_INTEGER) {
    problem(raw, 'a number of at most 15 digits, or text; this one is too long for Excel to hold exactly, so the value typed is lost: format the column as Text and type it again');
    return null;
  }
  return String(number);
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
