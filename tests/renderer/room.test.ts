// The room's pure parts (issue 10): the layout that fits a whole panel on a projector, the discussion queue's
// order, what an undo says, names as initials in any message, and the box order kept without a full sort.
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';

// The store's module talks to the host through renderer/api; these tests need none of it.
vi.mock('../../renderer/api', () => ({ api: {} }));
vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined });
import { FIT_GEOMETRY, ITEM_SIZE, planFit, rowsThatFit } from '../../renderer/grid/fitLayout';
import { railCases, railCounts } from '../../renderer/fairness/railOrder';
import { changeWords } from '../../renderer/components/changeWords';
import { withInitials, reasonOnScreen } from '../../renderer/components/projection';
import { orderAfter } from '../../renderer/store';
import type { DiscussionQueue } from '../../shared/contract';
import type { Person } from '../../shared/domain';
import { person } from './people';

describe('fitting the whole panel on the projector', () => {
  // What the grid measures at 1280×720 and 1920×1080 in presentation mode (header, bar, box headings and the
  // rail taken off): the room left for the boxes.
  const at1280 = { width: 1030, listHeight: 548 };
  const at1920 = { width: 1590, listHeight: 908 };

  it('a 60-person panel (6/16/34/4) fits at 1280×720, long boxes flowing into columns', () => {
    const plan = planFit([6, 16, 34, 4], at1280);
    expect(plan.fits).toBe(true);
    expect(plan.density).toBe('chips');
    expect(plan.columns).toEqual([1, 1, 2, 1]);
    // Every list's columns hold everyone without going past the height.
    plan.rows.forEach((rows) => expect(rows).toBeLessThanOrEqual(rowsThatFit('chips', at1280.listHeight)));
  });

  it('a 150-person panel fits at 1920×1080', () => {
    const plan = planFit([15, 40, 85, 10], at1920);
    expect(plan.fits).toBe(true);
    expect(plan.columns.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(8);
  });

  it('takes the most detailed layout that fits: cards for a handful, compact rows for a few dozen', () => {
    expect(planFit([1, 2, 3, 1], at1920).density).toBe('cards');
    expect(planFit([6, 12, 20, 3], at1920).density).toBe('compact');
  });

  it('when no layout fits, says so and falls back to chips that scroll', () => {
    const plan = planFit([40, 120, 300, 20], at1280);
    expect(plan).toMatchObject({ density: 'chips', fits: false, columns: [1, 1, 1, 1] });
  });

  it('never plans a row of boxes wider than the room it says fits', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(200), { minLength: 4, maxLength: 5 }), fc.integer({ min: 400, max: 2400 }), fc.integer({ min: 100, max: 1200 }), (counts, width, listHeight) => {
        const plan = planFit(counts, { width, listHeight });
        if (!plan.fits) return true;
        const { minWidth, height } = ITEM_SIZE[plan.density];
        const used =
          plan.columns.reduce((sum, c) => sum + c * minWidth + (c - 1) * FIT_GEOMETRY.itemGap + FIT_GEOMETRY.boxSides, 0) + (counts.length - 1) * FIT_GEOMETRY.boxGap;
        const tallest = Math.max(...plan.rows) * (height + FIT_GEOMETRY.itemGap) - FIT_GEOMETRY.itemGap + FIT_GEOMETRY.listEnds;
        return used <= width && tallest <= listHeight && plan.columns.every((c, i) => c * plan.rows[i]! >= counts[i]!);
      }),
    );
  });
});

describe('the discussion queue’s order in the room', () => {
  const people: Record<string, Person> = {
    S1: person('S1', { name: 'Sam Suggested' }),
    Q1: person('Q1', { name: 'Quinn Questioned' }),
    F1: person('F1', { name: 'Fay Flagged', flags: [{ kind: 'borderline_up', text: 'Borderline up', createdAt: '', createdBy: 'Pat' }] }),
    B1: person('B1', { name: 'Ben Breach', moderatedMarking: 'High Performing', provisionalMarking: 'High Performing', financeObjective: 'Not met' }),
    D1: person('D1', { name: 'Dee Done' }),
    C1: person('C1', { name: 'Cal Current' }),
  };
  const entry = (staffId: string, question = 0) => ({
    staffId,
    name: people[staffId]!.name,
    reasons: ['a reason'],
    ...(question ? { members: { agree: 0, question, abstain: 0, verdicts: [] } } : {}),
  });
  const queue: DiscussionQueue = {
    queue: [entry('S1'), entry('Q1', 2), entry('D1'), entry('F1'), entry('C1'), entry('B1')],
    current: { staffId: 'C1', startedAt: '2026-12-02T10:00:00.000Z' },
    discussed: ['D1', 'C1'],
  };

  it('puts rule breaches first, then flags, then cases members questioned, then the rest', () => {
    const cases = railCases(queue, people);
    expect(cases.toDiscuss.map((c) => [c.staffId, c.category])).toEqual([
      ['B1', 'breach'],
      ['F1', 'flagged'],
      ['Q1', 'questioned'],
      ['S1', 'suggested'],
    ]);
    expect(cases.current?.staffId).toBe('C1');
    expect(cases.done.map((c) => c.staffId)).toEqual(['D1']);
  });

  it('counts what is left and what is done', () => {
    expect(railCounts(railCases(queue, people))).toBe('5 to discuss, 1 done');
  });
});

describe('what an undo says', () => {
  const before = { P1: person('P1', { name: 'Priya Raman', moderatedMarking: 'High Performing' }) };
  it('names the person and where they went back to', () => {
    const after = [person('P1', { name: 'Priya Raman', moderatedMarking: 'Achieving' })];
    expect(changeWords('Undid', before, after, 'Undid move for Priya Raman')).toBe('Undid: Priya Raman back to Achieving');
    expect(changeWords('Redid', { P1: after[0]! }, [before.P1], 'x')).toBe('Redid: Priya Raman to High Performing');
  });
  it('names a flag put back or taken off', () => {
    const flagged = person('P1', { name: 'Priya Raman', moderatedMarking: 'High Performing', flags: [{ kind: 'borderline_down', text: '', createdAt: '', createdBy: '' }] });
    expect(changeWords('Undid', before, [flagged], 'x')).toBe('Undid: Borderline down flag back on Priya Raman');
    expect(changeWords('Undid', { P1: flagged }, [before.P1], 'x')).toBe('Undid: Borderline down flag off Priya Raman');
  });
  it('falls back to the host’s words when nothing visible changed', () => {
    expect(changeWords('Undid', before, [before.P1], 'Undid note for Priya Raman')).toBe('Undid note for Priya Raman');
  });
});

describe('names as initials in any message', () => {
  const people = { A: person('A', { name: 'Ann Lee' }), B: person('B', { name: 'Ann Lee-Smith' }), C: person('C', { name: 'Seán O’Brien' }) };
  it('replaces every full name, the longest first', () => {
    expect(withInitials('Not moved: Ann Lee-Smith stays; Ann Lee moved; Seán O’Brien too', people)).toBe('Not moved: A. L. S. stays; A. L. moved; S. O. too');
  });
  it('keeps a line manager’s name off screen while details are hidden', () => {
    const reason = 'Every provisional marking from Mo Manager is Exceeding or High Performing';
    expect(reasonOnScreen(reason, true)).toBe('Every provisional marking from their line manager is Exceeding or High Performing');
    expect(reasonOnScreen(reason, false)).toBe(reason);
  });
});

describe('the box order after a move', () => {
  it('is what a full sort gives, without one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 40 }), fc.nat(), fc.integer({ min: 0, max: 60 }), (keys, pick, newKey) => {
        const peopleById: Record<string, Person> = {};
        keys.forEach((sortKey, i) => (peopleById[`P${String(i).padStart(2, '0')}`] = person(`P${String(i).padStart(2, '0')}`, { sortKey })));
        const sorted = (byId: Record<string, Person>) =>
          Object.values(byId)
            .sort((a, b) => a.sortKey - b.sortKey || (a.staffId < b.staffId ? -1 : 1))
            .map((p) => p.staffId);
        const order = sorted(peopleById);
        const id = order[pick % order.length]!;
        const moved = { ...peopleById[id]!, sortKey: newKey };
        const next = { ...peopleById, [id]: moved };
        expect(orderAfter(order, next, [moved])).toEqual(sorted(next));
      }),
    );
  });
});
