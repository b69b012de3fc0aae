// Whether the open panel has a department to look at (the department view and its View menu entry):
// an overall panel, or any panel with more than one business unit.

import { hasDepartmentView } from '../../shared/department';
import type { Person } from '../../shared/domain';
import type { PanelState } from '../store';

// The header asks on every change to the store; the people only change when peopleById does.
const seen = new WeakMap<object, boolean>();

/**
 * After a change to a few people: the answer for the new people map is the old one when none of them joined or
 * changed business unit (a move, a flag, a note), so a drop at 10,000 people does not walk everyone again.
 */
export function carryDepartmentAnswer(previous: object, next: object, changed: readonly Person[], wasUnit: (staffId: string) => string | undefined): void {
  const answer = seen.get(previous);
  if (answer === undefined) return;
  if (changed.every((p) => wasUnit(p.staffId) === p.businessUnit)) seen.set(next, answer);
}

export function departmentAvailable(state: Pick<PanelState, 'panel' | 'peopleById'>): boolean {
  if (!state.panel) return false;
  if (state.panel.stage === 'overall') return true;
  let answer = seen.get(state.peopleById);
  if (answer === undefined) {
    answer = hasDepartmentView(state.panel.stage, Object.values(state.peopleById).map((p) => p.businessUnit));
    seen.set(state.peopleById, answer);
  }
  return answer;
}
