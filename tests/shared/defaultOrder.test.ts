// The default order of a whole panel (defaultOrder, which imports use) is exactly the order sorting with
// compareDefaultOrder gives: names the collator treats alike or apart, unknown and equal weights, staff ids.

import { describe, expect, it } from 'vitest';
import { compareDefaultOrder, defaultOrder } from '../../shared/rules';
import { generatePeople } from '../../shared/sampleData';

type Sortable = { name: string; jobWeight: number | null; staffId: string };

const NAMES = ['Ann', 'ann', 'Ånn', 'Ánn', 'Ann\u0301', 'Anne', 'Ann ', ' Ann', 'Zoë', 'Zoe', 'zoe', 'Zoe\u0308', "O'Neil", 'ONeil', 'O Neil', 'Łukasz', 'Lukasz', 'Bob-Smith', 'Bob Smith', 'ß', 'ss', 'SS', '😀', 'é', 'e\u0301'];
const WEIGHTS = [null, 0, -0, 1, 1.5, 10, -3, 100];

function byComparison(people: readonly Sortable[]): Sortable[] {
  return [...people].sort(compareDefaultOrder);
}

describe('defaultOrder', () => {
  it('orders as compareDefaultOrder does, whatever the names, weights and staff ids', () => {
    let state = 11;
    const next = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff), state / 0x7fffffff);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    for (let trial = 0; trial < 2000; trial++) {
      const people = Array.from({ length: Math.floor(next() * 40) }, () => ({ name: pick(NAMES), jobWeight: pick(WEIGHTS), staffId: `S${Math.floor(next() * 25)}` }));
      expect(defaultOrder(people).map((i) => people[i])).toEqual(byComparison(people));
    }
  });

  it('orders a generated panel of 20,000 as compareDefaultOrder does', () => {
    const people = generatePeople(20_000).map((p) => ({ name: p.name, jobWeight: p.jobWeight, staffId: p.staffId }));
    expect(defaultOrder(people).map((i) => people[i])).toEqual(byComparison(people));
  });
});
