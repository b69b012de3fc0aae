// The statistics agree with scipy (values in expected.json, written by scipy_expected.py) to 1e-9 relative.

import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, computeBreakdown, fisherExactTwoSided, pearsonChiSquare } from '../../shared/stats';
import { expected } from './expected';
import { entriesFromCounts, relativeError } from './fixtures';

const TOLERANCE = 1e-9;

describe('chi-square survival function against scipy.stats.chi2.sf', () => {
  it.each(expected.chi2_survival)('χ² = $x, df = $df', ({ x, df, sf }) => {
    expect(relativeError(chiSquareSurvival(x, df), sf)).toBeLessThan(1e-10);
  });
});

describe("Fisher's exact test against scipy.stats.fisher_exact", () => {
  it.each(expected.fisher_tables)('$table', ({ table, p }) => {
    expect(relativeError(fisherExactTwoSided(table), p)).toBeLessThan(TOLERANCE);
  });
});

describe('Pearson chi-square against scipy.stats.chi2_contingency(correction=False)', () => {
  it.each(expected.chi_square_tables)('$table', ({ table, ...wanted }) => {
    const result = pearsonChiSquare(table);
    expect(result).not.toBeNull();
    expect(result?.df).toBe(wanted.df);
    expect(relativeError(result?.statistic ?? NaN, wanted.statistic)).toBeLessThan(TOLERANCE);
    expect(relativeError(result?.p_value ?? NaN, wanted.p_value)).toBeLessThan(TOLERANCE);
    expect(relativeError(result?.min_expected ?? NaN, wanted.min_expected)).toBeLessThan(TOLERANCE);
  });
});

describe('computeBreakdown against scipy, whole breakdowns', () => {
  it.each(Object.entries(expected.breakdowns))('%s', (_name, wanted) => {
    const result = computeBreakdown(entriesFromCounts(wanted.groups), { characteristic: 'c', stage: 'moderated' });
    if (wanted.chi_square === null) {
      expect(result.chi_square).toBeNull();
    } else {
      expect(result.chi_square).not.toBeNull();
      expect(result.chi_square?.df).toBe(wanted.chi_square.df);
      for (const key of ['statistic', 'p_value', 'min_expected'] as const) {
        expect(relativeError(result.chi_square?.[key] ?? NaN, wanted.chi_square[key]), key).toBeLessThan(TOLERANCE);
      }
    }
    for (const group of result.groups) {
      const fisher = wanted.fisher[group.group];
      if (fisher === undefined) {
        expect(group.fisher_top_p, group.group).toBeNull();
        expect(group.fisher_bottom_p, group.group).toBeNull();
      } else {
        expect(relativeError(group.fisher_top_p ?? NaN, fisher.top_p), `${group.group} top`).toBeLessThan(TOLERANCE);
        expect(relativeError(group.fisher_bottom_p ?? NaN, fisher.bottom_p), `${group.group} bottom`).toBeLessThan(TOLERANCE);
      }
    }
  });

  it('covers what the brief asks for: expected counts below 5, an empty box, n ≈ 10,000 and tied probabilities', () => {
    const b = expected.breakdowns;
    expect(b.small_working_pattern?.chi_square?.min_expected).toBeLessThan(5);
    expect(b.empty_exceeding_box?.chi_square?.df).toBe(6); // 4 groups × 3 boxes in use
    expect(Object.values(b.large_age_band?.groups ?? {}).flat().reduce((s, c) => s + c, 0)).toBeGreaterThan(9000);
    expect(expected.fisher_tables.some((t) => t.table[0][0] === 2600)).toBe(true);
  });
});
