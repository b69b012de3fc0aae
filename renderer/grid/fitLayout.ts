// Presentation mode shows the whole panel on one screen: given the people in each box and the room the
// screen leaves, pick the most detailed layout (cards, then compact rows, then chips) in which everyone is
// shown in full, flowing a long box into several columns. Pure: the grid measures, this decides, CSS draws
// the sizes set here (so the plan and the screen cannot disagree).

import type { ShownDensity } from './density';

/** Each layout's fixed size on the projector, in CSS pixels: the height of one card and its narrowest width. */
export const ITEM_SIZE: Record<ShownDensity, { height: number; minWidth: number }> = {
  cards: { height: 112, minWidth: 250 },
  compact: { height: 46, minWidth: 200 },
  chips: { height: 26, minWidth: 150 },
};

/** Gaps and the box's own edges, in CSS pixels (grid.css uses the same numbers). */
export const FIT_GEOMETRY = {
  /** Between two boxes. */
  boxGap: 8,
  /** A box's left and right border and its list's side padding, together. */
  boxSides: 2 + 2 * 6,
  /** The list's top and bottom padding, together. */
  listEnds: 2 * 6,
  /** Between two cards, across and down. */
  itemGap: 4,
} as const;

export const FIT_ORDER: readonly ShownDensity[] = ['cards', 'compact', 'chips'];

export interface FitSpace {
  /** Width of the row of boxes. */
  width: number;
  /** Height each box's list has below its heading. */
  listHeight: number;
}

export interface FitPlan {
  density: ShownDensity;
  /** Cards per column in each list (the same order as the counts). */
  rows: number[];
  /** Columns in each list. */
  columns: number[];
  /** Everyone is shown without scrolling. */
  fits: boolean;
}

/** How many cards of `density` stack in `listHeight`. */
export function rowsThatFit(density: ShownDensity, listHeight: number): number {
  const { height } = ITEM_SIZE[density];
  return Math.max(0, Math.floor((listHeight - FIT_GEOMETRY.listEnds + FIT_GEOMETRY.itemGap) / (height + FIT_GEOMETRY.itemGap)));
}

/** The plan for one layout: each list in as few columns as its height allows, and whether the row fits. */
export function planFor(density: ShownDensity, counts: readonly number[], space: FitSpace): FitPlan {
  const maxRows = rowsThatFit(density, space.listHeight);
  const { minWidth } = ITEM_SIZE[density];
  if (maxRows === 0) return { density, rows: counts.map((n) => Math.max(1, n)), columns: counts.map(() => 1), fits: counts.every((n) => n === 0) };
  // Cards stay one column a box: their words need the width.
  const columns = counts.map((n) => (density === 'cards' ? 1 : Math.max(1, Math.ceil(n / maxRows))));
  const rows = counts.map((n, i) => Math.max(1, Math.ceil(n / columns[i]!)));
  const width =
    columns.reduce((sum, c) => sum + c * minWidth + (c - 1) * FIT_GEOMETRY.itemGap + FIT_GEOMETRY.boxSides, 0) +
    Math.max(0, counts.length - 1) * FIT_GEOMETRY.boxGap;
  const fits = width <= space.width && rows.every((r) => r <= maxRows);
  return { density, rows, columns, fits };
}

/**
 * The most detailed layout in `order` in which everyone fits; when none does, the last one (the densest),
 * one column a box, scrolling.
 */
export function planFit(counts: readonly number[], space: FitSpace, order: readonly ShownDensity[] = FIT_ORDER): FitPlan {
  for (const density of order) {
    const plan = planFor(density, counts, space);
    if (plan.fits) return plan;
  }
  const densest = order[order.length - 1] ?? 'chips';
  return { density: densest, rows: counts.map((n) => Math.max(1, n)), columns: counts.map(() => 1), fits: false };
}
