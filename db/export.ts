// The moderated outcome as CSV (UTF-8 with BOM, for Excel) and XLSX with a Changes sheet.
// Every text cell is neutralised against formula injection before it leaves the app.

import ExcelJS from 'exceljs';
import type { FairnessReport } from '../shared/fairness';
import { addBreakdownsSheet, addSummarySheet } from './outcomePack';
import { neutraliseCell } from './neutralise';
import { BOX_MARKINGS, ELIGIBILITY_LABELS, FLAG_LABELS, HIGH_PERFORMING_AWARD_LABELS, type AuditEvent, type Panel, type Person } from '../shared/domain';
import { endYearAward, inYearAward } from '../shared/awards';
import { changedAtModeration, compareGrades, gradeForModeration } from '../shared/rules';
import type { CabinetOfficeReturn } from '../shared/cabinetOfficeReturn';

export const OUTCOME_COLUMNS = [
  'staff_id',
  'name',
  'grade',
  'grade_for_year',
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
  'corporate_contribution',
  'corporate_contribution_evidence',
  'poor_performance_measures',
  'left_date',
  'end_year_award',
  'in_year_award',
  'panel',
  'finalised_at',
] as const;
export type OutcomeColumn = (typeof OUTCOME_COLUMNS)[number];
export type OutcomeRow = Record<OutcomeColumn, string | number | null>;

export { neutraliseCell };

/**
 * One row per person, grade by grade (para 86): within each grade, the moderated people by box and rank,
 * then those with no moderated marking (listed apart, or not marked). `rank_in_box` counts within the
 * grade and box; the grade is the grade for the year where the file gives one (FAQ, temporary promotion).
 */
export function outcomeRows(panel: Panel, people: readonly Person[]): OutcomeRow[] {
  const boxOrder = (p: Person) => (p.moderatedMarking === null ? BOX_MARKINGS.length : BOX_MARKINGS.indexOf(p.moderatedMarking));
  const sorted = [...people].sort(
    (a, b) =>
      compareGrades(gradeForModeration(a), gradeForModeration(b)) ||
      boxOrder(a) - boxOrder(b) ||
      (a.moderatedMarking === null ? 0 : a.sortKey - b.sortKey) ||
      (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0),
  );
  const rankInBox = new Map<string, number>();
  const counters = new Map<string, number>();
  for (const p of sorted) {
    if (p.moderatedMarking === null) continue;
    const key = `${gradeForModeration(p)}\u0000${p.moderatedMarking}`;
    const next = (counters.get(key) ?? 0) + 1;
    counters.set(key, next);
    rankInBox.set(p.staffId, next);
  }
  return sorted.map((p) => ({
    staff_id: p.staffId,
    name: p.name,
    grade: p.grade,
    grade_for_year: gradeForModeration(p),
    business_unit: p.businessUnit,
    job_title: p.jobTitle,
    job_weight: p.jobWeight,
    eligible: p.eligible ? 'Yes' : `No: ${ELIGIBILITY_LABELS[p.eligibility]}`,
    provisional_marking: p.provisionalMarking ?? '',
    moderated_marking: p.moderatedMarking ?? '',
    changed: changedAtModeration(p) ? 'Yes' : 'No',
    change_reason: p.changeReason ?? '',
    rank_in_box: rankInBox.get(p.staffId) ?? null,
    flags: p.flags.map((f) => (f.text && f.text !== FLAG_LABELS[f.kind] ? `${FLAG_LABELS[f.kind]}: ${f.text}` : FLAG_LABELS[f.kind])).join('; '),
    finance_objective: p.financeObjective,
    finance_note: p.financeNote,
    corporate_contribution: p.corporateContribution ? 'Yes' : 'No',
    corporate_contribution_evidence: p.corporateContributionEvidence ?? '',
    poor_performance_measures: p.poorPerformanceMeasures ? 'Yes' : 'No',
    left_date: p.leftDate ?? '',
    end_year_award: endYearAward(p, panel.highPerformingAward) ?? '',
    in_year_award: inYearAward(p),
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
      if ('corporate_contribution_evidence' in p) return p.corporate_contribution_evidence ? `Corporate contribution: ${String(p.corporate_contribution_evidence)}` : 'no corporate contribution recorded';
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
    .filter((e) => e.staffId !== null && ['move', 'reorder', 'flag', 'unflag', 'finance', 'contribution', 'note', 'undo', 'redo', 'update_person', 'remove_person'].includes(e.action))
    .sort((a, b) => a.id - b.id)
    .map((e) => ({
      at: e.at,
      actor: e.actor,
      role: e.role,
      action: e.action,
      staffId: e.staffId!,
      from: describe(e.before),
      to: describe(e.after),
      reason: [e.reason ?? '', acknowledgement(e.after)].filter((part) => part !== '').join('; '),
    }));
}

/** A move to Exceeding without a corporate contribution records what the chair acknowledged (para 34). */
function acknowledgement(after: unknown): string {
  return after !== null && typeof after === 'object' && 'acknowledged' in after
    ? `Acknowledged: ${String((after as { acknowledged: unknown }).acknowledged)}`
    : '';
}

function safe(value: string | number | null): string | number | null {
  return typeof value === 'string' ? neutraliseCell(value) : value;
}

export interface OutcomePackExtras {
  figures: CabinetOfficeReturn;
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
    ['High Performing receives end-year awards', HIGH_PERFORMING_AWARD_LABELS[panel.highPerformingAward]],
    ['Status', panel.status],
    ['Finalised at', panel.finalisedAt ?? ''],
    ['Finalised by', safe(panel.finalisedBy ?? '')],
  ]);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
