// A modal dialog on the native <dialog> element: the browser traps focus, makes the page behind inert
// and turns Escape into "cancel"; we keep it controlled by React and hand focus back on close.

import { useEffect, useRef, type ReactNode } from 'react';

export interface DialogProps {
  open: boolean;
  /** Escape, the close button or a click on the backdrop. */
  onCancel(): void;
  /** Id of the element that names the dialog (usually its h2). */
  labelledBy: string;
  describedBy?: string;
  className?: string;
  children: ReactNode;
  /** Where focus goes when the dialog closes; defaults to whatever had it before it opened. */
  returnFocusTo?: () => HTMLElement | null;
}

export function Dialog({ open, onCancel, labelledBy, describedBy, className, children, returnFocusTo }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const returnFocus = useRef(returnFocusTo);
  returnFocus.current = returnFocusTo;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    opener.current = document.activeElement;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      const target = returnFocus.current?.() ?? opener.current;
      // The opener may have been re-rendered elsewhere (a card that moved box); only focus what is still there.
      if (target instanceof HTMLElement && target.isConnected) target.focus();
    };
  }, [open]);

  if (!open) return null;
  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      onMouseDown={(event) => {
        // A press on the backdrop lands on the <dialog> itself, outside its content box.
        if (event.target === ref.current) {
          const box = ref.current.getBoundingClientRect();
          const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
          if (!inside) onCancel();
        }
      }}
    >
      {children}
    </dialog>
  );
}
