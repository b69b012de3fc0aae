// Keeps the fairness views in step with the panel: re-requests after every change (a move, an undo, a
// discussion opened or closed) and keeps the last figures on screen until the new ones arrive.

import { useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import type { Result } from '../../shared/contract';
import { usePanelStore } from '../store';

/** Changes the store does not see (discussions are not person changes) bump this so views refetch. */
export const useFairnessTick = create<{ tick: number; bump(): void }>((set) => ({
  tick: 0,
  bump: () => set((s) => ({ tick: s.tick + 1 })),
}));

export interface LiveResult<T> {
  value: T | null;
  /** The request that produced `value` (so a view can tell a stale answer from the one it asked for). */
  valueKey: string | null;
  error: string | null;
  /** A newer request is on its way; the old figures stay on screen meanwhile. */
  updating: boolean;
}

/**
 * Calls `request` whenever `key` changes or the panel changes. `key` names the request (its
 * arguments); a null key asks for nothing. Answers that arrive out of order are dropped. A refresh
 * after a change waits `settleMs` so a burst of changes costs the host one computation, not many.
 */
export function useLiveResult<T>(key: string | null, request: () => Promise<Result<T>>, settleMs = 0): LiveResult<T> {
  const peopleById = usePanelStore((s) => s.peopleById);
  const panel = usePanelStore((s) => s.panel);
  const tick = useFairnessTick((s) => s.tick);
  const latest = useRef(request);
  latest.current = request;
  const sequence = useRef(0);
  const askedFor = useRef<string | null>(null);
  const [state, setState] = useState<LiveResult<T>>({ value: null, valueKey: null, error: null, updating: false });

  useEffect(() => {
    if (key === null) return;
    const mine = ++sequence.current;
    const send = () => {
      setState((s) => (s.updating ? s : { ...s, updating: true }));
      void latest.current().then((result) => {
        if (mine !== sequence.current) return;
        setState((s) =>
          result.ok
            ? { value: result.value, valueKey: key, error: null, updating: false }
            : { ...s, error: result.error.message, updating: false },
        );
      });
    };
    // A new question is asked at once; the same one asked again after a change may wait to settle.
    const fresh = askedFor.current !== key;
    askedFor.current = key;
    if (fresh || settleMs <= 0) {
      send();
      return;
    }
    const timer = window.setTimeout(send, settleMs);
    return () => window.clearTimeout(timer);
  }, [key, peopleById, panel, tick, settleMs]);

  return state;
}
