// Previous years' markings from last year's outcome file (issue 8): `modpanel import-previous` reads the
// staff_id and moderated_marking columns of a CSV or XLSX outcome (the file this app exports, or any file
// with those two columns), checks every row, and fills each matching person's previous_marking_1 (or, for
// the year before, previous_marking_2) in one audited change. Any bad row refuses the whole file.

import { basename } from 'node:path';
import type { Actor, BoxMarking } from '../shared/domain';
import type { ImportIssue } from '../shared/importTypes';
import { openCsv } from './import/csvReader';
import { decodeText } from './import/decodeText';
import { sniffFormat } from './import/format';
import { headerKey, recogniseHeader } from './import/headers';
import { readStaffId } from './import/staffIds';
import { EXPECTED } from './import/targets';
import { readMarking } from './import/values';
import { ModerationError } from './errors';
import type { PanelRepository } from './repository';
import { isDraftMarkRow } from './draftMark';

export type PreviousYear = 1 | 2;

export interface PreviousOutcomeFile {
  file: string;
  rows: number;
  /** Staff id → that year's moderated marking (null where the file leaves it blank). */
  markings: Map<string, BoxMarking | null>;
  errors: ImportIssue[];
}

export interface PreviousMarkingsSummary {
  file: string;
  /** 1 = last year (previous_marking_1), 2 = the year before (previous_marking_2). */
  year: PreviousYear;
  rows: number;
  /** People in this panel found in the file. */
  matched: number;
  /** Of those, whose stored marking for that year changes. */
  changed: number;
  /** People in this panel the file does not mention: left as they were. */
  notInFile: number;
  /** Staff ids in the file that are not in this panel (leavers, other units): ignored. */
  notInPanel: string[];
  applied: boolean;
}

const MARKING_HEADERS = new Set(['moderatedmarking', 'moderated', 'finalmarking', 'endyearmarking', 'boxmarking', 'outcome']);

/** Reads and checks last year's outcome file, writing nothing. */
export async function readPreviousOutcome(fileName: string, bytes: Uint8Array): Promise<PreviousOutcomeFile> {
  const file = basename(fileName);
  const problem = (expected: string): PreviousOutcomeFile => ({ file, rows: 0, markings: new Map(), errors: [{ file, row: null, column: null, value: null, expected }] });
  if (bytes.length === 0) return problem('a header row with staff_id and moderated_marking, and at least one person (the file is empty)');
  const sniffed = sniffFormat(bytes);
  if (sniffed === 'xls') return problem('an .xlsx or .csv file; this is an old-style .xls workbook, so open it in Excel and save it as .xlsx');
  const rows: { rowNumber: number; cells: string[] }[] = [];
  if (sniffed === 'xlsx') {
    const { readFirstWorksheet } = await import('./import/xlsxReader');
    try {
      for await (const row of readFirstWorksheet(bytes)) rows.push(row);
    } catch (error) {
      return problem(`a workbook Excel can open; this one is damaged or cut short (${(error as Error).message})`);
    }
  } else {
    const csv = openCsv(decodeText(bytes).text);
    for (let cells = csv.next(); cells !== null; cells = csv.next()) rows.push({ rowNumber: csv.rowNumber, cells: [...cells] });
    if (csv.malformed !== null) return { ...problem(csv.malformed.expected), errors: [{ file, row: csv.malformed.row, column: null, value: null, expected: csv.malformed.expected }] };
  }
  // A draft outcome file marks its first row (db/draftMark.ts); the header is the first row after any mark.
  const headerAt = rows.findIndex((r) => r.cells.some((c) => c.trim() !== '') && !isDraftMarkRow(r.cells));
  if (headerAt < 0) return problem('a header row with staff_id and moderated_marking; the file has none');
  const header = rows[headerAt]!;
  const headers = header.cells.map((c) => c.trim());
  const idIndex = headers.findIndex((h) => recogniseHeader(h)?.target === 'staff_id');
  const markingIndex = headers.findIndex((h) => MARKING_HEADERS.has(headerKey(h)));
  const errors: ImportIssue[] = [];
  if (idIndex < 0) errors.push({ file, row: header.rowNumber, column: null, value: null, expected: 'a staff_id column (or "Staff ID", "Employee number", …)' });
  if (markingIndex < 0) {
    errors.push({
      file,
      row: header.rowNumber,
      column: null,
      value: null,
      expected: 'a moderated_marking column (last year’s outcome file has one; "Moderated marking" or "Final marking" also work)',
    });
  }
  if (errors.length) return { file, rows: 0, markings: new Map(), errors };
  const idColumn = headers[idIndex]!;
  const markingColumn = headers[markingIndex]!;
  const markings = new Map<string, BoxMarking | null>();
  const firstRow = new Map<string, number>();
  let count = 0;
  for (const { rowNumber, cells } of rows.slice(headerAt + 1)) {
    if (cells.every((c) => c.trim() === '')) continue;
    count += 1;
    const id = readStaffId(cells[idIndex] ?? '');
    const rawMarking = (cells[markingIndex] ?? '').trim();
    if (id.staffId === '') {
      errors.push({ file, row: rowNumber, column: idColumn, value: '', expected: EXPECTED.staffId });
      continue;
    }
    if (id.refusal) {
      errors.push({ file, row: rowNumber, column: idColumn, value: id.staffId, expected: id.refusal });
      continue;
    }
    const earlier = firstRow.get(id.staffId);
    if (earlier !== undefined) {
      errors.push({ file, row: rowNumber, column: idColumn, value: id.staffId, expected: `a staff id used only once, but row ${earlier} already has it` });
      continue;
    }
    firstRow.set(id.staffId, rowNumber);
    const marking = readMarking(rawMarking);
    if (marking === undefined) {
      errors.push({ file, row: rowNumber, column: markingColumn, value: rawMarking, expected: EXPECTED.marking });
      continue;
    }
    markings.set(id.staffId, marking);
  }
  if (count === 0) errors.push({ file, row: null, column: null, value: null, expected: 'at least one person below the header row; there are none' });
  return { file, rows: count, markings, errors };
}

/** What applying the file would do, without writing. */
export function previewPreviousMarkings(repo: PanelRepository, parsed: PreviousOutcomeFile, year: PreviousYear): PreviousMarkingsSummary {
  return plan(repo, parsed, year).summary;
}

function plan(repo: PanelRepository, parsed: PreviousOutcomeFile, year: PreviousYear) {
  const column = year === 1 ? 'previous_marking_1' : 'previous_marking_2';
  const rows = repo.db.prepare<[], { id: number; staff_id: string; marking: BoxMarking | null }>(`SELECT id, staff_id, ${column} AS marking FROM person`).all();
  const inPanel = new Set(rows.map((r) => r.staff_id));
  const changes: { id: number; staffId: string; before: BoxMarking | null; after: BoxMarking | null }[] = [];
  let matched = 0;
  for (const row of rows) {
    if (!parsed.markings.has(row.staff_id)) continue;
    matched += 1;
    const after = parsed.markings.get(row.staff_id) ?? null;
    if (after !== row.marking) changes.push({ id: row.id, staffId: row.staff_id, before: row.marking, after });
  }
  const summary: PreviousMarkingsSummary = {
    file: parsed.file,
    year,
    rows: parsed.rows,
    matched,
    changed: changes.length,
    notInFile: rows.length - matched,
    notInPanel: [...parsed.markings.keys()].filter((id) => !inPanel.has(id)),
    applied: false,
  };
  return { summary, changes, column };
}

/** Writes the markings; must run inside the service's transaction (whole or not at all). */
export function applyPreviousMarkings(repo: PanelRepository, parsed: PreviousOutcomeFile, year: PreviousYear, actor: Actor, at: string): PreviousMarkingsSummary {
  if (parsed.errors.length > 0) {
    const first = parsed.errors
      .slice(0, 5)
      .map((e) => `${e.file}${e.row !== null ? ` row ${e.row}` : ''}${e.column ? `, column ${e.column}` : ''}${e.value ? ` ("${e.value}")` : ''}: expected ${e.expected}`)
      .join('; ');
    throw new ModerationError('import_invalid', `${parsed.file} has ${parsed.errors.length} problem(s), so nothing was imported: ${first}${parsed.errors.length > 5 ? '; …' : ''}`);
  }
  const { summary, changes, column } = plan(repo, parsed, year);
  const update = repo.db.prepare(`UPDATE person SET ${column} = ? WHERE id = ?`);
  for (const change of changes) update.run(change.after, change.id);
  repo.appendAudit(
    {
      actor: actor.name,
      role: actor.role,
      action: 'previous_markings',
      before: { [column]: Object.fromEntries(changes.map((c) => [c.staffId, c.before])) },
      after: {
        [column]: Object.fromEntries(changes.map((c) => [c.staffId, c.after])),
        file: parsed.file,
        year: year === 1 ? 'last year' : 'the year before',
        matched: summary.matched,
        notInPanel: summary.notInPanel.length,
      },
      reason: `Imported from ${parsed.file}`,
    },
    at,
  );
  return { ...summary, applied: true };
}
