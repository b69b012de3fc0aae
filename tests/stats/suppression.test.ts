// Small numbers: which groups are hidden, what the shared copy leaves out, and how cells display.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOX_MARKINGS } from '../../shared/domain';
import {
  type BreakdownResult,
  NOT_APPLICABLE_CELL,
  SUPPRESSED_CELL,
  computeBreakdown,
  displayCell,
  displayPercentCell,
  planSuppression,
  suppressBreakdown,
  suppressDiscussion,
  suppressMovement,
  computeMovement,
  summariseDiscussion,
} from '../../shared/stats';
import { type CountsTable, countsTable } from './arbitraries';
import { entriesFromCounts } from './fixtures';

const options = { characteristic: 'disability', stage: 'moderated' };
const sized = (groups: Record<string, number>, notCompared: string[] = []) =>
  Object.entries(groups).map(([group, n]) => ({ group, n, compared: !notCompared.includes(group) }));

interface PlanCase {
  name: string;
  groups: Record<string, number>;
  notCompared: string[];
  hidden: Record<string, string>;
}

describe('planSuppression', () => {
  it.each<PlanCase>([
    { name: 'nobody small: nothing hidden', groups: { A: 5, B: 9 }, notCompared: [], hidden: {} },
    { name: 'one small group takes the next smallest with it', groups: { A: 3, B: 40, C: 12, D: 30 }, notCompared: [], hidden: { A: 'below_threshold', C: 'secondary' } },
    { name: 'two small groups hide each other', groups: { A: 3, B: 4, C: 50 }, notCompared: [], hidden: { A: 'below_threshold', B: 'below_threshold' } },
    { name: 'a tie for next smallest goes to the first alphabetically', groups: { A: 1, Y: 10, X: 10 }, notCompared: [], hidden: { A: 'below_threshold', X: 'secondary' } },
    { name: 'a lone small not-compared group pairs with another not-compared group', groups: { 'Prefer not to say': 2, 'Not recorded': 50, A: 20, B: 30 }, notCompared: ['Prefer not to say', 'Not recorded'], hidden: { 'Prefer not to say': 'below_threshold', 'Not recorded': 'secondary' } },
    { name: '…or with the next smallest when there is none', groups: { 'Prefer not to say': 2, A: 20, B: 30 }, notCompared: ['Prefer not to say'], hidden: { 'Prefer not to say': 'below_threshold', A: 'secondary' } },
    { name: 'a lone small compared group takes the next smallest, compared or not', groups: { A: 2, B: 30, Unknown: 8 }, notCompared: ['Unknown'], hidden: { A: 'below_threshold', Unknown: 'secondary' } },
    { name: 'a one-group table hides its only group', groups: { A: 4 }, notCompared: [], hidden: { A: 'below_threshold' } },
  ])('$name', ({ groups, notCompared, hidden }) => {
    expect(Object.fromEntries(planSuppression(sized(groups, notCompared), 5))).toEqual(hidden);
  });

  it('hides nothing at threshold 0 and refuses a threshold that is not a whole number', () => {
    expect(planSuppression(sized({ A: 1, B: 2 }), 0).size).toBe(0);
    expect(() => planSuppression(sized({ A: 1 }), 2.5)).toThrow(RangeError);
    expect(() => planSuppression(sized({ A: 1 }), -1)).toThrow(RangeError);
  });

  it('never leaves exactly one group hidden in a table of two or more groups', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ group: fc.string({ minLength: 1, maxLength: 4 }), n: fc.integer({ min: 1, max: 40 }), compared: fc.boolean() }), { minLength: 2, maxLength: 10, selector: (g) => g.group }),
        fc.integer({ min: 0, max: 30 }),
        (groups, threshold) => {
          const hidden = planSuppression(groups, threshold);
          expect(hidden.size === 0 || hidden.size >= 2).toBe(true);
          for (const g of groups) if (g.n < threshold) expect(hidden.get(g.group)).toBe('below_threshold');
          expect([...hidden.values()].filter((r) => r === 'secondary').length).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('suppressBreakdown', () => {
  const hr = computeBreakdown(entriesFromCounts({ Yes: [1, 1, 1, 0], No: [5, 15, 40, 5], 'Prefer not to say': [0, 1, 1, 0], 'Not recorded': [2, 3, 10, 1] }), options);
  const shared = suppressBreakdown(hr);

  it('hides the two small groups and the tests they take part in; impact ratios compare with the highest group shown', () => {
    // "Yes" (3) and "Prefer not to say" (2) are both small, so no secondary group is needed.
    expect(shared.audience).toBe('shared');
    expect(shared.groups.filter((g) => g.suppressed).map((g) => g.group).sort()).toEqual(['Prefer not to say', 'Yes']);
    expect(shared.chi_square).toBeNull(); // a compared group is hidden
    expect(shared.groups.every((g) => g.fisher_top_p === null)).toBe(true);
    // HR's copy divides by "Yes" (2 of 3 in the top two); the shared copy by the highest group shown, "No".
    expect(hr.highest_top_group).toBe('Yes');
    expect(shared.highest_top_group).toBe('No');
    expect(shared.groups.find((g) => g.group === 'No')!.top_impact_ratio).toBe(1);
    expect(shared.groups.find((g) => g.group === 'Not recorded')!.top_impact_ratio).toBeNull();
    expect(shared.withheld).toHaveLength(3);
    expect(shared.withheld.join(' ')).toMatch(/compare each group with the highest group shown \(No\)/);
  });

  it('flags a shown group below four-fifths of the highest group shown', () => {
    const table = computeBreakdown(
      entriesFromCounts({ Tiny: [2, 0, 0, 0], Small: [1, 0, 1, 0], High: [10, 10, 20, 0], Low: [2, 4, 30, 4] }),
      options,
    );
    const view = suppressBreakdown(table);
    expect(view.groups.filter((g) => g.suppressed).map((g) => g.group).sort()).toEqual(['Small', 'Tiny']);
    const low = view.groups.find((g) => g.group === 'Low')!;
    expect(low.top_impact_ratio).toBeCloseTo(6 / 40 / (20 / 40), 12);
    expect(low.flags.map((f) => f.kind)).toContain('top_impact_ratio');
    expect(view.groups.find((g) => g.group === 'High')!.flags.map((f) => f.kind)).not.toContain('top_impact_ratio');
  });

  it('blanks every number of a hidden group', () => {
    for (const g of shared.groups.filter((h) => h.suppressed)) {
      expect(g).toMatchObject({ n: null, counts: null, percent: null, top_rate: null, bottom_rate: null, top_relative_likelihood: null, flags: [] });
    }
  });

  it('keeps the comparisons when only not-compared groups are hidden', () => {
    const result = suppressBreakdown(computeBreakdown(entriesFromCounts({ A: [5, 15, 40, 5], B: [3, 10, 30, 7], Unknown: [0, 1, 1, 0], 'Not recorded': [2, 3, 10, 1] }), options));
    expect(result.groups.filter((g) => g.suppressed).map((g) => g.group)).toEqual(['Not recorded', 'Unknown']);
    expect(result.chi_square).not.toBeNull();
    expect(result.groups.find((g) => g.group === 'B')?.fisher_top_p).not.toBeNull();
    expect(result.groups.find((g) => g.group === 'B')?.top_impact_ratio).not.toBeNull();
  });

  it('uses a threshold given for sharing, and will not re-suppress a shared copy at another one', () => {
    const at10 = suppressBreakdown(hr, 10);
    expect(at10.threshold).toBe(10);
    expect(at10.groups.filter((g) => g.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(suppressBreakdown(hr, 0).groups.some((g) => g.suppressed)).toBe(false);
    expect(() => suppressBreakdown(shared, 10)).toThrow(/already the shared copy/);
  });

  it('does not change HR’s result', () => {
    expect(hr.audience).toBe('hr');
    expect(hr.groups.find((g) => g.group === 'Yes')?.counts?.Exceeding).toBe(1);
  });
});

/** Moves `moves` people between hidden groups, each time swapping two people's boxes, so every hidden group keeps its n and the hidden groups together keep their counts per box. */
function reshuffleHidden(table: CountsTable, hidden: string[], moves: [number, number, number, number][]): CountsTable {
  const copy: CountsTable = Object.fromEntries(Object.entries(table).map(([k, v]) => [k, [...v] as [number, number, number, number]]));
  for (const [gi, gj, bi, bj] of moves) {
    const x = copy[hidden[gi % hidden.length] ?? ''];
    const y = copy[hidden[gj % hidden.length] ?? ''];
    if (x === undefined || y === undefined || x === y) continue;
    const from = bi % 4;
    const to = bj % 4;
    if ((x[from] ?? 0) === 0 || (y[to] ?? 0) === 0) continue;
    // One person in x moves from box `from` to `to`, and one in y the other way.
    x[from] = (x[from] ?? 0) - 1;
    x[to] = (x[to] ?? 0) + 1;
    y[to] = (y[to] ?? 0) - 1;
    y[from] = (y[from] ?? 0) + 1;
  }
  return copy;
}

describe('the shared copy reveals nothing about hidden groups beyond their combined counts', () => {
  it('stays identical however the hidden groups split their people between them', () => {
    fc.assert(
      fc.property(
        countsTable(8),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 20 }),
        (table, threshold, moves) => {
          const shared = suppressBreakdown(computeBreakdown(entriesFromCounts(table), { ...options, threshold }));
          const hidden = shared.groups.filter((g) => g.suppressed).map((g) => g.group);
          fc.pre(hidden.length >= 2);
          const other = suppressBreakdown(computeBreakdown(entriesFromCounts(reshuffleHidden(table, hidden, moves)), { ...options, threshold }));
          expect(other).toEqual(shared);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hides zero or at least two groups, and every group below the threshold', () => {
    fc.assert(
      fc.property(countsTable(8), fc.integer({ min: 1, max: 12 }), (table, threshold) => {
        const shared: BreakdownResult = suppressBreakdown(computeBreakdown(entriesFromCounts(table), { ...options, threshold }));
        const hidden = shared.groups.filter((g) => g.suppressed);
        if (shared.groups.length >= 2) expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
        for (const [group, counts] of Object.entries(table)) {
          if (counts.reduce((s, c) => s + c, 0) < threshold) expect(shared.groups.find((g) => g.group === group)?.suppressed).toBe(true);
        }
        // The total row minus the groups shown leaves only the hidden groups' combined counts.
        for (const box of BOX_MARKINGS) {
          const shown = shared.groups.reduce((s, g) => s + (g.counts?.[box] ?? 0), 0);
          const hiddenCombined = Object.entries(table)
            .filter(([group]) => hidden.some((g) => g.group === group))
            .reduce((s, [, counts]) => s + (counts[BOX_MARKINGS.indexOf(box)] ?? 0), 0);
          expect(shared.totals[box] - shown).toBe(hiddenCombined);
        }
      }),
    );
  });
});

describe('displayCell', () => {
  it('shows [c] for a hidden group, – where nothing applies, else the value', () => {
    expect(displayCell({ suppressed: true }, 12)).toBe(SUPPRESSED_CELL);
    expect(displayCell({ suppressed: false }, null)).toBe(NOT_APPLICABLE_CELL);
    expect(displayCell({ suppressed: false }, 12)).toBe('12');
    expect(displayCell({ suppressed: false }, 0.625, (v) => v.toFixed(2))).toBe('0.63');
  });

  it('shows percentages rounded half up from the counts', () => {
    const g = { suppressed: false, n: 40, counts: { Exceeding: 1, 'High Performing': 3, Achieving: 35, 'Partially Met': 1 } };
    expect(BOX_MARKINGS.map((box) => displayPercentCell(g, box))).toEqual(['3%', '8%', '88%', '3%']);
    expect(displayPercentCell({ ...g, suppressed: true }, 'Exceeding')).toBe('[c]');
  });
});

describe('discussion medians in the shared copy', () => {
  it('withholds a median taken over fewer people than the threshold (it would be one person’s own time)', () => {
    const entries = [
      ...Array.from({ length: 10 }, (_, i) => ({ group: 'Full time', discussedSeconds: i < 6 ? 60 + i : null })),
      ...Array.from({ length: 10 }, (_, i) => ({ group: 'Part time', discussedSeconds: i === 0 ? 42 : null })),
    ];
    const hr = summariseDiscussion(entries, { characteristic: 'working_pattern', threshold: 5 });
    expect(hr.groups.find((g) => g.group === 'Part time')!.median_seconds).toBe(42);
    const shared = suppressDiscussion(hr);
    const partTime = shared.groups.find((g) => g.group === 'Part time')!;
    expect(partTime).toMatchObject({ suppressed: false, discussed: 1, median_seconds: null, median_seconds_ratio: null });
    expect(shared.groups.find((g) => g.group === 'Full time')!.median_seconds).toBe(62.5);
  });
});

describe('movement in the shared copy', () => {
  it('keeps the four-fifths check on "not moved down" against the highest group shown', () => {
    const people = (group: string, down: number, same: number) => [
      ...Array.from({ length: down }, () => ({ group, provisional: 'High Performing' as const, moderated: 'Achieving' as const })),
      ...Array.from({ length: same }, () => ({ group, provisional: 'Achieving' as const, moderated: 'Achieving' as const })),
    ];
    const hr = computeMovement([...people('Tiny', 0, 2), ...people('Small', 1, 2), ...people('Kept', 0, 20), ...people('Cut', 8, 12)], {
      characteristic: 'working_pattern',
      threshold: 5,
    });
    const shared = suppressMovement(hr);
    expect(shared.groups.filter((g) => g.suppressed).map((g) => g.group).sort()).toEqual(['Small', 'Tiny']);
    expect(shared.highest_not_moved_down_group).toBe('Kept');
    const cut = shared.groups.find((g) => g.group === 'Cut')!;
    expect(cut.not_moved_down_impact_ratio).toBeCloseTo(12 / 20, 12);
    expect(cut.flags.map((f) => f.kind)).toContain('not_moved_down_impact_ratio');
    expect(cut.fisher_moved_down_p).toBeNull();
  });
});
