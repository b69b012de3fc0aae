// The window's commands, shared by the keyboard shortcuts, the header buttons and the native menus
// (Electron's preload re-dispatches menu clicks as a `modpanel-menu` CustomEvent carrying the command).

import { usePanelStore, type View } from '../store';
import { useApplyChanges } from './applyChangesState';

export type Command = 'undo' | 'redo' | 'presentation' | 'apply-changes' | `view:${View}`;

export const VIEW_LABELS: Record<View, string> = {
  grid: 'Grid',
  table: 'Table',
  history: 'History',
  import: 'Import',
  export: 'Export',
  breakdowns: 'Breakdowns',
  record: 'Panel record',
};

/** Alt+1, Alt+2, … in the order the view switcher shows them. */
export const VIEW_ORDER: View[] = ['grid', 'table', 'history', 'import', 'export', 'breakdowns', 'record'];

export function runCommand(command: string): void {
  const store = usePanelStore.getState();
  if (store.status !== 'ready') return;
  if (command === 'undo') {
    if (store.canUndo) void store.undo();
    else store.announce('There is nothing to undo');
  } else if (command === 'redo') {
    if (store.canRedo) void store.redo();
    else store.announce('There is nothing to redo');
  } else if (command === 'presentation') {
    const on = !store.presentation;
    store.setPresentation(on);
    if (on) store.setView('grid');
    store.announce(on ? 'Presentation mode on' : 'Presentation mode off');
  } else if (command === 'apply-changes') {
    if (store.panel?.status === 'finalised') store.announce('The panel is finalised, so no changes can be applied');
    else useApplyChanges.getState().show();
  } else if (command.startsWith('view:')) {
    const view = command.slice(5) as View;
    if (VIEW_ORDER.includes(view)) {
      store.setView(view);
      store.announce(`${VIEW_LABELS[view]} view`);
    }
  }
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
  return false;
}

/** The window-wide shortcuts; text fields keep their own undo. */
export function onShortcut(event: KeyboardEvent): void {
  if (event.defaultPrevented) return;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  // A modal dialog is open: its own keys only.
  if (document.querySelector('dialog[open]')) return;
  if (mod && !event.altKey && (key === 'z' || key === 'y') && !typingIn(event.target)) {
    event.preventDefault();
    runCommand(key === 'y' || event.shiftKey ? 'redo' : 'undo');
    return;
  }
  if (event.altKey && !mod && !event.shiftKey) {
    const digit = /^Digit([1-7])$/.exec(event.code);
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
  }
  if (event.key === 'Escape' && usePanelStore.getState().presentation && !typingIn(event.target)) {
    runCommand('presentation');
  }
}
