// Counting people into the four boxes, and the two outcomes the panel reports (paras 91–92):
// top = Exceeding or High Performing, bottom = Partially Met.

import { BOX_MARKINGS, type BoxMarking, TOP_TWO } from '../domain';

export type BoxCounts = Record<BoxMarking, number>;
export type BoxShares = Record<BoxMarking, number>;

export function emptyBoxCounts(): BoxCounts {
  return { Exceeding: 0, 'High Performing': 0, Achieving: 0, 'Partially Met': 0 };
}

export function countBoxes(markings: Iterable<BoxMarking>): BoxCounts {
  const counts = emptyBoxCounts();
  for (const marking of markings) counts[marking] += 1;
  return counts;
}

export function addBoxCounts(into: BoxCounts, from: BoxCounts): void {
  for (const box of BOX_MARKINGS) into[box] += from[box];
}

export function boxTotal(counts: BoxCounts): number {
  return BOX_MARKINGS.reduce((sum, box) => sum + counts[box], 0);
}

export function topCount(counts: BoxCounts): number {
  return TOP_TWO.reduce((sum, box) => sum + counts[box], 0);
}

export function bottomCount(counts: BoxCounts): number {
  return counts['Partially Met'];
}

/** Exact percentages (count × 100 / n, unrounded); rounding is for display only. */
export function boxPercents(counts: BoxCounts, n: number): BoxShares {
  const percent = emptyBoxCounts();
  for (const box of BOX_MARKINGS) percent[box] = n > 0 ? (counts[box] * 100) / n : 0;
  return percent;
}
