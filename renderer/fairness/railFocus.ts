// Reaching the discussion queue from anywhere (Alt+Q, the skip link): back to the grid if need be, the
// rail unfolded, and focus on its main button, which discusses the next case (or moves on to it).

import { create } from 'zustand';
import { usePanelStore } from '../store';

/** Bumped to ask the rail to take focus once it is on screen. */
export const useRailFocus = create<{ request: number; ask(): void }>((set) => ({
  request: 0,
  ask: () => set((s) => ({ request: s.request + 1 })),
}));

export function focusDiscussionRail(): void {
  const store = usePanelStore.getState();
  if (store.view !== 'grid') store.setView('grid');
  if (!store.railOpen) store.setRailOpen(true);
  useRailFocus.getState().ask();
}
