// Whether the "Apply a list of changes" dialog is open: set by the Import menu, the native File menu and
// commands.ts, read by App (which loads the dialog only when it opens).

import { create } from 'zustand';

interface ApplyChangesState {
  open: boolean;
  show(): void;
  hide(): void;
}

export const useApplyChanges = create<ApplyChangesState>((set) => ({
  open: false,
  show: () => set({ open: true }),
  hide: () => set({ open: false }),
}));
