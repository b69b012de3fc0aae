// Checks an import makes against the panel it goes into, and the last guard before SQLite: the file's staff
// ids against the panel's (a look-alike id would add a second person), and every value about to be bound
// being one SQLite can store.

import type { ImportIssue, ParsedImport } from '../../shared/importTypes';
import { ModerationError } from '../errors';
import { IMPORT_LIMITS, shownValue } from './limits';
import { staffIdSkeleton } from './staffIds';

/**
 * File rows whose staff id is not in the panel but differs from one that is only in case or look-alike
 * letters: applied, they would add a second person and, with "remove people the file lacks", remove the
 * real one. Each is an error naming both ids.
 */
export function staffIdsAgainstPanel(parsed: ParsedImport, panelIds: Iterable<string>): ImportIssue[] {
  const known = new Set(panelIds);
  const bySkeleton = new Map<string, string>();
  for (const id of known) bySkeleton.set(staffIdSkeleton(id), id);
  const column = parsed.columns.find((c) => c.target === 'staff_id')?.source ?? 'staff_id';
  const issues: ImportIssue[] = [];
  for (const record of parsed.records) {
    if (known.has(record.staffId)) continue;
    const panelId = bySkeleton.get(staffIdSkeleton(record.staffId));
    if (panelId === undefined) continue;
    if (issues.length === IMPORT_LIMITS.issuesListed) break;
    issues.push({
      file: parsed.file,
      row: record.row,
      column,
      value: shownValue(record.staffId),
      expected: `the staff id as the panel has it; the panel has "${shownValue(panelId)}", which differs from this one only in case or in letters that look alike, so this row would add a second person: write the id as the panel (and HR's system) has it`,
    });
  }
  return issues;
}

/**
 * Refuses, naming the row and column, a value SQLite cannot bind. The record builder only produces text,
 * numbers and null; this holds that promise at the boundary whatever a future reader or mapping does.
 */
export function assertStorable(file: string, row: number, columns: readonly string[], values: readonly unknown[]): void {
  for (let i = 0; i < columns.length; i++) {
    const value = values[i];
    if (value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) continue;
    const column = columns[i]!;
    const shown = typeof value === 'number' ? String(value) : typeof value;
    throw new ModerationError('import_invalid', `${file} row ${row}, column ${column}: expected text or a number, but read ${shownValue(shown)}, so nothing was imported`);
  }
}
