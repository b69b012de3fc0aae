// The fairness check the room sees (issue 10): only differences adverse to a group, in words, flagged when
// they pass the stated test, worth watching otherwise; small groups and people never named.
import { describe, expect, it } from 'vitest';
import type { BoxMarking, Person } from '../../shared/domain';
import { fairnessFlags } from '../../shared/fairness';
import { person } from '../renderer/people';

let next = 0;
function group(sex: string, markings: Partial<Record<BoxMarking, number>>, extra: Partial<Person> = {}): Person[] {
  return Object.entries(markings).flatMap(([marking, count]) =>
    Array.from({ length: count ?? 0 }, () => {
      next += 1;
      return person(`P${next}`, { name: `Person ${next}`, characteristics: { sex }, provisionalMarking: marking as BoxMarking, moderatedMarking: marking as BoxMarking, ...extra });
    }),
  );
}

describe('the room’s fairness check', () => {
  it('says which way a significant difference goes, against the group it is adverse to', () => {
    // Women marked Partially Met far more often than men: adverse to women, whichever is the reference.
    const people = [...group('Female', { Achieving: 40, 'Partially Met': 10 }), ...group('Male', { Achieving: 58, 'Partially Met': 2 })];
    const room = fairnessFlags(people, 5);
    expect(room.flagged.map((f) => f.sentence)).toEqual(['Female staff were marked Partially Met more often than male staff (20% against 3%).']);
    // scipy.stats.fisher_exact([[10, 40], [2, 58]]).pvalue = 0.0111
    expect(room.flagged[0]!.detail).toBe("four-fifths ratio 0.17; Fisher's exact test p = 0.01.");
    expect(room.test).toMatch(/four-fifths rule/);
  });

  it('never flags a difference in a group’s favour as a problem for that group', () => {
    // Men in the top two boxes more often: the only finding is about women, fewer in the top two.
    const people = [...group('Female', { 'High Performing': 5, Achieving: 45 }), ...group('Male', { 'High Performing': 25, Achieving: 25 })];
    const room = fairnessFlags(people, 5);
    const all = [...room.flagged, ...room.watching].map((f) => f.sentence);
    expect(all).toContain('Female staff were marked Exceeding or High Performing less often than male staff (10% against 50%).');
    expect(all.some((s) => s.startsWith('Male staff'))).toBe(false);
  });

  it('a gap on a handful of people is worth watching, not flagged', () => {
    const people = [...group('Female', { Achieving: 4, 'Partially Met': 2 }), ...group('Male', { Achieving: 6 })];
    const room = fairnessFlags(people, 5);
    expect(room.flagged).toEqual([]);
    expect(room.watching.map((f) => f.sentence)).toEqual(['Female staff were marked Partially Met more often than male staff (33% against 0%).']);
    expect(room.watching[0]!.detail).toMatch(/p = 0\.45: a difference this large could well be chance; the groups are small/);
  });

  it('leaves out groups below the threshold and names no one', () => {
    const people = [...group('Female', { Achieving: 40, 'Partially Met': 10 }), ...group('Male', { Achieving: 58, 'Partially Met': 2 }), ...group('Intersex', { 'Partially Met': 3 })];
    const room = fairnessFlags(people, 5);
    const text = JSON.stringify(room);
    expect(text).not.toContain('Intersex');
    expect(people.some((p) => text.includes(p.name))).toBe(false);
  });

  it('finds nothing when the groups fare alike', () => {
    const people = [...group('Female', { 'High Performing': 10, Achieving: 40 }), ...group('Male', { 'High Performing': 10, Achieving: 40 })];
    expect(fairnessFlags(people, 5)).toMatchObject({ flagged: [], watching: [] });
  });
});
