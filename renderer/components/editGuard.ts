// Who an undo is for: the text being typed, an open dialog, or the panel. One guard for the keyboard shortcuts
// (components/commands.ts) and for the Edit menu's items (main.tsx): on macOS the menu owns Cmd+Z even while a
// reason is being typed (Electron honours `registerAccelerator: false` only on Windows and Linux), so the menu's
// Undo must undo the typing there, never the last panel move.

export function typingIn(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  return false;
}

/** A modal dialog is open: the panel's undo waits until it closes. */
export function dialogOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

/** Where an Edit ▸ Undo or Redo from the native menu goes. */
export function menuEditTarget(): 'text' | 'dialog' | 'panel' {
  if (typingIn(document.activeElement)) return 'text';
  if (dialogOpen()) return 'dialog';
  return 'panel';
}
