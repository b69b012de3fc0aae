// Two-sided Fisher's exact test on a 2×2 table, matching scipy.stats.fisher_exact.
// The p-value is the total probability of every table (same margins) no more likely than the one observed.

import { logHypergeometricProbability } from './hypergeometric';

/**
 * How much more likely than the observed table another table may be and still count as "no more
 * likely", so that exact ties (symmetric margins) are caught despite rounding. scipy 1.17 compares
 * with 1 + 1e-14 on Boost's probabilities; R uses 1 + 1e-7. We use 1e-7: our log-space
 * probabilities differ from scipy's by up to ~1e-12 relative at N = 200,000, which 1e-14 would
 * mistake for a real difference, while no genuinely different pair of tables in the scipy
 * comparison (tests/stats/expected.json, ties included) comes within 1e-7 of each other.
 */
export const FISHER_RELATIVE_TOLERANCE = 1e-7;

/** Terms below e^−50 of the observed table's probability cannot change the sum in double precision. */
const NEGLIGIBLE_LOG_RATIO = 50;

/** A 2×2 table: [[a, b], [c, d]], rows are the two groups, columns the outcome and its absence. */
export type TwoByTwo = readonly [readonly [number, number], readonly [number, number]];

function checkTable(table: TwoByTwo): void {
  for (const cell of [table[0][0], table[0][1], table[1][0], table[1][1]]) {
    if (!Number.isSafeInteger(cell) || cell < 0) {
      throw new RangeError(`Fisher's exact test needs whole, non-negative counts; got ${JSON.stringify(table)}`);
    }
  }
}

/** Two-sided p-value of Fisher's exact test. */
export function fisherExactTwoSided(table: TwoByTwo): number {
  checkTable(table);
  const [[a, b], [c, d]] = table;
  const firstRow = a + b;
  const secondRow = c + d;
  const firstColumn = a + c;
  // An empty row or column leaves only one possible table (scipy returns 1 here too).
  if (firstRow === 0 || secondRow === 0 || firstColumn === 0 || b + d === 0) return 1;

  const logProbability = (x: number): number => logHypergeometricProbability(x, firstRow, secondRow, firstColumn);
  const low = Math.max(0, firstColumn - secondRow);
  const high = Math.min(firstColumn, firstRow);
  const mode = Math.floor(((firstColumn + 1) * (firstRow + 1)) / (firstRow + secondRow + 2));

  const observed = logProbability(a);
  const limit = observed + Math.log1p(FISHER_RELATIVE_TOLERANCE);
  // The observed table is as likely as the most likely one: every table counts.
  if (logProbability(mode) <= limit) return 1;

  // The distribution is unimodal, so the tables no more likely than the observed one form two
  // tails, [low, leftEdge] and [rightEdge, high]; find each inner edge by bisection and sum outward.
  const leftEdge = lastAtMost(low, mode, logProbability, limit);
  const rightEdge = firstAtMost(mode, high, logProbability, limit);
  const floor = observed - NEGLIGIBLE_LOG_RATIO;
  let sum = 0; // in units of the observed probability, so nothing underflows before the end
  for (let x = leftEdge; x >= low; x--) {
    const term = logProbability(x);
    if (term < floor) break;
    sum += Math.exp(term - observed);
  }
  for (let x = rightEdge; x <= high; x++) {
    const term = logProbability(x);
    if (term < floor) break;
    sum += Math.exp(term - observed);
  }
  return Math.min(1, sum * Math.exp(observed));
}

/** Largest x in [from, to] with f(x) ≤ limit, where f rises from `from` to `to`; from − 1 when none. */
function lastAtMost(from: number, to: number, f: (x: number) => number, limit: number): number {
  if (f(from) > limit) return from - 1;
  let lo = from; // f(lo) ≤ limit
  let hi = to; // f(hi) > limit (hi is the mode, checked by the caller)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (f(mid) <= limit) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Smallest x in [from, to] with f(x) ≤ limit, where f falls from `from` to `to`; to + 1 when none. */
function firstAtMost(from: number, to: number, f: (x: number) => number, limit: number): number {
  if (f(to) > limit) return to + 1;
  let lo = from; // f(lo) > limit (lo is the mode)
  let hi = to; // f(hi) ≤ limit
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (f(mid) <= limit) hi = mid;
    else lo = mid;
  }
  return hi;
}
