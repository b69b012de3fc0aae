// computeBreakdown by example: the issue's own numbers, the four-fifths rule, relative likelihood,
// groups not compared, the choice of reference group, and the people helper.

import { describe, expect, it } from 'vitest';
import type { BoxMarking } from '../../shared/domain';
import { computeBreakdown, markingEntriesFromPeople, type BreakdownResult } from '../../shared/stats';
import { entriesFromCounts } from './fixtures';

const options = { characteristic: 'working_pattern', stage: 'moderated' };

function group(result: BreakdownResult, name: string) {
  const found = result.groups.find((g) => g.group === name);
  if (found === undefined) throw new Error(`no group ${name}`);
  return found;
}

/** Two groups where `top` of `n` are in the top two boxes and the rest Achieving. */
function topOnly(groups: Record<string, { top: number; n: number }>) {
  return entriesFromCounts(Object.fromEntries(Object.entries(groups).map(([name, { top, n }]) => [name, [0, top, n - top, 0]])));
}

/** Groups where `bottom` of `n` are Partially Met and the rest Achieving. */
function bottomOnly(groups: Record<string, { bottom: number; n: number }>) {
  return entriesFromCounts(Object.fromEntries(Object.entries(groups).map(([name, { bottom, n }]) => [name, [0, 0, n - bottom, bottom]])));
}

describe('the example in the issue', () => {
  const result = computeBreakdown(entriesFromCounts({ 'Full time': [10, 30, 50, 10], 'Part time': [3, 5, 28, 4] }), options);
  const partTime = group(result, 'Part time');

  it('has the counts, exact percentages and rates', () => {
    expect(result).toMatchObject({ characteristic: 'working_pattern', stage: 'moderated', threshold: 5, reference_group: 'Full time' });
    expect(partTime).toMatchObject({
      group: 'Part time',
      n: 40,
      compared: true,
      suppressed: false,
      counts: { Exceeding: 3, 'High Performing': 5, Achieving: 28, 'Partially Met': 4 },
      percent: { Exceeding: 7.5, 'High Performing': 12.5, Achieving: 70, 'Partially Met': 10 },
      top_rate: 0.2,
      bottom_rate: 0.1,
    });
  });

  it('compares Part time with Full time', () => {
    expect(partTime.top_impact_ratio).toBe(0.5);
    expect(partTime.top_relative_likelihood).toBe(0.5);
    expect(partTime.bottom_relative_likelihood).toBe(1);
    expect(partTime.flags.map((f) => f.kind)).toEqual(['top_impact_ratio', 'top_relative_likelihood']);
    expect(group(result, 'Full time').flags).toEqual([]);
    expect(result.totals).toEqual({ Exceeding: 13, 'High Performing': 35, Achieving: 78, 'Partially Met': 14 });
    expect(result.population).toBe(140);
  });
});

describe('impact ratio (four-fifths rule)', () => {
  it.each([
    { a: { top: 4, n: 10 }, b: { top: 5, n: 10 }, ratio: 0.8, flagged: false }, // exactly 4/5 is not below
    { a: { top: 8, n: 20 }, b: { top: 5, n: 10 }, ratio: 0.8, flagged: false },
    { a: { top: 79, n: 100 }, b: { top: 10, n: 10 }, ratio: 0.79, flagged: true },
    { a: { top: 1, n: 3 }, b: { top: 5, n: 12 }, ratio: 0.8, flagged: false }, // 0.333… ÷ 0.41666… = 0.8 exactly
    { a: { top: 3, n: 10 }, b: { top: 7, n: 10 }, ratio: 3 / 7, flagged: true },
    { a: { top: 0, n: 10 }, b: { top: 7, n: 10 }, ratio: 0, flagged: true },
  ])('$a.top/$a.n against $b.top/$b.n → $ratio', ({ a, b, ratio, flagged }) => {
    const result = computeBreakdown(topOnly({ A: a, B: b }), options);
    expect(result.highest_top_group).toBe('B');
    expect(group(result, 'A').top_impact_ratio).toBeCloseTo(ratio, 15);
    expect(group(result, 'A').flags.some((f) => f.kind === 'top_impact_ratio')).toBe(flagged);
    expect(group(result, 'B').top_impact_ratio).toBe(1);
  });

  it('is null for everyone when nobody is in the top two boxes', () => {
    const result = computeBreakdown(topOnly({ A: { top: 0, n: 6 }, B: { top: 0, n: 9 } }), options);
    expect(result.highest_top_group).toBeNull();
    expect(result.groups.map((g) => g.top_impact_ratio)).toEqual([null, null]);
    expect(result.groups.flatMap((g) => g.flags)).toEqual([]);
  });

  it('a tie for the highest rate goes to the first alphabetically', () => {
    const result = computeBreakdown(topOnly({ Zeta: { top: 5, n: 10 }, alpha: { top: 1, n: 2 }, Mid: { top: 1, n: 4 } }), options);
    expect(result.highest_top_group).toBe('alpha');
  });
});

describe('relative likelihood against the reference group', () => {
  it.each([
    { a: 5, ref: 4, ratio: 1.25, flagged: false }, // exactly 5/4 is inside
    { a: 26, ref: 20, ratio: 1.3, flagged: true },
    { a: 16, ref: 20, ratio: 0.8, flagged: false }, // exactly 4/5 is inside
    { a: 15, ref: 20, ratio: 0.75, flagged: true },
    { a: 20, ref: 20, ratio: 1, flagged: false },
    { a: 3, ref: 0, ratio: null, flagged: false }, // reference rate 0: no ratio
  ])('top: $a/100 against reference $ref/100 → $ratio', ({ a, ref, ratio, flagged }) => {
    const result = computeBreakdown(topOnly({ A: { top: a, n: 100 }, Ref: { top: ref, n: 100 } }), { ...options, referenceGroup: 'Ref' });
    expect(result.reference_group).toBe('Ref');
    const g = group(result, 'A');
    if (ratio === null) expect(g.top_relative_likelihood).toBeNull();
    else expect(g.top_relative_likelihood).toBeCloseTo(ratio, 15);
    expect(g.flags.some((f) => f.kind === 'top_relative_likelihood')).toBe(flagged);
  });

  it.each([
    { a: 5, ref: 4, flagged: false },
    { a: 6, ref: 4, flagged: true },
    { a: 3, ref: 4, flagged: true },
    { a: 2, ref: 0, flagged: false },
  ])('bottom: $a/50 against reference $ref/50', ({ a, ref, flagged }) => {
    const result = computeBreakdown(bottomOnly({ A: { bottom: a, n: 50 }, Ref: { bottom: ref, n: 50 } }), { ...options, referenceGroup: 'Ref' });
    const g = group(result, 'A');
    expect(g.bottom_relative_likelihood).toBe(ref === 0 ? null : a / ref);
    expect(g.flags.some((f) => f.kind === 'bottom_relative_likelihood')).toBe(flagged);
  });
});

describe('groups not compared', () => {
  const entries = [
    ...entriesFromCounts({ Female: [2, 6, 20, 2], Male: [3, 5, 14, 3], 'prefer not to say': [40, 0, 0, 0], Unknown: [0, 0, 1, 1] }),
    { group: '   ', marking: 'Achieving' as BoxMarking },
    { group: '', marking: 'Partially Met' as BoxMarking },
  ];
  const result = computeBreakdown(entries, options);

  it('are recognised case-insensitively, with blank meaning "Not recorded"', () => {
    expect(result.groups.map((g) => [g.group, g.compared])).toEqual([
      ['Female', true],
      ['Male', true],
      ['Not recorded', false],
      ['prefer not to say', false],
      ['Unknown', false],
    ]);
    expect(group(result, 'Not recorded').n).toBe(2);
  });

  it('are shown in full but left out of the reference, the highest rate and the tests', () => {
    const preferNot = group(result, 'prefer not to say');
    expect(preferNot.counts?.Exceeding).toBe(40);
    expect(preferNot.top_rate).toBe(1);
    expect(result.reference_group).toBe('Female'); // not the largest group overall
    expect(result.highest_top_group).toBe('Male'); // not "prefer not to say" at 100%
    for (const name of ['Not recorded', 'prefer not to say', 'Unknown']) {
      expect(group(result, name)).toMatchObject({
        top_impact_ratio: null, top_relative_likelihood: null, bottom_relative_likelihood: null,
        fisher_top_p: null, fisher_bottom_p: null, flags: [],
      });
    }
    expect(result.chi_square?.df).toBe(3); // 2 compared groups × 4 boxes
    expect(result.population).toBe(entries.length);
  });

  it('follow a configured list instead of the default one', () => {
    const custom = computeBreakdown(entries, { ...options, notComparedGroups: ['UNKNOWN'] });
    expect(custom.groups.filter((g) => !g.compared).map((g) => g.group)).toEqual(['Unknown']);
    expect(custom.reference_group).toBe('prefer not to say'); // now compared, and the largest
  });
});

describe('reference group', () => {
  it.each([
    { name: 'the largest compared group', groups: { A: 10, B: 30, C: 20 }, requested: undefined, reference: 'B', note: false },
    { name: 'a tie goes to the first alphabetically, ignoring case', groups: { Beta: 20, alpha: 20, Gamma: 5 }, requested: undefined, reference: 'alpha', note: false },
    { name: 'the one requested', groups: { A: 10, B: 30 }, requested: 'A', reference: 'A', note: false },
    { name: 'the largest when the one requested has nobody', groups: { A: 10, B: 30 }, requested: 'Z', reference: 'B', note: true },
    { name: 'the largest when the one requested is not compared', groups: { A: 10, B: 30, Unknown: 50 }, requested: 'Unknown', reference: 'B', note: true },
    { name: 'none when no group is compared', groups: { Unknown: 10 }, requested: undefined, reference: null, note: false },
  ])('$name', ({ groups, requested, reference, note }) => {
    const entries = entriesFromCounts(Object.fromEntries(Object.entries(groups).map(([g, n]) => [g, [0, 0, n, 0]])));
    for (const order of [entries, [...entries].reverse()]) {
      const result = computeBreakdown(order, { ...options, referenceGroup: requested });
      expect(result.reference_group).toBe(reference);
      expect(result.reference_note !== null).toBe(note);
    }
  });
});

describe('tests and their caveats', () => {
  it('prefers Fisher when an expected count is below 5, and says why', () => {
    const small = computeBreakdown(entriesFromCounts({ A: [1, 2, 8, 1], B: [2, 3, 9, 0] }), options);
    expect(small.preferFisher).toBe(true);
    expect(small.preferFisherReason).toMatch(/smallest expected count .* is 0\.\d, below 5/);
    const large = computeBreakdown(entriesFromCounts({ A: [20, 60, 100, 20], B: [30, 50, 110, 10] }), options);
    expect(large.preferFisher).toBe(false);
    expect(large.preferFisherReason).toBeNull();
  });

  it('has no tests with fewer than two compared groups or everyone in one box', () => {
    expect(computeBreakdown(entriesFromCounts({ A: [1, 2, 3, 4] }), options).chi_square).toBeNull();
    const oneBox = computeBreakdown(entriesFromCounts({ A: [0, 0, 5, 0], B: [0, 0, 7, 0] }), options);
    expect(oneBox.chi_square).toBeNull();
    expect(oneBox.preferFisher).toBe(false);
    expect(group(oneBox, 'A').fisher_top_p).toBe(1);
  });

  it('is empty for nobody', () => {
    const empty = computeBreakdown([], options);
    expect(empty).toMatchObject({ groups: [], chi_square: null, population: 0, reference_group: null, highest_top_group: null });
  });

  it('marks small groups as suppressed in HR’s view but keeps their numbers', () => {
    const result = computeBreakdown(entriesFromCounts({ A: [1, 1, 1, 0], B: [2, 5, 20, 3], C: [1, 6, 10, 1] }), options);
    expect(group(result, 'A')).toMatchObject({ suppressed: true, suppression_reason: 'below_threshold', n: 3 });
    expect(group(result, 'C')).toMatchObject({ suppressed: true, suppression_reason: 'secondary', n: 18 });
    expect(group(result, 'B').suppressed).toBe(false);
  });
});

describe('markingEntriesFromPeople', () => {
  it('reads the characteristic and the stage’s marking, leaving out people without one', () => {
    const people: { name: string; characteristics: Record<string, string>; moderatedMarking: BoxMarking | null }[] = [
      { name: 'Ada', characteristics: { working_pattern: 'Part time' }, moderatedMarking: 'Exceeding' },
      { name: 'Ben', characteristics: { working_pattern: ' Full time ' }, moderatedMarking: 'Achieving' },
      { name: 'Cai', characteristics: {}, moderatedMarking: 'Partially Met' },
      { name: 'Dee', characteristics: { working_pattern: 'Full time' }, moderatedMarking: null },
    ];
    expect(markingEntriesFromPeople(people, 'working_pattern', (p) => p.moderatedMarking)).toEqual([
      { group: 'Part time', marking: 'Exceeding' },
      { group: 'Full time', marking: 'Achieving' },
      { group: 'Not recorded', marking: 'Partially Met' },
    ]);
  });
});
