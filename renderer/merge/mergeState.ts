// Whether the "New overall panel from unit panels" dialog is open, and whether the host already holds the
// chosen files (the desktop's native dialog picked them) or the window is to choose them.

import { create } from 'zustand';

interface MergeDialogState {
  open: boolean;
  /** The host's own dialog chose the unit panels: check them at once. */
  chosenByHost: boolean;
  show(chosenByHost: boolean): void;
  hide(): void;
}

export const useMergeDialog = create<MergeDialogState>((set) => ({
  open: false,
  chosenByHost: false,
  show: (chosenByHost) => set({ open: true, chosenByHost }),
  hide: () => set({ open: false, chosenByHost: false }),
}));
