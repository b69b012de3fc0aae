// The framework's rules for what leaves the room (issue 7), case by case, each quoting its paragraph of
// the SCS Performance Management Framework (April 2023).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BOX_MARKINGS, type BoxMarking, type HighPerformingAwardSetting, type Panel, type Person } from '../../shared/domain';
import { endYearAward, inYearAward, type EndYearAward } from '../../shared/awards';
import { cabinetOfficeReturn } from '../../shared/cabinetOfficeReturn';
import { defaultPerformanceYear, parsePerformanceYear, performanceYearLabel } from '../../shared/performanceYear';
import { compareGrades, eligibilityStatus, gradeForModeration, hasCorporateContribution, partiallyMetRun } from '../../shared/rules';
import { percentOneDecimalHalfUp } from '../../shared/stats';
import { person } from '../renderer/people';

const panel: Panel = {
  name: 'Return panel',
  businessUnit: 'Policy',
  performanceYear: 2025,
  stage: 'local',
  eligibilityCutoff: '2026-01-01',
  status: 'finalised',
  finalisedAt: '2026-05-01T10:00:00.000Z',
  finalisedBy: 'Pat Chair',
  suppressionThreshold: 5,
  notComparedGroups: [],
  highPerformingAward: 'discretion',
  createdAt: '2026-04-01T10:00:00.000Z',
};

describe('end-year award (para 73, FAQ)', () => {
  // Para 73: "Those SCS who receive an Exceeding box marking are eligible to receive an end-year
  // non-consolidated performance-related payment, although departments have the flexibility to also award
  // 'High Performing' individuals if they see fit." FAQ: a Civil Service leaver is "not entitled to any
  // bonus or performance reward".
  const cases: [string, Partial<Person>, HighPerformingAwardSetting, EndYearAward | null][] = [
    ['Exceeding', { moderatedMarking: 'Exceeding' }, 'discretion', 'Eligible'],
    ['Exceeding on poor performance measures (no end-year bar in the framework)', { moderatedMarking: 'Exceeding', poorPerformanceMeasures: true }, 'no', 'Eligible'],
    ['High Performing, department decides', { moderatedMarking: 'High Performing' }, 'discretion', "At department's discretion"],
    ['High Performing, department awards', { moderatedMarking: 'High Performing' }, 'yes', 'Eligible'],
    ['High Performing, department does not award', { moderatedMarking: 'High Performing' }, 'no', 'Not eligible'],
    ['Achieving', { moderatedMarking: 'Achieving' }, 'yes', 'Not eligible'],
    ['Partially Met', { moderatedMarking: 'Partially Met' }, 'yes', 'Not eligible'],
    ['Exceeding but left the Civil Service', { moderatedMarking: 'Exceeding', leftDate: '2026-02-28' }, 'yes', 'Not eligible'],
    ['listed apart: decided where they are moderated', { eligible: false, eligibility: 'moved_in_after_cutoff', moderatedMarking: null }, 'yes', null],
  ];
  it.each(cases)('%s', (_label, patch, setting, expected) => {
    expect(endYearAward(person('S1', patch), setting)).toBe(expected);
  });
});

describe('in-year award (para 51)', () => {
  // Para 51: "All members of the SCS are eligible for in-year non-consolidated performance-related payments
  // provided they are not on formal poor performance measures."
  it.each([
    [{}, 'Eligible'],
    [{ moderatedMarking: 'Partially Met' as BoxMarking }, 'Eligible'],
    [{ poorPerformanceMeasures: true }, 'Not eligible'],
    [{ leftDate: '2026-03-01' }, 'Not eligible'],
  ])('%o → %s', (patch, expected) => {
    expect(inYearAward(person('S1', patch))).toBe(expected);
  });
});

describe('the Cabinet Office return (paras 91-94)', () => {
  // 8 eligible: E 2 (one a leaver), HP 3, A 2, PM 1 (on poor performance measures); 2 listed apart.
  const people = [
    person('E1', { moderatedMarking: 'Exceeding', inYearPayments: 1, endYearPayment: true }),
    person('E2', { moderatedMarking: 'Exceeding', leftDate: '2026-02-28', inYearPayments: 0, endYearPayment: false }),
    person('H1', { moderatedMarking: 'High Performing', inYearPayments: 2 }),
    person('H2', { moderatedMarking: 'High Performing' }),
    person('H3', { moderatedMarking: 'High Performing' }),
    person('A1', { moderatedMarking: 'Achieving' }),
    person('A2', { moderatedMarking: 'Achieving' }),
    person('P1', { moderatedMarking: 'Partially Met', poorPerformanceMeasures: true }),
    person('L1', { eligible: false, eligibility: 'joined_after_cutoff', moderatedMarking: null }),
    person('U1', { eligible: false, eligibility: 'start_date_unknown', moderatedMarking: null }),
  ];

  it('gives 92a combined and each box over the people eligible for moderation, to one decimal place', () => {
    const figures = cabinetOfficeReturn(panel, people);
    expect(figures.population).toBe(8);
    // 92a: "number and percentage of performers marked 'Exceeding' & 'High Performing'": 5 of 8 = 62.5%.
    expect(figures.exceeding_and_high_performing).toEqual({ n: 5, percent: 62.5 });
    expect(figures.boxes).toEqual([
      { marking: 'Exceeding', n: 2, percent: 25 },
      { marking: 'High Performing', n: 3, percent: 37.5 },
      { marking: 'Achieving', n: 2, percent: 25 },
      { marking: 'Partially Met', n: 1, percent: 12.5 },
    ]);
    // 92b: "number and percentage of SCS marked 'Partially Met'".
    expect(figures.partially_met).toEqual({ n: 1, percent: 12.5 });
  });

  it('counts poor performance measures (para 94), awards (paras 51, 73) and payments (92c)', () => {
    const figures = cabinetOfficeReturn(panel, people);
    expect(figures.poor_performance_measures).toBe(1);
    // E1 eligible; E2 left (not entitled, FAQ); H1-H3 at discretion; A1, A2, P1 not eligible.
    expect(figures.end_year_award).toEqual({ eligible: 1, discretionary: 3, not_eligible: 4 });
    expect(figures.in_year_award_eligible).toBe(6); // all but P1 (poor performance) and E2 (leaver)
    expect(figures.payments).toEqual({ in_year: 3, end_year: 1 });
    expect(figures.leavers).toBe(1);
    expect(figures.listed_apart).toEqual({ joined_after_cutoff: 1, moved_in_after_cutoff: 0, start_date_unknown: 1 });
  });

  it('follows the panel setting for High Performing awards', () => {
    expect(cabinetOfficeReturn({ ...panel, highPerformingAward: 'yes' }, people).end_year_award).toEqual({ eligible: 4, discretionary: 0, not_eligible: 4 });
    expect(cabinetOfficeReturn({ ...panel, highPerformingAward: 'no' }, people).end_year_award).toEqual({ eligible: 1, discretionary: 0, not_eligible: 7 });
  });

  it('says payments are unknown when the file had no payment columns', () => {
    expect(cabinetOfficeReturn(panel, [person('A1')]).payments).toEqual({ in_year: null, end_year: null });
  });

  it('always counts everyone eligible exactly once: the boxes and the not-yet-moderated sum to the population', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<BoxMarking | null>(...BOX_MARKINGS, null), { maxLength: 60 }), (markings) => {
        const figures = cabinetOfficeReturn(panel, markings.map((m, i) => person(`S${i}`, { moderatedMarking: m })));
        const inBoxes = figures.boxes.reduce((sum, b) => sum + b.n, 0);
        const awards = figures.end_year_award.eligible + figures.end_year_award.discretionary + figures.end_year_award.not_eligible;
        return inBoxes + figures.not_moderated === figures.population && awards === figures.population;
      }),
    );
  });
});

describe('percentages to one decimal place, half up (DOMAIN: "published rounded half up")', () => {
  it.each([
    [1, 8, 12.5],
    [1, 16, 6.3], // 6.25 → 6.3
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 6, 16.7],
    [20, 55, 36.4],
    [0, 7, 0],
    [7, 7, 100],
    [1, 80, 1.3], // 1.25 → 1.3, where binary floating point would give 1.2
  ])('%i of %i = %f%%', (count, n, expected) => {
    expect(percentOneDecimalHalfUp(count, n)).toBe(expected);
  });
});

describe('eligibility (paras 69-70, FAQ), failing closed', () => {
  // Para 69: "Job holders must have been employed by the Civil Service since before the 1st January to be
  // eligible for moderation in that particular performance year." FAQ: "If an individual has joined a new
  // department on or after the 1st January, they should be moderated in their old department".
  it.each([
    ['2015-04-01', null, false, 'eligible'],
    ['2025-12-31', null, false, 'eligible'],
    ['2026-01-01', null, false, 'joined_after_cutoff'],
    ['2015-04-01', '2025-12-31', false, 'eligible'],
    ['2015-04-01', '2026-01-01', false, 'moved_in_after_cutoff'],
    [null, null, false, 'start_date_unknown'],
    [null, null, true, 'eligible'],
    [null, '2026-02-01', true, 'moved_in_after_cutoff'],
  ] as const)('started %s, joined the department %s, HR confirmed %s → %s', (cs, dept, assume, expected) => {
    expect(eligibilityStatus({ csStartDate: cs, joinedDepartmentDate: dept }, '2026-01-01', { assumeEligibleWithoutStartDate: assume })).toBe(expected);
  });
});

describe('performance year', () => {
  it.each([
    ['2025', 2025],
    ['2025-26', 2025],
    ['2025/26', 2025],
    ['2025/2026', 2025],
    [' 2025 - 26 ', 2025],
    ['2025-27', null],
    ['2025/25', null],
    ['25/26', null],
    ['next year', null],
  ])('%j → %s', (raw, expected) => {
    expect(parsePerformanceYear(raw)).toBe(expected);
  });

  // April to September: the year that ended on the last 31 March; October to March: the year in progress.
  it.each([
    ['2026-04-01', 2025],
    ['2026-09-30', 2025],
    ['2026-10-01', 2026],
    ['2026-12-02', 2026],
    ['2027-01-15', 2026],
    ['2027-03-31', 2026],
  ])('on %s the default year is %i', (day, year) => {
    expect(defaultPerformanceYear(new Date(`${day}T12:00:00`))).toBe(year);
    expect(performanceYearLabel(year)).toBe(`${year}/${String((year + 1) % 100).padStart(2, '0')}`);
  });
});

describe('Partially Met in consecutive quarters (paras 59, 67)', () => {
  // Para 59: "If a member of the SCS is marked as 'Partially Met' for two consecutive quarters, their line
  // manager should draw up a performance development plan … If the SCS continues to be marked as 'Partially
  // Met' after this, including as part of their end of year discussion, there will be an expectation that
  // they are placed on formal poor performance measures". Para 67: the final quarterly conversation is the
  // end-year assessment.
  const PM: BoxMarking = 'Partially Met';
  const A: BoxMarking = 'Achieving';
  it.each([
    [{ q1Marking: PM, q2Marking: PM }, 'partially_met_two_quarters', 'Q1 and Q2'],
    [{ q3Marking: PM, provisionalMarking: PM }, 'partially_met_two_quarters', 'Q3 and the end-year provisional marking'],
    [{ midYearMarking: PM, q3Marking: PM }, 'partially_met_two_quarters', 'mid-year and Q3'],
    [{ q2Marking: PM, q3Marking: PM, provisionalMarking: PM }, 'poor_performance_expected', 'Q2, Q3 and the end-year provisional marking'],
    [{ q1Marking: PM, q2Marking: PM, q3Marking: PM, provisionalMarking: PM }, 'poor_performance_expected', 'Q1, Q2, Q3 and the end-year provisional marking'],
  ])('%o → %s naming %s', (patch, code, which) => {
    const reason = partiallyMetRun(person('S1', { provisionalMarking: A, ...patch }));
    expect(reason?.code).toBe(code);
    expect(reason?.text).toContain(which);
    expect(reason?.text).toContain('para 59');
  });
  it.each([
    [{ q1Marking: PM, q3Marking: PM }],
    [{ q1Marking: PM, q2Marking: A, q3Marking: PM }],
    [{ provisionalMarking: PM }],
  ])('%o is not two in a row', (patch) => {
    expect(partiallyMetRun(person('S1', { provisionalMarking: A, ...patch }))).toBeNull();
  });
});

describe('grade by grade (para 86) and temporary promotion (FAQ)', () => {
  // FAQ: "the individual is assessed at the grade they have spent the majority of their performance year at".
  it('moderates at the grade for the year where one is given', () => {
    expect(gradeForModeration({ grade: 'SCS2', gradeForYear: 'SCS1' })).toBe('SCS1');
    expect(gradeForModeration({ grade: 'SCS2', gradeForYear: null })).toBe('SCS2');
    expect(['SCS10', 'SCS2', 'SCS1'].sort(compareGrades)).toEqual(['SCS1', 'SCS2', 'SCS10']);
  });
});

describe('corporate contribution (para 34)', () => {
  // Para 34: "To be eligible for an Exceeding box marking, members of the SCS must demonstrate that they have
  // made a significant corporate contribution which extends beyond the business unit itself."
  it.each([
    [true, null, true],
    [false, 'Led the cross-government D&I network', true],
    [false, '   ', false],
    [false, null, false],
  ])('file says %s, panel recorded %j → evidenced %s', (fromFile, evidence, expected) => {
    expect(hasCorporateContribution({ corporateContribution: fromFile, corporateContributionEvidence: evidence })).toBe(expected);
  });
});
