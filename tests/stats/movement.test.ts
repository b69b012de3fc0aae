// Movement at moderation and discussion time, by group.

import { describe, expect, it } from 'vitest';
import type { BoxMarking } from '../../shared/domain';
import {
  type MovementEntry,
  computeMovement,
  fisherExactTwoSided,
  median,
  movementEntriesFromPeople,
  summariseDiscussion,
  suppressDiscussion,
  suppressMovement,
} from '../../shared/stats';

/** `up`, `down` and `same` people in a group (Achieving → High Performing, → Partially Met, → Achieving). */
function moves(group: string, up: number, down: number, same: number): MovementEntry[] {
  const of = (count: number, moderated: BoxMarking) => Array.from({ length: count }, () => ({ group, provisional: 'Achieving' as BoxMarking, moderated }));
  return [...of(up, 'High Performing'), ...of(down, 'Partially Met'), ...of(same, 'Achieving')];
}

describe('computeMovement', () => {
  const entries = [
    ...moves('Full time', 4, 2, 94),
    ...moves('Part time', 1, 6, 33),
    ...moves('Not recorded', 0, 3, 1),
    { group: 'Full time', provisional: null, moderated: 'Achieving' as BoxMarking },
    { group: 'Part time', provisional: 'Exceeding' as BoxMarking, moderated: null },
  ];
  const result = computeMovement(entries, { characteristic: 'working_pattern' });
  const partTime = result.groups.find((g) => g.group === 'Part time');

  it('counts moves up and down, leaving out people missing either marking', () => {
    expect(result.left_out).toBe(2);
    expect(result.population).toBe(144);
    expect(partTime).toMatchObject({ n: 40, moved_up: 1, moved_down: 6, unchanged: 33, moved_up_rate: 0.025, moved_down_rate: 0.15 });
    // Exceeding → Partially Met is one move down, however many boxes it skips.
    const far = computeMovement([{ group: 'A', provisional: 'Exceeding', moderated: 'Partially Met' }], { characteristic: 'c' });
    expect(far.groups[0]).toMatchObject({ moved_down: 1, moved_up: 0 });
  });

  it('applies the four-fifths rule to "not moved down" and relative likelihood to "moved down"', () => {
    expect(result.reference_group).toBe('Full time');
    expect(result.highest_not_moved_down_group).toBe('Full time');
    expect(partTime?.not_moved_down_impact_ratio).toBeCloseTo(0.85 / 0.98, 15);
    expect(partTime?.moved_down_relative_likelihood).toBeCloseTo(0.15 / 0.02, 12);
    expect(partTime?.flags.map((f) => f.kind)).toEqual(['moved_down_relative_likelihood']);
    expect(partTime?.fisher_moved_down_p).toBe(fisherExactTwoSided([[6, 34], [2, 98]]));
    const notRecorded = result.groups.find((g) => g.group === 'Not recorded');
    expect(notRecorded).toMatchObject({ compared: false, not_moved_down_impact_ratio: null, fisher_moved_down_p: null });
  });

  it('flags a not-moved-down rate below four fifths of the best', () => {
    const harsh = computeMovement([...moves('A', 0, 0, 10), ...moves('B', 0, 3, 7)], { characteristic: 'c' });
    expect(harsh.groups.find((g) => g.group === 'B')?.flags.map((f) => f.kind)).toEqual(['not_moved_down_impact_ratio']);
    // Reference A has nobody moved down, so B's likelihood has no denominator.
    expect(harsh.groups.find((g) => g.group === 'B')?.moved_down_relative_likelihood).toBeNull();
  });

  it('hides small groups in the shared copy', () => {
    const shared = suppressMovement(computeMovement([...moves('A', 1, 1, 1), ...moves('B', 2, 2, 30), ...moves('C', 1, 0, 8)], { characteristic: 'c' }));
    expect(shared.groups.filter((g) => g.suppressed).map((g) => g.group)).toEqual(['A', 'C']);
    expect(shared.groups.find((g) => g.group === 'A')).toMatchObject({ n: null, moved_down: null, moved_down_rate: null });
    expect(shared.groups.find((g) => g.group === 'B')?.fisher_moved_down_p).toBeNull();
  });

  it('reads people with both markings', () => {
    const people = [{ characteristics: { sex: 'Female' }, provisionalMarking: 'Achieving' as BoxMarking | null, moderatedMarking: null }];
    expect(movementEntriesFromPeople(people, 'sex')).toEqual([{ group: 'Female', provisional: 'Achieving', moderated: null }]);
  });
});

describe('summariseDiscussion', () => {
  const entries = [
    ...[120, 300, 240, null, 0, 180].map((s) => ({ group: 'Female', discussedSeconds: s })),
    ...[60, 90, null, null, null, null].map((s) => ({ group: 'Male', discussedSeconds: s })),
  ];
  const result = summariseDiscussion(entries, { characteristic: 'sex', referenceGroup: 'Female' });

  it('gives the share discussed and the median time among those discussed', () => {
    expect(result.groups.map((g) => [g.group, g.discussed, g.discussed_rate, g.median_seconds])).toEqual([
      ['Female', 4, 4 / 6, 210],
      ['Male', 2, 2 / 6, 75],
    ]);
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
  });

  it('flags the same ratios', () => {
    const male = result.groups.find((g) => g.group === 'Male');
    expect(male?.discussed_impact_ratio).toBe(0.5);
    expect(male?.discussed_relative_likelihood).toBe(0.5);
    expect(male?.median_seconds_ratio).toBeCloseTo(75 / 210, 15);
    expect(male?.flags.map((f) => f.kind)).toEqual(['discussed_impact_ratio', 'discussed_relative_likelihood', 'median_seconds_ratio']);
  });

  it('hides small groups in the shared copy', () => {
    const shared = suppressDiscussion(summariseDiscussion([...entries, { group: 'Prefer not to say', discussedSeconds: 500 }], { characteristic: 'sex' }));
    const hidden = shared.groups.filter((g) => g.suppressed).map((g) => g.group);
    expect(hidden).toContain('Prefer not to say');
    expect(hidden.length).toBe(2);
    expect(shared.groups.find((g) => g.group === 'Prefer not to say')?.median_seconds).toBeNull();
  });
});
