// The XLSX Changes sheet in the panel's words, the same words as the window's History: when (the time on
// this machine's clock, with its zone), who and in which role, what they did, to whom, before and after,
// why, and at which meeting. Times are written as text with the zone ("2 Dec 2026 14:05 GMT") because a
// spreadsheet date cell cannot say which clock it is on.

import type ExcelJS from 'exceljs';
import { ACTION_LABELS, ROLE_LABELS, fieldLabel, formatLocalTime, isRecord, showField } from '../shared/auditWords';
import { FLAG_LABELS, type FlagKind } from '../shared/domain';
import type { ChangeLine } from './export';

export const CHANGES_SHEET = 'Changes';

export const CHANGES_HEADERS = ['When', 'By', 'Role', 'Change', 'Staff ID', 'Name', 'Before', 'After', 'Reason', 'Meeting'] as const;

const WIDTHS: Record<(typeof CHANGES_HEADERS)[number], number> = {
  When: 22,
  By: 20,
  Role: 16,
  Change: 22,
  'Staff ID': 12,
  Name: 24,
  Before: 30,
  After: 30,
  Reason: 60,
  Meeting: 40,
};

export interface ChangesSheetOptions {
  /** IANA zone for the times; the machine's own when left out (the file is written on the user's machine). */
  timeZone?: string;
}

/** One sheet row per change, in the order they were made. `names`: staff id → name as the panel has it now. */
export function changesSheetRows(lines: readonly ChangeLine[], names: ReadonlyMap<string, string>, options: ChangesSheetOptions = {}): string[][] {
  return lines.map((line) => [
    formatLocalTime(line.at, options.timeZone),
    line.actor,
    (ROLE_LABELS as Record<string, string>)[line.role] ?? line.role,
    (ACTION_LABELS as Record<string, string>)[line.action] ?? line.action,
    line.staffId,
    names.get(line.staffId) ?? '',
    line.from,
    line.to,
    line.reason,
    line.meeting,
  ]);
}

export function addChangesSheet(workbook: ExcelJS.Workbook, lines: readonly ChangeLine[], names: ReadonlyMap<string, string>, options: ChangesSheetOptions = {}): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(CHANGES_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = CHANGES_HEADERS.map((header) => ({ header, key: header, width: WIDTHS[header] }));
  // Text as text: a string cell is never run as a formula, so nothing is prefixed (db/neutralise.ts).
  for (const row of changesSheetRows(lines, names, options)) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  return sheet;
}

/**
 * A person's recorded state before or after a change, in words: a marking, a finance annotation, a flag, a
 * note, a contribution; for a re-import, each field by its name in words ("Moderated marking: Achieving"),
 * never a characteristic's value (special category data).
 */
export function changeStateWords(state: unknown): string {
  if (!isRecord(state)) return '';
  if (isRecord(state.person)) {
    const p = state.person;
    if ('moderated_marking' in p) return String(p.moderated_marking ?? '');
    if ('finance_objective' in p) return `${String(p.finance_objective)}${p.finance_note ? ` (${String(p.finance_note)})` : ''}`;
    if ('corporate_contribution_evidence' in p) return p.corporate_contribution_evidence ? `Corporate contribution: ${String(p.corporate_contribution_evidence)}` : 'no corporate contribution recorded';
    if ('sort_key' in p) return 'Reordered within the box';
  }
  if (isRecord(state.flag)) {
    const f = state.flag as { kind: FlagKind; value: { text: string } | null };
    const label = FLAG_LABELS[f.kind] ?? String(f.kind);
    return f.value ? `${label}: ${f.value.text}` : `no ${label} flag`;
  }
  if (isRecord(state.note)) {
    const n = state.note as { deleted: boolean; text?: string };
    return n.deleted ? '' : (n.text ?? 'note');
  }
  return Object.entries(state)
    .filter(([field]) => !BOOKKEEPING.has(field))
    .map(([field, value]) => (field === 'characteristics' ? 'diversity data updated' : `${fieldLabel(field)}: ${value === null || value === '' ? '' : showField(field, value)}`))
    .join('; ');
}

/** Stored fields no one reads as a change. */
const BOOKKEEPING = new Set(['id', 'sort_key', 'manual_order', 'default_rank', 'panel_id', 'person_id']);

/** A person removed by a re-import, as they stood: "In the panel (moderated marking: Achieving)". */
export function removedPersonWords(before: unknown): string {
  const marking = isRecord(before) && typeof before.moderated_marking === 'string' ? before.moderated_marking : null;
  return marking === null ? 'In the panel' : `In the panel (moderated marking: ${marking})`;
}
