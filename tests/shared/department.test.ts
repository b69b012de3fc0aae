// The department view's figures (paras 82-84): which business units differ from the rest of the
// department, and whether a group's gap comes from one unit or from all, with small groups hidden outside
// HR in each unit as in the department. Para 83: the overall meeting should evaluate "whether their departmental
// performance management system is having a detrimental impact on a particular group of individuals"; the
// framework sets no test or threshold, so p < 0.05 and four-fifths are the tool's suggestions.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BOX_MARKINGS, type BoxMarking, type Person } from '../../shared/domain';
import { departmentReport, hasDepartmentView, unitGapCells } from '../../shared/department';
import { computeBreakdown, suppressBreakdown, type BoxCounts } from '../../shared/stats';
import { person } from '../renderer/people';
import { countsTable } from '../stats/arbitraries';

let next = 0;
/** `n` people in a unit with one sex, `top` of them in High Performing and the rest in Achieving. */
function group(unit: string, sex: string, n: number, top: number, grade = 'SCS1'): Person[] {
  return Array.from({ length: n }, (_, i) => {
    const marking: BoxMarking = i < top ? 'High Performing' : 'Achieving';
    return person(`S${++next}`, { businessUnit: unit, grade, moderatedMarking: marking, provisionalMarking: marking, characteristics: { sex } });
  });
}

const options = { characteristic: 'sex', stage: 'moderated' as const, threshold: 5, audience: 'hr' as const };

describe('which business units differ from the rest of the department', () => {
  it('names the unit whose distribution differs, with its shares and the test, and not the others', () => {
    const people = [
      ...group('Policy', 'Female', 40, 30), // 75% top two
      ...group('Operations', 'Female', 40, 10),
      ...group('Digital', 'Female', 40, 10),
      ...group('Finance', 'Female', 40, 10),
    ];
    const report = departmentReport(people, options);
    expect(report.byUnit.rows.filter((r) => r.differs).map((r) => r.name)).toEqual(['Policy']);
    expect(report.byUnit.sentences[0]).toMatch(/^Policy: 75% in the top two boxes and 0% Partially Met, against 25% and 0% in the rest of the department; .*chi-square test, p < 0\.001\)\.$/);
    expect(report.notes[0]).toContain("the tool's suggestion");
    expect(report.notes[0]).toContain('sets no test or threshold');
  });

  it('says so in words when no unit differs', () => {
    const people = [...group('Policy', 'Female', 40, 10), ...group('Operations', 'Female', 40, 11)];
    expect(departmentReport(people, options).byUnit.sentences).toEqual([
      "No business unit's distribution differs from the rest of the department at the suggested level (p < 0.05).",
    ]);
  });

  it('gives grades the same table, side by side with units', () => {
    const people = [...group('Policy', 'Female', 30, 5, 'SCS1'), ...group('Policy', 'Female', 30, 25, 'SCS2')];
    const report = departmentReport(people, options);
    expect(report.byGrade.rows.map((r) => [r.name, r.n, r.differs])).toEqual([
      ['SCS1', 30, true],
      ['SCS2', 30, true],
    ]);
    expect(report.byUnit.sentences).toEqual(['Everyone here is in one business unit, so there is nothing to compare.']);
  });
});

describe("whether a group's gap comes from one unit or from all", () => {
  it('traces a department-wide gap to the one unit where it is', () => {
    const people = [
      ...group('Policy', 'Female', 20, 2), // 10% against men's 50%
      ...group('Policy', 'Male', 20, 10),
      ...group('Operations', 'Female', 20, 10),
      ...group('Operations', 'Male', 20, 10),
      ...group('Digital', 'Female', 20, 10),
      ...group('Digital', 'Male', 20, 10),
    ];
    const gap = departmentReport(people, options).gaps.find((g) => g.group === 'Female')!;
    expect(gap.department.flagged).toBe(true);
    expect(gap.units.map((c) => [c.unit, c.flagged])).toEqual([
      ['Digital', false],
      ['Operations', false],
      ['Policy', true],
    ]);
    expect(gap.pattern).toBe('one_unit');
    expect(gap.sentence).toBe(
      "Across the department, female staff were 0.73 times as likely as the highest group to be in the top two boxes: below four-fifths (0.80). It comes from one unit: Policy (0.20); the other 2 are within four-fifths.",
    );
  });

  it('says when the gap is in every unit', () => {
    const people = ['Policy', 'Operations', 'Digital'].flatMap((unit) => [...group(unit, 'Female', 20, 4), ...group(unit, 'Male', 20, 10)]);
    const gap = departmentReport(people, options).gaps.find((g) => g.group === 'Female')!;
    expect(gap.pattern).toBe('all_units');
    expect(gap.sentence).toContain('It appears in every unit where the group can be compared: Digital (0.40), Operations (0.40), Policy (0.40).');
  });

  it('has nothing to say where there is no gap', () => {
    const people = ['Policy', 'Operations'].flatMap((unit) => [...group(unit, 'Female', 20, 10), ...group(unit, 'Male', 20, 10)]);
    expect(departmentReport(people, options).gaps.map((g) => [g.group, g.pattern, g.sentence])).toEqual([
      ['Female', 'none', ''],
      ['Male', 'none', ''],
    ]);
  });
});

describe('small groups outside HR', () => {
  const people = [
    ...group('Policy', 'Female', 3, 0), // too few to show
    ...group('Policy', 'Male', 20, 10),
    ...group('Policy', 'Other', 6, 3),
    ...group('Operations', 'Female', 7, 3),
    ...group('Operations', 'Male', 20, 10),
    ...group('Digital', 'Female', 12, 6),
    ...group('Digital', 'Male', 20, 10),
  ];

  it("hides a unit's small group as [c], and one more unit's so the department's figure cannot give it away", () => {
    const shared = departmentReport(people, { ...options, audience: 'shared' });
    const female = shared.gaps.find((g) => g.group === 'Female')!;
    expect(female.units.map((c) => [c.unit, c.hidden, c.n])).toEqual([
      ['Digital', false, 12],
      ['Operations', true, null], // the smallest shown, hidden with Policy's
      ['Policy', true, null],
    ]);
    expect(female.department.hidden).toBe(false);
  });

  it("does not call a gap department-wide, or absent, where the department's figure is hidden", () => {
    const hiddenDepartment = departmentReport(
      [
        ...group('Policy', 'Female', 2, 0),
        ...group('Policy', 'Male', 20, 10),
        ...group('Operations', 'Female', 2, 1),
        ...group('Operations', 'Male', 20, 10),
      ],
      { ...options, audience: 'shared' },
    );
    const female = hiddenDepartment.gaps.find((g) => g.group === 'Female')!;
    expect(female.department.hidden).toBe(true);
    expect(female.sentence).not.toContain('across the department');
  });

  it("shows HR every number", () => {
    const hr = departmentReport(people, options);
    expect(hr.gaps.find((g) => g.group === 'Female')!.units.map((c) => c.n)).toEqual([12, 7, 3]);
  });
});

describe('hasDepartmentView', () => {
  it('is for an overall panel, or any panel with more than one business unit', () => {
    expect(hasDepartmentView('overall', [])).toBe(true);
    expect(hasDepartmentView('local', ['Policy', 'Policy'])).toBe(false);
    expect(hasDepartmentView('local', ['Policy', 'Operations'])).toBe(true);
  });
});

describe("a unit's cells", () => {
  it('agree with the breakdown the Breakdowns view would show for that unit, for HR and outside HR', () => {
    fc.assert(
      fc.property(countsTable(9), fc.integer({ min: 1, max: 6 }), fc.boolean(), (table, threshold, shared) => {
        const groups = new Map<string, BoxCounts>(
          Object.entries(table).map(([group, c]) => [group, { Exceeding: c[0], 'High Performing': c[1], Achieving: c[2], 'Partially Met': c[3] }]),
        );
        const entries = [...groups].flatMap(([group, counts]) => BOX_MARKINGS.flatMap((marking) => Array.from({ length: counts[marking] }, () => ({ group, marking }))));
        const hr = computeBreakdown(entries, { characteristic: 'ethnicity', stage: 'moderated', threshold });
        const expected = shared ? suppressBreakdown(hr) : hr;
        const cells = unitGapCells('Unit', groups, { audience: shared ? 'shared' : 'hr', threshold });
        for (const g of expected.groups) {
          const hidden = shared && g.suppressed;
          expect(cells.get(g.group)).toEqual({
            unit: 'Unit',
            n: hidden ? null : g.n,
            topRate: hidden ? null : g.top_rate,
            impactRatio: hidden ? null : g.top_impact_ratio,
            flagged: !hidden && g.flags.some((f) => f.kind === 'top_impact_ratio'),
            hidden,
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});

