// Applies a validated import to a panel, in the caller's transaction: adds people, updates them by staff id
// and (only when HR asks) removes those the file lacks. previewImport says what would change without writing.
//
// An import is HR's data; the panel's own work is never overwritten by it (issue 7): moderated markings,
// finance annotations and notes, flags, notes and corporate-contribution evidence stay as the panel left
// them. Where the file disagrees with that work the preview lists a conflict, and the panel's value stays
// unless HR takes the file's value for that person. A column the file lacks leaves its field as it was.

import { BOX_MARKINGS, type Actor, type BoxMarking, type EligibilityStatus, type FinanceObjective, type Panel } from '../shared/domain';
import type { ImportIssue, ImportRecord, ParsedImport } from '../shared/importTypes';
import { breaksFinanceRule, defaultOrder, eligibilityStatus } from '../shared/rules';
import { ModerationError } from './errors';
import { assertStorable, staffIdsAgainstPanel } from './import/panelChecks';
import type { PanelRepository, PersonRow } from './repository';
// The package's typings are not reachable through its "exports"; tsconfig maps this type-only name to them.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers/types';

export interface PersonChange {
  staffId: string;
  name: string;
  fields: { field: string; before: unknown; after: unknown }[];
}

/** Fields where the panel's own work can disagree with HR's file. */
export const CONFLICT_FIELDS = ['moderated_marking', 'finance_objective'] as const;
export type ConflictField = (typeof CONFLICT_FIELDS)[number];

export interface ImportConflict {
  staffId: string;
  name: string;
  field: ConflictField;
  panelValue: string;
  fileValue: string;
  /** What the import will do: keep the panel's value (the default) or take the file's. */
  resolution: 'panel' | 'file';
}

export interface ImportOptions {
  /** Remove people who are in the panel but not in the file (off unless HR asks). */
  removeMissing?: boolean;
  /** Take the file's value over the panel's: for every conflict of a field, or only for the staff ids named. */
  takeFileValues?: { field: ConflictField; staffIds?: readonly string[] }[];
  /** HR confirms that people with no readable Civil Service start date are eligible (para 69). */
  assumeEligibleWithoutStartDate?: boolean;
}

export interface ListedApart {
  staffId: string;
  name: string;
  csStartDate: string | null;
  eligibility: Exclude<EligibilityStatus, 'eligible'>;
}

export interface ImportPreview {
  file: string;
  rows: number;
  /** The panel's performance year and cut-off the file was checked against. */
  performanceYear: number;
  eligibilityCutoff: string;
  added: { staffId: string; name: string }[];
  changed: PersonChange[];
  /** People who would leave the panel: those the file lacks, and only with removeMissing. */
  removed: { staffId: string; name: string }[];
  /** People in the panel whom the file lacks (kept unless HR asks to remove them). */
  missing: { staffId: string; name: string }[];
  unchanged: number;
  /** Eligible people per provisional box; "Not marked" counts those with no provisional marking. */
  boxCounts: Record<BoxMarking | 'Not marked', number>;
  /** People listed apart and not moderated here, with the reason (paras 69-70). */
  ineligible: ListedApart[];
  /** Civil Service leavers in the file: moderated, but with no award (FAQ). */
  leavers: number;
  /** Where the file disagrees with the panel's own work. */
  conflicts: ImportConflict[];
  /** Who is above Achieving with the finance objective not met once the import is applied (flagged for discussion). */
  financeConflicts: { staffId: string; name: string; marking: BoxMarking }[];
  ignoredColumns: string[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

export interface ImportSummary extends ImportPreview {
  applied: true;
  auditEventId: number;
}

/** A stored person row as the import would leave it. */
type NextRow = Omit<PersonRow, 'id' | 'sort_key' | 'default_rank' | 'manual_order' | 'finance_note' | 'corporate_contribution_evidence'> & {
  finance_note: string;
};

/** File fields compared on re-import: the target (column) that carries it and how it reads from a record. */
const FILE_FIELDS: { field: string; target: string; column: keyof NextRow; fromRecord: (r: ImportRecord) => unknown }[] = [
  { field: 'name', target: 'name', column: 'name', fromRecord: (r) => r.name },
  { field: 'grade', target: 'grade', column: 'grade', fromRecord: (r) => r.grade },
  { field: 'business_unit', target: 'business_unit', column: 'business_unit', fromRecord: (r) => r.businessUnit },
  { field: 'job_title', target: 'job_title', column: 'job_title', fromRecord: (r) => r.jobTitle },
  { field: 'line_manager', target: 'line_manager', column: 'line_manager', fromRecord: (r) => r.lineManager },
  { field: 'job_weight', target: 'job_weight', column: 'job_weight', fromRecord: (r) => r.jobWeight },
  { field: 'cs_start_date', target: 'cs_start_date', column: 'cs_start_date', fromRecord: (r) => r.csStartDate },
  { field: 'joined_department_date', target: 'joined_department_date', column: 'joined_department_date', fromRecord: (r) => r.joinedDepartmentDate },
  { field: 'left_date', target: 'left_date', column: 'left_date', fromRecord: (r) => r.leftDate },
  { field: 'grade_for_year', target: 'grade_for_year', column: 'grade_for_year', fromRecord: (r) => r.gradeForYear },
  { field: 'in_year_payments', target: 'in_year_payments', column: 'in_year_payments', fromRecord: (r) => r.inYearPayments },
  { field: 'end_year_payment', target: 'end_year_payment', column: 'end_year_payment', fromRecord: (r) => (r.endYearPayment === null ? null : r.endYearPayment ? 1 : 0) },
  { field: 'poor_performance_measures', target: 'poor_performance_measures', column: 'poor_performance_measures', fromRecord: (r) => (r.poorPerformanceMeasures ? 1 : 0) },
  { field: 'corporate_contribution', target: 'corporate_contribution', column: 'corporate_contribution', fromRecord: (r) => (r.corporateContribution ? 1 : 0) },
  { field: 'provisional_marking', target: 'provisional_marking', column: 'provisional_marking', fromRecord: (r) => r.provisionalMarking },
  { field: 'q1_marking', target: 'q1_marking', column: 'q1_marking', fromRecord: (r) => r.q1Marking },
  { field: 'q2_marking', target: 'q2_marking', column: 'q2_marking', fromRecord: (r) => r.q2Marking },
  { field: 'q3_marking', target: 'q3_marking', column: 'q3_marking', fromRecord: (r) => r.q3Marking },
  { field: 'mid_year_marking', target: 'mid_year_marking', column: 'mid_year_marking', fromRecord: (r) => r.midYearMarking },
  // Optional columns (issue 8): previous years' markings and the countersigning officer.
  { field: 'previous_marking_1', target: 'previous_marking_1', column: 'previous_marking_1', fromRecord: (r) => r.previousMarking1 ?? null },
  { field: 'previous_marking_2', target: 'previous_marking_2', column: 'previous_marking_2', fromRecord: (r) => r.previousMarking2 ?? null },
  { field: 'countersigning_officer', target: 'countersigning_officer', column: 'countersigning_officer', fromRecord: (r) => r.countersigningOfficer ?? null },
];

/** Fields the diff reports besides the file fields: what the import itself decides. */
const DECIDED_FIELDS: (keyof NextRow)[] = ['eligibility', 'moderated_marking', 'finance_objective', 'finance_note', 'characteristics'];

/**
 * JSON with the keys in order, so equal maps compare equal as text. A file's records all carry the same keys
 * in the same order, so the order is worked out once for that sequence of keys rather than once a person.
 */
function canonicalJson(map: Record<string, string>): string {
  const keys = Object.keys(map);
  if (!sameKeys(keys, lastKeyOrder.keys)) lastKeyOrder = { keys, sorted: [...keys].sort(), ordered: keys.every((key, i) => i === 0 || keys[i - 1]! < key) };
  if (lastKeyOrder.ordered) return JSON.stringify(map);
  const sorted: Record<string, string> = {};
  for (const key of lastKeyOrder.sorted) sorted[key] = map[key]!;
  return JSON.stringify(sorted);
}
let lastKeyOrder: { keys: string[]; sorted: string[]; ordered: boolean } = { keys: [], sorted: [], ordered: true };

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A stored row with every column in place from the start, in one order, so that V8 gives every row one
 * shape: properties added one by one under computed names would turn each row into a slow dictionary.
 */
function blankRow(staffId: string): NextRow {
  return {
    staff_id: staffId,
    name: '',
    grade: '',
    business_unit: '',
    job_title: '',
    line_manager: '',
    job_weight: null,
    cs_start_date: null,
    joined_department_date: null,
    left_date: null,
    grade_for_year: null,
    in_year_payments: null,
    end_year_payment: null,
    poor_performance_measures: 0,
    corporate_contribution: 0,
    eligible: 0,
    eligibility: 'start_date_unknown',
    provisional_marking: null,
    q1_marking: null,
    q2_marking: null,
    q3_marking: null,
    mid_year_marking: null,
    moderated_marking: null,
    change_reason: null,
    finance_objective: 'Not assessed',
    finance_note: '',
    characteristics: '{}',
    previous_marking_1: null,
    previous_marking_2: null,
    countersigning_officer: null,
    unit_source: null,
  };
}

/** What the panel itself has done to each person, read once from the log. */
interface PanelWork {
  moved: Set<string>;
  annotated: Set<string>;
}

function panelWork(repo: PanelRepository): PanelWork {
  const rows = repo.db
    .prepare<[], { staff_id: string; action: string }>(`SELECT DISTINCT staff_id, action FROM audit WHERE action IN ('move', 'finance') AND staff_id IS NOT NULL`)
    .all();
  return {
    moved: new Set(rows.filter((r) => r.action === 'move').map((r) => r.staff_id)),
    annotated: new Set(rows.filter((r) => r.action === 'finance').map((r) => r.staff_id)),
  };
}

function takesFileValue(options: ImportOptions, field: ConflictField, staffId: string): boolean {
  return (options.takeFileValues ?? []).some((t) => t.field === field && (t.staffIds === undefined || t.staffIds.includes(staffId)));
}

interface Plan {
  preview: ImportPreview;
  /** Per record: the row as it will be stored, and the stored row it replaces (if any). */
  next: { record: ImportRecord; row: PersonRow | undefined; values: NextRow }[];
  missingRows: PersonRow[];
}

/** Works out everything an import would do, writing nothing. */
function planImport(repo: PanelRepository, panel: Panel, parsed: ParsedImport, options: ImportOptions): Plan {
  const existing = new Map(repo.allPersonRows().map((r) => [r.staff_id, r]));
  // Into an empty panel (the usual first import) nobody is re-imported and nobody is missing.
  const reimport = existing.size > 0;
  const work = panelWork(repo);
  const has = new Set(parsed.targets);
  const boxCounts = { Exceeding: 0, 'High Performing': 0, Achieving: 0, 'Partially Met': 0, 'Not marked': 0 };
  const preview: ImportPreview = {
    file: parsed.file,
    rows: parsed.records.length,
    performanceYear: panel.performanceYear,
    eligibilityCutoff: panel.eligibilityCutoff,
    added: [],
    changed: [],
    removed: [],
    missing: [],
    unchanged: 0,
    boxCounts,
    ineligible: [],
    leavers: 0,
    conflicts: [],
    financeConflicts: [],
    ignoredColumns: parsed.ignoredColumns,
    // A staff id that only looks like one in the panel would add a second person (issue 9); an empty panel has none.
    errors: [...parsed.errors, ...(reimport ? staffIdsAgainstPanel(parsed, existing.keys()) : [])],
    warnings: parsed.warnings,
  };
  const next: Plan['next'] = [];
  const inFile = new Set<string>();

  for (const record of parsed.records) {
    const row = reimport ? existing.get(record.staffId) : undefined;
    if (reimport) inFile.add(record.staffId);
    // File fields: the file's value where it has the column, the stored one where it does not.
    const values = blankRow(record.staffId);
    for (const f of FILE_FIELDS) {
      (values as Record<string, unknown>)[f.column] = row && !has.has(f.target) ? row[f.column as keyof PersonRow] : f.fromRecord(record);
    }
    // Characteristics the file carries replace the stored ones; those it lacks stay.
    values.characteristics = row
      ? canonicalJson({ ...(JSON.parse(row.characteristics) as Record<string, string>), ...record.characteristics })
      : canonicalJson(record.characteristics);

    // Eligibility (paras 69-70), failing closed; someone HR already confirmed without a start date stays confirmed.
    // Only someone whose stored start date was already missing when HR confirmed them: a file that blanks a
    // known start date must not carry them over silently.
    const confirmed = row !== undefined && row.eligibility === 'eligible' && row.cs_start_date === null && values.cs_start_date === null;
    values.eligibility = eligibilityStatus(
      { csStartDate: values.cs_start_date, joinedDepartmentDate: values.joined_department_date },
      panel.eligibilityCutoff,
      { assumeEligibleWithoutStartDate: options.assumeEligibleWithoutStartDate === true || confirmed },
    );
    values.eligible = values.eligibility === 'eligible' ? 1 : 0;

    // Finance: HR's file fills it, but never over an annotation made in the panel; blank never erases.
    const fileFinance: FinanceObjective | null = has.has('finance_objective') && record.financeObjective !== 'Not assessed' ? record.financeObjective : null;
    values.finance_objective = row?.finance_objective ?? record.financeObjective;
    values.finance_note = row?.finance_note ?? '';
    if (fileFinance !== null && row && fileFinance !== row.finance_objective) {
      if (work.annotated.has(row.staff_id)) {
        const take = takesFileValue(options, 'finance_objective', row.staff_id);
        preview.conflicts.push({
          staffId: row.staff_id,
          name: values.name,
          field: 'finance_objective',
          panelValue: `${row.finance_objective}${row.finance_note ? ` (${row.finance_note})` : ''}`,
          fileValue: fileFinance,
          resolution: take ? 'file' : 'panel',
        });
        if (take) {
          values.finance_objective = fileFinance;
          values.finance_note = ''; // the note explained the panel's annotation, which HR has replaced
        }
      } else {
        values.finance_objective = fileFinance;
      }
    }

    // The moderated marking: the panel's decision stays; an untouched one follows the new provisional.
    if (values.eligibility !== 'eligible') values.moderated_marking = null;
    else if (!row || row.eligibility !== 'eligible') values.moderated_marking = values.provisional_marking;
    else {
      const decided = work.moved.has(row.staff_id) || row.moderated_marking !== row.provisional_marking;
      const provisionalChanged = values.provisional_marking !== row.provisional_marking;
      values.moderated_marking = decided ? row.moderated_marking : values.provisional_marking;
      if (decided && provisionalChanged && values.provisional_marking !== row.moderated_marking) {
        const take = takesFileValue(options, 'moderated_marking', row.staff_id);
        preview.conflicts.push({
          staffId: row.staff_id,
          name: values.name,
          field: 'moderated_marking',
          panelValue: row.moderated_marking ?? 'not marked',
          fileValue: `${values.provisional_marking ?? 'not marked'} (new provisional marking)`,
          resolution: take ? 'file' : 'panel',
        });
        if (take) values.moderated_marking = values.provisional_marking;
      }
    }
    values.change_reason =
      row && values.moderated_marking !== null && values.moderated_marking !== values.provisional_marking ? row.change_reason : null;

    if (!row) preview.added.push({ staffId: record.staffId, name: record.name });
    else {
      const change = diffRow(row, values);
      if (change) preview.changed.push(change);
      else preview.unchanged += 1;
    }
    if (values.eligibility !== 'eligible') {
      preview.ineligible.push({ staffId: record.staffId, name: values.name, csStartDate: values.cs_start_date, eligibility: values.eligibility });
    } else {
      boxCounts[values.provisional_marking ?? 'Not marked'] += 1;
      if (values.left_date !== null) preview.leavers += 1;
      // The discussion list is worked out on the moderated state the import leaves, not the provisional one.
      if (breaksFinanceRule(values.finance_objective, values.moderated_marking)) {
        preview.financeConflicts.push({ staffId: record.staffId, name: values.name, marking: values.moderated_marking! });
      }
    }
    next.push({ record, row, values });
  }
  // A row the mapping skipped is in the file, not missing from it: the person is kept as they are.
  const skippedIds = new Set((parsed.skipped ?? []).map((s) => s.staffId));
  const missingRows = [...existing.values()].filter((row) => !inFile.has(row.staff_id) && !skippedIds.has(row.staff_id));
  preview.missing = missingRows.map((row) => ({ staffId: row.staff_id, name: row.name }));
  if (options.removeMissing) preview.removed = preview.missing;
  return { preview, next, missingRows };
}

function diffRow(row: PersonRow, values: NextRow): PersonChange | null {
  const fields: PersonChange['fields'] = [];
  for (const column of [...FILE_FIELDS.map((f) => f.column), ...DECIDED_FIELDS]) {
    const before = row[column as keyof PersonRow];
    const after = values[column];
    if (before !== after) fields.push({ field: column, before, after });
  }
  return fields.length ? { staffId: row.staff_id, name: values.name, fields } : null;
}

export function previewImport(repo: PanelRepository, panel: Panel, parsed: ParsedImport, options: ImportOptions = {}): ImportPreview {
  return planImport(repo, panel, parsed, options).preview;
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

const COLUMNS = [
  'staff_id', 'name', 'grade', 'business_unit', 'job_title', 'line_manager', 'job_weight', 'cs_start_date',
  'joined_department_date', 'left_date', 'grade_for_year', 'in_year_payments', 'end_year_payment',
  'poor_performance_measures', 'corporate_contribution', 'eligible', 'eligibility', 'provisional_marking',
  'q1_marking', 'q2_marking', 'q3_marking', 'mid_year_marking', 'moderated_marking', 'change_reason',
  'finance_objective', 'finance_note', 'characteristics',
  'previous_marking_1', 'previous_marking_2', 'countersigning_officer',
] as const satisfies readonly (keyof NextRow)[];

/** Writes the import. Must run inside the service's transaction so that it applies whole or not at all. */
export function applyImport(
  repo: PanelRepository,
  panel: Panel,
  parsed: ParsedImport,
  actor: Actor,
  at: string,
  options: ImportOptions = {},
): ImportSummary {
  refuseInvalid(parsed);
  const phase = phaseTimer();
  const { preview, next, missingRows } = planImport(repo, panel, parsed, options);
  phase('plan (what changes, eligibility, finance, preview)');
  refuseInvalid({ ...parsed, errors: preview.errors });
  const db = repo.db;

  if (options.removeMissing) {
    for (const row of missingRows) {
      repo.appendAudit(
        { actor: actor.name, role: actor.role, action: 'remove_person', staffId: row.staff_id, before: row, reason: `Not in ${parsed.file}; HR chose to remove people the file lacks` },
        at,
      );
      db.prepare('DELETE FROM person WHERE id = ?').run(row.id);
    }
  }

  // Default order is job weight descending, then name, across the whole panel (those the file lacks too),
  // so a person's default rank is also their default place inside whichever box they are in.
  const kept = options.removeMissing ? [] : missingRows.map((r) => ({ staffId: r.staff_id, name: r.name, jobWeight: r.job_weight }));
  // rank[i] is the default rank of next[i], then of kept[i - next.length].
  const rank = new Int32Array(next.length + kept.length);
  defaultOrder([...next.map((n) => ({ staffId: n.values.staff_id, name: n.values.name, jobWeight: n.values.job_weight })), ...kept]).forEach(
    (index, position) => (rank[index] = position),
  );
  phase('default order');

  const inserter = new PersonInserter(repo.db);
  const update = db.prepare(
    `UPDATE person SET ${COLUMNS.map((c) => `${c} = @${c}`).join(', ')},
       default_rank = @rank, sort_key = CASE WHEN manual_order = 1 AND moderated_marking IS @moderated_marking THEN sort_key ELSE @rank END,
       manual_order = CASE WHEN moderated_marking IS @moderated_marking THEN manual_order ELSE 0 END
     WHERE id = @id`,
  );
  const rerank = db.prepare('UPDATE person SET default_rank = @rank, sort_key = CASE WHEN manual_order = 1 THEN sort_key ELSE @rank END WHERE staff_id = @staffId');
  // The import's own discussion flag never replaces one the panel set.
  const insertFlag = db.prepare(
    `INSERT INTO flag (person_id, kind, text, created_at, created_by) VALUES (?, 'discuss', ?, ?, ?) ON CONFLICT (person_id, kind) DO NOTHING`,
  );
  const changeById = new Map(preview.changed.map((c) => [c.staffId, c]));
  const conflictsById = new Map<string, ImportConflict[]>();
  for (const c of preview.conflicts) conflictsById.set(c.staffId, [...(conflictsById.get(c.staffId) ?? []), c]);

  // Into an empty table (a new panel's first import), the person table's own indexes are built once after
  // the rows rather than kept in order row by row (a sixth of the inserts' time at 100,000 people). The
  // definitions are read back from the file, so the schema stays in db/migrations.ts; one transaction, so
  // the indexes are there again whether the import commits or not.
  const rebuiltIndexes =
    db.prepare('SELECT 1 FROM person LIMIT 1').get() === undefined
      ? db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person' AND sql IS NOT NULL").all()
      : [];
  for (const index of rebuiltIndexes) db.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
  // While the rows are written, a 100,000-person panel's pages all fit in SQLite's cache (2 MB by default),
  // so a file in any order updates the staff-id index without reading pages back. Memory only: durability
  // is the commit's, unchanged.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${IMPORT_CACHE_SIZE}`);
  try {
    for (let n = 0; n < next.length; n++) {
      const { record, row, values } = next[n]!;
      const rankOfPerson = rank[n]!;
      let personId: number | null = null;
      if (!row) inserter.add(parsed.file, record.row, values, rankOfPerson);
      else {
        assertStorable(parsed.file, record.row, COLUMNS, COLUMNS.map((c) => values[c]));
        personId = row.id;
        update.run({ ...values, rank: rankOfPerson, id: row.id });
        const change = changeById.get(record.staffId);
        if (change) {
          const taken = (conflictsById.get(record.staffId) ?? []).filter((c) => c.resolution === 'file');
          repo.appendAudit(
            {
              actor: actor.name,
              role: actor.role,
              action: 'update_person',
              staffId: record.staffId,
              before: Object.fromEntries(change.fields.map((f) => [f.field, f.before])),
              after: Object.fromEntries(change.fields.map((f) => [f.field, f.after])),
              reason: `Re-imported from ${parsed.file}${taken.length ? `; HR took the file's value over the panel's for ${taken.map((c) => c.field).join(' and ')}` : ''}`,
            },
            at,
          );
        }
      }
      if (values.eligibility === 'eligible' && breaksFinanceRule(values.finance_objective, values.moderated_marking)) {
        const text = `Finance objective not met but marked ${values.moderated_marking}: cannot stay above Achieving (Annex D 4.a)`;
        // The person's row is written first, so the flag has their id.
        personId ??= inserter.flush();
        if (insertFlag.run(personId, text, at, actor.name).changes > 0) {
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
    }
    inserter.flush();
    phase('write people (SQLite inserts, constraints, flags)');
    for (const index of rebuiltIndexes) db.exec(index.sql);
    phase('build the person indexes');
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
  kept.forEach((p, k) => rerank.run({ staffId: p.staffId, rank: rank[next.length + k]! }));

  const counts = Object.fromEntries(BOX_MARKINGS.map((m) => [m, preview.boxCounts[m]]));
  const unknownStart = preview.ineligible.filter((p) => p.eligibility === 'start_date_unknown').length;
  const auditEventId = repo.appendAudit(
    {
      actor: actor.name,
      role: actor.role,
      action: 'import',
      after: {
        file: parsed.file,
        rows: preview.rows,
        performanceYear: panel.performanceYear,
        eligibilityCutoff: panel.eligibilityCutoff,
        added: preview.added.length,
        changed: preview.changed.length,
        removed: preview.removed.length,
        keptNotInFile: options.removeMissing ? 0 : preview.missing.length,
        ineligible: preview.ineligible.length,
        startDateUnknown: unknownStart,
        assumedEligibleWithoutStartDate: options.assumeEligibleWithoutStartDate === true,
        notMarked: preview.boxCounts['Not marked'],
        counts,
        conflicts: preview.conflicts.map((c) => ({ staffId: c.staffId, field: c.field, panelValue: c.panelValue, fileValue: c.fileValue, kept: c.resolution })),
      },
    },
    at,
  );
  phase('audit event (with the saved state of the panel)');
  return { ...preview, applied: true, auditEventId };
}

/**
 * Writes new people INSERT_BATCH rows to a statement, which takes SQLite a tenth less time a person than a
 * statement a row. Rows are bound by position (better-sqlite3 would look each named parameter up by name, a
 * fifth of a 100k import's inserts). Rows wait only until the batch is full or flush() is called, which the
 * import does before it needs a new person's id, so everything is written in the file's order.
 */
class PersonInserter {
  private readonly width = COLUMNS.length + 2;
  /** The statement for n rows at [n], prepared when first needed. */
  private readonly statements: BetterSqlite3.Statement[] = [];
  private readonly row: unknown[] = new Array(this.width);
  private readonly batch: unknown[] = new Array(this.width * INSERT_BATCH);
  private waiting = 0;
  private lastId = 0;

  constructor(private readonly db: PanelRepository['db']) {}

  /** A new person with their default rank, checked storable (naming the file's row) before anything is written. */
  add(file: string, fileRow: number, values: NextRow, rank: number): void {
    const row = this.row;
    for (let i = 0; i < COLUMNS.length; i++) row[i] = values[COLUMNS[i]!];
    row[COLUMNS.length] = rank;
    row[COLUMNS.length + 1] = rank;
    assertStorable(file, fileRow, COLUMNS, row);
    const at = this.waiting * this.width;
    for (let i = 0; i < this.width; i++) this.batch[at + i] = row[i];
    this.waiting += 1;
    if (this.waiting === INSERT_BATCH) this.write(this.batch);
  }

  /** Writes the rows still waiting; the id of the last person written (the one just added). */
  flush(): number {
    if (this.waiting > 0) this.write(this.batch.slice(0, this.waiting * this.width));
    return this.lastId;
  }

  private write(bound: unknown[]): void {
    const rows = this.waiting;
    this.statements[rows] ??= this.db.prepare(
      `INSERT INTO person (${COLUMNS.join(', ')}, sort_key, default_rank) VALUES ${Array.from({ length: rows }, () => `(${new Array(this.width).fill('?').join(', ')})`).join(', ')}`,
    );
    // The rows of one statement are inserted in order, so the last id is the last row's.
    this.lastId = Number(this.statements[rows].run(bound).lastInsertRowid);
    this.waiting = 0;
  }
}
const INSERT_BATCH = 32;

/** SQLite's page cache while an import writes its rows: 64 MB (a negative cache_size is in KiB). */
const IMPORT_CACHE_SIZE = -64 * 1024;

/**
 * Marks the end of each phase of an import as a performance measure named "import: <phase>", from the end
 * of the one before: `npm run bench` reports where an import's time goes from these.
 */
function phaseTimer(): (name: string) => void {
  let start = performance.now();
  return (name) => {
    const end = performance.now();
    performance.measure(`import: ${name}`, { start, end });
    start = end;
  };
}
