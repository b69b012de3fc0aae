// Ctrl+Enter (Cmd+Enter on a Mac) sends the form being typed in, so a reason is given without reaching for
// the mouse or tabbing past the other fields.

import type { KeyboardEvent } from 'react';

export function submitOnCtrlEnter(event: KeyboardEvent<HTMLFormElement>): void {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey) return;
  event.preventDefault();
  event.currentTarget.requestSubmit();
}
