// The columns the importer can fill ("targets"): their kind, the record field they feed, and how to
// describe a valid value in plain words when a cell is wrong.

import { STANDARD_CHARACTERISTICS } from '../../shared/domain';

export type TargetKind =
  | 'text'
  | 'number'
  | 'marking'
  | 'finance'
  | 'yes_no'
  | 'date'
  | 'count'
  | 'payment'
  | 'optional_text'
  | 'characteristic'
  | 'date_of_birth'
  | 'age';

/** Record fields filled straight from one target (characteristics and age sources are handled apart). */
export type RecordField =
  | 'staffId'
  | 'name'
  | 'grade'
  | 'businessUnit'
  | 'jobTitle'
  | 'lineManager'
  | 'jobWeight'
  | 'provisionalMarking'
  | 'q1Marking'
  | 'q2Marking'
  | 'q3Marking'
  | 'midYearMarking'
  | 'financeObjective'
  | 'corporateContribution'
  | 'csStartDate'
  | 'poorPerformanceMeasures'
  | 'joinedDepartmentDate'
  | 'leftDate'
  | 'gradeForYear'
  | 'inYearPayments'
  | 'endYearPayment'
  | 'previousMarking1'
  | 'previousMarking2'
  | 'countersigningOfficer';

interface FieldTarget {
  kind: Exclude<TargetKind, 'characteristic' | 'date_of_birth' | 'age'>;
  field: RecordField;
}

/** The template columns that fill record fields, in template order (the order examples/template.csv uses). */
export const FIELD_TARGETS = {
  staff_id: { kind: 'text', field: 'staffId' },
  name: { kind: 'text', field: 'name' },
  grade: { kind: 'text', field: 'grade' },
  business_unit: { kind: 'text', field: 'businessUnit' },
  job_title: { kind: 'text', field: 'jobTitle' },
  line_manager: { kind: 'text', field: 'lineManager' },
  job_weight: { kind: 'number', field: 'jobWeight' },
  provisional_marking: { kind: 'marking', field: 'provisionalMarking' },
  q1_marking: { kind: 'marking', field: 'q1Marking' },
  q2_marking: { kind: 'marking', field: 'q2Marking' },
  q3_marking: { kind: 'marking', field: 'q3Marking' },
  mid_year_marking: { kind: 'marking', field: 'midYearMarking' },
  finance_objective: { kind: 'finance', field: 'financeObjective' },
  corporate_contribution: { kind: 'yes_no', field: 'corporateContribution' },
  cs_start_date: { kind: 'date', field: 'csStartDate' },
  poor_performance_measures: { kind: 'yes_no', field: 'poorPerformanceMeasures' },
  // Optional columns (issue 7): movers and leavers (para 70, FAQ), temporary promotion (FAQ), payments (para 92c).
  joined_department_date: { kind: 'date', field: 'joinedDepartmentDate' },
  left_date: { kind: 'date', field: 'leftDate' },
  grade_for_year: { kind: 'optional_text', field: 'gradeForYear' },
  in_year_payments: { kind: 'count', field: 'inYearPayments' },
  end_year_payment: { kind: 'payment', field: 'endYearPayment' },
  // Optional columns (issue 8): last year's and the year before's moderated marking, and the countersigning officer.
  previous_marking_1: { kind: 'marking', field: 'previousMarking1' },
  previous_marking_2: { kind: 'marking', field: 'previousMarking2' },
  countersigning_officer: { kind: 'optional_text', field: 'countersigningOfficer' },
} as const satisfies Record<string, FieldTarget>;

export type FieldTargetName = keyof typeof FIELD_TARGETS;

export const TEMPLATE_COLUMNS: readonly string[] = [...Object.keys(FIELD_TARGETS), ...STANDARD_CHARACTERISTICS];

const STANDARD_SET: ReadonlySet<string> = new Set(STANDARD_CHARACTERISTICS);

/** `pc_` followed by lower snake case: a further protected characteristic. */
const PC_NAME = /^pc_[a-z0-9]+(?:_[a-z0-9]+)*$/;

export function isFieldTarget(target: string): target is FieldTargetName {
  return Object.hasOwn(FIELD_TARGETS, target);
}

export function isCharacteristicTarget(target: string): boolean {
  return STANDARD_SET.has(target) || PC_NAME.test(target);
}

/** Every name a mapping file may use as a target. */
export function isKnownTarget(target: string): boolean {
  return isFieldTarget(target) || isCharacteristicTarget(target) || target === 'date_of_birth' || target === 'age';
}

export function targetKind(target: string): TargetKind {
  if (isFieldTarget(target)) return FIELD_TARGETS[target].kind;
  if (target === 'date_of_birth') return 'date_of_birth';
  if (target === 'age') return 'age';
  return 'characteristic';
}

/** Targets a file cannot do without (a mapping default also satisfies them). */
export const REQUIRED_TARGETS = ['staff_id', 'name'] as const;

export const EXPECTED = {
  marking:
    'a box marking: Exceeding, High Performing, Achieving or Partially Met (or E/HP/A/PM), or blank for not marked',
  number: 'a number, such as 1250 or £1,250',
  finance: 'Met, Not met or Not assessed (blank counts as Not assessed)',
  yes_no: 'yes or no (also y/n, true/false, 1/0); blank counts as no',
  age: 'an age in years, such as 42',
  staffId: 'a staff id (every person needs one)',
  count: 'a whole number of payments, such as 0, 1 or 2 (blank when not known)',
  payment: 'yes or no, or the amount paid such as £3,000 (0 or no when none was paid; blank when not known)',
  name: "the person's name",
} as const;

/** Plain words for a valid date, naming the file's own format when the mapping gives one. */
export function expectedDate(format: string | undefined): string {
  return format === undefined
    ? 'a date such as 2024-03-31 or 31/03/2024 (day before month)'
    : `a date written ${format} (or yyyy-mm-dd)`;
}
