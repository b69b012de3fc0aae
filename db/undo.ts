// Undo and redo over the audit log. History is never deleted: an undo is a new event that restores the
// "before" state of an earlier one, a redo restores its "after". The stacks are rebuilt from the log.

import type { AuditAction, AuditEvent, Flag, FlagKind } from '../shared/domain';
import { ModerationError } from './errors';
import { FINANCE_RULE_MESSAGE, breaksFinanceRule } from '../shared/rules';
import type { PanelRepository, PersonPatch } from './repository';

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
// move), so it is a barrier: nothing before it can be undone or redone.
const HISTORY_ACTIONS: readonly AuditAction[] = [...UNDOABLE_ACTIONS, 'undo', 'redo', 'import'];

export class UndoHistory {
  private undoStack: number[] = [];
  private redoStack: number[] = [];
  private lastSeen = 0;

  constructor(private readonly repo: PanelRepository) {}

  undoTarget(): number | null {
    this.catchUp();
    return this.undoStack.at(-1) ?? null;
  }

  redoTarget(): number | null {
    this.catchUp();
    return this.redoStack.at(-1) ?? null;
  }

  /** Puts the panel back to one side of an event. */
  restore(event: AuditEvent, side: 'before' | 'after'): void {
    const state = (side === 'before' ? event.before : event.after) as UndoableState | null;
    if (!state || event.staffId === null) return;
    const row = this.repo.personRow(event.staffId);
    if (!row) {
      throw new ModerationError('not_found', `Staff id ${event.staffId} has since left the panel, so this change cannot be reversed`);
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

  /** Reads events appended since the last look (by this process or another) and replays them onto the stacks. */
  private catchUp(): void {
    for (const event of this.repo.historyEvents(HISTORY_ACTIONS, this.lastSeen)) {
      this.lastSeen = event.id;
      if (event.action === 'import') {
        this.undoStack = [];
        this.redoStack = [];
      } else if (event.action === 'undo') {
        this.undoStack.pop();
        if (event.refers_to !== null) this.redoStack.push(event.refers_to);
      } else if (event.action === 'redo') {
        this.redoStack.pop();
        if (event.refers_to !== null) this.undoStack.push(event.refers_to);
      } else {
        this.undoStack.push(event.id);
        this.redoStack = [];
      }
    }
  }
}
