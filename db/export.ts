// The moderated outcome as CSV (UTF-8 with BOM, for Excel) and XLSX with a Changes sheet.
// Every text cell is neutralised against formula injection before it leaves the app.

import ExcelJS from 'exceljs';
import type { FairnessReport } from '../shared/fairness';
import { addBreakdownsSheet, addSummarySheet, type ReturnFigures } from './outcomePack';
import { neutraliseCell } from './neutralise';
import { BOX_MARKINGS, FLAG_LABELS, bonusEligibility, type AuditEvent, type Panel, type Person } from '../shared/domain';

export const OUTCOME_COLUMNS = [
  'staff_id',
  'name',
  'grade',
  'business_unit',
  'job_title',
  'job_weight',
  'eligible',
  'provisional_marking',
  'moderated_marking',
  'changed',
  'change_reason',
  'rank_in_box',
  'flags',
  'finance_objective',
  'finance_note',
  'poor_performance_measures',
  'bonus_eligible',
  'panel',
  'finalised_at',
] as const;
export type OutcomeColumn = (typeof OUTCOME_COLUMNS)[number];
export type OutcomeRow = Record<OutcomeColumn, string | number | null>;

export { neutraliseCell };

/** One row per person: eligible people in box order with their rank, then those listed apart. */
export function outcomeRows(panel: Panel, people: readonly Person[]): OutcomeRow[] {
  const rankInBox = new Map<string, number>();
  const boxCounters = new Map<string, number>();
  const byBox = [...people].filter((p) => p.moderatedMarking !== null).sort((a, b) => a.sortKey - b.sortKey);
  for (const p of byBox) {
    const next = (boxCounters.get(p.moderatedMarking!) ?? 0) + 1;
    boxCounters.set(p.moderatedMarking!, next);
    rankInBox.set(p.staffId, next);
  }
  const order = (p: Person) => (p.moderatedMarking === null ? BOX_MARKINGS.length : BOX_MARKINGS.indexOf(p.moderatedMarking));
  const sorted = [...people].sort((a, b) => order(a) - order(b) || (rankInBox.get(a.staffId) ?? 0) - (rankInBox.get(b.staffId) ?? 0) || (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0));
  return sorted.map((p) => ({
    staff_id: p.staffId,
    name: p.name,
    grade: p.grade,
    business_unit: p.businessUnit,
    job_title: p.jobTitle,
    job_weight: p.jobWeight,
    eligible: p.eligible ? 'Yes' : 'No (joined on or after the cut-off)',
    provisional_marking: p.provisionalMarking ?? '',
    moderated_marking: p.moderatedMarking ?? '',
    changed: p.moderatedMarking !== null && p.moderatedMarking !== p.provisionalMarking ? 'Yes' : 'No',
    change_reason: p.changeReason ?? '',
    rank_in_box: rankInBox.get(p.staffId) ?? null,
    flags: p.flags.map((f) => (f.text && f.text !== FLAG_LABELS[f.kind] ? `${FLAG_LABELS[f.kind]}: ${f.text}` : FLAG_LABELS[f.kind])).join('; '),
    finance_objective: p.financeObjective,
    finance_note: p.financeNote,
    poor_performance_measures: p.poorPerformanceMeasures ? 'Yes' : 'No',
    bonus_eligible: bonusEligibility(p),
    panel: panel.name,
    finalised_at: panel.finalisedAt ?? '',
  }));
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutraliseCell(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text with a BOM and CRLF line ends, as Excel expects. */
export function outcomeCsv(rows: readonly OutcomeRow[]): string {
  const lines = [OUTCOME_COLUMNS.join(',')];
  for (const row of rows) lines.push(OUTCOME_COLUMNS.map((c) => csvField(row[c])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export interface ChangeLine {
  at: string;
  actor: string;
  role: string;
  action: string;
  staffId: string;
  from: string;
  to: string;
  reason: string;
}

/** Every change to a person's marking, flags, finance or notes, as the Changes sheet lists them. */
export function changeLines(events: readonly AuditEvent[]): ChangeLine[] {
  const describe = (state: unknown): string => {
    if (state === null || typeof state !== 'object') return '';
    const s = state as Record<string, unknown>;
    if (s.person && typeof s.person === 'object') {
      const p = s.person as Record<string, unknown>;
      if ('moderated_marking' in p) return String(p.moderated_marking ?? '');
      if ('finance_objective' in p) return `${p.finance_objective}${p.finance_note ? ` (${p.finance_note})` : ''}`;
      if ('sort_key' in p) return 'reordered';
    }
    if (s.flag && typeof s.flag === 'object') {
      const f = s.flag as { kind: keyof typeof FLAG_LABELS; value: { text: string } | null };
      return f.value ? `${FLAG_LABELS[f.kind]}: ${f.value.text}` : `no ${FLAG_LABELS[f.kind]} flag`;
    }
    if (s.note && typeof s.note === 'object') {
      const n = s.note as { deleted: boolean; text?: string };
      return n.deleted ? '' : (n.text ?? 'note');
    }
    // A re-import's before/after: name the fields, never a characteristic's value (special category data).
    return Object.entries(s)
      .map(([field, value]) => (field === 'characteristics' ? 'diversity data updated' : `${field}: ${value === null ? '' : String(value)}`))
      .join('; ');
  };
  return [...events]
    .filter((e) => e.staffId !== null && ['move', 'reorder', 'flag', 'unflag', 'finance', 'note', 'undo', 'redo', 'update_person', 'remove_person'].includes(e.action))
    .sort((a, b) => a.id - b.id)
    .map((e) => ({
      at: e.at,
      actor: e.actor,
      role: e.role,
      action: e.action,
      staffId: e.staffId!,
      from: describe(e.before),
      to: describe(e.after),
      reason: e.reason ?? (e.after && typeof e.after === 'object' && 'acknowledged' in e.after ? `Acknowledged: ${String((e.after as { acknowledged: unknown }).acknowledged)}` : ''),
    }));
}

function safe(value: string | number | null): string | number | null {
  return typeof value === 'string' ? neutraliseCell(value) : value;
}

export interface OutcomePackExtras {
  figures: ReturnFigures;
  breakdowns: readonly FairnessReport[];
}

/** XLSX workbook: the Outcome sheet, a Changes sheet (who, when, why), and with extras the Summary and Breakdowns. */
export async function outcomeXlsx(
  panel: Panel,
  rows: readonly OutcomeRow[],
  events: readonly AuditEvent[],
  extras?: OutcomePackExtras,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Moderation Panel';
  workbook.created = new Date();
  const outcome = workbook.addWorksheet('Outcome', { views: [{ state: 'frozen', ySplit: 1 }] });
  outcome.columns = OUTCOME_COLUMNS.map((c) => ({ header: c, key: c, width: Math.max(12, c.length + 2) }));
  for (const row of rows) {
    outcome.addRow(OUTCOME_COLUMNS.map((c) => safe(row[c])));
  }
  outcome.getRow(1).font = { bold: true };

  const changes = workbook.addWorksheet('Changes', { views: [{ state: 'frozen', ySplit: 1 }] });
  const changeColumns = ['at', 'actor', 'role', 'action', 'staff_id', 'from', 'to', 'reason'];
  changes.columns = changeColumns.map((c) => ({ header: c, key: c, width: c === 'reason' ? 60 : 20 }));
  for (const line of changeLines(events)) {
    changes.addRow([line.at, line.actor, line.role, line.action, line.staffId, line.from, line.to, line.reason].map(safe));
  }
  changes.getRow(1).font = { bold: true };

  if (extras) {
    addSummarySheet(workbook, extras.figures);
    addBreakdownsSheet(workbook, extras.breakdowns);
  }

  const about = workbook.addWorksheet('Panel');
  about.addRows([
    ['Panel', safe(panel.name)],
    ['Business unit', safe(panel.businessUnit)],
    ['Performance year', panel.performanceYear],
    ['Stage', panel.stage],
    ['Eligibility cut-off', panel.eligibilityCutoff],
    ['Status', panel.status],
    ['Finalised at', panel.finalisedAt ?? ''],
    ['Finalised by', safe(panel.finalisedBy ?? '')],
  ]);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
