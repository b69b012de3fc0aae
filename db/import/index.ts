// The import parser's public API: an HR file (CSV or XLSX, path or uploaded bytes) → validated records and
// every problem found. Nothing is written here; the moderation service applies the result whole or not at all.

import { readFile, stat } from 'node:fs/promises';
import type { ImportIssue, ParsedImport } from '../../shared/importTypes';
import { openCsv } from './csvReader';
import { decodeText } from './decodeText';
import { type ImportFormat, baseName, detectFormat, sniffFormat } from './format';
import { columnLetter, planColumns } from './headers';
import { IMPORT_LIMITS, count, megabytes, tooManyRows } from './limits';
import type { MappingFile } from './mappingFile';
import { type CellProblem, RecordBuilder } from './recordBuilder';
import { RowIntake } from './rowIntake';

export { detectFormat } from './format';
export { MappingFileError, type MappingFile, mappingFileSchema, parseMappingJson, readMappingFile } from './mappingFile';
export { TEMPLATE_COLUMNS } from './targets';
export { IMPORT_LIMITS, safeText, shownValue } from './limits';

export interface ParseOptions {
  /** ISO date (the eligibility cut-off); age bands from a date of birth are worked out at this date. */
  cutoff: string;
  mapping?: MappingFile;
  /**
   * Called about every 5,000 rows and once at the end with done === total. `total` is an estimate for CSV
   * (its line count) and 0 for XLSX, whose row count is unknown until the sheet has been read.
   */
  onProgress?: (done: number, total: number) => void;
}

const PROGRESS_EVERY = 5000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses and validates the file at `path`. `records` holds only rows without errors; the import may go
 * ahead only when `errors` is empty. Problems with the file itself come back as errors, not exceptions.
 */
export async function parseImportFile(path: string, options: ParseOptions): Promise<ParsedImport> {
  let bytes: Uint8Array;
  try {
    // Too large is refused before it is read.
    const size = (await stat(path)).size;
    if (size > IMPORT_LIMITS.fileBytes) return fileProblem(baseName(path), detectFormat(path) ?? 'csv', tooLarge(size));
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return fileProblem(baseName(path), detectFormat(path) ?? 'csv', `a file that can be opened (${reason})`);
  }
  return parseImportBuffer(path, bytes, options);
}

/** As parseImportFile, for bytes uploaded through the import wizard. `fileName` names the file in issues. */
export async function parseImportBuffer(fileName: string, bytes: Uint8Array, options: ParseOptions): Promise<ParsedImport> {
  if (!ISO_DATE.test(options.cutoff)) throw new RangeError(`cutoff must be an ISO date (yyyy-mm-dd), got "${options.cutoff}"`);
  const file = baseName(fileName);
  if (bytes.length > IMPORT_LIMITS.fileBytes) return fileProblem(file, detectFormat(fileName) ?? 'csv', tooLarge(bytes.length));
  const sniffed = sniffFormat(bytes);
  if (sniffed === 'xls') {
    return fileProblem(file, 'xlsx', 'an .xlsx or .csv file; this is an old-style .xls workbook, so open it in Excel and save it as .xlsx');
  }
  const format = sniffed ?? detectFormat(fileName) ?? 'csv';
  if (bytes.length === 0) return fileProblem(file, format, 'a header row and at least one person (the file is empty)');
  if (format === 'xlsx' && sniffed === null) {
    return fileProblem(file, 'xlsx', 'an .xlsx workbook, but this file is not one (if it is a CSV export, give it a .csv name)');
  }
  return format === 'xlsx' ? parseXlsx(file, bytes, options) : parseCsv(file, bytes, options);
}

async function parseCsv(file: string, bytes: Uint8Array, options: ParseOptions): Promise<ParsedImport> {
  const { text, encoding, damagedBytes } = decodeText(bytes);
  const rows = openCsv(text);
  const headerCells = rows.next();
  if (headerCells === null || headerCells.every((cell) => cell.trim() === '')) {
    if (rows.malformed !== null) return fileProblem(file, 'csv', rows.malformed.expected, rows.malformed.row);
    return fileProblem(file, 'csv', 'a header row (staff_id, name, …) in row 1; the first row is blank');
  }
  const tooWide = columnsProblem(headerCells.length);
  if (tooWide !== null) return fileProblem(file, 'csv', tooWide, 1);
  const headers = headerCells.map((cell) => cell.trim());
  const plan = planColumns(file, headers, options.mapping);
  const builder = new RecordBuilder(file, plan, headers.length, options.mapping, options.cutoff);
  const intake = new RowIntake(file, plan, builder, options.mapping);
  const estimatedRows = Math.max(0, countLines(text) - rows.rowNumber);

  let previousLength = headers.length;
  let lastLength = 0;
  for (let cells = rows.next(); cells !== null; cells = rows.next()) {
    intake.add(cells, rows.rowNumber, unreadableCells(cells, damagedBytes > 0));
    previousLength = lastLength;
    lastLength = cells.length;
    if (builder.rowsRead % PROGRESS_EVERY === 0) await reportProgress(options, builder.rowsRead, estimatedRows);
  }
  const errors = [...plan.errors, ...builder.errors];
  const warnings: ImportIssue[] = [];
  if (rows.malformed !== null) {
    errors.push({ file, row: rows.malformed.row, column: null, value: null, expected: rows.malformed.expected });
  } else if (!rows.endsWithLineBreak && rows.rowCount > 1 && lastLength > 1 && lastLength < headers.length && lastLength < Math.max(previousLength, 2)) {
    // A file cut short mid-row would otherwise blank the rest of that person's columns (and, on a re-import,
    // the panel's values for them). Rows that are all short alike are a file's style, not a cut.
    errors.push({
      file,
      row: rows.rowNumber,
      column: null,
      value: null,
      expected: `a complete last row; the file ends part-way through this one (${count(lastLength)} of ${count(headers.length)} columns and no line break), so it looks cut short: export it again`,
    });
  }
  if (rows.overRowLimit) errors.push({ file, row: null, column: null, value: null, expected: tooManyRows() });
  if (encoding === 'windows-1252' && /[^\u0000-\u007f]/.test(text)) {
    warnings.push({
      file,
      row: null,
      column: null,
      value: null,
      expected:
        'UTF-8 text; this file is not UTF-8, so it was read as Windows-1252 (the usual encoding of older Windows exports): check that accented names read right, or save it as "CSV UTF-8" and import it again',
    });
  } else if (encoding === 'utf-16') {
    warnings.push({ file, row: null, column: null, value: null, expected: 'UTF-8 text; this file is UTF-16 ("Unicode text"), and was read as such' });
  }
  return finish(file, 'csv', plan, builder, intake, errors, options, warnings);
}

/** Cells no import should take: longer than Excel allows, or holding a byte that was not UTF-8 in a UTF-8 file. */
function unreadableCells(cells: readonly string[], damaged: boolean): CellProblem[] {
  let problems: CellProblem[] | undefined;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as string;
    if (cell.length > IMPORT_LIMITS.cellCharacters) {
      (problems ??= []).push({ index: i, value: cell, expected: `a value of at most ${count(IMPORT_LIMITS.cellCharacters)} characters (Excel's own limit); this one has ${count(cell.length)}` });
    } else if (damaged && cell.includes('\uFFFD')) {
      (problems ??= []).push({
        index: i,
        value: cell,
        expected:
          'UTF-8 text like the rest of the file; this cell has a byte that is not UTF-8 (shown as \uFFFD), so it cannot be read safely: save the file as "CSV UTF-8" and import it again',
      });
    }
  }
  return problems ?? NO_PROBLEMS;
}
const NO_PROBLEMS: CellProblem[] = [];

function columnsProblem(columns: number): string | null {
  return columns > IMPORT_LIMITS.columns
    ? `a header of at most ${count(IMPORT_LIMITS.columns)} columns; this one has ${count(columns)} (the last is column ${columnLetter(columns - 1)})`
    : null;
}

function tooLarge(bytes: number): string {
  return `a file of at most ${megabytes(IMPORT_LIMITS.fileBytes)}; this one is ${megabytes(bytes)}, far more than a panel's people (100,000 people with every column take about 25 MB)`;
}

async function parseXlsx(file: string, bytes: Uint8Array, options: ParseOptions): Promise<ParsedImport> {
  let plan: ReturnType<typeof planColumns> | null = null;
  let builder: RecordBuilder | null = null;
  let intake: RowIntake | null = null;
  let fileError: ImportIssue | null = null;
  // The workbook reader (zip and XML) is only loaded for workbooks.
  const { readFirstWorksheetInBatches, WorkbookError } = await import('./xlsxReader');
  try {
    for await (const batch of readFirstWorksheetInBatches(bytes)) {
      for (const { rowNumber, cells, problems } of batch) {
        if (builder === null) {
          // The header is the first row with anything in it (normally row 1).
          if (cells.every((cell) => cell.trim() === '')) continue;
          const tooWide = columnsProblem(cells.length);
          if (tooWide !== null) return fileProblem(file, 'xlsx', tooWide, rowNumber);
          const headers = cells.map((cell) => cell.trim());
          plan = planColumns(file, headers, options.mapping, rowNumber);
          builder = new RecordBuilder(file, plan, headers.length, options.mapping, options.cutoff);
          intake = new RowIntake(file, plan, builder, options.mapping);
          continue;
        }
        intake!.add(cells, rowNumber, withLongCells(cells, problems));
        if (builder.rowsRead % PROGRESS_EVERY === 0) await reportProgress(options, builder.rowsRead, null);
      }
    }
  } catch (error) {
    const expected =
      error instanceof WorkbookError
        ? error.expected
        : `a workbook Excel can open; this one is damaged or cut short (${(error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200)})`;
    fileError = { file, row: error instanceof WorkbookError ? error.row : null, column: null, value: null, expected };
  }
  if (plan === null || builder === null || intake === null) {
    return fileProblem(file, 'xlsx', fileError?.expected ?? 'a header row (staff_id, name, …) in row 1 of the first worksheet; it is empty', fileError?.row ?? null);
  }
  const errors = [...plan.errors, ...builder.errors];
  if (fileError !== null) errors.push(fileError);
  return finish(file, 'xlsx', plan, builder, intake, errors, options);
}

/** Adds cells past Excel's length limit (only a hostile file has them) to the reader's problems. */
function withLongCells(cells: readonly string[], problems: CellProblem[]): CellProblem[] {
  const long = unreadableCells(cells, false);
  return long.length === 0 ? problems : [...problems, ...long];
}

function finish(
  file: string,
  format: ImportFormat,
  plan: ReturnType<typeof planColumns>,
  builder: RecordBuilder,
  intake: RowIntake,
  errors: ImportIssue[],
  options: ParseOptions,
  fileWarnings: ImportIssue[] = [],
): ParsedImport {
  options.onProgress?.(builder.rowsRead, builder.rowsRead);
  if (builder.errorsNotListed > 0) errors.push(RecordBuilder.notListed(file, builder.errors.length, builder.errorsNotListed, 'problems'));
  if (builder.records.length === 0 && builder.errors.length === 0) {
    errors.push({ file, row: null, column: null, value: null, expected: 'at least one person below the header row; there are none' });
  }
  const targets = plan.sources.map((source) => (source.target === 'date_of_birth' || source.target === 'age' ? 'age_band' : source.target));
  const warnings = [...fileWarnings, ...plan.warnings, ...intake.warnings(), ...builder.warnings];
  if (builder.warningsNotListed > 0) warnings.push(RecordBuilder.notListed(file, builder.warnings.length, builder.warningsNotListed, 'warnings'));
  if (!targets.includes('cs_start_date')) {
    // Eligibility fails closed (paras 69-70): without start dates nobody's eligibility can be checked.
    warnings.unshift({
      file,
      row: null,
      column: null,
      value: null,
      expected:
        'a Civil Service start date column (cs_start_date, "Start date", …) to check eligibility (para 69); none was recognised, so everyone is listed apart as "start date unknown" unless HR confirms they are eligible',
    });
  }
  return {
    file,
    format,
    targets: [...new Set(targets)],
    records: builder.records,
    skipped: intake.skipped,
    problemRows: intake.problemRows,
    errors,
    warnings,
    columns: plan.columns,
    ignoredColumns: plan.ignoredColumns,
  };
}

function fileProblem(file: string, format: ImportFormat, expected: string, row: number | null = null): ParsedImport {
  return {
    file,
    format,
    targets: [],
    records: [],
    errors: [{ file, row, column: null, value: null, expected }],
    warnings: [],
    columns: [],
    ignoredColumns: [],
  };
}

/**
 * Reports progress, then lets the event loop run so the progress message (and anything else) gets through.
 * The CSV estimate counts lines, which quoted line breaks and bare-CR files throw off, so done never exceeds total.
 */
async function reportProgress(options: ParseOptions, done: number, estimatedTotal: number | null): Promise<void> {
  options.onProgress?.(done, estimatedTotal === null ? 0 : Math.max(done, estimatedTotal));
  await new Promise<void>((resolve) => setImmediate(resolve));
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return text.length > 0 && !text.endsWith('\n') ? lines + 1 : lines;
}
