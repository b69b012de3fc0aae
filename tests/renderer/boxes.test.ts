// The grid's layout rules without a window: who lands in which box, what the headings count, who is
// listed apart, and where a keyboard or drag reorder anchors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BOX_MARKINGS, type BoxMarking, type Person } from '../../shared/domain';
import { NO_FILTERS, dropAnchor, initialsOf, layoutGrid, reorderAnchor } from '../../renderer/grid/boxes';
import { person } from './people';


function byId(people: Person[]): Record<string, Person> {
  return Object.fromEntries(people.map((p) => [p.staffId, p]));
}

describe('layoutGrid', () => {
  const people = [
    person('a', { moderatedMarking: 'Exceeding', provisionalMarking: 'Exceeding' }),
    person('b', { moderatedMarking: 'High Performing', provisionalMarking: 'Achieving', changeReason: 'Evidence' }),
    person('c'),
    person('d', { grade: 'SCS2' }),
    person('e', { eligible: false, moderatedMarking: null }),
    person('f', { moderatedMarking: null, provisionalMarking: null }),
    person('g', { moderatedMarking: 'Partially Met', provisionalMarking: 'Partially Met', flags: [{ kind: 'discuss', text: 'Discuss', createdAt: '', createdBy: '' }] }),
  ];
  const order = people.map((p) => p.staffId);

  it('puts eligible, marked people in their box in order, and lists the rest apart', () => {
    const layout = layoutGrid(order, byId(people), {}, NO_FILTERS);
    expect(layout.boxes).toEqual({ Exceeding: ['a'], 'High Performing': ['b'], Achieving: ['c', 'd'], 'Partially Met': ['g'] });
    expect(layout.counts).toEqual({ Exceeding: 1, 'High Performing': 1, Achieving: 2, 'Partially Met': 1 });
    expect(layout.inBoxes).toBe(5);
    expect(layout.ineligible).toEqual(['e']);
    expect(layout.notMarked).toEqual(['f']);
  });

  it('counts within the grade chosen, and narrows cards but not counts for search and "show only"', () => {
    expect(layoutGrid(order, byId(people), {}, { ...NO_FILTERS, grade: 'SCS2' }).counts.Achieving).toBe(1);
    const changed = layoutGrid(order, byId(people), {}, { ...NO_FILTERS, show: 'changed' });
    expect(changed.boxes['High Performing']).toEqual(['b']);
    expect(changed.boxes.Achieving).toEqual([]);
    expect(changed.counts.Achieving).toBe(2);
    expect(layoutGrid(order, byId(people), {}, { ...NO_FILTERS, show: 'flagged' }).boxes['Partially Met']).toEqual(['g']);
    expect(layoutGrid(order, byId(people), { d: [{ code: 'quarterly_gap', text: 'gap' }] }, { ...NO_FILTERS, show: 'suggested' }).boxes.Achieving).toEqual(['d']);
    expect(layoutGrid(order, byId(people), {}, { ...NO_FILTERS, search: 'person C' }).boxes.Achieving).toEqual(['c']);
  });

  it('counts everyone eligible and marked exactly once, whatever the filters', () => {
    const marking = fc.constantFrom<BoxMarking | null>(...BOX_MARKINGS, null);
    fc.assert(
      fc.property(fc.array(fc.record({ marking, eligible: fc.boolean(), grade: fc.constantFrom('SCS1', 'SCS2') }), { maxLength: 40 }), (specs) => {
        const list = specs.map((s, i) => person(`p${i}`, { moderatedMarking: s.eligible ? s.marking : null, eligible: s.eligible, grade: s.grade }));
        const layout = layoutGrid(list.map((p) => p.staffId), byId(list), {}, NO_FILTERS);
        const total = BOX_MARKINGS.reduce((sum, b) => sum + layout.counts[b], 0);
        expect(total).toBe(layout.inBoxes);
        expect(total + layout.notMarked.length + layout.ineligible.length).toBe(list.length);
      }),
    );
  });
});

describe('reorder anchors', () => {
  const ids = ['a', 'b', 'c', 'd'];
  it.each([
    ['c', 'up', 'a'],
    ['b', 'up', null],
    ['a', 'down', 'b'],
    ['c', 'down', 'd'],
  ] as const)('%s %s goes after %s', (id, direction, after) => {
    expect(reorderAnchor(ids, id, direction)).toEqual({ afterStaffId: after });
  });

  it('has nowhere to go at the ends', () => {
    expect(reorderAnchor(ids, 'a', 'up')).toBeNull();
    expect(reorderAnchor(ids, 'd', 'down')).toBeNull();
  });

  it('anchors a drop so the server order matches what the chair saw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (from, to) => {
        fc.pre(from !== to);
        const expected = [...ids];
        const [moved] = expected.splice(from, 1);
        expected.splice(to, 0, moved!);
        const anchor = dropAnchor(ids, from, to);
        const rest = ids.filter((id) => id !== moved);
        const result = [...rest];
        result.splice(anchor === null ? 0 : rest.indexOf(anchor) + 1, 0, moved!);
        expect(result).toEqual(expected);
      }),
    );
  });
});

describe('initialsOf', () => {
  it.each([
    ['Aisha Patel', 'A. P.'],
    ["Owen O'Brien", 'O. O.'],
    ['Zoë Smith-Jones', 'Z. S. J.'],
    ['Seán  Murphy', 'S. M.'],
  ])('%s → %s', (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });
});
