// Test helpers: people from counts per box, and relative error.

import { BOX_MARKINGS } from '../../shared/domain';
import type { MarkingEntry } from '../../shared/stats';

/** People, one entry each, from counts in box order. */
export function entriesFromCounts(groups: Record<string, readonly number[]>): MarkingEntry[] {
  return Object.entries(groups).flatMap(([group, counts]) =>
    BOX_MARKINGS.flatMap((marking, i) => Array.from({ length: counts[i] ?? 0 }, () => ({ group, marking }))),
  );
}

/** |actual − wanted| / |wanted|; absolute when wanted is 0. */
export function relativeError(actual: number, wanted: number): number {
  if (wanted === 0) return Math.abs(actual);
  return Math.abs(actual - wanted) / Math.abs(wanted);
}
