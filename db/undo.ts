// Undo and redo over the audit log. History is never deleted: an undo is a new event that restores the
// "before" state of an earlier one, a redo restores its "after". The stacks are rebuilt from the log.
//
// Undo is per person and session: each actor in each session (a window, the command line) undoes only
// their own changes, never a move someone made from another window or the CLI. An undo or redo is refused
// when the person has been changed since, so it never silently overwrites someone else's change.

import type { AuditAction, AuditEvent, Flag, FlagKind } from '../shared/domain';
import { ModerationError } from './errors';
import { FINANCE_RULE_MESSAGE, breaksFinanceRule } from '../shared/rules';
import type { PanelRepository, PersonPatch, PersonRow } from './repository';
import { describeSession } from './sessions';

/** What an undoable event changed, as stored in its before/after. */
export interface UndoableState {
  person?: PersonPatch;
  flag?: { kind: FlagKind; value: Flag | null };
  note?: { id: number; deleted: boolean; text?: string };
  /** Recorded on a move to Exceeding without corporate contribution: what the chair acknowledged. */
  acknowledged?: string;
}

export const UNDOABLE_ACTIONS: readonly AuditAction[] = ['move', 'reorder', 'flag', 'unflag', 'finance', 'note', 'contribution'];
// An import replaces the ground the earlier changes stood on (people may leave, provisional markings
// move), so it is a barrier for everyone: nothing before it can be undone or redone.
const BARRIER_ACTIONS: readonly AuditAction[] = ['import'];
const OWN_ACTIONS: readonly AuditAction[] = [...UNDOABLE_ACTIONS, 'undo', 'redo'];

interface HistoryRow {
  id: number;
  action: AuditAction;
  refers_to: number | null;
  actor: string;
}

interface Stacks {
  undo: number[];
  redo: number[];
}

function sameFlag(a: Flag | null, b: Flag | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.text === b.text && a.createdAt === b.createdAt && a.createdBy === b.createdBy;
}

export class UndoHistory {
  /** Stacks per actor name, for this repository's session only. */
  private stacks = new Map<string, Stacks>();
  private lastSeen = 0;

  constructor(private readonly repo: PanelRepository) {}

  /** The event `actor` would undo next in this session; with no actor, whether anyone here can undo. */
  undoTarget(actor?: string): number | null {
    this.catchUp();
    return this.target(actor, 'undo');
  }

  redoTarget(actor?: string): number | null {
    this.catchUp();
    return this.target(actor, 'redo');
  }

  private target(actor: string | undefined, side: keyof Stacks): number | null {
    if (actor !== undefined) return this.stacks.get(actor)?.[side].at(-1) ?? null;
    let newest: number | null = null;
    for (const stacks of this.stacks.values()) {
      const top = stacks[side].at(-1);
      if (top !== undefined && (newest === null || top > newest)) newest = top;
    }
    return newest;
  }

  /**
   * Puts the panel back to one side of an event. Refused when the person no longer has the other side
   * (someone changed them since, here or elsewhere): reversing would silently overwrite that change.
   */
  restore(event: AuditEvent, side: 'before' | 'after'): void {
    const state = (side === 'before' ? event.before : event.after) as UndoableState | null;
    const expected = (side === 'before' ? event.after : event.before) as UndoableState | null;
    if (!state || event.staffId === null) return;
    const row = this.repo.personRow(event.staffId);
    if (!row) {
      throw new ModerationError('not_found', `Staff id ${event.staffId} has since left the panel, so this change cannot be reversed`);
    }
    if (expected && !this.stillAsLeft(row, expected)) {
      throw new ModerationError(
        'changed_elsewhere',
        `${row.name} has been changed since${this.laterChange(event.staffId, event.id)}, so this change cannot be ${side === 'before' ? 'undone' : 'redone'}: make the change again if it is still wanted`,
      );
    }
    if (state.person) {
      // The rules hold on every path: an undo or redo that would break the finance rule is refused.
      const marking = state.person.moderated_marking !== undefined ? state.person.moderated_marking : row.moderated_marking;
      const finance = state.person.finance_objective ?? row.finance_objective;
      if (breaksFinanceRule(finance, marking)) {
        throw new ModerationError('rule', `${row.name} ${FINANCE_RULE_MESSAGE}, so this change cannot be reversed now`);
      }
      this.repo.patchPerson(row.id, state.person);
    }
    if (state.flag) {
      const { kind, value } = state.flag;
      this.repo.setFlag(row.id, kind, value ? { text: value.text, createdAt: value.createdAt, createdBy: value.createdBy } : null);
    }
    if (state.note) this.repo.setNoteDeleted(state.note.id, state.note.deleted);
  }

  /** Whether the person still has exactly what the event left them with. */
  private stillAsLeft(row: PersonRow, expected: UndoableState): boolean {
    if (expected.person) {
      for (const [column, value] of Object.entries(expected.person)) {
        if (row[column as keyof PersonRow] !== value) return false;
      }
    }
    if (expected.flag && !sameFlag(this.repo.flag(row.id, expected.flag.kind), expected.flag.value)) return false;
    if (expected.note) {
      const note = this.repo.db.prepare<[number], { deleted: number }>('SELECT deleted FROM note WHERE id = ?').get(expected.note.id);
      if ((note?.deleted === 1) !== expected.note.deleted && !(note === undefined && expected.note.deleted)) return false;
    }
    return true;
  }

  /** " by Pat Chair with modpanel (the command line), 10:02" — who changed a person after an event. */
  private laterChange(staffId: string, afterId: number): string {
    const later = this.repo.db
      .prepare<[string, number], { actor: string; session: string | null; at: string }>(
        'SELECT actor, session, at FROM audit WHERE staff_id = ? AND id > ? ORDER BY id DESC LIMIT 1',
      )
      .get(staffId, afterId);
    if (!later) return '';
    return ` by ${later.actor}${later.session === this.repo.session ? '' : ` ${describeSession(later.session)}`} at ${later.at.slice(11, 16)}`;
  }

  /** Reads events appended since the last look (by this process or another) and replays them onto the stacks. */
  private catchUp(): void {
    const own = OWN_ACTIONS.map(() => '?').join(', ');
    const barriers = BARRIER_ACTIONS.map(() => '?').join(', ');
    const rows = this.repo.db
      .prepare<unknown[], HistoryRow>(
        `SELECT id, action, refers_to, actor FROM audit
         WHERE id > ? AND (action IN (${barriers}) OR (session IS ? AND action IN (${own})))
         ORDER BY id`,
      )
      .all(this.lastSeen, ...BARRIER_ACTIONS, this.repo.session, ...OWN_ACTIONS);
    for (const event of rows) {
      this.lastSeen = event.id;
      if (BARRIER_ACTIONS.includes(event.action)) {
        this.stacks.clear();
        continue;
      }
      let stacks = this.stacks.get(event.actor);
      if (!stacks) {
        stacks = { undo: [], redo: [] };
        this.stacks.set(event.actor, stacks);
      }
      if (event.action === 'undo') {
        stacks.undo.pop();
        if (event.refers_to !== null) stacks.redo.push(event.refers_to);
      } else if (event.action === 'redo') {
        stacks.redo.pop();
        if (event.refers_to !== null) stacks.undo.push(event.refers_to);
      } else {
        stacks.undo.push(event.id);
        stacks.redo = [];
      }
    }
  }
}
