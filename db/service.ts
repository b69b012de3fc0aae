// The moderation service: the only thing that changes a panel. Every operation checks the rules in
// shared/rules.ts, runs in one transaction and appends its audit event in that same transaction.

import { openPanelDatabase, type OpenOptions, type PanelDatabase } from './connection';
import { ModerationError } from './errors';
import { PanelRepository, type PersonPatch, type PersonRow, type AuditFilter } from './repository';
import { toPerson } from './repository';
import {
  type Actor,
  type AuditEvent,
  type BoxMarking,
  type FinanceObjective,
  type FlagKind,
  type Note,
  type Panel,
  type PanelStage,
  type Person,
  FLAG_LABELS,
} from '../shared/domain';
import {
  MANAGER_PATTERN_MIN_PEOPLE,
  breaksFinanceRule,
  checkMove,
  defaultEligibilityCutoff,
  discussionReasons,
  sortKeyBetween,
  suggestedForDiscussion,
  type DiscussionReason,
} from '../shared/rules';
import type { ParsedImport } from '../shared/importTypes';
import { applyImport, previewImport, type ImportPreview, type ImportSummary } from './importApply';
import { UndoHistory, type UndoableState } from './undo';
import { DEFAULT_NOT_COMPARED_GROUPS } from '../shared/stats/groups';
import { discussionSeconds, openDiscussion, type OpenDiscussion } from './discussion';

export interface NewPanel {
  name: string;
  businessUnit: string;
  performanceYear: number;
  stage?: PanelStage;
  eligibilityCutoff?: string;
  suppressionThreshold?: number;
  notComparedGroups?: string[];
}

export interface PanelSettings {
  suppressionThreshold?: number;
  notComparedGroups?: string[];
}

export interface MoveRequest {
  staffId: string;
  to: BoxMarking;
  reason?: string;
  /** The chair's explicit acknowledgement that Exceeding has no corporate contribution evidenced. */
  acknowledgeNoCorporateContribution?: boolean;
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

  private constructor(
    readonly db: PanelDatabase,
    readonly path: string,
  ) {
    this.repo = new PanelRepository(db);
    this.history = new UndoHistory(this.repo);
  }

  /** Opens an existing panel file. */
  static open(path: string, options: Omit<OpenOptions, 'create'> = {}): ModerationService {
    const db = openPanelDatabase(path, options);
    const service = new ModerationService(db, path);
    if (!service.repo.panel()) {
      db.close();
      throw new ModerationError('not_found', `${path} has no panel in it`);
    }
    return service;
  }

  /** Creates a new panel file (refuses to overwrite one that already holds a panel). */
  static create(path: string, panel: NewPanel, actor: Actor, options: Omit<OpenOptions, 'create'> = {}): ModerationService {
    const db = openPanelDatabase(path, { ...options, create: true });
    const service = new ModerationService(db, path);
    if (service.repo.panel()) {
      db.close();
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
      createdAt: at,
    };
    db.transaction(() => {
      service.repo.insertPanel(record);
      service.repo.appendAudit({ actor: actor.name, role: actor.role, action: 'create_panel', after: record }, at);
    })();
    return service;
  }

  /** Closes the file. A discussion still open ends now, so a panel left overnight does not count the night. */
  close(): void {
    if (!this.db.open) return;
    try {
      const open = openDiscussion(this.repo);
      if (open && this.repo.panel()?.status === 'open') this.closeDiscussion(open, { name: 'Moderation Panel', role: 'system' }, now());
    } catch {
      // Closing must not fail because the file is read-only or damaged; the discussion then stays open.
    }
    this.db.close();
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

  canUndo(): boolean {
    return this.history.undoTarget() !== null;
  }

  canRedo(): boolean {
    return this.history.redoTarget() !== null;
  }

  /** Moves a person to a box. A marking that differs from the provisional one needs a reason. */
  move(request: MoveRequest, actor: Actor): Person {
    return this.write(() => {
      const row = this.row(request.staffId);
      const person = toPerson(row);
      const check = checkMove(person, request.to);
      if (!check.allowed) throw new ModerationError('rule', check.reason);
      if (row.moderated_marking === request.to) return person;
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
    return this.write(() => {
      const row = this.row(request.staffId);
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
    return this.write(() => {
      const row = this.row(staffId);
      const previous = this.repo.flag(row.id, kind);
      const flag = { text: text.trim() || FLAG_LABELS[kind], createdAt: now(), createdBy: actor.name };
      this.repo.setFlag(row.id, kind, flag);
      this.log(actor, 'flag', staffId, { flag: { kind, value: previous } }, { flag: { kind, value: { kind, ...flag } } }, null);
      return this.person(staffId);
    }, (person) => [person]);
  }

  unflag(staffId: string, kind: FlagKind, actor: Actor): Person {
    return this.write(() => {
      const row = this.row(staffId);
      const previous = this.repo.flag(row.id, kind);
      if (!previous) throw new ModerationError('invalid', `${row.name} has no ${FLAG_LABELS[kind]} flag`);
      this.repo.setFlag(row.id, kind, null);
      this.log(actor, 'unflag', staffId, { flag: { kind, value: previous } }, { flag: { kind, value: null } }, null);
      return this.person(staffId);
    }, (person) => [person]);
  }

  /** The finance partner's annotation. Not met is recorded even above Achieving; the chair then sees the conflict. */
  setFinance(staffId: string, objective: FinanceObjective, note: string, actor: Actor): Person {
    return this.write(() => {
      const row = this.row(staffId);
      const after: PersonPatch = { finance_objective: objective, finance_note: note.trim() };
      this.repo.patchPerson(row.id, after);
      this.log(actor, 'finance', staffId, { person: this.patchOf(row, after) }, { person: after }, null);
      return this.person(staffId);
    }, (person) => [person]);
  }

  addNote(staffId: string, text: string, actor: Actor): Note {
    return this.write(() => {
      const row = this.row(staffId);
      const body = requireText(text, 'A note');
      const at = now();
      const id = this.repo.insertNote(row.id, body, at, actor.name, actor.role);
      this.log(actor, 'note', staffId, { note: { id, deleted: true } }, { note: { id, deleted: false, text: body } }, null);
      return { id, text: body, createdAt: at, author: actor.name, role: actor.role };
    }, () => []);
  }

  undo(actor: Actor): UndoResult {
    return this.write(() => {
      const target = this.history.undoTarget();
      if (target === null) throw new ModerationError('nothing_to_undo', 'There is nothing to undo');
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
    return this.write(() => {
      const target = this.history.redoTarget();
      if (target === null) throw new ModerationError('nothing_to_redo', 'There is nothing to redo');
      const event = this.repo.auditEvent(target)!;
      this.history.restore(event, 'after');
      this.repo.appendAudit(
        { actor: actor.name, role: actor.role, action: 'redo', staffId: event.staffId, before: event.before, after: event.after, refersTo: event.id },
        now(),
      );
      return { undone: event, staffId: event.staffId };
    }, (result) => (result.staffId ? [result.staffId] : null));
  }

  /** The small-number threshold and the groups not compared; HR's settings, audited like any change. */
  updateSettings(settings: PanelSettings, actor: Actor): Panel {
    return this.write(() => {
      const before = this.panel();
      const threshold = settings.suppressionThreshold ?? before.suppressionThreshold;
      if (!Number.isInteger(threshold) || threshold < 1) throw new ModerationError('invalid', 'The small-number threshold must be a whole number of people, 1 or more');
      const notCompared = (settings.notComparedGroups ?? before.notComparedGroups).map((g) => g.trim()).filter((g) => g !== '');
      this.repo.updateSettings({ suppressionThreshold: threshold, notComparedGroups: notCompared });
      this.repo.appendAudit(
        {
          actor: actor.name,
          role: actor.role,
          action: 'settings',
          before: { suppressionThreshold: before.suppressionThreshold, notComparedGroups: before.notComparedGroups },
          after: { suppressionThreshold: threshold, notComparedGroups: notCompared },
        },
        now(),
      );
      return this.panel();
    }, () => []);
  }

  /** Starts discussing a person; whoever was being discussed is closed first (one case at a time). */
  startDiscussion(staffId: string, actor: Actor): OpenDiscussion {
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
    return this.write(() => {
      const chair = requireText(actor.name, "The chair's name");
      this.refuseUnresolved();
      const at = now();
      const open = openDiscussion(this.repo);
      if (open) this.closeDiscussion(open, actor, at);
      this.repo.finalisePanel(at, chair);
      this.repo.appendAudit({ actor: chair, role: actor.role, action: 'finalise', after: { finalisedAt: at, finalisedBy: chair } }, at);
      return this.panel();
    });
  }

  /** A panel cannot be finalised while its outcome breaks a rule: finance, or a change with no reason. */
  private refuseUnresolved(): void {
    const problems: string[] = [];
    for (const p of this.people()) {
      if (!p.eligible || p.moderatedMarking === null) continue;
      if (breaksFinanceRule(p.financeObjective, p.moderatedMarking)) {
        problems.push(`${p.name} (${p.staffId}) is ${p.moderatedMarking} but did not meet the finance objective`);
      } else if (p.moderatedMarking !== p.provisionalMarking && !(p.changeReason ?? '').trim()) {
        problems.push(`${p.name} (${p.staffId}) was moved from ${p.provisionalMarking ?? 'not marked'} to ${p.moderatedMarking} with no recorded reason`);
      }
    }
    if (problems.length > 0) {
      throw new ModerationError(
        'rule',
        `The panel cannot be finalised yet: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}. Move or give a reason first.`,
      );
    }
  }

  previewImport(parsed: ParsedImport): ImportPreview {
    return previewImport(this.repo, this.panel(), parsed);
  }

  /** Applies a validated import whole, or not at all (any error in `parsed` refuses it). */
  applyImport(parsed: ParsedImport, actor: Actor): ImportSummary {
    return this.write(() => applyImport(this.repo, this.panel(), parsed, actor, now()));
  }

  // --- internals ---

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
      this.peopleCache = null;
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
