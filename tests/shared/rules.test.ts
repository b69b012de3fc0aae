// The moderation rules, case by case, plus the invariants that must hold for any panel.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BOX_MARKINGS, FINANCE_OBJECTIVES, parseMarking, type BoxMarking, type FinanceObjective } from '../../shared/domain';
import {
  ageBandAt,
  checkMove,
  compareDefaultOrder,
  defaultEligibilityCutoff,
  discussionReasons,
  eligibilityStatus,
  managersAllTopTwo,
  sortKeyBetween,
  suggestedForDiscussion,
} from '../../shared/rules';

const base = {
  staffId: 'S1',
  name: 'Ann Example',
  eligible: true,
  lineManager: '',
  provisionalMarking: 'Achieving' as BoxMarking | null,
  moderatedMarking: 'Achieving' as BoxMarking | null,
  q1Marking: null as BoxMarking | null,
  q2Marking: null as BoxMarking | null,
  q3Marking: null as BoxMarking | null,
  financeObjective: 'Met' as FinanceObjective,
  corporateContribution: true,
  corporateContributionEvidence: null as string | null,
  midYearMarking: null as BoxMarking | null,
  poorPerformanceMeasures: false,
};

describe('finance rule (Annex D 4.a)', () => {
  const cases: [FinanceObjective, BoxMarking, boolean][] = [
    ['Not met', 'Exceeding', false],
    ['Not met', 'High Performing', false],
    ['Not met', 'Achieving', true],
    ['Not met', 'Partially Met', true],
    ['Met', 'Exceeding', true],
    ['Not assessed', 'High Performing', true],
  ];
  it.each(cases)('finance %s, move to %s: allowed %s', (finance, target, allowed) => {
    const result = checkMove({ ...base, financeObjective: finance }, target);
    expect(result.allowed).toBe(allowed);
    if (!result.allowed) expect(result.reason).toContain('cannot be placed above Achieving');
  });
});

describe('moves', () => {
  it('needs a reason exactly when the target differs from the provisional marking', () => {
    for (const target of BOX_MARKINGS) {
      const result = checkMove({ ...base, provisionalMarking: 'Achieving' }, target);
      expect(result.allowed && result.needsReason).toBe(target !== 'Achieving');
    }
  });
  it('asks for an acknowledgement for Exceeding without corporate contribution', () => {
    const without = checkMove({ ...base, corporateContribution: false }, 'Exceeding');
    expect(without.allowed && without.needsAcknowledgement).toMatch(/corporate contribution/);
    const withIt = checkMove({ ...base, corporateContribution: true }, 'Exceeding');
    expect(withIt.allowed && withIt.needsAcknowledgement).toBeNull();
    const hp = checkMove({ ...base, corporateContribution: false }, 'High Performing');
    expect(hp.allowed && hp.needsAcknowledgement).toBeNull();
  });
  it('refuses to moderate people outside the eligibility cut-off', () => {
    expect(checkMove({ ...base, eligible: false }, 'Achieving').allowed).toBe(false);
  });
});

describe('markings', () => {
  it.each([
    ['exceeding', 'Exceeding'],
    ['E', 'Exceeding'],
    ['high performing', 'High Performing'],
    ['HIGH  PERFORMING', 'High Performing'],
    ['hp', 'High Performing'],
    ['A', 'Achieving'],
    ['Partially met', 'Partially Met'],
    ['PM', 'Partially Met'],
    ['Fully Meets', null],
    ['', null],
  ])('%s reads as %s', (raw, expected) => {
    expect(parseMarking(raw)).toBe(expected);
  });
});

describe('default order inside a box', () => {
  it('puts bigger jobs first, then names, unknown weights last', () => {
    const people = [
      { staffId: '1', name: 'Zed', jobWeight: 10 },
      { staffId: '2', name: 'Amy', jobWeight: 10 },
      { staffId: '3', name: 'Bob', jobWeight: null },
      { staffId: '4', name: 'Cat', jobWeight: 20 },
    ];
    expect([...people].sort(compareDefaultOrder).map((p) => p.name)).toEqual(['Cat', 'Amy', 'Zed', 'Bob']);
  });
  it('places a dropped card strictly between its neighbours', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0.001, max: 1e6, noNaN: true }), (a, gap) => {
        const key = sortKeyBetween(a, a + gap);
        return key > a && key < a + gap;
      }),
    );
    expect(sortKeyBetween(null, 5)).toBeLessThan(5);
    expect(sortKeyBetween(5, null)).toBeGreaterThan(5);
  });
});

describe('suggested for discussion', () => {
  const reasonsOf = (overrides: Partial<typeof base>) => discussionReasons({ ...base, ...overrides }, new Set()).map((r) => r.code);

  it.each([
    [{ financeObjective: 'Not met' as FinanceObjective, moderatedMarking: 'High Performing' as BoxMarking }, 'finance_rule'],
    [{ moderatedMarking: 'Exceeding' as BoxMarking, corporateContribution: false }, 'exceeding_without_contribution'],
    [{ provisionalMarking: 'Exceeding' as BoxMarking, q3Marking: 'Achieving' as BoxMarking }, 'quarterly_gap'],
    [{ q1Marking: 'Partially Met' as BoxMarking, q2Marking: 'Partially Met' as BoxMarking }, 'partially_met_two_quarters'],
    [{ q2Marking: 'Partially Met' as BoxMarking, q3Marking: 'Partially Met' as BoxMarking }, 'partially_met_two_quarters'],
    [{ poorPerformanceMeasures: true }, 'poor_performance_measures'],
  ])('%o → %s', (overrides, code) => {
    expect(reasonsOf(overrides)).toContain(code);
  });

  it.each([
    [{}],
    [{ provisionalMarking: 'Exceeding' as BoxMarking, moderatedMarking: 'Exceeding' as BoxMarking, q3Marking: 'High Performing' as BoxMarking }],
    [{ q1Marking: 'Partially Met' as BoxMarking, q3Marking: 'Partially Met' as BoxMarking }],
    [{ financeObjective: 'Not met' as FinanceObjective, moderatedMarking: 'Achieving' as BoxMarking }],
  ])('no reason for %o', (overrides) => {
    expect(reasonsOf(overrides)).toEqual([]);
  });

  it('uses the latest quarter that was given', () => {
    // Q3 missing: Q2 is the latest; two boxes from the provisional
    expect(reasonsOf({ provisionalMarking: 'Exceeding', q1Marking: 'Exceeding', q2Marking: 'Achieving' })).toContain('quarterly_gap');
  });

  it('names a line manager whose provisional markings are all in the top two boxes', () => {
    const team = [
      { ...base, staffId: 'a', lineManager: 'Generous', provisionalMarking: 'Exceeding' as BoxMarking },
      { ...base, staffId: 'b', lineManager: 'Generous', provisionalMarking: 'High Performing' as BoxMarking },
      { ...base, staffId: 'c', lineManager: 'Mixed', provisionalMarking: 'Exceeding' as BoxMarking },
      { ...base, staffId: 'd', lineManager: 'Mixed', provisionalMarking: 'Achieving' as BoxMarking },
      { ...base, staffId: 'e', lineManager: 'Single', provisionalMarking: 'Exceeding' as BoxMarking },
    ];
    expect([...managersAllTopTwo(team)]).toEqual(['Generous']);
    const list = suggestedForDiscussion(team);
    expect(list.get('a')?.map((r) => r.code)).toContain('manager_all_top_two');
    expect(list.get('c')?.map((r) => r.code) ?? []).not.toContain('manager_all_top_two');
  });

  it('never suggests someone the panel does not moderate', () => {
    expect(reasonsOf({ eligible: false, poorPerformanceMeasures: true })).toEqual([]);
  });

  it('every finance Not met person above Achieving is suggested, whatever else is true', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BOX_MARKINGS), fc.constantFrom(...FINANCE_OBJECTIVES), fc.boolean(), (marking, finance, contribution) => {
        const codes = reasonsOf({ moderatedMarking: marking, financeObjective: finance, corporateContribution: contribution });
        const breaks = finance === 'Not met' && (marking === 'Exceeding' || marking === 'High Performing');
        return codes.includes('finance_rule') === breaks;
      }),
    );
  });
});

describe('eligibility and age bands', () => {
  it('takes 1 January inside the performance year as the default cut-off', () => {
    expect(defaultEligibilityCutoff(2025)).toBe('2026-01-01');
  });
  it.each([
    ['2025-12-31', true],
    ['2026-01-01', false],
    ['2026-03-01', false],
    [null, false],
  ])('started %s → eligible %s', (start, eligible) => {
    expect(eligibilityStatus({ csStartDate: start, joinedDepartmentDate: null }, '2026-01-01') === 'eligible').toBe(eligible);
  });
  it.each([
    ['1996-01-02', '16-29'],
    ['1996-01-01', '30-39'],
    ['1976-06-30', '40-49'],
    ['1966-01-01', '60+'],
  ])('born %s → %s at 2026-01-01', (dob, band) => {
    expect(ageBandAt(dob, '2026-01-01')).toBe(band);
  });
});
