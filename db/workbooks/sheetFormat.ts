// What the contributors' workbooks have in common: a data sheet whose columns to fill are marked and
// unlocked (everything else locked), a "Read me" sheet in plain words, and a hidden sheet that stamps the
// workbook with the panel it came from and when it was written, so taking it back can tell what changed
// in the panel since. Reading one back checks all of that and reports problems in the import's terms.

import ExcelJS from 'exceljs';
import type { Actor, Panel, Person, Role } from '../../shared/domain';
import type { ImportIssue } from '../../shared/importTypes';
import { baseName, sniffFormat } from '../import/format';
import type { PanelSnapshot } from './stamping';

export type WorkbookKind = 'finance' | 'member_preview';

export const WORKBOOK_KIND_LABELS: Record<WorkbookKind, string> = {
  finance: 'a finance partner’s workbook',
  member_preview: 'a panel member’s preview workbook',
};

/** Where each kind is written and taken back, for messages that say what to do instead. */
const WORKBOOK_KIND_COMMANDS: Record<WorkbookKind, string> = {
  finance: 'modpanel finance-sheet (Export ▸ Finance partner’s workbook)',
  member_preview: 'modpanel preview-sheet (Export ▸ Panel member’s preview)',
};

/** The hidden sheet's name, and the mark in its first cell. */
const STAMP_SHEET = 'modpanel';
const STAMP_MARK = 'modpanel contribution workbook';
const STAMP_VERSION = 1;

export interface WorkbookStamp {
  kind: WorkbookKind;
  panelName: string;
  panelCreatedAt: string;
  performanceYear: number;
  writtenAt: string;
  writtenBy: string;
  writtenByRole: Role;
  /** The last audit event when the workbook was written: anything logged after it happened since. */
  auditWatermark: number;
  /** The panel member a preview is for. */
  member: string | null;
}

export interface SheetColumn {
  key: string;
  header: string;
  width: number;
  /** A column the contributor fills in: marked, unlocked, with this note on its header. */
  fill?: string;
}

/** The columns every contributor's workbook opens with: who the person is, and nothing more about them. */
export const PERSON_COLUMNS: readonly SheetColumn[] = [
  { key: 'staff_id', header: 'staff_id', width: 12 },
  { key: 'name', header: 'name', width: 26 },
  { key: 'grade', header: 'grade', width: 10 },
  { key: 'business_unit', header: 'business_unit', width: 22 },
  { key: 'job_title', header: 'job_title', width: 26 },
];

/** A person's cells for PERSON_COLUMNS. */
export function personCells(p: Person): Record<string, string> {
  return {
    staff_id: safeText(p.staffId),
    name: safeText(p.name),
    grade: safeText(p.grade),
    business_unit: safeText(p.businessUnit),
    job_title: safeText(p.jobTitle),
  };
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1D3557' } };
const FILL_HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFD966' } };
const FILL_CELL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF7D6' } };

/**
 * Text for a cell, as it is: written as a text cell, which no spreadsheet runs as a formula, so it needs no
 * apostrophe (one would show as part of the value; db/neutralise.ts).
 */
export function safeText(value: string | null | undefined): string {
  return value ?? '';
}

/** Workbooks written before text cells were left as they are carried an apostrophe that is not the contributor's. */
export function unneutralise(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/**
 * Adds the data sheet: a header row (the columns to fill in gold, with a note saying what goes there), then
 * the rows. Cells to fill are unlocked; `validation` gives a column its drop-down list.
 */
export function addDataSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: readonly SheetColumn[],
  rows: readonly Record<string, string>[],
  validations: Record<string, ExcelJS.DataValidation>,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  const header = sheet.getRow(1);
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = { bold: true, color: { argb: column.fill ? 'FF000000' : 'FFFFFFFF' } };
    cell.fill = column.fill ? FILL_HEADER_FILL : HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
    if (column.fill) cell.note = column.fill;
  });
  header.height = 30;
  const fillIndexes = columns.flatMap((c, i) => (c.fill ? [i + 1] : []));
  for (const record of rows) {
    const row = sheet.addRow(columns.map((c) => record[c.key] ?? ''));
    for (const index of fillIndexes) {
      const cell = row.getCell(index);
      cell.protection = { locked: false };
      cell.fill = FILL_CELL_FILL;
    }
  }
  // One validation over the whole column's range: exceljs's own merging of per-cell validations sorts
  // addresses as text (G10 before G2) and writes overlapping ranges, which Excel reports as damage.
  const ranges = (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
  columns.forEach((column, index) => {
    const validation = validations[column.key];
    if (!validation || rows.length === 0) return;
    const letter = sheet.getColumn(index + 1).letter;
    ranges.add(`${letter}2:${letter}${rows.length + 1}`, validation);
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

/**
 * A drop-down list of these values, refusing anything else as it is typed. Excel allows 32 characters in
 * a title and 255 in a message, and repairs (strips) a validation that has more.
 */
export function listValidation(values: readonly string[], what: string): ExcelJS.DataValidation {
  const title = (text: string) => text.slice(0, 32);
  const capitalised = `${what[0]!.toUpperCase()}${what.slice(1)}`;
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${values.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: title('Not on the list'),
    error: `${capitalised} must be one of: ${values.join(', ')}.`.slice(0, 255),
    showInputMessage: true,
    promptTitle: title(capitalised),
    prompt: `Choose ${values.join(', ')} from the list.`.slice(0, 255),
  };
}

/** The "Read me" sheet: a title and plain sentences, one a row. */
export function addReadMeSheet(workbook: ExcelJS.Workbook, title: string, lines: readonly string[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet('Read me');
  sheet.getColumn(1).width = 110;
  const heading = sheet.addRow([safeText(title)]);
  heading.font = { bold: true, size: 14 };
  sheet.addRow([]);
  for (const line of lines) {
    const row = sheet.addRow([safeText(line)]);
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  return sheet;
}

/** Locks a sheet without a password: the unlocked cells stay editable, the rest cannot be changed by accident. */
export async function lockSheet(sheet: ExcelJS.Worksheet): Promise<void> {
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    autoFilter: true,
    sort: false,
    insertRows: false,
    deleteRows: false,
    insertColumns: false,
    deleteColumns: false,
  });
}

/** The hidden stamp: key/value rows, then (optionally) a table of what each row held when written. */
export async function addStampSheet(workbook: ExcelJS.Workbook, stamp: WorkbookStamp, table?: { headers: string[]; rows: string[][] }): Promise<void> {
  const sheet = workbook.addWorksheet(STAMP_SHEET);
  sheet.state = 'veryHidden';
  sheet.addRow([STAMP_MARK, STAMP_VERSION]);
  const entries: [string, string | number][] = [
    ['kind', stamp.kind],
    ['panel_name', stamp.panelName],
    ['panel_created_at', stamp.panelCreatedAt],
    ['performance_year', stamp.performanceYear],
    ['written_at', stamp.writtenAt],
    ['written_by', stamp.writtenBy],
    ['written_by_role', stamp.writtenByRole],
    ['audit_watermark', stamp.auditWatermark],
    ['member', stamp.member ?? ''],
  ];
  for (const [key, value] of entries) sheet.addRow([key, typeof value === 'string' ? safeText(value) : value]);
  if (table) {
    sheet.addRow([]);
    sheet.addRow(table.headers);
    for (const row of table.rows) sheet.addRow(row.map(safeText));
  }
  await lockSheet(sheet);
}

export interface WrittenWorkbook {
  fileName: string;
  bytes: Uint8Array;
  people: number;
  writtenAt: string;
  watermark: number;
}

/**
 * Finishes a contributor's workbook once its sheets are filled: locks them, stamps it with the panel as
 * `snapshot` read it and who wrote it (with `table`, what each row held), and gives its bytes and file name.
 */
export async function finishContributionWorkbook(
  workbook: ExcelJS.Workbook,
  sheets: readonly ExcelJS.Worksheet[],
  written: { kind: WorkbookKind; snapshot: PanelSnapshot; actor: Actor; people: number; member: string | null; fileWhat: string; table?: { headers: string[]; rows: string[][] } },
): Promise<WrittenWorkbook> {
  const { snapshot, actor } = written;
  for (const sheet of sheets) await lockSheet(sheet);
  const stamp: WorkbookStamp = {
    kind: written.kind,
    panelName: snapshot.panel.name,
    panelCreatedAt: snapshot.panel.createdAt,
    performanceYear: snapshot.panel.performanceYear,
    writtenAt: snapshot.writtenAt,
    writtenBy: actor.name,
    writtenByRole: actor.role,
    auditWatermark: snapshot.watermark,
    member: written.member,
  };
  await addStampSheet(workbook, stamp, written.table);
  return {
    fileName: workbookFileName(snapshot.panel, written.fileWhat, snapshot.writtenAt),
    bytes: await workbookBytes(workbook),
    people: written.people,
    writtenAt: snapshot.writtenAt,
    watermark: snapshot.watermark,
  };
}

export interface ReadWorkbook {
  file: string;
  stamp: WorkbookStamp | null;
  /** The stamp's table (what each row held when written), keyed by its first column. */
  asWritten: Map<string, Record<string, string>>;
  /** The data sheet's rows below the header, blank rows skipped, keyed by header. */
  rows: { rowNumber: number; cells: Record<string, string> }[];
  /** The headers found on the data sheet. */
  headers: string[];
  errors: ImportIssue[];
}

/** A cell as the text the contributor sees (only text and the drop-down's words matter here). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('hyperlink' in value) return cellText((value as { text?: ExcelJS.CellValue }).text ?? '');
  if ('error' in value) return String(value.error);
  return '';
}

/** Returned workbooks are small (a 10,000-person one is about a megabyte); anything far larger is refused unread. */
export const WORKBOOK_LIMITS = { fileBytes: 64 * 1024 * 1024, uncompressedBytes: 512 * 1024 * 1024, compressionRatio: 1_000 } as const;

/**
 * What the zip's central directory says it unpacks to, or null when it cannot be read. Checked before the
 * workbook is loaded whole, so a zip bomb is refused in bounded memory.
 */
export function declaredUnpackedBytes(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
    total += view.getUint32(offset + 24, true);
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return total;
}

function problem(file: string, expected: string, value: string | null = null): ImportIssue {
  return { file, row: null, column: null, value, expected };
}

/** "Staff ID" and "staff_id" are the same header. */
function headerKey(text: string): string {
  return text.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function readStamp(sheet: ExcelJS.Worksheet): { stamp: WorkbookStamp | null; asWritten: Map<string, Record<string, string>> } {
  const asWritten = new Map<string, Record<string, string>>();
  if (cellText(sheet.getCell(1, 1).value) !== STAMP_MARK) return { stamp: null, asWritten };
  const values = new Map<string, string>();
  let row = 2;
  for (; row <= sheet.rowCount; row++) {
    const key = cellText(sheet.getCell(row, 1).value);
    if (key === '') break;
    values.set(key, unneutralise(cellText(sheet.getCell(row, 2).value)));
  }
  const kind = values.get('kind');
  const auditWatermark = Number(values.get('audit_watermark'));
  const performanceYear = Number(values.get('performance_year'));
  if ((kind !== 'finance' && kind !== 'member_preview') || !Number.isInteger(auditWatermark) || !Number.isInteger(performanceYear)) {
    return { stamp: null, asWritten };
  }
  const stamp: WorkbookStamp = {
    kind,
    panelName: values.get('panel_name') ?? '',
    panelCreatedAt: values.get('panel_created_at') ?? '',
    performanceYear,
    writtenAt: values.get('written_at') ?? '',
    writtenBy: values.get('written_by') ?? '',
    writtenByRole: (values.get('written_by_role') ?? 'hr') as Role,
    auditWatermark,
    member: values.get('member') || null,
  };
  // The table of what each row held when written, after one blank row.
  const headerRow = row + 1;
  const headers: string[] = [];
  for (let c = 1; c <= sheet.columnCount; c++) headers.push(cellText(sheet.getCell(headerRow, c).value));
  if (headers[0]) {
    for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
      const key = unneutralise(cellText(sheet.getCell(r, 1).value));
      if (key === '') continue;
      const record: Record<string, string> = {};
      headers.forEach((h, i) => (record[h] = unneutralise(cellText(sheet.getCell(r, i + 1).value))));
      asWritten.set(key, record);
    }
  }
  return { stamp, asWritten };
}

/**
 * Reads a returned workbook: checks it is an .xlsx written by this app for `kind` from `panel`, and gives
 * its data sheet's rows by header. Every problem with the file as a whole is reported, never thrown.
 */
export async function readContributionWorkbook(fileName: string, bytes: Uint8Array, kind: WorkbookKind, panel: Panel, dataSheet: string): Promise<ReadWorkbook> {
  const file = baseName(fileName);
  const result: ReadWorkbook = { file, stamp: null, asWritten: new Map(), rows: [], headers: [], errors: [] };
  const fail = (expected: string) => {
    result.errors.push(problem(file, expected));
    return result;
  };
  const expectedFile = `${WORKBOOK_KIND_LABELS[kind]} written by ${WORKBOOK_KIND_COMMANDS[kind]}`;
  const format = sniffFormat(bytes);
  if (format === 'xls') return fail(`${expectedFile}, saved as .xlsx; this is an old-style .xls workbook, so open it in Excel and save it as .xlsx`);
  if (format !== 'xlsx') return fail(`${expectedFile} (.xlsx); this file is not an Excel workbook`);
  if (bytes.length > WORKBOOK_LIMITS.fileBytes) return fail(`${expectedFile}, of at most 64 MB; this file is ${Math.round(bytes.length / 1048576)} MB`);
  const unpacked = declaredUnpackedBytes(bytes);
  if (unpacked === null) return fail(`${expectedFile}; this file is damaged (its zip directory cannot be read)`);
  if (unpacked > WORKBOOK_LIMITS.uncompressedBytes || unpacked > bytes.length * WORKBOOK_LIMITS.compressionRatio) {
    return fail(`${expectedFile}; this file unpacks to ${Math.round(unpacked / 1048576)} MB, far more than any workbook the panel writes, so it was not opened`);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    return fail(`${expectedFile}; this workbook could not be read (${(error as Error).message})`);
  }
  const stampSheet = workbook.getWorksheet(STAMP_SHEET);
  const { stamp, asWritten } = stampSheet ? readStamp(stampSheet) : { stamp: null, asWritten: new Map<string, Record<string, string>>() };
  if (!stamp) {
    return fail(`${expectedFile}; this workbook has no record of which panel it came from (its hidden "modpanel" sheet is missing), so write a new one and copy the entries into it`);
  }
  if (stamp.kind !== kind) return fail(`${expectedFile}; this is ${WORKBOOK_KIND_LABELS[stamp.kind]}`);
  if (stamp.panelCreatedAt !== panel.createdAt || stamp.panelName !== panel.name) {
    return fail(`a workbook written from this panel ("${panel.name}"); this one was written from "${stamp.panelName}" on ${stamp.writtenAt.slice(0, 10)}`);
  }
  result.stamp = stamp;
  result.asWritten = asWritten;
  const sheet = workbook.getWorksheet(dataSheet) ?? workbook.worksheets.find((s) => s.state !== 'veryHidden' && s.state !== 'hidden' && s.name !== 'Read me');
  if (!sheet) return fail(`${expectedFile}, with its "${dataSheet}" sheet; that sheet is missing`);
  const headerRow = sheet.getRow(1);
  const headers: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (cell, column) => {
    headers[column - 1] = headerKey(cellText(cell.value));
  });
  result.headers = headers.map((h) => h ?? '');
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, string> = {};
    let blank = true;
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const key = result.headers[column - 1];
      if (!key) return;
      const text = unneutralise(cellText(cell.value).trim());
      cells[key] = text;
      if (text !== '') blank = false;
    });
    if (!blank) result.rows.push({ rowNumber, cells });
  });
  return result;
}

/** The workbook as bytes. */
export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  workbook.creator = 'Moderation Panel';
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** "policy-group-finance-2026-12-02.xlsx": the panel, what it is, the day. */
export function workbookFileName(panel: Panel, what: string, writtenAt: string): string {
  const slug = (text: string) => text.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
  return `${slug(panel.name) || 'panel'}-${slug(what)}-${writtenAt.slice(0, 10)}.xlsx`;
}

/** A problem for each of `required` missing from the data sheet's header row. */
export function missingColumns(read: ReadWorkbook, required: readonly string[], dataSheet: string): ImportIssue[] {
  return required
    .filter((column) => !read.headers.includes(column))
    .map((column) => ({ file: read.file, row: 1, column, value: null, expected: `a "${column}" column on the ${dataSheet} sheet (the header row was changed)` }));
}

/**
 * Goes through the data sheet's rows, checking each one's staff id names someone in this panel, once, into
 * `errors`. A row with no staff id is reported and skipped; any other row goes to `check` with `ok` false when
 * its staff id was wrong (so the rest of it is still checked). A sheet with no rows is reported after.
 */
export function checkPersonRows(
  read: ReadWorkbook,
  dataSheet: string,
  inPanel: (staffId: string) => boolean,
  errors: ImportIssue[],
  check: (row: { rowNumber: number; cells: Record<string, string>; staffId: string; ok: boolean }) => void,
): void {
  const issue = (row: number | null, column: string | null, value: string | null, expected: string) => errors.push({ file: read.file, row, column, value, expected });
  const seen = new Map<string, number>();
  for (const { rowNumber, cells } of read.rows) {
    const staffId = cells.staff_id ?? '';
    if (staffId === '') {
      issue(rowNumber, 'staff_id', '', 'the staff id of someone in this panel (the row has none)');
      continue;
    }
    let ok = true;
    if (!inPanel(staffId)) {
      issue(rowNumber, 'staff_id', staffId, 'the staff id of someone in this panel');
      ok = false;
    } else if (seen.has(staffId)) {
      issue(rowNumber, 'staff_id', staffId, `each person once (${staffId} is also on row ${seen.get(staffId)})`);
      ok = false;
    }
    seen.set(staffId, seen.get(staffId) ?? rowNumber);
    check({ rowNumber, cells, staffId, ok });
  }
  if (read.rows.length === 0) issue(null, null, null, `at least one person on the ${dataSheet} sheet (it has no rows)`);
}
