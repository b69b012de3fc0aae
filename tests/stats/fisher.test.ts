// Fisher's exact test: the fast tail walk equals the definition (sum over every table no more
// likely than the observed one), it is symmetric, and it is quick at n = 100,000.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FISHER_RELATIVE_TOLERANCE, type TwoByTwo, fisherExactTwoSided, logHypergeometricProbability } from '../../shared/stats';
import { relativeError } from './fixtures';

/** The definition, table by table, over the whole support. */
function fisherByDefinition([[a, b], [c, d]]: TwoByTwo): number {
  const firstRow = a + b;
  const secondRow = c + d;
  const firstColumn = a + c;
  if (firstRow === 0 || secondRow === 0 || firstColumn === 0 || b + d === 0) return 1;
  const logP = (x: number): number => logHypergeometricProbability(x, firstRow, secondRow, firstColumn);
  const limit = logP(a) + Math.log1p(FISHER_RELATIVE_TOLERANCE);
  let sum = 0;
  for (let x = Math.max(0, firstColumn - secondRow); x <= Math.min(firstColumn, firstRow); x++) {
    if (logP(x) <= limit) sum += Math.exp(logP(x));
  }
  return Math.min(1, sum);
}

const table = (max: number): fc.Arbitrary<TwoByTwo> =>
  fc.tuple(fc.nat(max), fc.nat(max), fc.nat(max), fc.nat(max)).map(([a, b, c, d]) => [[a, b], [c, d]] as const);

describe("Fisher's exact test", () => {
  it('equals the definition', () => {
    fc.assert(
      fc.property(table(60), (t) => {
        expect(relativeError(fisherExactTwoSided(t), fisherByDefinition(t))).toBeLessThan(1e-12);
      }),
      { numRuns: 400 },
    );
  });

  it('hypergeometric probabilities sum to 1', () => {
    for (const [marked, unmarked, draws] of [[10, 10, 10], [3, 40, 7], [5000, 5000, 5000], [12, 988, 100]] as const) {
      let sum = 0;
      for (let x = 0; x <= draws; x++) sum += Math.exp(logHypergeometricProbability(x, marked, unmarked, draws));
      expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
    }
  });

  it('does not depend on which row or column comes first', () => {
    fc.assert(
      fc.property(table(200), ([[a, b], [c, d]]) => {
        const p = fisherExactTwoSided([[a, b], [c, d]]);
        for (const other of [[[c, d], [a, b]], [[b, a], [d, c]], [[a, c], [b, d]]] as const) {
          expect(relativeError(fisherExactTwoSided(other), p)).toBeLessThan(1e-11);
        }
      }),
    );
  });

  it('is a probability, and 1 when a row or column is empty', () => {
    fc.assert(
      fc.property(table(300), (t) => {
        const p = fisherExactTwoSided(t);
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
      }),
    );
    expect(fisherExactTwoSided([[0, 0], [3, 4]])).toBe(1);
    expect(fisherExactTwoSided([[0, 5], [0, 7]])).toBe(1);
  });

  it('counts an exactly tied table on the other side (symmetric margins)', () => {
    // Margins 5/5 and 5/5: P(3) = P(2), so p = 1 − nothing left out = 1.
    expect(fisherExactTwoSided([[3, 2], [2, 3]])).toBe(1);
    // 1 vs 4: the tables 1, 4 and 0, 5 count; p = 2 × (P(0) + P(1)).
    const p0 = Math.exp(logHypergeometricProbability(0, 5, 5, 5));
    const p1 = Math.exp(logHypergeometricProbability(1, 5, 5, 5));
    expect(relativeError(fisherExactTwoSided([[1, 4], [4, 1]]), 2 * (p0 + p1))).toBeLessThan(1e-13);
  });

  it('answers at n = 100,000 with a probability (speed is measured in npm run bench, not here)', () => {
    const p = fisherExactTwoSided([[25_000, 25_000], [25_100, 24_900]]);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThanOrEqual(1);
  });

  it('refuses counts that are not whole and non-negative', () => {
    expect(() => fisherExactTwoSided([[1.5, 2], [3, 4]])).toThrow(RangeError);
    expect(() => fisherExactTwoSided([[-1, 2], [3, 4]])).toThrow(RangeError);
  });
});
