// The moderated outcome as CSV (UTF-8 with BOM, for Excel) and XLSX with a Changes sheet.
// CSV text is neutralised against formula injection; XLSX text is written as text cells, which no
// spreadsheet runs as a formula (db/neutralise.ts). A draft (open panel) is marked on every sheet.

import ExcelJS from 'exceljs';
import type { FairnessReport } from '../shared/fairness';
import { addBreakdownsSheet, addSummarySheet } from './outcomePack';
import { neutraliseCell } from './neutralise';
import { BOX_MARKINGS, ELIGIBILITY_LABELS, FLAG_LABELS, HIGH_PERFORMING_AWARD_LABELS, type AuditEvent, type Panel, type Person } from '../shared/domain';
import { endYearAward, inYearAward } from '../shared/awards';
import { changedAtModeration, compareGrades, gradeForModeration } from '../shared/rules';
import type { CabinetOfficeReturn } from '../shared/cabinetOfficeReturn';
import { EXPORT_NOT_ENCRYPTED } from '../shared/trust';
import { describeUnitSource, meetingLabel } from '../shared/unitSource';
import type { MidYearComparison } from '../shared/midYear';
import { addMidYearSheet } from './midYearSheet';
import { type ChangesSheetOptions, addChangesSheet, changeStateWords, removedPersonWords } from './changesSheet';
import { draftMarkText, markDraftWorkbook } from './draftMark';
import { formatLocalTime } from '../shared/auditWords';

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
  // In an overall panel: the unit panel that moderated the person, its chair, when finalised, its reason.
  'source_panel',
  // The hash of the newest event in the panel's history when the file was written (db/auditChain.ts):
  // `modpanel audit <panel> --verify --hash <it>` ties this file to that point in the history.
  'history_hash',
] as const;
export type OutcomeColumn = (typeof OUTCOME_COLUMNS)[number];
export type OutcomeRow = Record<OutcomeColumn, string | number | null>;

export { neutraliseCell };

/**
 * One row per person, grade by grade (para 86): within each grade, the moderated people by box and rank,
 * then those with no moderated marking (listed apart, or not marked). `rank_in_box` counts within the
 * grade and box; the grade is the grade for the year where the file gives one (FAQ, temporary promotion).
 */
export function outcomeRows(panel: Panel, people: readonly Person[], history: { hash: string } | null = null): OutcomeRow[] {
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
    source_panel: describeUnitSource(p.source),
    history_hash: history?.hash ?? '',
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
  /** Where the change was made: the unit panel (locally) or this panel's own meeting (meetingLabel). */
  meeting: string;
}

/**
 * Every change to a person's marking, flags, finance or notes, as the Changes sheet lists them; `meeting`
 * says where this panel's own changes were made. An overall panel's merge events bring each unit panel's
 * changes with them, labelled with that unit panel (made locally).
 */
export function changeLines(events: readonly AuditEvent[], meeting = ''): ChangeLine[] {
  // In the panel's words (db/changesSheet.ts), as the window's History says them.
  const describe = changeStateWords;
  return [...events]
    .filter((e) => (e.staffId !== null && ['move', 'reorder', 'flag', 'unflag', 'finance', 'contribution', 'note', 'undo', 'redo', 'update_person', 'remove_person'].includes(e.action)) || e.action === 'merge')
    .sort((a, b) => a.id - b.id)
    .flatMap((e): ChangeLine[] => (e.action === 'merge' ? mergedLocalChanges(e.after) : [{
      at: e.at,
      actor: e.actor,
      role: e.role,
      action: e.action,
      staffId: e.staffId!,
      from: e.action === 'remove_person' ? removedPersonWords(e.before) : describe(e.before),
      to: e.action === 'remove_person' ? 'Removed from the panel' : describe(e.after),
      reason: [e.reason ?? '', acknowledgement(e.after)].filter((part) => part !== '').join('; '),
      meeting,
    }]));
}

/** The unit panels' own changes that a merge event carries (db/merge.ts), already in Changes-sheet form. */
function mergedLocalChanges(after: unknown): ChangeLine[] {
  if (after === null || typeof after !== 'object' || !('units' in after)) return [];
  const units = (after as { units: unknown }).units;
  if (!Array.isArray(units)) return [];
  return units.flatMap((unit: unknown) => {
    const lines = unit !== null && typeof unit === 'object' && 'localChanges' in unit ? (unit as { localChanges: unknown }).localChanges : null;
    return Array.isArray(lines) ? (lines as ChangeLine[]) : [];
  });
}

/** A move to Exceeding without a corporate contribution records what the chair acknowledged (para 34). */
function acknowledgement(after: unknown): string {
  return after !== null && typeof after === 'object' && 'acknowledged' in after
    ? `Acknowledged: ${String((after as { acknowledged: unknown }).acknowledged)}`
    : '';
}

/**
 * A value for an XLSX cell: text goes in as a text cell, as it is. A text cell is never run as a formula, and
 * an apostrophe added here would show as part of the value in LibreOffice ("'-2+3"); only CSV needs one.
 */
function safe(value: string | number | null): string | number | null {
  return value;
}

export interface OutcomePackExtras {
  figures: CabinetOfficeReturn;
  breakdowns: readonly FairnessReport[];
  /** The mid-year consistency check against the end-year outcome (paras 85, 90), shared copy. */
  midYear?: MidYearComparison;
}

/** XLSX workbook: the Outcome sheet, a Changes sheet (who, when, why), and with extras the Summary and Breakdowns. */
export async function outcomeXlsx(
  panel: Panel,
  rows: readonly OutcomeRow[],
  events: readonly AuditEvent[],
  extras?: OutcomePackExtras,
  options: ChangesSheetOptions & { writtenAt?: Date } = {},
): Promise<Uint8Array> {
  const writtenAt = options.writtenAt ?? new Date();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Moderation Panel';
  workbook.created = writtenAt;
  const outcome = workbook.addWorksheet('Outcome', { views: [{ state: 'frozen', ySplit: 1 }] });
  outcome.columns = OUTCOME_COLUMNS.map((c) => ({ header: c, key: c, width: Math.max(12, c.length + 2) }));
  for (const row of rows) {
    outcome.addRow(OUTCOME_COLUMNS.map((c) => safe(row[c])));
  }
  outcome.getRow(1).font = { bold: true };

  const names = new Map(rows.map((row) => [String(row.staff_id), String(row.name ?? '')]));
  addChangesSheet(workbook, changeLines(events, meetingLabel(panel)), names, options);

  if (extras) {
    addSummarySheet(workbook, extras.figures);
    addBreakdownsSheet(workbook, extras.breakdowns);
    if (extras.midYear) addMidYearSheet(workbook, extras.midYear);
  }

  const about = workbook.addWorksheet('Panel');
  about.addRows([
    ['Panel', safe(panel.name)],
    ['Business unit', safe(panel.businessUnit)],
    ['Performance year', panel.performanceYear],
    ['Stage', panel.stage],
    ['Eligibility cut-off', panel.eligibilityCutoff],
    ['High Performing receives end-year awards', HIGH_PERFORMING_AWARD_LABELS[panel.highPerformingAward]],
    ['Status', panel.status === 'finalised' ? 'Finalised' : 'Draft — panel not finalised'],
    ['Finalised at', panel.finalisedAt ? formatLocalTime(panel.finalisedAt, options.timeZone) : ''],
    ['Finalised by', safe(panel.finalisedBy ?? '')],
    ['History hash', String(rows[0]?.history_hash ?? '')],
    ['Check against the history', 'modpanel audit <panel file> --verify --hash <the history hash above>'],
    ['Protection', EXPORT_NOT_ENCRYPTED],
  ]);
  if (panel.status !== 'finalised') markDraftWorkbook(workbook, draftMarkText(writtenAt, options.timeZone));
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
