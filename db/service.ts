// The moderation service: the only thing that changes a panel. Every operation checks the rules in
// shared/rules.ts, runs in one transaction and appends its audit event in that same transaction.

import { openPanelDatabase, panelFileInfo, type OpenOptions, type PanelDatabase } from './connection';
import { ModerationError } from './errors';
import { PanelRepository, type PersonPatch, type PersonRow, type AuditFilter } from './repository';
import { toPerson } from './repository';
import {
  type Actor,
  type AuditEvent,
  type BoxMarking,
  type FinanceObjective,
  type FlagKind,
  type HighPerformingAwardSetting,
  type Note,
  type Panel,
  type PanelStage,
  type Person,
  FLAG_LABELS,
} from '../shared/domain';
import {
  MANAGER_PATTERN_MIN_PEOPLE,
  checkMove,
  eligibilityStatus,
  defaultEligibilityCutoff,
  discussionReasons,
  sortKeyBetween,
  suggestedForDiscussion,
  type DiscussionReason,
} from '../shared/rules';
import type { ParsedImport } from '../shared/importTypes';
import { finaliseProblems, signerProblem } from '../shared/finalise';
import { applyImport, previewImport, type ImportOptions, type ImportPreview, type ImportSummary } from './importApply';
import { UndoHistory, type UndoableState } from './undo';
import { DEFAULT_NOT_COMPARED_GROUPS } from '../shared/stats/groups';
import { isIsoDate } from '../shared/performanceYear';
import { discussionSeconds, openDiscussion, type OpenDiscussion } from './discussion';
import { newSessionId, describeSession, type SessionProgram } from './sessions';
import { busyMessage, isBusyError, registerPresence, unregisterPresence } from './presence';
import { makeBackup } from './backup';
import { historyTip, verifyHistory } from './auditChain';
import type { HistoryVerification } from '../shared/historyVerification';
import { writeMerge, type MergePlan, type MergeSummary } from './merge';
import { attendees, changeAttendance, recordStepOut, stepOuts, type AttendanceChange } from './attendance';
import type { Attendee, StepOutRecord } from '../shared/attendance';
import { applyPreviousMarkings, type PreviousMarkingsSummary, type PreviousOutcomeFile, type PreviousYear } from './previousYears';
import { RoleAccess, type RoleAccessState } from './roleAccess';
import { UNDO_OPERATION, may, refusalMessage, type Operation, type PersonRole } from '../shared/roles';
import { writeRoomCopy } from './roomCopy';
import type { RoomCopyState } from '../shared/rolesContract';

/** How a service opens its file, and for whom it writes (undo is per person and session). */
export interface ServiceOptions extends Omit<OpenOptions, 'create'> {
  /** The session recorded on every event; a new one for `program` by default. */
  session?: string;
  /** Who is writing, for the session id and for messages naming who has the panel open. */
  program?: SessionProgram;
  /**
   * The PIN for the role this session acts in, where HR set one (db/roleAccess.ts). The command line
   * (program 'cli') takes it from MODPANEL_PIN when not given; a window gives it when switching role.
   */
  rolePin?: string;
}

export interface NewPanel {
  name: string;
  businessUnit: string;
  performanceYear: number;
  stage?: PanelStage;
  eligibilityCutoff?: string;
  suppressionThreshold?: number;
  notComparedGroups?: string[];
  highPerformingAward?: HighPerformingAwardSetting;
}

export interface PanelSettings {
  suppressionThreshold?: number;
  notComparedGroups?: string[];
  highPerformingAward?: HighPerformingAwardSetting;
  performanceYear?: number;
  /** ISO date; when the year changes without one, the year's own 1 January. */
  eligibilityCutoff?: string;
}

/** An import's options, with the performance year and cut-off HR may set in the wizard before applying. */
export interface ImportYearOptions extends ImportOptions {
  performanceYear?: number;
  eligibilityCutoff?: string;
}

export interface MoveRequest {
  staffId: string;
  to: BoxMarking;
  reason?: string;
  /** The chair's explicit acknowledgement that Exceeding has no corporate contribution evidenced. */
  acknowledgeNoCorporateContribution?: boolean;
  /** The corporate contribution the panel saw (para 34), recorded with a move to Exceeding. */
  corporateContributionEvidence?: string;
}

export interface ReorderRequest {
  staffId: string;
  /** Place directly after this person in the same box; null puts them first. */
  afterStaffId: string | null;
}

export interface PersonDetail {
  person: Person;
  notes: Note[];
  audit: AuditEvent[];
  discussion: DiscussionReason[];
}

export interface UndoResult {
  undone: AuditEvent;
  staffId: string | null;
}

/** What stops a panel being finalised: one definition, in shared/finalise.ts, which the window shows before signing. */
export { finaliseProblems };

function now(): string {
  return new Date().toISOString();
}

function requireText(value: string | undefined, what: string): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') throw new ModerationError('invalid', `${what} is required`);
  return trimmed;
}

export class ModerationService {
  readonly repo: PanelRepository;
  private readonly history: UndoHistory;
  private managerCache: { imports: number; managers: Set<string> } | null = null;
  private peopleCache: { version: number; people: Person[]; index: Map<string, number>; sorted: boolean } | null = null;
  /** Who may do what here, and the role this session unlocked with its PIN (issue 9). */
  private readonly access: RoleAccess;

  private constructor(
    readonly db: PanelDatabase,
    readonly path: string,
    options: ServiceOptions,
  ) {
    this.repo = new PanelRepository(db);
    this.repo.session = options.session ?? newSessionId(options.program ?? 'service');
    this.history = new UndoHistory(this.repo);
    this.access = new RoleAccess(db, this.repo, options.rolePin ?? (options.program === 'cli' ? process.env.MODPANEL_PIN : undefined));
    if (path !== ':memory:' && !options.readonly && !options.building) registerPresence(db, this.repo.session, options.program ?? 'service');
  }

  /** Opens an existing panel file. */
  static open(path: string, options: ServiceOptions = {}): ModerationService {
    const db = openPanelDatabase(path, options);
    const service = new ModerationService(db, path, options);
    if (!service.repo.panel()) {
      service.close();
      throw new ModerationError('not_found', `${path} has no panel in it`);
    }
    return service;
  }

  /** Creates a new panel file (refuses to overwrite one that already holds a panel). */
  static create(path: string, panel: NewPanel, actor: Actor, options: ServiceOptions = {}): ModerationService {
    // Making a panel is HR's (it is filled by an import); refused before any file is touched.
    if (!may(actor.role, 'import')) throw new ModerationError('not_permitted', refusalMessage(actor.role, 'import'));
    const db = openPanelDatabase(path, { ...options, create: true });
    const service = new ModerationService(db, path, options);
    if (service.repo.panel()) {
      service.close();
      throw new ModerationError('invalid', `${path} already holds a panel`);
    }
    const at = now();
    const record: Panel = {
      name: requireText(panel.name, 'Panel name'),
      businessUnit: panel.businessUnit.trim(),
      performanceYear: panel.performanceYear,
      stage: panel.stage ?? 'local',
      eligibilityCutoff: panel.eligibilityCutoff ?? defaultEligibilityCutoff(panel.performanceYear),
      status: 'open',
      finalisedAt: null,
      finalisedBy: null,
      suppressionThreshold: panel.suppressionThreshold ?? 5,
      notComparedGroups: panel.notComparedGroups ?? [...DEFAULT_NOT_COMPARED_GROUPS],
      highPerformingAward: panel.highPerformingAward ?? 'discretion',
      createdAt: at,
    };
    db.transaction(() => {
      service.repo.insertPanel(record);
      service.repo.appendAudit({ actor: actor.name, role: actor.role, action: 'create_panel', after: record }, at);
    })();
    return service;
  }

  /**
   * Closes the file. A discussion this session started and left open ends now, so a panel left overnight
   * does not count the night; one the room started in another window (or that the CLI merely read) goes on.
   */
  close(): void {
    if (!this.db.open) return;
    try {
      const open = openDiscussion(this.repo);
      const startedHere =
        open !== null &&
        this.db
          .prepare<[], { session: string | null }>("SELECT session FROM audit WHERE action = 'discussion_start' ORDER BY id DESC LIMIT 1")
          .get()?.session === this.repo.session;
      if (open && startedHere && this.repo.panel()?.status === 'open') this.closeDiscussion(open, { name: 'Moderation Panel', role: 'system' }, now());
    } catch {
      // Closing must not fail because the file is read-only or damaged; the discussion then stays open.
    }
    this.access.flush();
    unregisterPresence(this.db, this.repo.session ?? '');
    this.db.close();
  }

  /** The session this service writes for (recorded on every event). */
  get session(): string {
    return this.repo.session ?? '';
  }

  /** Whether the file is encrypted with a passphrase. */
  get encrypted(): boolean {
    return panelFileInfo(this.db).encrypted;
  }

  /** Checks the hash chain of the log and that everyone's state equals its replay (db/auditChain.ts). */
  verifyHistory(): HistoryVerification {
    return verifyHistory(this.db);
  }

  /** The newest event's id and hash, which exports and the panel record carry. */
  historyTip(): { eventId: number; hash: string } | null {
    return historyTip(this.db);
  }

  /**
   * The newest event written from another session (another window, the CLI): a window that saw up to
   * here is up to date; a higher number means someone else changed the panel since.
   */
  externalVersion(): number {
    return (
      // Newest first, so the usual case (the last event came from elsewhere, or recently) stops at once.
      this.db.prepare<[string], { id: number }>('SELECT id FROM audit WHERE session IS NOT ? ORDER BY id DESC LIMIT 1').get(this.session)?.id ?? 0
    );
  }

  panel(): Panel {
    const panel = this.repo.panel();
    if (!panel) throw new ModerationError('not_found', 'This file has no panel');
    return panel;
  }

  /**
   * Everyone, with flags, in box order. Cached between changes: breakdowns and the fairness check read
   * the whole panel after every move. A change made by another process (the CLI) bumps SQLite's
   * data_version, which drops the cache too. Callers must treat the result as read-only.
   */
  people(): Person[] {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    let cache = this.peopleCache;
    if (cache?.version !== version) {
      const people = this.repo.allPeople();
      cache = this.peopleCache = { version, people, index: new Map(people.map((p, i) => [p.staffId, i])), sorted: true };
    }
    if (!cache.sorted) {
      cache.people.sort((a, b) => a.sortKey - b.sortKey || (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0));
      cache.index = new Map(cache.people.map((p, i) => [p.staffId, i]));
      cache.sorted = true;
    }
    return cache.people;
  }

  person(staffId: string): Person {
    const row = this.row(staffId);
    return toPerson(row, this.repo.flags(row.id));
  }

  personDetail(staffId: string): PersonDetail {
    const person = this.person(staffId);
    return {
      person,
      notes: this.repo.notes(this.row(staffId).id),
      audit: this.repo.audit({ staffId }),
      discussion: discussionReasons(person, this.topTwoManagers()),
    };
  }

  /** Discussion reasons for a few people without loading the whole panel (the manager pattern is cached). */
  discussionFor(people: readonly Person[]): Record<string, DiscussionReason[]> {
    const managers = this.topTwoManagers();
    return Object.fromEntries(people.map((p) => [p.staffId, discussionReasons(p, managers)]));
  }

  /** Managers whose provisional markings are all top two; provisional markings change only on import. */
  private topTwoManagers(): Set<string> {
    const importCount = this.repo.countEvents('import');
    if (this.managerCache?.imports !== importCount) {
      this.managerCache = { imports: importCount, managers: this.repo.managersAllTopTwo(MANAGER_PATTERN_MIN_PEOPLE) };
    }
    return this.managerCache.managers;
  }

  discussionList(): { staffId: string; name: string; reasons: DiscussionReason[] }[] {
    const people = this.people();
    const suggestions = suggestedForDiscussion(people);
    return people
      .filter((p) => suggestions.has(p.staffId))
      .map((p) => ({ staffId: p.staffId, name: p.name, reasons: suggestions.get(p.staffId)! }));
  }

  audit(filter: AuditFilter = {}): AuditEvent[] {
    return this.repo.audit(filter);
  }

  /** Whether `actorName` (or, with none, anyone in this session) has a change of their own to undo. */
  canUndo(actorName?: string): boolean {
    return this.history.undoTarget(actorName) !== null;
  }

  canRedo(actorName?: string): boolean {
    return this.history.redoTarget(actorName) !== null;
  }

  // --- roles the service enforces (issue 9; shared/roles.ts says who may do what, db/roleAccess.ts keeps PINs) ---

  /**
   * Refuses, with a 'refused' audit event, unless `actor.role` may do `operation` here (and has given its
   * PIN, where HR set one). Every change checks this before anything else; so do the db modules that
   * write on the service's behalf, and the API for what a role may see.
   */
  authorize(actor: Pick<Actor, 'name' | 'role'>, operation: Operation, detail: Record<string, unknown> = {}): void {
    this.access.check(actor, operation, detail);
  }

  /** For a read that shows a role more (HR's figures, members' comments): that role's PIN, if it has one. */
  verifyRole(actor: Pick<Actor, 'name' | 'role'>): void {
    this.access.checkPin(actor);
  }

  /** Which roles have a PIN on this panel, and which this session has unlocked. */
  roleAccess(): RoleAccessState {
    return this.access.state();
  }

  /** The person now acts as `to`: recorded; a role with a PIN needs it. Allowed on a finalised panel too. */
  switchRole(from: Pick<Actor, 'name' | 'role'>, to: { name: string; role: PersonRole }, pin?: string): RoleAccessState {
    return this.access.switchRole(from, { name: requireText(to.name, 'Your name'), role: to.role }, pin);
  }

  /** HR sets (or, with null, removes) a role's PIN for this panel: stored as a salted scrypt hash. */
  setRolePin(actor: Actor, role: PersonRole, pin: string | null): RoleAccessState {
    return this.access.setPin(actor, role, pin);
  }

  /** HR shares the breakdowns as they are now with the room (db/roomCopy.ts): the room's figures change only then. */
  shareBreakdowns(actor: Actor): RoomCopyState {
    this.authorize(actor, 'share_breakdowns');
    return writeRoomCopy(this, actor);
  }

  /** Records refusals held back while a transaction was open (a batch that then rolled back). */
  flushRefusals(): void {
    this.access.flush();
  }

  /** Undo and redo repeat a change backwards: allowed when the role may make that change (shared/roles.ts). */
  private authorizeReversal(actor: Actor, target: number | null): void {
    this.authorize(actor, 'undo');
    if (target === null) return;
    const action = this.repo.auditEvent(target)?.action;
    const operation = action ? UNDO_OPERATION[action] : undefined;
    if (operation) this.authorize(actor, operation, { undoing: target });
  }

  /** Moves a person to a box. A marking that differs from the provisional one needs a reason. */
  move(request: MoveRequest, actor: Actor): Person {
    this.authorize(actor, 'move', { staffId: request.staffId });
    return this.write(() => {
      const row = this.rowFor(request.staffId, actor);
      const person = toPerson(row);
      const evidence = (request.corporateContributionEvidence ?? '').trim();
      const check = checkMove(evidence ? { ...person, corporateContributionEvidence: evidence } : person, request.to);
      if (!check.allowed) throw new ModerationError('rule', check.reason);
      if (row.moderated_marking === request.to && !evidence) return person;
      const reason = (request.reason ?? '').trim();
      if (check.needsReason && reason === '') {
        throw new ModerationError(
          'reason_required',
          `Moving ${person.name} to ${request.to} differs from the provisional marking (${person.provisionalMarking ?? 'not marked'}): give a reason`,
        );
      }
      if (check.needsAcknowledgement && !request.acknowledgeNoCorporateContribution) {
        throw new ModerationError('acknowledgement_required', `${person.name}: ${check.needsAcknowledgement}. Acknowledge to continue.`);
      }
      const after: PersonPatch = {
        moderated_marking: request.to,
        change_reason: check.needsReason ? reason : null,
        sort_key: row.default_rank,
        manual_order: 0,
        ...(evidence && request.to === 'Exceeding' ? { corporate_contribution_evidence: evidence } : {}),
      };
      const state: UndoableState = { person: after };
      if (check.needsAcknowledgement) state.acknowledged = check.needsAcknowledgement;
      this.repo.patchPerson(row.id, after);
      this.log(actor, 'move', row.staff_id, { person: this.patchOf(row, after) }, state, reason || null);
      return this.person(request.staffId);
    }, (person) => [person]);
  }

  /** Places a person after another in the same box (or first); the manual order is kept from then on. */
  reorder(request: ReorderRequest, actor: Actor): Person {
    this.authorize(actor, 'reorder', { staffId: request.staffId });
    return this.write(() => {
      const row = this.rowFor(request.staffId, actor);
      if (row.moderated_marking === null) throw new ModerationError('invalid', `${row.name} is not in a box`);
      let before: number | null = null;
      if (request.afterStaffId !== null) {
        const anchor = this.row(request.afterStaffId);
        if (anchor.moderated_marking !== row.moderated_marking) {
          throw new ModerationError('invalid', `${anchor.name} is not in the ${row.moderated_marking} box`);
        }
        if (anchor.id === row.id) return toPerson(row);
        before = anchor.sort_key;
      }
      const next =
        before === null
          ? this.repo.firstInBox(row.moderated_marking, row.id)
          : this.repo.nextInBox(row.moderated_marking, before, row.id);
      const after: PersonPatch = { sort_key: sortKeyBetween(before, next), manual_order: 1 };
      this.repo.patchPerson(row.id, after);
      this.log(actor, 'reorder', row.staff_id, { person: this.patchOf(row, after) }, { person: after }, null);
      return this.person(request.staffId);
    }, (person) => [person]);
  }

  flag(staffId: string, kind: FlagKind, text: string, actor: Actor): Person {
    this.authorize(actor, 'flag', { staffId });
    return this.write(() => {
      const row = this.rowFor(staffId, actor);
      const previous = this.repo.flag(row.id, kind);
      const flag = { text: text.trim() || FLAG_LABELS[kind], createdAt: now(), createdBy: actor.name };
      this.repo.setFlag(row.id, kind, flag);
      this.log(actor, 'flag', staffId, { flag: { kind, value: previous } }, { flag: { kind, value: { kind, ...flag } } }, null);
      return this.person(staffId);
    }, (person) => [person]);
  }

  unflag(staffId: string, kind: FlagKind, actor: Actor): Person {
    this.authorize(actor, 'flag', { staffId });
    return this.write(() => {
      const row = this.rowFor(staffId, actor);
      const previous = this.repo.flag(row.id, kind);
      if (!previous) throw new ModerationError('invalid', `${row.name} has no ${FLAG_LABELS[kind]} flag`);
      this.repo.setFlag(row.id, kind, null);
      this.log(actor, 'unflag', staffId, { flag: { kind, value: previous } }, { flag: { kind, value: null } }, null);
      return this.person(staffId);
    }, (person) => [person]);
  }

  /** The finance partner's annotation. Not met is recorded even above Achieving; the chair then sees the conflict. */
  setFinance(staffId: string, objective: FinanceObjective, note: string, actor: Actor): Person {
    this.authorize(actor, 'finance', { staffId });
    return this.write(() => {
      const row = this.rowFor(staffId, actor);
      const after: PersonPatch = { finance_objective: objective, finance_note: note.trim() };
      this.repo.patchPerson(row.id, after);
      this.log(actor, 'finance', staffId, { person: this.patchOf(row, after) }, { person: after }, null);
      return this.person(staffId);
    }, (person) => [person]);
  }

  /**
   * Records the significant corporate contribution beyond the business unit that the panel saw (para 34),
   * for someone HR's file did not show with one. Undoable; an empty text clears it.
   */
  recordContribution(staffId: string, text: string, actor: Actor): Person {
    this.authorize(actor, 'contribution', { staffId });
    return this.write(() => {
      const row = this.rowFor(staffId, actor);
      const evidence = text.trim();
      const after: PersonPatch = { corporate_contribution_evidence: evidence === '' ? null : evidence };
      this.repo.patchPerson(row.id, after);
      this.log(actor, 'contribution', staffId, { person: this.patchOf(row, after) }, { person: after }, null);
      return this.person(staffId);
    }, (person) => [person]);
  }

  addNote(staffId: string, text: string, actor: Actor): Note {
    this.authorize(actor, 'note', { staffId });
    return this.write(() => {
      const row = this.rowFor(staffId, actor);
      const body = requireText(text, 'A note');
      const at = now();
      const id = this.repo.insertNote(row.id, body, at, actor.name, actor.role);
      this.log(actor, 'note', staffId, { note: { id, deleted: true } }, { note: { id, deleted: false, text: body } }, null);
      return { id, text: body, createdAt: at, author: actor.name, role: actor.role };
    }, () => []);
  }

  undo(actor: Actor): UndoResult {
    this.authorizeReversal(actor, this.history.undoTarget(actor.name));
    return this.write(() => {
      const target = this.history.undoTarget(actor.name);
      if (target === null) throw new ModerationError('nothing_to_undo', `${actor.name} has nothing to undo here`);
      const event = this.repo.auditEvent(target)!;
      this.history.restore(event, 'before');
      this.repo.appendAudit(
        { actor: actor.name, role: actor.role, action: 'undo', staffId: event.staffId, before: event.after, after: event.before, refersTo: event.id },
        now(),
      );
      return { undone: event, staffId: event.staffId };
    }, (result) => (result.staffId ? [result.staffId] : null));
  }

  redo(actor: Actor): UndoResult {
    this.authorizeReversal(actor, this.history.redoTarget(actor.name));
    return this.write(() => {
      const target = this.history.redoTarget(actor.name);
      if (target === null) throw new ModerationError('nothing_to_redo', `${actor.name} has nothing to redo here`);
      const event = this.repo.auditEvent(target)!;
      this.history.restore(event, 'after');
      this.repo.appendAudit(
        { actor: actor.name, role: actor.role, action: 'redo', staffId: event.staffId, before: event.before, after: event.after, refersTo: event.id },
        now(),
      );
      return { undone: event, staffId: event.staffId };
    }, (result) => (result.staffId ? [result.staffId] : null));
  }

  /**
   * HR's panel settings, audited like any change: the small-number threshold, the groups not compared, the
   * High Performing award setting, and the performance year and eligibility cut-off. A new cut-off
   * re-decides who is moderated here (paras 69-70): someone newly listed apart leaves the grid, someone
   * newly eligible enters it at their provisional marking.
   */
  updateSettings(settings: PanelSettings, actor: Actor): Panel {
    this.authorize(actor, 'settings');
    return this.write(() => this.changeSettings(settings, actor), () => null);
  }

  /** updateSettings inside a write the caller already holds. */
  private changeSettings(settings: PanelSettings, actor: Actor): Panel {
    {
      const before = this.panel();
      const threshold = settings.suppressionThreshold ?? before.suppressionThreshold;
      if (!Number.isInteger(threshold) || threshold < 1) throw new ModerationError('invalid', 'The small-number threshold must be a whole number of people, 1 or more');
      const notCompared = (settings.notComparedGroups ?? before.notComparedGroups).map((g) => g.trim()).filter((g) => g !== '');
      const year = settings.performanceYear ?? before.performanceYear;
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new ModerationError('invalid', 'The performance year must be written like 2025 or 2025-26');
      const cutoff =
        settings.eligibilityCutoff ?? (settings.performanceYear !== undefined && year !== before.performanceYear ? defaultEligibilityCutoff(year) : before.eligibilityCutoff);
      if (!isIsoDate(cutoff)) throw new ModerationError('invalid', `The eligibility cut-off must be a date written yyyy-mm-dd (got "${cutoff}")`);
      const next = {
        suppressionThreshold: threshold,
        notComparedGroups: notCompared,
        highPerformingAward: settings.highPerformingAward ?? before.highPerformingAward,
        performanceYear: year,
        eligibilityCutoff: cutoff,
      };
      this.repo.updateSettings(next);
      const eligibilityChanges = cutoff === before.eligibilityCutoff ? [] : this.redecideEligibility(cutoff);
      const pick = (p: Panel) => ({
        suppressionThreshold: p.suppressionThreshold,
        notComparedGroups: p.notComparedGroups,
        highPerformingAward: p.highPerformingAward,
        performanceYear: p.performanceYear,
        eligibilityCutoff: p.eligibilityCutoff,
      });
      this.repo.appendAudit(
        {
          actor: actor.name,
          role: actor.role,
          action: 'settings',
          before: pick(before),
          after: { ...next, ...(eligibilityChanges.length ? { eligibilityChanges } : {}) },
        },
        now(),
      );
      return this.panel();
    }
  }

  /** Applies a new cut-off to everyone; returns who changed, for the audit event. */
  private redecideEligibility(cutoff: string): { staffId: string; from: string; to: string }[] {
    const changes: { staffId: string; from: string; to: string }[] = [];
    for (const row of this.repo.allPersonRows()) {
      // Someone HR confirmed as eligible without a start date stays confirmed.
      const assume = row.cs_start_date === null && row.eligibility === 'eligible';
      const status = eligibilityStatus(
        { csStartDate: row.cs_start_date, joinedDepartmentDate: row.joined_department_date },
        cutoff,
        { assumeEligibleWithoutStartDate: assume },
      );
      if (status === row.eligibility) continue;
      const moderated = status === 'eligible' ? row.provisional_marking : null;
      this.repo.setEligibility(row.id, status, moderated);
      changes.push({ staffId: row.staff_id, from: row.eligibility, to: status });
    }
    return changes;
  }

  /** Starts discussing a person; whoever was being discussed is closed first (one case at a time). */
  startDiscussion(staffId: string, actor: Actor): OpenDiscussion {
    this.authorize(actor, 'discussion', { staffId });
    return this.write(() => {
      const row = this.row(staffId);
      const at = now();
      const open = openDiscussion(this.repo);
      if (open) this.closeDiscussion(open, actor, at);
      this.repo.appendAudit({ actor: actor.name, role: actor.role, action: 'discussion_start', staffId: row.staff_id }, at);
      return { staffId: row.staff_id, startedAt: at };
    }, () => []);
  }

  endDiscussion(actor: Actor): { staffId: string; seconds: number } {
    this.authorize(actor, 'discussion');
    return this.write(() => {
      const open = openDiscussion(this.repo);
      if (!open) throw new ModerationError('invalid', 'No one is being discussed');
      return this.closeDiscussion(open, actor, now());
    }, () => []);
  }

  currentDiscussion(): OpenDiscussion | null {
    return openDiscussion(this.repo);
  }

  /** Seconds of discussion per staff id: HR's view only (never shown per person to others). */
  discussionSeconds(): Map<string, number> {
    return discussionSeconds(this.repo, now());
  }

  private closeDiscussion(open: OpenDiscussion, actor: Actor, at: string): { staffId: string; seconds: number } {
    const seconds = Math.max(0, (Date.parse(at) - Date.parse(open.startedAt)) / 1000);
    this.repo.appendAudit({ actor: actor.name, role: actor.role, action: 'discussion_end', staffId: open.staffId, after: { seconds } }, at);
    return { staffId: open.staffId, seconds };
  }

  /** Locks the panel: every later change is refused. */
  finalise(actor: Actor): Panel {
    this.authorize(actor, 'finalise');
    return this.write(() => {
      const chair = requireText(actor.name, "The chair's name");
      const unsigned = signerProblem(chair);
      if (unsigned) throw new ModerationError('invalid', unsigned);
      this.refuseUnresolved();
      const at = now();
      const open = openDiscussion(this.repo);
      if (open) this.closeDiscussion(open, actor, at);
      this.repo.finalisePanel(at, chair);
      this.repo.appendAudit({ actor: chair, role: actor.role, action: 'finalise', after: { finalisedAt: at, finalisedBy: chair } }, at);
      return this.panel();
    });
  }

  /**
   * A panel cannot be finalised while its outcome breaks a rule: everyone eligible has a moderated marking;
   * no one is above Achieving with the finance objective not met (Annex D 4.a); every change has a reason
   * (para 81); and everyone in Exceeding has a significant corporate contribution evidenced (para 34).
   */
  private refuseUnresolved(): void {
    const problems = finaliseProblems(this.people());
    if (problems.length > 0) {
      throw new ModerationError(
        'rule',
        `The panel cannot be finalised yet (${problems.length} to resolve): ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}.`,
      );
    }
  }

  /** What an import would do. A year or cut-off in `options` is previewed as if HR had already set it. */
  previewImport(parsed: ParsedImport, options: ImportYearOptions = {}): ImportPreview {
    const panel = this.panel();
    const year = options.performanceYear ?? panel.performanceYear;
    const cutoff = options.eligibilityCutoff ?? (year !== panel.performanceYear ? defaultEligibilityCutoff(year) : panel.eligibilityCutoff);
    return previewImport(this.repo, { ...panel, performanceYear: year, eligibilityCutoff: cutoff }, parsed, options);
  }

  /** The cut-off a file should be read against, given the year and cut-off HR chose in the wizard. */
  importCutoff(options: ImportYearOptions = {}): string {
    const panel = this.panel();
    const year = options.performanceYear ?? panel.performanceYear;
    return options.eligibilityCutoff ?? (year !== panel.performanceYear ? defaultEligibilityCutoff(year) : panel.eligibilityCutoff);
  }

  /**
   * Applies a validated import whole, or not at all (any error in `parsed` refuses it). The panel's own
   * work is kept unless `options` takes the file's value; no one is removed unless `options` asks.
   */
  applyImport(parsed: ParsedImport, actor: Actor, options: ImportYearOptions = {}): ImportSummary {
    this.authorize(actor, 'import', { file: parsed.file });
    this.backupBefore('before-import');
    return this.write(() => {
      const panel = this.panel();
      if (
        (options.performanceYear !== undefined && options.performanceYear !== panel.performanceYear) ||
        (options.eligibilityCutoff !== undefined && options.eligibilityCutoff !== panel.eligibilityCutoff)
      ) {
        // HR changed the year or cut-off in the wizard: a settings event of its own, then the import.
        this.changeSettings(
          {
            ...(options.performanceYear !== undefined ? { performanceYear: options.performanceYear } : {}),
            ...(options.eligibilityCutoff !== undefined ? { eligibilityCutoff: options.eligibilityCutoff } : {}),
          },
          actor,
        );
      }
      return applyImport(this.repo, this.panel(), parsed, actor, now(), options);
    });
  }

  /**
   * Several changes as one transaction (a contributor's workbook taken back): each service call inside is a
   * savepoint, and if `work` throws nothing at all is written. Refused once the panel is finalised.
   */
  batch<T>(work: () => T): T {
    return this.write(work);
  }

  /**
   * Records an event that is not a change to one person and cannot be undone (a contributor's workbook
   * written or taken back). Returns its id. Inside `batch` it joins that transaction.
   */
  recordEvent(action: 'contribution_sheet' | 'finance_workbook' | 'member_preview', before: unknown, after: unknown, actor: Actor): number {
    this.authorize(actor, action === 'contribution_sheet' ? 'write_sheets' : action);
    // A panel member records their own verdicts only (issue 9): the workbook must be theirs.
    const member = action === 'member_preview' && after !== null && typeof after === 'object' && 'member' in after ? String(after.member) : null;
    if (member !== null && member.trim().toLowerCase() !== actor.name.trim().toLowerCase()) {
      throw new ModerationError('not_permitted', `${member}'s preview can be taken back only by ${member}, as a panel member: each member records their own verdicts.`);
    }
    return this.write(
      () => this.repo.appendAudit({ actor: actor.name, role: actor.role, action, ...(before !== undefined ? { before } : {}), after }, now()),
      () => [],
    );
  }

  // --- who was in the room, and previous years (issue 8; the work is in db/attendance.ts, db/previousYears.ts) ---

  attendance(): Attendee[] {
    return attendees(this.repo);
  }

  stepOuts(): StepOutRecord[] {
    return stepOuts(this.repo);
  }

  /** Adds, re-roles or removes attendees: one audited change. */
  updateAttendance(change: AttendanceChange, actor: Actor): Attendee[] {
    this.authorize(actor, 'attendance');
    return this.write(() => changeAttendance(this.repo, change, actor, now()), () => []);
  }

  /** Records whether a panel member who manages the person stepped out while they were discussed. */
  recordStepOut(staffId: string, member: string, steppedOut: boolean, actor: Actor): StepOutRecord {
    this.authorize(actor, 'discussion', { staffId });
    return this.write(() => recordStepOut(this.repo, this.person(staffId), member, steppedOut, actor, now()), () => []);
  }

  /** Last year's (or the year before's) markings from that year's outcome file, whole or not at all. */
  importPreviousMarkings(parsed: PreviousOutcomeFile, year: PreviousYear, actor: Actor): PreviousMarkingsSummary {
    this.authorize(actor, 'import');
    return this.write(() => applyPreviousMarkings(this.repo, parsed, year, actor, now()));
  }

  /**
   * Fills a new overall panel with the people of its unit panels (db/merge.ts plans it; paras 82-84): one
   * transaction with its audit events, whole or not at all.
   */
  applyMerge(plan: MergePlan, actor: Actor): MergeSummary {
    this.authorize(actor, 'merge');
    return this.write(() => {
      if (this.repo.allPersonRows().length > 0) throw new ModerationError('invalid', 'Unit panels are merged only into a new, empty overall panel');
      return writeMerge(this.repo, plan, actor, now());
    });
  }

  // --- internals ---

  /** A backup beside the file before a bulk change, when there is something to lose (db/backup.ts). */
  private backupBefore(reason: 'before-import'): void {
    if (this.path === ':memory:' || this.db.inTransaction) return;
    if (this.db.prepare('SELECT 1 FROM person LIMIT 1').get() === undefined) return;
    makeBackup(this.db, this.path, reason);
  }

  /**
   * A person as of now, refusing a change the window based on an older view: when `actor.seenThrough` says
   * which event from elsewhere the window had last seen, and someone in another window or the CLI has
   * changed this person since, the change is not made (never a lost update).
   */
  private rowFor(staffId: string, actor: Actor): PersonRow {
    const row = this.row(staffId);
    const seen = actor.seenThrough;
    if (seen === undefined) return row;
    const later = this.db
      .prepare<[string, number, string], { actor: string; session: string | null; at: string }>(
        'SELECT actor, session, at FROM audit WHERE staff_id = ? AND id > ? AND session IS NOT ? ORDER BY id DESC LIMIT 1',
      )
      .get(staffId, seen, this.session);
    if (later) {
      throw new ModerationError(
        'changed_elsewhere',
        `${row.name} was changed by ${later.actor} ${describeSession(later.session)} at ${later.at.slice(11, 16)}, after this window last showed them: your change was not made. The window now shows the latest; make it again if it is still wanted.`,
      );
    }
    return row;
  }

  private row(staffId: string): PersonRow {
    const row = this.repo.personRow(staffId);
    if (!row) throw new ModerationError('not_found', `No one with staff id ${staffId} is in this panel`);
    return row;
  }

  /** The current values of the columns a patch is about to change, for the audit event's "before". */
  private patchOf(row: PersonRow, patch: PersonPatch): PersonPatch {
    const before: Record<string, unknown> = {};
    for (const key of Object.keys(patch)) before[key] = row[key as keyof PersonRow];
    return before as PersonPatch;
  }

  private log(actor: Actor, action: AuditEvent['action'], staffId: string, before: UndoableState, after: UndoableState, reason: string | null): void {
    this.repo.appendAudit({ actor: actor.name, role: actor.role, action, staffId, before, after, reason }, now());
  }

  /** Runs a change in one immediate transaction, refusing it once the panel is finalised. */
  /**
   * `touched` names the people a change altered, so the cache swaps just them; null (the default) drops
   * the cache. data_version does not move for this connection's own commits, hence the bookkeeping here,
   * after the transaction has committed (a rollback always drops the cache).
   */
  private write<T>(change: () => T, touched: (result: T) => (string | Person)[] | null = () => null): T {
    let result: T;
    try {
      result = this.writeTransaction(change);
    } catch (error) {
      this.access.flush();
      this.peopleCache = null;
      // Another process held the write lock past the busy timeout: say who, never "database is locked".
      if (isBusyError(error)) throw new ModerationError('busy', busyMessage(this.db, this.session, this.path));
      throw error;
    }
    this.refreshCache(touched(result));
    return result;
  }

  /** Swaps changed people into the cached panel in place; box order is restored lazily by people(). */
  private refreshCache(touched: (string | Person)[] | null): void {
    const cache = this.peopleCache;
    if (!cache) return;
    if (touched === null) {
      this.peopleCache = null;
      return;
    }
    for (const item of touched) {
      const next = typeof item === 'string' ? this.person(item) : item;
      const index = cache.index.get(next.staffId);
      if (index === undefined) {
        this.peopleCache = null;
        return;
      }
      const previous = cache.people[index]!;
      if (previous.sortKey !== next.sortKey) cache.sorted = false;
      cache.people[index] = { ...next, characteristics: previous.characteristics };
    }
  }

  private writeTransaction<T>(change: () => T): T {
    return this.db.transaction(() => {
      const panel = this.panel();
      if (panel.status === 'finalised') {
        throw new ModerationError(
          'finalised',
          `The panel was finalised by ${panel.finalisedBy ?? 'the chair'} on ${panel.finalisedAt?.slice(0, 10) ?? ''} and can no longer be changed`,
        );
      }
      return change();
    }).immediate();
  }
}
