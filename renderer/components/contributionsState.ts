// Which contributions dialog is open, if any: the finance partner's workbook or a panel member's preview,
// to write or to take back. Set by the Export and Import menus, the native File menu and commands.ts.

import { create } from 'zustand';

export const CONTRIBUTION_MODES = ['finance-sheet', 'finance-import', 'preview-sheet', 'preview-import'] as const;
export type ContributionMode = (typeof CONTRIBUTION_MODES)[number];

export function isContributionMode(value: string): value is ContributionMode {
  return (CONTRIBUTION_MODES as readonly string[]).includes(value);
}

interface ContributionsState {
  mode: ContributionMode | null;
  show(mode: ContributionMode): void;
  hide(): void;
}

export const useContributions = create<ContributionsState>((set) => ({
  mode: null,
  show: (mode) => set({ mode }),
  hide: () => set({ mode: null }),
}));
