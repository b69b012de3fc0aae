// The import parser's public API: an HR file (CSV or XLSX, path or uploaded bytes) → validated records and
// every problem found. Nothing is written here; the moderation service applies the result whole or not at all.

import { readFile } from 'node:fs/promises';
import type { ImportIssue, ParsedImport } from '../../shared/importTypes';
import { openCsv } from './csvReader';
import { decodeText } from './decodeText';
import { type ImportFormat, baseName, detectFormat, sniffFormat } from './format';
import { planColumns } from './headers';
import type { MappingFile } from './mappingFile';
import { RecordBuilder } from './recordBuilder';

export { detectFormat } from './format';
export { MappingFileError, type MappingFile, mappingFileSchema, parseMappingJson, readMappingFile } from './mappingFile';
export { TEMPLATE_COLUMNS } from './targets';

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
  const { text } = decodeText(bytes);
  const rows = openCsv(text);
  const headerCells = rows.next();
  if (headerCells === null || headerCells.every((cell) => cell.trim() === '')) {
    return fileProblem(file, 'csv', 'a header row (staff_id, name, …) in row 1; the first row is blank');
  }
  const headers = headerCells.map((cell) => cell.trim());
  const plan = planColumns(file, headers, options.mapping);
  const builder = new RecordBuilder(file, plan, headers.length, options.mapping, options.cutoff);
  const estimatedRows = Math.max(0, countLines(text) - rows.rowNumber);

  for (let cells = rows.next(); cells !== null; cells = rows.next()) {
    builder.addRow(cells, rows.rowNumber);
    if (builder.rowsRead % PROGRESS_EVERY === 0) await reportProgress(options, builder.rowsRead, estimatedRows);
  }
  const errors = [...plan.errors, ...builder.errors];
  if (rows.malformed !== null) {
    errors.push({ file, row: rows.malformed.row, column: null, value: null, expected: rows.malformed.expected });
  }
  return finish(file, 'csv', plan, builder, errors, options);
}

async function parseXlsx(file: string, bytes: Uint8Array, options: ParseOptions): Promise<ParsedImport> {
  let plan: ReturnType<typeof planColumns> | null = null;
  let builder: RecordBuilder | null = null;
  // exceljs is large; CSV imports (and the CLI's start-up) should not pay for loading it.
  const { readFirstWorksheet } = await import('./xlsxReader');
  try {
    for await (const { rowNumber, cells } of readFirstWorksheet(bytes)) {
      if (builder === null) {
        // The header is the first row with anything in it (normally row 1).
        if (cells.every((cell) => cell.trim() === '')) continue;
        const headers = cells.map((cell) => cell.trim());
        plan = planColumns(file, headers, options.mapping, rowNumber);
        builder = new RecordBuilder(file, plan, headers.length, options.mapping, options.cutoff);
        continue;
      }
      builder.addRow(cells, rowNumber);
      if (builder.rowsRead % PROGRESS_EVERY === 0) await reportProgress(options, builder.rowsRead, null);
    }
  } catch (error) {
    return fileProblem(file, 'xlsx', `a workbook Excel can open; this one is damaged or cut short (${(error as Error).message})`);
  }
  if (plan === null || builder === null) return fileProblem(file, 'xlsx', 'a header row (staff_id, name, …) in row 1 of the first worksheet; it is empty');
  return finish(file, 'xlsx', plan, builder, [...plan.errors, ...builder.errors], options);
}

function finish(
  file: string,
  format: ImportFormat,
  plan: ReturnType<typeof planColumns>,
  builder: RecordBuilder,
  errors: ImportIssue[],
  options: ParseOptions,
): ParsedImport {
  options.onProgress?.(builder.rowsRead, builder.rowsRead);
  if (builder.records.length === 0 && builder.errors.length === 0) {
    errors.push({ file, row: null, column: null, value: null, expected: 'at least one person below the header row; there are none' });
  }
  const targets = plan.sources.map((source) => (source.target === 'date_of_birth' || source.target === 'age' ? 'age_band' : source.target));
  const warnings = [...plan.warnings, ...builder.warnings];
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
    errors,
    warnings,
    columns: plan.columns,
    ignoredColumns: plan.ignoredColumns,
  };
}

function fileProblem(file: string, format: ImportFormat, expected: string): ParsedImport {
  return {
    file,
    format,
    targets: [],
    records: [],
    errors: [{ file, row: null, column: null, value: null, expected }],
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
