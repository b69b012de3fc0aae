// The finance partner's workbook (Annex D 3.a.ii): written for them to fill in Excel at their own desk,
// taken back whole or not at all. Each annotation goes through the service's setFinance, as that person,
// inside one transaction; an annotation the panel changed after the workbook was written is a conflict the
// user sees, and the panel's value stays unless they take the workbook's. No protected characteristic is
// ever written into it: the rows are built from the named columns below and nothing else.

import ExcelJS from 'exceljs';
import { FINANCE_OBJECTIVES, parseFinanceObjective, type Actor, type FinanceObjective, type Person } from '../../shared/domain';
import { breaksFinanceRule, compareGrades, gradeForModeration } from '../../shared/rules';
import type { FinanceAnnotation, FinanceAnnotationChange, FinanceLaterEdit, FinanceRuleConflict, FinanceWorkbookEvent, FinanceWorkbookSummary } from '../../shared/contributions';
import type { ImportIssue } from '../../shared/importTypes';
import type { ModerationService } from '../service';
import {
  addDataSheet,
  addReadMeSheet,
  checkPersonRows,
  finishContributionWorkbook,
  listValidation,
  missingColumns,
  personCells,
  PERSON_COLUMNS,
  readContributionWorkbook,
  safeText,
  type SheetColumn,
  type WorkbookStamp,
  type WrittenWorkbook,
} from './sheetFormat';
import { financeEditsSince, finalisedIssue, recordWorkbookWritten, snapshotForWorkbook } from './stamping';

export type { WrittenWorkbook } from './sheetFormat';

export const FINANCE_SHEET = 'Finance';
const NOTE_LIMIT = 4000;
const OBJECTIVE_EXPECTED = `${FINANCE_OBJECTIVES.join(', ')} (choose from the drop-down list)`;

/** Every column the workbook has, in order. Only these fields of a person are ever written. */
export const FINANCE_COLUMNS: readonly SheetColumn[] = [
  ...PERSON_COLUMNS,
  { key: 'provisional_marking', header: 'provisional_marking', width: 18 },
  {
    key: 'finance_objective',
    header: 'finance_objective',
    width: 18,
    fill: `Fill in: did they meet their finance/efficiency objective? Choose ${FINANCE_OBJECTIVES.join(', ')}.`,
  },
  { key: 'finance_note', header: 'finance_note', width: 60, fill: 'Fill in: how they managed their resources (optional, up to 4,000 characters).' },
];

function financeRow(p: Person): Record<string, string> {
  return {
    ...personCells(p),
    provisional_marking: p.provisionalMarking ?? '',
    finance_objective: p.financeObjective,
    finance_note: safeText(p.financeNote),
  };
}

/** People moderated here, grade by grade (para 86), then by name: the order the partner works through. */
export function workbookOrder(people: readonly Person[]): Person[] {
  return people
    .filter((p) => p.eligible)
    .sort((a, b) => compareGrades(gradeForModeration(a), gradeForModeration(b)) || a.name.localeCompare(b.name, 'en-GB') || (a.staffId < b.staffId ? -1 : 1));
}

/** Builds the workbook (nothing is recorded: see recordFinanceWorkbookWritten). */
export async function buildFinanceWorkbook(service: ModerationService, actor: Actor): Promise<WrittenWorkbook> {
  service.authorize(actor, 'write_sheets'); // HR writes contributors' workbooks (issue 9)
  const snapshot = snapshotForWorkbook(service, 'a finance partner’s workbook');
  const people = workbookOrder(snapshot.people);
  const workbook = new ExcelJS.Workbook();
  const data = addDataSheet(workbook, FINANCE_SHEET, FINANCE_COLUMNS, people.map(financeRow), {
    finance_objective: listValidation(FINANCE_OBJECTIVES, 'the finance objective'),
  });
  const readMe = addReadMeSheet(workbook, `Finance partner’s workbook — ${snapshot.panel.name}`, [
    `Written on ${snapshot.writtenAt.slice(0, 10)} by ${actor.name} for the moderation panel "${snapshot.panel.name}" (${people.length} people moderated by this panel).`,
    'SCS Performance Management Framework, Annex D 3.a.ii: "Wherever possible finance professionals should attend moderation panels to provide professional insight on the degree to which job holders have demonstrated sound financial management."',
    `On the "${FINANCE_SHEET}" sheet, fill in the two gold columns for each person:`,
    `•  finance_objective — did they meet their finance/efficiency objective? Choose ${FINANCE_OBJECTIVES.join(', ')} from the drop-down list.`,
    '•  finance_note — how they managed their resources, in a sentence or two (optional).',
    'The other columns are locked so that the rows still match the panel when this workbook comes back.',
    'Annex D 4.a: "if an individual does not meet their finance/efficiency objective then they cannot be ranked higher than in the \'achieving\' performance group." A "Not met" for someone marked higher is discussed by the panel.',
    'Save the workbook as .xlsx and send it back to whoever sent it to you. Do not add or rename sheets.',
  ]);
  return finishContributionWorkbook(workbook, [data, readMe], {
    kind: 'finance',
    snapshot,
    actor,
    people: people.length,
    member: null,
    fileWhat: 'finance',
    table: {
      headers: ['staff_id', 'finance_objective', 'finance_note'],
      rows: people.map((p) => [p.staffId, p.financeObjective, p.financeNote]),
    },
  });
}

/** Records in the history that the workbook was written (call once it has been saved or handed over). */
export function recordFinanceWorkbookWritten(service: ModerationService, actor: Actor, written: WrittenWorkbook, savedAs: string): number {
  return recordWorkbookWritten(service, actor, { kind: 'finance', file: savedAs, people: written.people, writtenAt: written.writtenAt, watermark: written.watermark });
}

export interface FinanceWorkbookRow {
  rowNumber: number;
  staffId: string;
  annotation: FinanceAnnotation;
}

export interface ParsedFinanceWorkbook {
  file: string;
  stamp: WorkbookStamp | null;
  /** Rows read from the sheet (blank rows skipped), with or without problems. */
  rowsRead: number;
  rows: FinanceWorkbookRow[];
  /** What each person's annotation was when the workbook was written, by staff id. */
  asWritten: Map<string, FinanceAnnotation>;
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

/** Reads a returned workbook and checks every row against the panel: file, row, column, value, expected. */
export async function readFinanceWorkbook(service: ModerationService, fileName: string, bytes: Uint8Array): Promise<ParsedFinanceWorkbook> {
  const read = await readContributionWorkbook(fileName, bytes, 'finance', service.panel(), FINANCE_SHEET);
  const parsed: ParsedFinanceWorkbook = { file: read.file, stamp: read.stamp, rowsRead: read.rows.length, rows: [], asWritten: new Map(), errors: read.errors, warnings: [] };
  if (read.errors.length > 0) return parsed;
  for (const [staffId, record] of read.asWritten) {
    const objective = parseFinanceObjective(record.finance_objective ?? '');
    if (objective) parsed.asWritten.set(staffId, { objective, note: (record.finance_note ?? '').trim() });
  }
  const issue = (row: number | null, column: string | null, value: string | null, expected: string) => parsed.errors.push({ file: read.file, row, column, value, expected });
  parsed.errors.push(...missingColumns(read, ['staff_id', 'finance_objective'], FINANCE_SHEET));
  if (parsed.errors.length > 0) return parsed;
  const hasNotes = read.headers.includes('finance_note');
  const panelPeople = new Map(service.people().map((p) => [p.staffId, p]));
  checkPersonRows(read, FINANCE_SHEET, (staffId) => panelPeople.has(staffId), parsed.errors, ({ rowNumber, cells, staffId, ok }) => {
    const objectiveText = cells.finance_objective ?? '';
    const note = hasNotes ? (cells.finance_note ?? '') : (parsed.asWritten.get(staffId)?.note ?? panelPeople.get(staffId)?.financeNote ?? '');
    // A cleared cell means no assessment, as in an import.
    const objective: FinanceObjective | null = objectiveText === '' ? 'Not assessed' : parseFinanceObjective(objectiveText);
    if (objective === null) {
      issue(rowNumber, 'finance_objective', objectiveText, OBJECTIVE_EXPECTED);
      ok = false;
    }
    if (note.length > NOTE_LIMIT) {
      issue(rowNumber, 'finance_note', `${note.slice(0, 40)}…`, `a note of at most ${NOTE_LIMIT.toLocaleString('en-GB')} characters (this one has ${note.length.toLocaleString('en-GB')})`);
      ok = false;
    }
    if (ok && objective) parsed.rows.push({ rowNumber, staffId, annotation: { objective, note: note.trim() } });
  });
  return parsed;
}

export interface FinanceChoices {
  /** Take the workbook's value where the panel changed the annotation after the workbook was written. */
  takeWorkbookValues?: readonly string[];
  takeAllWorkbookValues?: boolean;
}

const sameAnnotation = (a: FinanceAnnotation, b: FinanceAnnotation) => a.objective === b.objective && a.note === b.note;

/**
 * What earlier imports of this same workbook applied (a corrected copy sent again): the panel holding that
 * value is not a later edit by anyone else.
 */
function appliedByThisWorkbook(service: ModerationService, stamp: WorkbookStamp): Map<string, FinanceAnnotation> {
  const applied = new Map<string, FinanceAnnotation>();
  const events = service.db
    .prepare<[number], { after: string | null }>(`SELECT after FROM audit WHERE action = 'finance_workbook' AND id > ? ORDER BY id`)
    .all(stamp.auditWatermark);
  for (const { after } of events) {
    const event = after ? (JSON.parse(after) as Partial<FinanceWorkbookEvent>) : null;
    if (!event || event.writtenAt !== stamp.writtenAt || !Array.isArray(event.applied)) continue;
    for (const [staffId, objective, note] of event.applied) applied.set(staffId, { objective, note });
  }
  return applied;
}

interface FinancePlan {
  summary: FinanceWorkbookSummary;
  /** The annotations to write, in workbook order. */
  writes: FinanceAnnotationChange[];
}

/** What taking the workbook back would do; nothing is written. */
export function planFinanceWorkbook(service: ModerationService, parsed: ParsedFinanceWorkbook, choices: FinanceChoices = {}): FinancePlan {
  const summary: FinanceWorkbookSummary = {
    file: parsed.file,
    writtenAt: parsed.stamp?.writtenAt ?? null,
    writtenBy: parsed.stamp?.writtenBy ?? null,
    rows: parsed.rowsRead,
    applied: false,
    changes: [],
    unchanged: 0,
    laterEdits: [],
    ruleConflicts: [],
    auditEvents: 0,
    errors: [...parsed.errors],
    warnings: [...parsed.warnings],
  };
  const finalised = finalisedIssue(service.panel(), 'the finance partner’s workbook', parsed.file);
  if (finalised) summary.errors.unshift(finalised);
  const writes: FinanceAnnotationChange[] = [];
  if (summary.errors.length > 0 || !parsed.stamp) return { summary, writes };

  const people = new Map(service.people().map((p) => [p.staffId, p]));
  const editsSince = financeEditsSince(service, parsed.stamp.auditWatermark);
  const ownEarlier = appliedByThisWorkbook(service, parsed.stamp);
  const takeAll = choices.takeAllWorkbookValues === true;
  const take = new Set(choices.takeWorkbookValues ?? []);
  for (const row of parsed.rows) {
    const person = people.get(row.staffId)!;
    const panelValue: FinanceAnnotation = { objective: person.financeObjective, note: person.financeNote };
    const workbook = row.annotation;
    let outcome = panelValue;
    if (sameAnnotation(workbook, panelValue)) {
      summary.unchanged += 1;
    } else {
      const asWritten = ownEarlier.get(row.staffId) ?? parsed.asWritten.get(row.staffId) ?? null;
      const editedSince = asWritten ? !sameAnnotation(asWritten, panelValue) : editsSince.has(row.staffId);
      if (!editedSince) {
        writes.push({ staffId: row.staffId, name: person.name, before: panelValue, after: workbook });
        outcome = workbook;
      } else if (asWritten && sameAnnotation(workbook, asWritten)) {
        // The partner left it as it was; the panel's later value stands.
        summary.unchanged += 1;
      } else {
        const takeWorkbook = takeAll || take.has(row.staffId);
        const edit = editsSince.get(row.staffId);
        summary.laterEdits.push({
          staffId: row.staffId,
          name: person.name,
          panel: panelValue,
          workbook,
          asWritten,
          editedBy: edit?.actor ?? null,
          editedAt: edit?.at ?? null,
          resolution: takeWorkbook ? 'workbook' : 'panel',
        });
        if (takeWorkbook) {
          writes.push({ staffId: row.staffId, name: person.name, before: panelValue, after: workbook });
          outcome = workbook;
        }
      }
    }
    const marking = person.moderatedMarking ?? person.provisionalMarking;
    if (person.eligible && marking !== null && breaksFinanceRule(outcome.objective, marking)) {
      const conflict: FinanceRuleConflict = { staffId: person.staffId, name: person.name, marking, fromWorkbook: outcome !== panelValue && panelValue.objective !== 'Not met' };
      summary.ruleConflicts.push(conflict);
    }
  }
  summary.changes = writes;
  return { summary, writes };
}

/**
 * Applies the workbook whole: every annotation through setFinance as `actor`, then one event saying which
 * workbook it was and what it decided, all in one transaction. With any problem nothing is written.
 */
export function applyFinanceWorkbook(service: ModerationService, parsed: ParsedFinanceWorkbook, actor: Actor, choices: FinanceChoices = {}): FinanceWorkbookSummary {
  service.authorize(actor, 'finance_workbook', { file: parsed.file }); // the finance partner's own (issue 9)
  const { summary, writes } = planFinanceWorkbook(service, parsed, choices);
  if (summary.errors.length > 0) return summary;
  service.batch(() => {
    for (const write of writes) service.setFinance(write.staffId, write.after.objective, write.after.note, actor);
    const event: FinanceWorkbookEvent = {
      file: parsed.file,
      writtenAt: parsed.stamp?.writtenAt ?? null,
      rows: summary.rows,
      changed: writes.length,
      laterEditsKeptPanel: summary.laterEdits.filter((e) => e.resolution === 'panel').map((e) => e.staffId),
      laterEditsTookWorkbook: summary.laterEdits.filter((e) => e.resolution === 'workbook').map((e) => e.staffId),
      ruleConflicts: summary.ruleConflicts.map((c) => c.staffId),
      applied: writes.map((w) => [w.staffId, w.after.objective, w.after.note]),
    };
    service.recordEvent('finance_workbook', undefined, event, actor);
  });
  return { ...summary, applied: true, auditEvents: writes.length };
}
