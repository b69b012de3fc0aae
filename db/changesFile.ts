// A changes file (CSV or XLSX: staff_id, action, value, reason, text) → the changes it asks for and every
// problem found in the file itself, in the import's terms (file, row, column, value, expected). The rows
// are read by the import's own readers; what the panel makes of each change is checked in batchChanges.ts.

import { readFile } from 'node:fs/promises';
import { BOX_MARKINGS, FLAG_KINDS, FLAG_LABELS, parseFinanceObjective, parseMarking, type BoxMarking, type FinanceObjective, type FlagKind } from '../shared/domain';
import { CHANGE_ACTIONS, CHANGE_COLUMNS, type ChangeAction, type ChangeColumn } from '../shared/changeTypes';
import type { ImportIssue } from '../shared/importTypes';
import { openCsv } from './import/csvReader';
import { decodeText } from './import/decodeText';
import { baseName, detectFormat, sniffFormat, type ImportFormat } from './import/format';
import { isBlankRow, trimmed } from './import/cellReading';

interface ChangeBase {
  /** Spreadsheet row (header = 1). */
  row: number;
  staffId: string;
}

export type PlannedChange = ChangeBase &
  (
    | { action: 'move'; to: BoxMarking; reason: string; acknowledge: boolean }
    | { action: 'reorder'; afterStaffId: string | null }
    | { action: 'flag'; kind: FlagKind; text: string }
    | { action: 'unflag'; kind: FlagKind }
    | { action: 'finance'; objective: FinanceObjective; note: string }
    | { action: 'note'; text: string }
  );

export interface ParsedChanges {
  file: string;
  format: ImportFormat;
  /** Change rows read (blank rows skipped), with or without problems. */
  rows: number;
  /** Rows without problems, in file order. */
  changes: PlannedChange[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

/** Words in the text column that acknowledge Exceeding without a corporate contribution (as --acknowledge does). */
const ACKNOWLEDGEMENTS = new Set(['acknowledge', 'acknowledged', 'yes', 'y']);
const MARKING_EXPECTED = `a box marking: ${BOX_MARKINGS.join(', ')} (or E, HP, A, PM)`;
const FLAG_EXPECTED = `a flag kind: ${FLAG_KINDS.join(', ')} (or ${FLAG_KINDS.map((k) => `"${FLAG_LABELS[k]}"`).join(', ')})`;

/** "Staff ID", "staff-id" and "STAFF_ID" are all staff_id. */
function columnName(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function flagKind(raw: string): FlagKind | null {
  const key = columnName(raw);
  const byLabel = FLAG_KINDS.find((kind) => columnName(FLAG_LABELS[kind]) === key);
  return (FLAG_KINDS as readonly string[]).includes(key) ? (key as FlagKind) : (byLabel ?? null);
}

/** Reads the changes file at `path`; a file that cannot be opened is a problem, not an exception. */
export async function readChangesFile(path: string): Promise<ParsedChanges> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return fileProblem(baseName(path), detectFormat(path) ?? 'csv', `a file that can be opened (${reason})`);
  }
  return readChangesBuffer(path, bytes);
}

/** As readChangesFile, for bytes uploaded in the window. `fileName` names the file in problems. */
export async function readChangesBuffer(fileName: string, bytes: Uint8Array): Promise<ParsedChanges> {
  const file = baseName(fileName);
  const sniffed = sniffFormat(bytes);
  if (sniffed === 'xls') return fileProblem(file, 'xlsx', 'an .xlsx or .csv file; this is an old-style .xls workbook, so open it in Excel and save it as .xlsx');
  const format = sniffed ?? detectFormat(fileName) ?? 'csv';
  if (bytes.length === 0) return fileProblem(file, format, `a header row (${CHANGE_COLUMNS.join(', ')}) and at least one change (the file is empty)`);
  if (format === 'xlsx' && sniffed === null) {
    return fileProblem(file, 'xlsx', 'an .xlsx workbook, but this file is not one (if it is a CSV export, give it a .csv name)');
  }
  const reader = new ChangesReader(file, format);
  try {
    if (format === 'csv') {
      const rows = openCsv(decodeText(bytes).text);
      for (let cells = rows.next(); cells !== null; cells = rows.next()) reader.add(cells, rows.rowNumber);
      if (rows.malformed) reader.errors.push({ file, row: rows.malformed.row, column: null, value: null, expected: rows.malformed.expected });
    } else {
      // exceljs is large; only workbooks pay for loading it.
      const { readFirstWorksheet } = await import('./import/xlsxReader');
      for await (const { rowNumber, cells } of readFirstWorksheet(bytes)) reader.add(cells, rowNumber);
    }
  } catch (error) {
    return fileProblem(file, format, `a workbook Excel can open; this one is damaged or cut short (${(error as Error).message})`);
  }
  return reader.finish();
}

function fileProblem(file: string, format: ImportFormat, expected: string): ParsedChanges {
  return { file, format, rows: 0, changes: [], errors: [{ file, row: null, column: null, value: null, expected }], warnings: [] };
}

/** Takes rows one at a time: the first non-blank row is the header, every later non-blank row a change. */
class ChangesReader {
  readonly errors: ImportIssue[] = [];
  private readonly warnings: ImportIssue[] = [];
  private readonly changes: PlannedChange[] = [];
  private columns: Partial<Record<ChangeColumn, number>> | null = null;
  private rows = 0;

  constructor(
    private readonly file: string,
    private readonly format: ImportFormat,
  ) {}

  add(cells: readonly string[], row: number): void {
    if (isBlankRow(cells)) return;
    if (this.columns === null) this.readHeader(cells, row);
    else if (this.columns.staff_id === undefined || this.columns.action === undefined) this.rows += 1; // the header's problem says it all
    else this.readChange(cells, row);
  }

  finish(): ParsedChanges {
    if (this.columns === null) {
      this.errors.push(this.issue(null, null, null, `a header row (${CHANGE_COLUMNS.join(', ')}); the file has no rows`));
    } else if (this.rows === 0 && this.errors.length === 0) {
      this.errors.push(this.issue(null, null, null, 'at least one change below the header row; there are none'));
    }
    return { file: this.file, format: this.format, rows: this.rows, changes: this.changes, errors: this.errors, warnings: this.warnings };
  }

  private issue(row: number | null, column: string | null, value: string | null, expected: string): ImportIssue {
    return { file: this.file, row, column, value, expected };
  }

  private readHeader(cells: readonly string[], row: number): void {
    const columns: Partial<Record<ChangeColumn, number>> = {};
    cells.forEach((cell, index) => {
      const name = columnName(cell);
      if (name === '') return;
      if (!(CHANGE_COLUMNS as readonly string[]).includes(name)) {
        this.warnings.push(this.issue(row, cell.trim(), null, `one of the columns ${CHANGE_COLUMNS.join(', ')}; this column is ignored`));
      } else if (columns[name as ChangeColumn] !== undefined) {
        this.errors.push(this.issue(row, cell.trim(), null, `each column once; ${name} appears twice`));
      } else {
        columns[name as ChangeColumn] = index;
      }
    });
    for (const required of ['staff_id', 'action'] as const) {
      if (columns[required] === undefined) this.errors.push(this.issue(row, required, null, `${required === 'action' ? 'an' : 'a'} ${required} column in the header row (${CHANGE_COLUMNS.join(', ')})`));
    }
    this.columns = columns;
  }

  private readChange(cells: readonly string[], row: number): void {
    this.rows += 1;
    const columns = this.columns!;
    const cell = (column: ChangeColumn) => (columns[column] === undefined ? '' : trimmed(cells[columns[column]]));
    const staffId = cell('staff_id');
    const rawAction = cell('action');
    const value = cell('value');
    const reason = cell('reason');
    const text = cell('text');
    const problems: ImportIssue[] = [];
    const problem = (column: ChangeColumn, found: string, expected: string) => problems.push(this.issue(row, column, found, expected));

    if (staffId === '') problem('staff_id', staffId, 'the staff id of someone in the panel');
    const action = rawAction.toLowerCase() as ChangeAction;
    let change: PlannedChange | null = null;
    if (!CHANGE_ACTIONS.includes(action)) {
      problem('action', rawAction, `one of ${CHANGE_ACTIONS.join(', ')}`);
    } else {
      change = this.plan(action, { row, staffId }, value, reason, text, problem);
      if (reason !== '' && action !== 'move') {
        this.warnings.push(this.issue(row, 'reason', reason, 'a reason only on a move (it is recorded with the move); for this change it is ignored, so put any words in text'));
      }
      if (text !== '' && (action === 'unflag' || action === 'reorder')) {
        this.warnings.push(this.issue(row, 'text', text, `no text for ${action} (it is ignored)`));
      }
    }
    if (problems.length > 0 || change === null) this.errors.push(...problems);
    else this.changes.push(change);
  }

  /** The change a row asks for, or null with its problems reported. */
  private plan(
    action: ChangeAction,
    base: ChangeBase,
    value: string,
    reason: string,
    text: string,
    problem: (column: ChangeColumn, found: string, expected: string) => void,
  ): PlannedChange | null {
    switch (action) {
      case 'move': {
        const to = parseMarking(value);
        if (to === null) problem('value', value, MARKING_EXPECTED);
        const acknowledge = ACKNOWLEDGEMENTS.has(text.toLowerCase());
        if (text !== '' && !acknowledge) problem('text', text, 'blank, or "acknowledge" to place someone in Exceeding without a corporate contribution evidenced');
        return to === null || (text !== '' && !acknowledge) ? null : { ...base, action, to, reason, acknowledge };
      }
      case 'reorder':
        if (value === '') {
          problem('value', value, 'the staff id of the person to place this one after, in the same box, or "top"');
          return null;
        }
        return { ...base, action, afterStaffId: value.toLowerCase() === 'top' ? null : value };
      case 'flag':
      case 'unflag': {
        const kind = flagKind(value);
        if (kind === null) {
          problem('value', value, FLAG_EXPECTED);
          return null;
        }
        return action === 'flag' ? { ...base, action, kind, text } : { ...base, action, kind };
      }
      case 'finance': {
        const objective = value === '' ? null : parseFinanceObjective(value);
        if (objective === null) {
          problem('value', value, 'the finance objective: Met, Not met or Not assessed');
          return null;
        }
        return { ...base, action, objective, note: text };
      }
      case 'note':
        if (text === '') {
          problem('text', text, "the note's words (a note cannot be empty)");
          return null;
        }
        return { ...base, action, text };
    }
  }
}
