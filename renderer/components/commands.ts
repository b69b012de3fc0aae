// The window's commands, shared by the keyboard shortcuts, the header buttons and the native menus
// (Electron's preload re-dispatches menu clicks as a `modpanel-menu` CustomEvent carrying the command).

import { usePanelStore, type View } from '../store';
import { useApplyChanges } from './applyChangesState';
import { isContributionMode, useContributions, type ContributionMode } from './contributionsState';
import { useMergeDialog } from '../merge/mergeState';
import { departmentAvailable } from '../department/available';
import { dialogOpen, typingIn } from './editGuard';
import { useGridUi } from '../grid/gridUi';
import { focusDiscussionRail } from '../fairness/railFocus';

export type Command = 'undo' | 'redo' | 'presentation' | 'discussion-queue' | 'apply-changes' | 'merge-units' | 'merge-units-chosen' | ContributionMode | `view:${View}`;

export const VIEW_LABELS: Record<View, string> = {
  grid: 'Grid',
  table: 'Table',
  history: 'History',
  import: 'Import',
  export: 'Export',
  breakdowns: 'Breakdowns',
  record: 'Panel record',
  department: 'Department',
  midyear: 'Mid-year',
};

/** Alt+1, Alt+2, … in the order the view switcher shows them. */
export const VIEW_ORDER: View[] = ['grid', 'table', 'history', 'import', 'export', 'breakdowns', 'record', 'department', 'midyear'];

export function runCommand(command: string): void {
  const store = usePanelStore.getState();
  if (store.status !== 'ready') return;
  if (command === 'undo' || command === 'redo') {
    const can = command === 'undo' ? store.canUndo : store.canRedo;
    if (!can) {
      store.announce(`There is nothing to ${command}`);
      return;
    }
    // The card it changed is brought into view and lit up, as after any move.
    void (command === 'undo' ? store.undo() : store.redo()).then((result) => {
      const staffId = result.ok ? result.value.people[0]?.staffId : undefined;
      if (staffId) useGridUi.getState().highlightCard(staffId);
    });
  } else if (command === 'presentation') {
    const on = !store.presentation;
    if (!store.setPresentation(on)) return;
    if (on) store.setView('grid');
    store.announce(on ? 'Presentation mode on' : 'Presentation mode off');
  } else if (command === 'discussion-queue') {
    focusDiscussionRail();
  } else if (command === 'apply-changes') {
    if (store.panel?.status === 'finalised') store.announce('The panel is finalised, so no changes can be applied');
    else useApplyChanges.getState().show();
  } else if (command === 'merge-units' || command === 'merge-units-chosen') {
    // A new overall panel from unit panels: chosen in the window, or already by the desktop's native dialog.
    useMergeDialog.getState().show(command === 'merge-units-chosen');
  } else if (command === 'view:department' && !departmentAvailable(store)) {
    store.announce('The department view is for an overall panel, or a panel with more than one business unit');
  } else if (isContributionMode(command)) {
    // Contributions change an open panel only; a finalised one takes none.
    if (store.panel?.status === 'finalised') store.announce('The panel is finalised, so it takes no more contributions');
    else useContributions.getState().show(command);
  } else if (command.startsWith('view:')) {
    const view = command.slice(5) as View;
    if (VIEW_ORDER.includes(view)) {
      store.setView(view);
      store.announce(`${VIEW_LABELS[view]} view`);
    }
  }
}

/** The window-wide shortcuts; text fields keep their own undo. */
export function onShortcut(event: KeyboardEvent): void {
  if (event.defaultPrevented) return;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  // A modal dialog is open: its own keys only.
  if (dialogOpen()) return;
  if (mod && !event.altKey && (key === 'z' || key === 'y') && !typingIn(event.target)) {
    event.preventDefault();
    runCommand(key === 'y' || event.shiftKey ? 'redo' : 'undo');
    return;
  }
  if (event.altKey && !mod && !event.shiftKey) {
    const digit = /^Digit([1-9])$/.exec(event.code);
    if (digit) {
      event.preventDefault();
      runCommand(`view:${VIEW_ORDER[Number(digit[1]) - 1]}`);
      return;
    }
    if (event.code === 'KeyP') {
      event.preventDefault();
      runCommand('presentation');
      return;
    }
    // Alt+Q: to the discussion queue from anywhere, its next case ready to discuss.
    if (event.code === 'KeyQ') {
      event.preventDefault();
      runCommand('discussion-queue');
      return;
    }
  }
  if (event.key === 'Escape' && usePanelStore.getState().presentation && !typingIn(event.target)) {
    runCommand('presentation');
  }
}
