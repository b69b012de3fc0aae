// A person as the window holds one, for renderer tests: every field set, overridable per test.
import type { Person } from '../../shared/domain';

export function person(staffId: string, patch: Partial<Person> = {}): Person {
  return {
    staffId,
    name: `Person ${staffId}`,
    grade: 'SCS1',
    businessUnit: 'Policy Group',
    jobTitle: 'Deputy Director',
    lineManager: '',
    jobWeight: 10,
    csStartDate: null,
    joinedDepartmentDate: null,
    leftDate: null,
    gradeForYear: null,
    inYearPayments: null,
    endYearPayment: null,
    poorPerformanceMeasures: false,
    corporateContribution: false,
    corporateContributionEvidence: null,
    eligible: true,
    eligibility: 'eligible',
    provisionalMarking: 'Achieving',
    q1Marking: null,
    q2Marking: null,
    q3Marking: null,
    midYearMarking: null,
    moderatedMarking: 'Achieving',
    changeReason: null,
    sortKey: 0,
    financeObjective: 'Met',
    financeNote: '',
    characteristics: {},
    flags: [],
    ...patch,
  };
}
