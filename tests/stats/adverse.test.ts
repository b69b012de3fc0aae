// The room's fairness test (issue 10): a difference is stated against the group it is adverse to, and is
// flagged only when it fails the four-fifths rule and Fisher's exact test gives p < 0.05 (DOMAIN.md: the
// four-fifths rule, 29 CFR 1607.4(D); relative likelihood, NHS WRES; Fisher's exact test on the 2×2 table).
// p-values below are scipy.stats.fisher_exact's (scipy 1.17), to the digits shown.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adverseDifference, ROOM_TEST_WORDS } from '../../shared/stats';

const g = (group: string, count: number, n: number) => ({ group, count, n });

describe('which way a difference goes', () => {
  it('a good outcome (the top two boxes) at a lower rate is adverse to that group', () => {
    const d = adverseDifference('top', g('Men', 10, 20), g('Women', 2, 20))!;
    expect(d.adverse.group).toBe('Women');
    expect(d.against.group).toBe('Men');
    expect(d.ratio).toBeCloseTo(0.2, 12);
    expect(d.failsFourFifths).toBe(true);
    expect(d.fisherP).toBeCloseTo(0.013814147851967652, 10); // scipy: [[2, 18], [10, 10]]
    expect(d.passesRoomTest).toBe(true);
  });

  it('a poor outcome (Partially Met) at a higher rate is adverse to that group, whichever side it is given on', () => {
    // A group marked Partially Met less often than the reference: the difference works against the reference.
    const d = adverseDifference('bottom', g('Part time', 2, 50), g('Full time', 10, 50))!;
    expect(d.adverse.group).toBe('Full time');
    expect(d.against.group).toBe('Part time');
    expect(d.ratio).toBeCloseTo(0.2, 12); // 2/50 ÷ 10/50: a relative likelihood of 5 for the adverse group
    expect(d.fisherP).toBeCloseTo(0.027746259148170357, 10); // scipy: [[10, 40], [2, 48]]
    expect(d.passesRoomTest).toBe(true);
  });

  it('five people against five fails the ratio but not the test: worth watching, not flagged', () => {
    const d = adverseDifference('top', g('A', 0, 5), g('B', 2, 5))!;
    expect(d.failsFourFifths).toBe(true);
    expect(d.fisherP).toBeCloseTo(0.4444444444444444, 10); // scipy: [[0, 5], [2, 3]]
    expect(d.minExpected).toBe(1);
    expect(d.passesRoomTest).toBe(false);
  });

  it('p = 1.00 is never flagged', () => {
    const d = adverseDifference('bottom', g('A', 1, 5), g('B', 0, 5))!;
    expect(d.fisherP).toBe(1); // scipy: [[1, 4], [0, 5]]
    expect(d.passesRoomTest).toBe(false);
  });

  it('exactly four-fifths is not a failure; a hair below is', () => {
    expect(adverseDifference('top', g('A', 4, 10), g('B', 5, 10))!.failsFourFifths).toBe(false);
    expect(adverseDifference('top', g('A', 399, 1000), g('B', 500, 1000))!.failsFourFifths).toBe(true);
    // Relative likelihood of a poor outcome of exactly 1.25 is inside the range; above it is not.
    expect(adverseDifference('bottom', g('A', 5, 100), g('B', 4, 100))!.failsFourFifths).toBe(false);
    expect(adverseDifference('bottom', g('A', 501, 10000), g('B', 400, 10000))!.failsFourFifths).toBe(true);
  });

  it('equal rates, or an empty group, are no difference', () => {
    expect(adverseDifference('top', g('A', 2, 10), g('B', 4, 20))).toBeNull();
    expect(adverseDifference('top', g('A', 0, 0), g('B', 4, 20))).toBeNull();
  });

  it('always names the group that fares worse, with a ratio at most 1', () => {
    const outcome = fc.constantFrom('top' as const, 'bottom' as const, 'moved_down' as const);
    const group = (name: string) => fc.nat(40).chain((n) => fc.nat(n).map((count) => g(name, count, n + 1)));
    fc.assert(
      fc.property(outcome, group('A'), group('B'), (kind, a, b) => {
        const d = adverseDifference(kind, a, b);
        if (d === null) return a.count * b.n === b.count * a.n;
        const rate = (x: { count: number; n: number }) => x.count / x.n;
        const worse = kind === 'top' ? rate(d.adverse) < rate(d.against) : rate(d.adverse) > rate(d.against);
        return worse && d.ratio >= 0 && d.ratio < 1 && d.passesRoomTest === (d.failsFourFifths && d.fisherP < 0.05);
      }),
    );
  });

  it('states its test on screen', () => {
    expect(ROOM_TEST_WORDS).toMatch(/four-fifths rule/);
    expect(ROOM_TEST_WORDS).toMatch(/Fisher's exact test/);
    expect(ROOM_TEST_WORDS).toMatch(/p < 0\.05/);
  });
});
