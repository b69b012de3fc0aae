// The grid's own passing state: filters, which card's menu is open, the move waiting for a reason,
// and which card should take focus once it re-appears in its new box.

import { create } from 'zustand';
import type { BoxMarking } from '../../shared/domain';
import { NO_FILTERS, type GridFilters } from './boxes';

export interface PendingMove {
  staffId: string;
  to: BoxMarking;
  needsReason: boolean;
  /** The words the chair must acknowledge (Exceeding without corporate contribution), or null. */
  acknowledgement: string | null;
}

export interface GridUiState {
  filters: GridFilters;
  menu: { staffId: string; anchor: HTMLElement } | null;
  pending: PendingMove | null;
  focusRequest: string | null;
  setFilters(patch: Partial<GridFilters>): void;
  openMenu(staffId: string, anchor: HTMLElement): void;
  closeMenu(): void;
  setPending(pending: PendingMove | null): void;
  requestFocus(staffId: string | null): void;
}

export const useGridUi = create<GridUiState>((set) => ({
  filters: NO_FILTERS,
  menu: null,
  pending: null,
  focusRequest: null,
  setFilters: (patch) => set((state) => ({ filters: { ...state.filters, ...patch } })),
  openMenu: (staffId, anchor) => set({ menu: { staffId, anchor } }),
  closeMenu: () => set({ menu: null }),
  setPending: (pending) => set({ pending }),
  requestFocus: (focusRequest) => set({ focusRequest }),
}));
