// Another window or the command line may change the open panel. The window asks every few seconds
// whether anything changed elsewhere (a cheap question) and, when it did, reloads and says so, so the
// room never works on a stale grid. Changes based on a stale view are refused by the host anyway.

import { useEffect } from 'react';
import { api } from '../api';
import { usePanelStore } from '../store';

const POLL_MS = 3000;

export function useExternalChanges(): void {
  const status = usePanelStore((s) => s.status);
  useEffect(() => {
    if (status !== 'ready') return;
    let stopped = false;
    let timer = 0;
    const check = async () => {
      if (!document.hidden) {
        const result = await api.panelVersion({});
        const store = usePanelStore.getState();
        if (!stopped && result.ok && result.value.externalVersion > store.externalVersion) {
          await store.refresh();
          store.announce('The panel was changed in another window or from the command line: the window now shows the latest');
        }
      }
      if (!stopped) timer = window.setTimeout(() => void check(), POLL_MS);
    };
    timer = window.setTimeout(() => void check(), POLL_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [status]);
}
