// The polite live region: screen readers hear the store's latest announcement (a move, an undo, a
// refusal). Cleared then refilled so the same words said twice are heard twice.

import { useEffect, useRef, useState } from 'react';
import { usePanelStore } from '../store';
import { useOnScreen } from './projection';

export function LiveRegion() {
  const announcement = usePanelStore((s) => s.announcement);
  const announcementId = usePanelStore((s) => s.announcementId);
  const [text, setText] = useState('');
  // Spoken words follow the screen: with names as initials, a screen reader in the room says initials too.
  const shown = useOnScreen();
  const onScreen = useRef(shown);
  onScreen.current = shown;

  useEffect(() => {
    setText('');
    if (!announcement) return;
    const timer = window.setTimeout(() => setText(onScreen.current(announcement)), 60);
    return () => window.clearTimeout(timer);
  }, [announcement, announcementId]);

  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {text}
    </div>
  );
}
