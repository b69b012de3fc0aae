// Whether the open panel has a department to look at (the department view and its View menu entry):
// an overall panel, or any panel with more than one business unit.

import { hasDepartmentView } from '../../shared/department';
import type { PanelState } from '../store';

// The header asks on every change to the store; the people only change when peopleById does.
const seen = new WeakMap<object, boolean>();

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
