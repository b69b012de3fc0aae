// Reads and writes panel rows. Knows SQL and column names; knows no moderation rules (those live in
// shared/rules.ts and are applied by the service).

import type { PanelDatabase } from './connection';
import { appendChained, isCheckpoint } from './auditChain';
import type {
  AuditAction,
  AuditEvent,
  BoxMarking,
  FinanceObjective,
  EligibilityStatus,
  Flag,
  FlagKind,
  HighPerformingAwardSetting,
  Note,
  Panel,
  PanelStage,
  PanelStatus,
  Person,
  Role,
  UnitSource,
} from '../shared/domain';

export interface PersonRow {
  id: number;
  staff_id: string;
  name: string;
  grade: string;
  business_unit: string;
  job_title: string;
  line_manager: string;
  job_weight: number | null;
  cs_start_date: string | null;
  poor_performance_measures: number;
  corporate_contribution: number;
  eligible: number;
  provisional_marking: BoxMarking | null;
  q1_marking: BoxMarking | null;
  q2_marking: BoxMarking | null;
  q3_marking: BoxMarking | null;
  mid_year_marking: BoxMarking | null;
  moderated_marking: BoxMarking | null;
  change_reason: string | null;
  sort_key: number;
  default_rank: number;
  manual_order: number;
  finance_objective: FinanceObjective;
  finance_note: string;
  characteristics: string;
  eligibility: EligibilityStatus;
  joined_department_date: string | null;
  left_date: string | null;
  grade_for_year: string | null;
  in_year_payments: number | null;
  end_year_payment: number | null;
  corporate_contribution_evidence: string | null;
  previous_marking_1: BoxMarking | null;
  previous_marking_2: BoxMarking | null;
  countersigning_officer: string | null;
  /** JSON UnitSource, for people merged from a unit panel into an overall panel (db/merge.ts). */
  unit_source: string | null;
}

/** Columns a single undoable event may change on a person, and so may restore. */
export const RESTORABLE_PERSON_COLUMNS = [
  'moderated_marking',
  'change_reason',
  'sort_key',
  'manual_order',
  'finance_objective',
  'finance_note',
  'corporate_contribution_evidence',
] as const;
export type RestorableColumn = (typeof RESTORABLE_PERSON_COLUMNS)[number];
export type PersonPatch = Partial<Pick<PersonRow, RestorableColumn>>;

interface PanelRow {
  name: string;
  business_unit: string;
  performance_year: number;
  stage: PanelStage;
  eligibility_cutoff: string;
  status: PanelStatus;
  finalised_at: string | null;
  finalised_by: string | null;
  suppression_threshold: number;
  not_compared_groups: string;
  high_performing_award: HighPerformingAwardSetting;
  created_at: string;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  role: Role;
  action: AuditAction;
  staff_id: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  refers_to: number | null;
}

export function toPerson(row: PersonRow, flags: Flag[] = []): Person {
  return {
    staffId: row.staff_id,
    name: row.name,
    grade: row.grade,
    businessUnit: row.business_unit,
    jobTitle: row.job_title,
    lineManager: row.line_manager,
    jobWeight: row.job_weight,
    csStartDate: row.cs_start_date,
    joinedDepartmentDate: row.joined_department_date,
    leftDate: row.left_date,
    gradeForYear: row.grade_for_year,
    inYearPayments: row.in_year_payments,
    endYearPayment: row.end_year_payment === null ? null : row.end_year_payment === 1,
    poorPerformanceMeasures: row.poor_performance_measures === 1,
    corporateContribution: row.corporate_contribution === 1,
    corporateContributionEvidence: row.corporate_contribution_evidence,
    eligible: row.eligible === 1,
    eligibility: row.eligibility,
    provisionalMarking: row.provisional_marking,
    q1Marking: row.q1_marking,
    q2Marking: row.q2_marking,
    q3Marking: row.q3_marking,
    midYearMarking: row.mid_year_marking,
    previousMarking1: row.previous_marking_1,
    previousMarking2: row.previous_marking_2,
    countersigningOfficer: row.countersigning_officer,
    ...(row.unit_source ? { source: JSON.parse(row.unit_source) as UnitSource } : {}),
    moderatedMarking: row.moderated_marking,
    changeReason: row.change_reason,
    sortKey: row.sort_key,
    financeObjective: row.finance_objective,
    financeNote: row.finance_note,
    characteristics: JSON.parse(row.characteristics) as Record<string, string>,
    flags,
  };
}

function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    role: row.role,
    action: row.action,
    staffId: row.staff_id,
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
    reason: row.reason,
    refersTo: row.refers_to,
  };
}

export interface NewAuditEvent {
  actor: string;
  role: Role;
  action: AuditAction;
  staffId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  refersTo?: number | null;
}

export interface AuditFilter {
  staffId?: string;
  action?: AuditAction;
  limit?: number;
}

/** Prepared statements for one open panel file. */
export class PanelRepository {
  private readonly personByStaffId;
  private readonly flagsForPerson;
  /** Which session (a window, the command line) this repository writes for: recorded on every event. */
  session: string | null = null;

  constructor(readonly db: PanelDatabase) {
    this.personByStaffId = db.prepare<[string], PersonRow>('SELECT * FROM person WHERE staff_id = ?');
    this.flagsForPerson = db.prepare<[number], { kind: FlagKind; text: string; created_at: string; created_by: string }>(
      'SELECT kind, text, created_at, created_by FROM flag WHERE person_id = ? ORDER BY created_at, kind',
    );
  }

  panel(): Panel | null {
    const row = this.db.prepare<[], PanelRow>('SELECT * FROM panel WHERE id = 1').get();
    if (!row) return null;
    return {
      name: row.name,
      businessUnit: row.business_unit,
      performanceYear: row.performance_year,
      stage: row.stage,
      eligibilityCutoff: row.eligibility_cutoff,
      status: row.status,
      finalisedAt: row.finalised_at,
      finalisedBy: row.finalised_by,
      suppressionThreshold: row.suppression_threshold,
      notComparedGroups: JSON.parse(row.not_compared_groups) as string[],
      highPerformingAward: row.high_performing_award,
      createdAt: row.created_at,
    };
  }

  insertPanel(panel: Panel): void {
    this.db
      .prepare(
        `INSERT INTO panel (id, name, business_unit, performance_year, stage, eligibility_cutoff, status,
           finalised_at, finalised_by, suppression_threshold, not_compared_groups, high_performing_award, created_at)
         VALUES (1, @name, @businessUnit, @performanceYear, @stage, @eligibilityCutoff, @status,
           @finalisedAt, @finalisedBy, @suppressionThreshold, @notComparedGroups, @highPerformingAward, @createdAt)`,
      )
      .run({ ...panel, notComparedGroups: JSON.stringify(panel.notComparedGroups) });
  }

  updateSettings(settings: {
    suppressionThreshold: number;
    notComparedGroups: string[];
    highPerformingAward: HighPerformingAwardSetting;
    performanceYear: number;
    eligibilityCutoff: string;
  }): void {
    this.db
      .prepare(
        `UPDATE panel SET suppression_threshold = ?, not_compared_groups = ?, high_performing_award = ?,
           performance_year = ?, eligibility_cutoff = ? WHERE id = 1`,
      )
      .run(
        settings.suppressionThreshold,
        JSON.stringify(settings.notComparedGroups),
        settings.highPerformingAward,
        settings.performanceYear,
        settings.eligibilityCutoff,
      );
  }

  /** Sets one person's eligibility (after the cut-off changes); a person listed apart has no moderated marking. */
  setEligibility(personId: number, eligibility: EligibilityStatus, moderatedMarking: BoxMarking | null): void {
    this.db
      .prepare('UPDATE person SET eligibility = ?, eligible = ?, moderated_marking = ?, change_reason = CASE WHEN ? IS NULL THEN NULL ELSE change_reason END WHERE id = ?')
      .run(eligibility, eligibility === 'eligible' ? 1 : 0, moderatedMarking, moderatedMarking, personId);
  }

  finalisePanel(at: string, by: string): void {
    this.db.prepare(`UPDATE panel SET status = 'finalised', finalised_at = ?, finalised_by = ? WHERE id = 1`).run(at, by);
  }

  personRow(staffId: string): PersonRow | undefined {
    return this.personByStaffId.get(staffId);
  }

  flags(personId: number): Flag[] {
    return this.flagsForPerson.all(personId).map((f) => ({
      kind: f.kind,
      text: f.text,
      createdAt: f.created_at,
      createdBy: f.created_by,
    }));
  }

  /** Everyone, with flags, in box order. */
  allPeople(): Person[] {
    const flagsByPerson = new Map<number, Flag[]>();
    for (const f of this.db
      .prepare<[], { person_id: number; kind: FlagKind; text: string; created_at: string; created_by: string }>(
        'SELECT * FROM flag ORDER BY created_at, kind',
      )
      .all()) {
      const list = flagsByPerson.get(f.person_id) ?? [];
      list.push({ kind: f.kind, text: f.text, createdAt: f.created_at, createdBy: f.created_by });
      flagsByPerson.set(f.person_id, list);
    }
    return this.db
      .prepare<[], PersonRow>('SELECT * FROM person ORDER BY sort_key, id')
      .all()
      .map((row) => toPerson(row, flagsByPerson.get(row.id) ?? []));
  }

  allPersonRows(): PersonRow[] {
    return this.db.prepare<[], PersonRow>('SELECT * FROM person ORDER BY sort_key, id').all();
  }

  patchPerson(personId: number, patch: PersonPatch): void {
    const columns = Object.keys(patch).filter((c): c is RestorableColumn =>
      (RESTORABLE_PERSON_COLUMNS as readonly string[]).includes(c),
    );
    if (columns.length === 0) return;
    const sql = `UPDATE person SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`;
    this.db.prepare(sql).run({ ...patch, id: personId });
  }

  /** The neighbour that follows `sortKey` in a box, leaving out one person. */
  nextInBox(marking: BoxMarking, sortKey: number, excludeId: number): number | null {
    const row = this.db
      .prepare<[string, number, number], { sort_key: number }>(
        'SELECT sort_key FROM person WHERE moderated_marking = ? AND sort_key > ? AND id != ? ORDER BY sort_key LIMIT 1',
      )
      .get(marking, sortKey, excludeId);
    return row?.sort_key ?? null;
  }

  firstInBox(marking: BoxMarking, excludeId: number): number | null {
    const row = this.db
      .prepare<[string, number], { sort_key: number }>(
        'SELECT sort_key FROM person WHERE moderated_marking = ? AND id != ? ORDER BY sort_key LIMIT 1',
      )
      .get(marking, excludeId);
    return row?.sort_key ?? null;
  }

  flag(personId: number, kind: FlagKind): Flag | null {
    const row = this.db
      .prepare<[number, string], { text: string; created_at: string; created_by: string }>(
        'SELECT text, created_at, created_by FROM flag WHERE person_id = ? AND kind = ?',
      )
      .get(personId, kind);
    return row ? { kind, text: row.text, createdAt: row.created_at, createdBy: row.created_by } : null;
  }

  /** Sets (or with null, removes) one flag of a person. */
  setFlag(personId: number, kind: FlagKind, flag: Omit<Flag, 'kind'> | null): void {
    this.db.prepare('DELETE FROM flag WHERE person_id = ? AND kind = ?').run(personId, kind);
    if (flag) {
      this.db
        .prepare('INSERT INTO flag (person_id, kind, text, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
        .run(personId, kind, flag.text, flag.createdAt, flag.createdBy);
    }
  }

  insertNote(personId: number, text: string, at: string, author: string, role: Role): number {
    return Number(
      this.db
        .prepare('INSERT INTO note (person_id, text, created_at, author, role) VALUES (?, ?, ?, ?, ?)')
        .run(personId, text, at, author, role).lastInsertRowid,
    );
  }

  setNoteDeleted(noteId: number, deleted: boolean): void {
    this.db.prepare('UPDATE note SET deleted = ? WHERE id = ?').run(deleted ? 1 : 0, noteId);
  }

  notes(personId: number): Note[] {
    return this.db
      .prepare<[number], { id: number; text: string; created_at: string; author: string; role: Role }>(
        'SELECT id, text, created_at, author, role FROM note WHERE person_id = ? AND deleted = 0 ORDER BY id',
      )
      .all(personId)
      .map((n) => ({ id: n.id, text: n.text, createdAt: n.created_at, author: n.author, role: n.role }));
  }

  countEvents(action: AuditAction): number {
    return this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM audit WHERE action = ?').get(action)!.n;
  }

  /** The same question as rules.managersAllTopTwo, answered in SQL so a move need not load the panel. */
  managersAllTopTwo(minimumPeople: number): Set<string> {
    const rows = this.db
      .prepare<[number], { line_manager: string }>(
        `SELECT line_manager FROM person
         WHERE eligible = 1 AND line_manager != '' AND provisional_marking IS NOT NULL
         GROUP BY line_manager
         HAVING count(*) >= ? AND sum(provisional_marking IN ('Exceeding', 'High Performing')) = count(*)`,
      )
      .all(minimumPeople);
    return new Set(rows.map((r) => r.line_manager));
  }

  /** Appends an event to the hash-chained log (db/auditChain.ts), in the caller's transaction. */
  appendAudit(event: NewAuditEvent, at: string): number {
    return appendChained(
      this.db,
      {
        at,
        actor: event.actor,
        role: event.role,
        action: event.action,
        staff_id: event.staffId ?? null,
        before: event.before === undefined ? null : JSON.stringify(event.before),
        after: event.after === undefined ? null : JSON.stringify(event.after),
        reason: event.reason ?? null,
        refers_to: event.refersTo ?? null,
        session: this.session,
      },
      isCheckpoint(event.action, event.after),
    );
  }

  audit(filter: AuditFilter = {}): AuditEvent[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.staffId !== undefined) {
      where.push('staff_id = @staffId');
      params.staffId = filter.staffId;
    }
    if (filter.action !== undefined) {
      where.push('action = @action');
      params.action = filter.action;
    }
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC ${
      filter.limit ? `LIMIT ${Math.floor(filter.limit)}` : ''
    }`;
    return this.db
      .prepare<Record<string, unknown>, AuditRow>(sql)
      .all(params)
      .map(toAuditEvent);
  }

  auditEvent(id: number): AuditEvent | null {
    const row = this.db.prepare<[number], AuditRow>('SELECT * FROM audit WHERE id = ?').get(id);
    return row ? toAuditEvent(row) : null;
  }

  /** Undo-relevant events in order, for rebuilding the undo and redo stacks. */
  historyEvents(
    actions: readonly AuditAction[],
    afterId: number,
  ): { id: number; action: AuditAction; refers_to: number | null }[] {
    const placeholders = actions.map(() => '?').join(', ');
    return this.db
      .prepare<(string | number)[], { id: number; action: AuditAction; refers_to: number | null }>(
        `SELECT id, action, refers_to FROM audit WHERE id > ? AND action IN (${placeholders}) ORDER BY id`,
      )
      .all(afterId, ...actions);
  }
}
