// Invariants of the breakdown for any table: everyone is counted exactly once, and the
// comparisons do not depend on what the groups are called.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOX_MARKINGS } from '../../shared/domain';
import { type BreakdownGroup, computeBreakdown } from '../../shared/stats';
import { COMPARED_NAMES, type CountsTable, NOT_COMPARED_NAMES, countsTable } from './arbitraries';
import { entriesFromCounts, relativeError } from './fixtures';

const options = { characteristic: 'ethnicity', stage: 'moderated' };

describe('counts', () => {
  it('sum to the population, by group and by box', () => {
    fc.assert(
      fc.property(countsTable(30), fc.integer({ min: 0, max: 10 }), (table, threshold) => {
        const entries = entriesFromCounts(table);
        const result = computeBreakdown(entries, { ...options, threshold });
        expect(result.population).toBe(entries.length);
        expect(result.groups.reduce((sum, g) => sum + (g.n ?? 0), 0)).toBe(entries.length);
        for (const box of BOX_MARKINGS) {
          expect(result.groups.reduce((sum, g) => sum + (g.counts?.[box] ?? 0), 0)).toBe(result.totals[box]);
          expect(result.totals[box]).toBe(entries.filter((e) => e.marking === box).length);
        }
        for (const g of result.groups) {
          expect(BOX_MARKINGS.reduce((sum, box) => sum + (g.counts?.[box] ?? 0), 0)).toBe(g.n);
          expect(Math.abs(BOX_MARKINGS.reduce((sum, box) => sum + (g.percent?.[box] ?? 0), 0) - 100)).toBeLessThan(1e-9);
        }
      }),
    );
  });
});

/** A consistent renaming that keeps compared names compared and the others not (in any case). */
const renaming = fc
  .tuple(
    fc.shuffledSubarray([...COMPARED_NAMES.map((n) => `${n} renamed`), 'Zulu', 'aardvark', 'Group 9'], { minLength: COMPARED_NAMES.length, maxLength: COMPARED_NAMES.length }),
    fc.shuffledSubarray([...NOT_COMPARED_NAMES], { minLength: NOT_COMPARED_NAMES.length, maxLength: NOT_COMPARED_NAMES.length }),
    fc.boolean(),
  )
  .map(([compared, notCompared, upper]) => {
    const map = new Map<string, string>();
    COMPARED_NAMES.forEach((name, i) => map.set(name, compared[i] ?? name));
    NOT_COMPARED_NAMES.forEach((name, i) => map.set(name, upper ? (notCompared[i] ?? name).toUpperCase() : (notCompared[i] ?? name)));
    return map;
  });

function rename(table: CountsTable, map: Map<string, string>): CountsTable {
  return Object.fromEntries(Object.entries(table).map(([name, counts]) => [map.get(name) ?? name, counts]));
}

/** What must not change under renaming (everything but the name and the suppression tie-break). */
function comparisons(g: BreakdownGroup) {
  return {
    n: g.n, compared: g.compared, counts: g.counts, top_rate: g.top_rate, bottom_rate: g.bottom_rate,
    top_impact_ratio: g.top_impact_ratio, fisher_top_p: g.fisher_top_p, fisher_bottom_p: g.fisher_bottom_p,
    top_relative_likelihood: g.top_relative_likelihood, bottom_relative_likelihood: g.bottom_relative_likelihood,
    flags: g.flags,
  };
}

describe('renaming groups', () => {
  it('changes no ratio, test or flag (reference named explicitly)', () => {
    fc.assert(
      fc.property(countsTable(15), renaming, fc.nat(), (table, map, pick) => {
        const comparedNames = Object.keys(table).filter((n) => (COMPARED_NAMES as readonly string[]).includes(n));
        const reference = comparedNames.length > 0 ? comparedNames[pick % comparedNames.length] : undefined;
        const before = computeBreakdown(entriesFromCounts(table), { ...options, referenceGroup: reference });
        const after = computeBreakdown(entriesFromCounts(rename(table, map)), {
          ...options,
          referenceGroup: reference === undefined ? undefined : map.get(reference),
        });
        expect(after.reference_group).toBe(before.reference_group === null ? null : map.get(before.reference_group));
        for (const g of before.groups) {
          const renamed = after.groups.find((h) => h.group === map.get(g.group));
          expect(renamed && comparisons(renamed)).toEqual(comparisons(g));
        }
        if (before.chi_square === null) {
          expect(after.chi_square).toBeNull();
        } else {
          // Rows are summed in a different order, so allow for rounding.
          expect(after.chi_square?.df).toBe(before.chi_square.df);
          expect(relativeError(after.chi_square?.statistic ?? NaN, before.chi_square.statistic)).toBeLessThan(1e-12);
          expect(relativeError(after.chi_square?.p_value ?? NaN, before.chi_square.p_value)).toBeLessThan(1e-10);
        }
      }),
    );
  });

  it('keeps the default reference when the largest compared group is unique', () => {
    // With a tie the first alphabetically wins, and renaming may reorder the tied groups.
    fc.assert(
      fc.property(countsTable(15), renaming, (table, map) => {
        const before = computeBreakdown(entriesFromCounts(table), options);
        const sizes = before.groups.filter((g) => g.compared).map((g) => g.n ?? 0);
        fc.pre(sizes.filter((n) => n === Math.max(...sizes)).length === 1);
        const after = computeBreakdown(entriesFromCounts(rename(table, map)), options);
        expect(after.reference_group).toBe(map.get(before.reference_group ?? ''));
        for (const g of before.groups) {
          expect(after.groups.find((h) => h.group === map.get(g.group))?.top_relative_likelihood).toBe(g.top_relative_likelihood);
        }
      }),
    );
  });
});
