// Where the person panel lives: beside the grid as a non-modal panel (the room keeps working while it is
// open; Escape or Close shuts it, see closePanel), or as a modal dialog over other views.

import { useEffect, useRef, type ReactNode } from 'react';
import { Dialog } from '../components/Dialog';

export interface PanelShellProps {
  docked: boolean;
  staffId: string;
  onClose(): void;
  returnFocusTo(): HTMLElement | null;
  children: ReactNode;
}

export function PanelShell({ docked, staffId, onClose, returnFocusTo, children }: PanelShellProps) {
  const ref = useRef<HTMLDivElement>(null);

  // Escape closes it from inside, and from nowhere in particular (a button that just went busy drops focus
  // to the page): before the window's Escape, which in presentation mode would leave presentation mode.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    if (!docked) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open], [role="menu"]')) return;
      const at = document.activeElement;
      if (at && at !== document.body && !ref.current?.contains(at)) return;
      event.preventDefault();
      close.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [docked]);

  // Opened from a card (a click, Details, the menu): focus comes here, where the keyboard user is headed.
  // Opened from the discussion queue: focus stays there, on "Next".
  useEffect(() => {
    if (!docked) return;
    const from = document.activeElement;
    if (from instanceof HTMLElement && from.closest('.room-grid')) ref.current?.focus();
  }, [docked, staffId]);

  if (!docked) {
    return (
      <Dialog open onCancel={onClose} labelledBy="person-panel-title" className="person-panel" returnFocusTo={returnFocusTo}>
        {children}
      </Dialog>
    );
  }

  return (
    <div
      ref={ref}
      className="person-panel person-panel-docked"
      role="dialog"
      aria-modal="false"
      aria-labelledby="person-panel-title"
      tabIndex={-1}
      data-testid="person-panel"
    >
      {children}
    </div>
  );
}

/**
 * Closes the person panel; when focus was in the docked panel it goes back to the person's card, not to the
 * top of the page (the modal dialog hands focus back by itself).
 */
export function closePanel(close: () => void, returnFocusTo: () => HTMLElement | null): void {
  const at = document.activeElement;
  // Focus in the panel, or dropped to the page by a control that went busy: either way it was the panel's.
  const inside = at === null || at === document.body || (at instanceof HTMLElement && at.closest('.person-panel-docked') !== null);
  close();
  if (inside) window.requestAnimationFrame(() => returnFocusTo()?.focus());
}
