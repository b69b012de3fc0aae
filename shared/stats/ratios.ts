// Rates as exact fractions, and the two ratio tests used on them: the four-fifths rule (impact
// ratio against the highest group) and relative likelihood against a reference group.
// Thresholds are decided by cross-multiplying whole counts, so a ratio of exactly 0.8 or 1.25
// is never flagged because of floating point.

/** `count` of `n` people had the outcome. */
export interface Rate {
  count: number;
  n: number;
}

/** Four-fifths rule: an impact ratio below 0.80 is a warning sign (29 CFR 1607.4(D)). */
export const FOUR_FIFTHS = 0.8;
/** NHS WRES/WDES non-adverse range for relative likelihood. */
export const LIKELIHOOD_RANGE = { low: 0.8, high: 1.25 } as const;

export function rateValue(rate: Rate): number | null {
  return rate.n > 0 ? rate.count / rate.n : null;
}

/** (count/n) ÷ (base.count/base.n), as one correctly rounded division; null when the base rate is 0. */
export function rateRatio(rate: Rate, base: Rate): number | null {
  if (rate.n === 0 || base.n === 0 || base.count === 0) return null;
  return (rate.count * base.n) / (rate.n * base.count);
}

/** a/b < c/d for rates with positive n, without division. */
export function rateLess(rate: Rate, than: Rate): boolean {
  return rate.count * than.n < than.count * rate.n;
}

/** The ratio rate ÷ best is below 0.80 (best rate > 0). */
export function belowFourFifths(rate: Rate, best: Rate): boolean {
  return best.count > 0 && 5 * rate.count * best.n < 4 * rate.n * best.count;
}

/** The ratio rate ÷ reference lies outside 0.80–1.25 (reference rate > 0). */
export function outsideLikelihoodRange(rate: Rate, reference: Rate): boolean {
  if (reference.count === 0) return false;
  const numerator = rate.count * reference.n;
  const denominator = rate.n * reference.count;
  return 5 * numerator < 4 * denominator || 4 * numerator > 5 * denominator;
}

/**
 * The entry with the highest rate; ties go to the first in `candidates`' order (callers pass
 * groups sorted alphabetically, so ties go to the first alphabetically).
 */
export function highestRate<T>(candidates: readonly T[], rateOf: (candidate: T) => Rate): T | null {
  let best: T | null = null;
  for (const candidate of candidates) {
    if (best === null || rateLess(rateOf(best), rateOf(candidate))) best = candidate;
  }
  return best;
}
