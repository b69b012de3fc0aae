// The grid's own passing state: filters, which card's menu is open, the move waiting for a reason,
// which card should take focus once it re-appears in its new box, and which card to highlight after a move.

import { create } from 'zustand';
import type { BoxMarking } from '../../shared/domain';
import type { ListKind } from './boxContext';
import { NO_FILTERS, type GridFilters } from './boxes';

export interface PendingMove {
  staffId: string;
  to: BoxMarking;
  needsReason: boolean;
  /** The words the chair must acknowledge (Exceeding without corporate contribution), or null. */
  acknowledgement: string | null;
  /**
   * Where the card was dropped: after this person (null = first) when it was dropped between two cards, which
   * the panel keeps as a manual rank; undefined when it goes to its job-weight place.
   */
  afterStaffId?: string | null;
}

export interface GridUiState {
  filters: GridFilters;
  /** The open Move menu: the control it hangs from, or the point a right-click opened it at. */
  menu: { staffId: string; anchor: HTMLElement; at?: { x: number; y: number } } | null;
  pending: PendingMove | null;
  focusRequest: string | null;
  /** The card to scroll into view and light up for a moment (after a move, an undo, "Discuss now"). */
  highlight: { staffId: string; seq: number } | null;
  /** The person whose "flag with a note" dialog is open. */
  flagNoteFor: string | null;
  /** On the projector, the people listed apart are shown only when asked for. */
  showApart: boolean;
  /**
   * The card being dragged, where from, and the list under it. Kept here rather than in the grid's state so
   * picking a card up re-renders only the two boxes and the dragged copy, not the whole grid.
   */
  drag: { staffId: string; from: ListKind; over: ListKind | null } | null;
  setFilters(patch: Partial<GridFilters>): void;
  openMenu(staffId: string, anchor: HTMLElement, at?: { x: number; y: number }): void;
  closeMenu(): void;
  setPending(pending: PendingMove | null): void;
  requestFocus(staffId: string | null): void;
  highlightCard(staffId: string): void;
  setFlagNoteFor(staffId: string | null): void;
  setShowApart(show: boolean): void;
  setDrag(drag: GridUiState['drag']): void;
  /** The list under the dragged card changed. */
  dragOver(list: ListKind | null): void;
}

export const useGridUi = create<GridUiState>((set) => ({
  filters: NO_FILTERS,
  menu: null,
  pending: null,
  focusRequest: null,
  highlight: null,
  flagNoteFor: null,
  showApart: false,
  drag: null,
  setFilters: (patch) => set((state) => ({ filters: { ...state.filters, ...patch } })),
  openMenu: (staffId, anchor, at) => set({ menu: at ? { staffId, anchor, at } : { staffId, anchor } }),
  closeMenu: () => set({ menu: null }),
  setPending: (pending) => set({ pending }),
  requestFocus: (focusRequest) => set({ focusRequest }),
  highlightCard: (staffId) => set((state) => ({ highlight: { staffId, seq: (state.highlight?.seq ?? 0) + 1 } })),
  setFlagNoteFor: (flagNoteFor) => set({ flagNoteFor }),
  setShowApart: (showApart) => set({ showApart }),
  setDrag: (drag) => set({ drag }),
  dragOver: (over) => set((state) => (state.drag && state.drag.over !== over ? { drag: { ...state.drag, over } } : {})),
}));
