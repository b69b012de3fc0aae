// Applies a validated import to a panel: adds, updates by staff id and removes people, in the caller's
// transaction. previewImport says what would change without writing anything.

import { BOX_MARKINGS, type Actor, type BoxMarking, type Panel } from '../shared/domain';
import type { ImportIssue, ImportRecord, ParsedImport } from '../shared/importTypes';
import { breaksFinanceRule, compareDefaultOrder, isEligible } from '../shared/rules';
import { ModerationError } from './errors';
import type { PanelRepository, PersonRow } from './repository';

export interface PersonChange {
  staffId: string;
  name: string;
  fields: { field: string; before: unknown; after: unknown }[];
}

export interface ImportPreview {
  file: string;
  rows: number;
  added: { staffId: string; name: string }[];
  changed: PersonChange[];
  removed: { staffId: string; name: string }[];
  unchanged: number;
  /** Eligible people per provisional box; "Not marked" counts those with no provisional marking. */
  boxCounts: Record<BoxMarking | 'Not marked', number>;
  ineligible: { staffId: string; name: string; csStartDate: string | null }[];
  financeConflicts: { staffId: string; name: string; marking: BoxMarking }[];
  ignoredColumns: string[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

export interface ImportSummary extends ImportPreview {
  applied: true;
  auditEventId: number;
}

/** File fields compared on re-import, with how each reads from a stored row. */
const COMPARED_FIELDS: { field: string; column: keyof PersonRow; fromRecord: (r: ImportRecord) => unknown }[] = [
  { field: 'name', column: 'name', fromRecord: (r) => r.name },
  { field: 'grade', column: 'grade', fromRecord: (r) => r.grade },
  { field: 'business_unit', column: 'business_unit', fromRecord: (r) => r.businessUnit },
  { field: 'job_title', column: 'job_title', fromRecord: (r) => r.jobTitle },
  { field: 'line_manager', column: 'line_manager', fromRecord: (r) => r.lineManager },
  { field: 'job_weight', column: 'job_weight', fromRecord: (r) => r.jobWeight },
  { field: 'cs_start_date', column: 'cs_start_date', fromRecord: (r) => r.csStartDate },
  { field: 'poor_performance_measures', column: 'poor_performance_measures', fromRecord: (r) => (r.poorPerformanceMeasures ? 1 : 0) },
  { field: 'corporate_contribution', column: 'corporate_contribution', fromRecord: (r) => (r.corporateContribution ? 1 : 0) },
  { field: 'provisional_marking', column: 'provisional_marking', fromRecord: (r) => r.provisionalMarking },
  { field: 'q1_marking', column: 'q1_marking', fromRecord: (r) => r.q1Marking },
  { field: 'q2_marking', column: 'q2_marking', fromRecord: (r) => r.q2Marking },
  { field: 'q3_marking', column: 'q3_marking', fromRecord: (r) => r.q3Marking },
  { field: 'mid_year_marking', column: 'mid_year_marking', fromRecord: (r) => r.midYearMarking },
  { field: 'characteristics', column: 'characteristics', fromRecord: (r) => canonicalJson(r.characteristics) },
];

function canonicalJson(map: Record<string, string>): string {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) sorted[key] = map[key]!;
  return JSON.stringify(sorted);
}

/** A blank finance objective in the file never erases an annotation made in the room. */
function financeFromFile(record: ImportRecord, existing: PersonRow | undefined): PersonRow['finance_objective'] {
  if (existing && record.financeObjective === 'Not assessed') return existing.finance_objective;
  return record.financeObjective;
}

function diffPerson(row: PersonRow, record: ImportRecord): PersonChange | null {
  const fields: PersonChange['fields'] = [];
  for (const f of COMPARED_FIELDS) {
    const after = f.fromRecord(record);
    const before = row[f.column];
    if (before !== after) fields.push({ field: f.field, before, after });
  }
  const finance = financeFromFile(record, row);
  if (finance !== row.finance_objective) fields.push({ field: 'finance_objective', before: row.finance_objective, after: finance });
  return fields.length ? { staffId: row.staff_id, name: record.name, fields } : null;
}

function rowsByStaffId(repo: PanelRepository): Map<string, PersonRow> {
  return new Map(repo.allPersonRows().map((r) => [r.staff_id, r]));
}

export function previewImport(
  repo: PanelRepository,
  panel: Panel,
  parsed: ParsedImport,
  existing: ReadonlyMap<string, PersonRow> = rowsByStaffId(repo),
): ImportPreview {
  const boxCounts = { Exceeding: 0, 'High Performing': 0, Achieving: 0, 'Partially Met': 0, 'Not marked': 0 };
  const preview: ImportPreview = {
    file: parsed.file,
    rows: parsed.records.length,
    added: [],
    changed: [],
    removed: [],
    unchanged: 0,
    boxCounts,
    ineligible: [],
    financeConflicts: [],
    ignoredColumns: parsed.ignoredColumns,
    errors: parsed.errors,
    warnings: parsed.warnings,
  };
  const inFile = new Set<string>();
  for (const record of parsed.records) {
    inFile.add(record.staffId);
    const row = existing.get(record.staffId);
    if (!row) preview.added.push({ staffId: record.staffId, name: record.name });
    else {
      const change = diffPerson(row, record);
      if (change) preview.changed.push(change);
      else preview.unchanged += 1;
    }
    if (!isEligible(record.csStartDate, panel.eligibilityCutoff)) {
      preview.ineligible.push({ staffId: record.staffId, name: record.name, csStartDate: record.csStartDate });
      continue;
    }
    boxCounts[record.provisionalMarking ?? 'Not marked'] += 1;
    if (breaksFinanceRule(financeFromFile(record, row), record.provisionalMarking)) {
      preview.financeConflicts.push({ staffId: record.staffId, name: record.name, marking: record.provisionalMarking! });
    }
  }
  for (const row of existing.values()) {
    if (!inFile.has(row.staff_id)) preview.removed.push({ staffId: row.staff_id, name: row.name });
  }
  return preview;
}

function refuseInvalid(parsed: ParsedImport): void {
  if (parsed.errors.length === 0) return;
  const first = parsed.errors
    .slice(0, 5)
    .map((e) => `${e.file}${e.row !== null ? ` row ${e.row}` : ''}${e.column ? `, column ${e.column}` : ''}: expected ${e.expected}`)
    .join('; ');
  throw new ModerationError(
    'import_invalid',
    `${parsed.file} has ${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}, so nothing was imported: ${first}${
      parsed.errors.length > 5 ? '; …' : ''
    }`,
  );
}

/** Writes the import. Must run inside the service's transaction so that it applies whole or not at all. */
export function applyImport(repo: PanelRepository, panel: Panel, parsed: ParsedImport, actor: Actor, at: string): ImportSummary {
  refuseInvalid(parsed);
  const existing = rowsByStaffId(repo);
  const preview = previewImport(repo, panel, parsed, existing);
  const db = repo.db;

  for (const removed of preview.removed) {
    const row = existing.get(removed.staffId)!;
    repo.appendAudit({ actor: actor.name, role: actor.role, action: 'remove_person', staffId: row.staff_id, before: row, reason: `Not in ${parsed.file}` }, at);
    db.prepare('DELETE FROM person WHERE id = ?').run(row.id);
    existing.delete(removed.staffId);
  }

  // Default order is job weight descending, then name, across the whole panel, so a person's
  // default rank is also their default place inside whichever box they are in.
  const ordered = [...parsed.records].sort(compareDefaultOrder);
  const rankOf = new Map<string, number>();
  ordered.forEach((record, index) => rankOf.set(record.staffId, index));

  const insert = db.prepare(
    `INSERT INTO person (staff_id, name, grade, business_unit, job_title, line_manager, job_weight, cs_start_date,
       poor_performance_measures, corporate_contribution, eligible, provisional_marking, q1_marking, q2_marking,
       q3_marking, mid_year_marking, moderated_marking, sort_key, default_rank, finance_objective, characteristics)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE person SET name = @name, grade = @grade, business_unit = @businessUnit, job_title = @jobTitle,
       line_manager = @lineManager, job_weight = @jobWeight, cs_start_date = @csStartDate,
       poor_performance_measures = @poor, corporate_contribution = @contribution, eligible = @eligible,
       provisional_marking = @provisional, q1_marking = @q1, q2_marking = @q2, q3_marking = @q3,
       mid_year_marking = @midYear, moderated_marking = @moderated, change_reason = @changeReason,
       default_rank = @rank, sort_key = CASE WHEN manual_order = 1 AND moderated_marking IS @moderated THEN sort_key ELSE @rank END,
       manual_order = CASE WHEN moderated_marking IS @moderated THEN manual_order ELSE 0 END,
       finance_objective = @finance, characteristics = @characteristics
     WHERE id = @id`,
  );
  const insertFlag = db.prepare(
    `INSERT INTO flag (person_id, kind, text, created_at, created_by) VALUES (?, 'discuss', ?, ?, ?)
     ON CONFLICT (person_id, kind) DO UPDATE SET text = excluded.text`,
  );
  const changedIds = new Set(preview.changed.map((c) => c.staffId));
  const changeById = new Map(preview.changed.map((c) => [c.staffId, c]));

  for (const record of parsed.records) {
    const eligible = isEligible(record.csStartDate, panel.eligibilityCutoff);
    const rank = rankOf.get(record.staffId)!;
    const row = existing.get(record.staffId);
    const finance = financeFromFile(record, row);
    let personId: number;
    if (!row) {
      personId = Number(
        insert.run(
          record.staffId,
          record.name,
          record.grade,
          record.businessUnit,
          record.jobTitle,
          record.lineManager,
          record.jobWeight,
          record.csStartDate,
          record.poorPerformanceMeasures ? 1 : 0,
          record.corporateContribution ? 1 : 0,
          eligible ? 1 : 0,
          record.provisionalMarking,
          record.q1Marking,
          record.q2Marking,
          record.q3Marking,
          record.midYearMarking,
          eligible ? record.provisionalMarking : null,
          rank,
          rank,
          finance,
          canonicalJson(record.characteristics),
        ).lastInsertRowid,
      );
    } else {
      personId = row.id;
      // The panel's own decision survives a re-import; an untouched marking follows the new provisional one.
      const panelChangedIt = row.moderated_marking !== row.provisional_marking && row.change_reason !== null;
      const moderated = !eligible ? null : panelChangedIt ? row.moderated_marking : record.provisionalMarking;
      update.run({
        id: row.id,
        name: record.name,
        grade: record.grade,
        businessUnit: record.businessUnit,
        jobTitle: record.jobTitle,
        lineManager: record.lineManager,
        jobWeight: record.jobWeight,
        csStartDate: record.csStartDate,
        poor: record.poorPerformanceMeasures ? 1 : 0,
        contribution: record.corporateContribution ? 1 : 0,
        eligible: eligible ? 1 : 0,
        provisional: record.provisionalMarking,
        q1: record.q1Marking,
        q2: record.q2Marking,
        q3: record.q3Marking,
        midYear: record.midYearMarking,
        moderated,
        changeReason: moderated !== null && moderated !== record.provisionalMarking ? row.change_reason : null,
        rank,
        finance,
        characteristics: canonicalJson(record.characteristics),
      });
      if (changedIds.has(record.staffId)) {
        const change = changeById.get(record.staffId)!;
        repo.appendAudit(
          {
            actor: actor.name,
            role: actor.role,
            action: 'update_person',
            staffId: record.staffId,
            before: Object.fromEntries(change.fields.map((f) => [f.field, f.before])),
            after: Object.fromEntries(change.fields.map((f) => [f.field, f.after])),
            reason: `Re-imported from ${parsed.file}`,
          },
          at,
        );
      }
    }
    if (eligible && breaksFinanceRule(finance, record.provisionalMarking)) {
      const text = `Finance objective not met but provisionally marked ${record.provisionalMarking}: cannot stay above Achieving (Annex D 4.a)`;
      insertFlag.run(personId, text, at, actor.name);
      repo.appendAudit(
        {
          actor: actor.name,
          role: actor.role,
          action: 'flag',
          staffId: record.staffId,
          after: { flag: { kind: 'discuss', value: { kind: 'discuss', text, createdAt: at, createdBy: actor.name } } },
          reason: `Flagged by the import of ${parsed.file}`,
        },
        at,
      );
    }
  }

  const counts = Object.fromEntries(BOX_MARKINGS.map((m) => [m, preview.boxCounts[m]]));
  const auditEventId = repo.appendAudit(
    {
      actor: actor.name,
      role: actor.role,
      action: 'import',
      after: {
        file: parsed.file,
        rows: preview.rows,
        added: preview.added.length,
        changed: preview.changed.length,
        removed: preview.removed.length,
        ineligible: preview.ineligible.length,
        notMarked: preview.boxCounts['Not marked'],
        counts,
      },
    },
    at,
  );
  return { ...preview, applied: true, auditEventId };
}
