// The visible echo of what just happened ("Undid: Priya Raman back to Achieving", "placed by job weight"),
// with Redo beside an undo, for a few seconds. Screen readers already hear the same words through
// LiveRegion, so this is not a second live region.

import { useEffect } from 'react';
import { usePanelStore } from '../store';
import { runCommand } from './commands';
import { useOnScreen } from './projection';

/** Long enough to read twice and reach for Redo; the button keeps it open while focused or hovered. */
const SHOWN_MS = 8000;

export function NoticeToast() {
  const notice = usePanelStore((s) => s.notice);
  const dismiss = usePanelStore((s) => s.dismissNotice);
  const finalised = usePanelStore((s) => s.panel?.status === 'finalised');
  const onScreen = useOnScreen();

  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => {
      // Not while the pointer or focus is on it: the chair may be about to press Redo.
      if (document.querySelector('.notice-toast:hover, .notice-toast:focus-within')) return;
      usePanelStore.getState().dismissNotice();
    }, SHOWN_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);

  if (!notice) return null;
  const offer = finalised ? null : notice.offer;
  return (
    <div className="notice-toast" data-testid="notice">
      <p className="notice-text">{onScreen(notice.text)}</p>
      {offer ? (
        <button type="button" className="button button-small notice-action" onClick={() => runCommand(offer)}>
          Redo
        </button>
      ) : null}
      <button type="button" className="button button-small button-quiet" onClick={dismiss}>
        Close<span className="sr-only"> the notice</span>
      </button>
    </div>
  );
}
