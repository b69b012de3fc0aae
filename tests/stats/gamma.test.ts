// The incomplete gamma functions behind the chi-square p-value, checked against closed forms
// (scipy agreement is in scipy.test.ts).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, logGamma, regularizedGammaP, regularizedGammaQ } from '../../shared/stats';
import { relativeError } from './fixtures';

/** Relative error, but absolute near 0 (ln Γ(1) = ln Γ(2) = 0). */
const near = (actual: number, wanted: number, tolerance: number): boolean =>
  Math.abs(actual - wanted) <= tolerance * Math.max(1, Math.abs(wanted));

describe('logGamma', () => {
  it('is ln((n − 1)!) at whole numbers', () => {
    let factorial = 1;
    for (let n = 1; n <= 25; n++) {
      expect(near(logGamma(n), Math.log(factorial), 1e-14)).toBe(true);
      factorial *= n;
    }
  });

  it('is ln √π at ½ and follows Γ(x + 1) = x Γ(x)', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    for (const x of [0.1, 0.5, 1.5, 3.7, 12.25, 99.5, 1000.5]) {
      expect(near(logGamma(x + 1), logGamma(x) + Math.log(x), 1e-13)).toBe(true);
    }
  });
});

describe('regularized incomplete gamma', () => {
  it('Q(1, x) = e^−x', () => {
    for (const x of [1e-6, 0.3, 1, 2, 5, 30, 200, 700]) {
      expect(relativeError(regularizedGammaQ(1, x), Math.exp(-x))).toBeLessThan(1e-13);
    }
  });

  it('Q(½, x) = erfc(√x): tabulated values', () => {
    // erfc(1) and erfc(2) to 16 digits.
    expect(relativeError(regularizedGammaQ(0.5, 1), 0.1572992070502851)).toBeLessThan(1e-13);
    expect(relativeError(regularizedGammaQ(0.5, 4), 0.004677734981047266)).toBeLessThan(1e-13);
  });

  it('P + Q = 1 on both sides of the series/continued-fraction split', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 200, noNaN: true }), fc.double({ min: 0, max: 400, noNaN: true }), (a, x) => {
        expect(Math.abs(regularizedGammaP(a, x) + regularizedGammaQ(a, x) - 1)).toBeLessThan(1e-12);
      }),
    );
  });

  it('is continuous across x = a + 1, where the method changes', () => {
    for (const a of [0.5, 1.5, 6, 50, 150]) {
      const below = regularizedGammaQ(a, a + 1 - 1e-9);
      const at = regularizedGammaQ(a, a + 1);
      expect(relativeError(below, at)).toBeLessThan(1e-8);
    }
  });
});

describe('chiSquareSurvival', () => {
  it('with 2 degrees of freedom is e^(−x/2)', () => {
    for (const x of [0.01, 1, 5.991464547107979, 40, 1000]) {
      expect(relativeError(chiSquareSurvival(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-12);
    }
  });

  it('gives the textbook 5% critical values', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(12.591587243743977, 6)).toBeCloseTo(0.05, 12);
  });

  it('is 1 at 0 and refuses impossible input', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(() => chiSquareSurvival(-1, 3)).toThrow(RangeError);
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
    expect(() => chiSquareSurvival(1, 1.5)).toThrow(RangeError);
  });
});
