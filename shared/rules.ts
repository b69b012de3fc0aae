// The moderation rules (DOMAIN.md, Annex D and paras 18, 34, 59, 81) as pure functions.
// The service, the importer and the UI all ask these, so each rule exists once.

import {
  type BoxMarking,
  type EligibilityStatus,
  type FinanceObjective,
  type Person,
  TOP_TWO,
  isAbove,
  markingIndex,
} from './domain';

export type RuleCheck =
  | { allowed: true; needsAcknowledgement: string | null; needsReason: boolean }
  | { allowed: false; reason: string };

export const FINANCE_RULE_MESSAGE =
  'did not meet their finance/efficiency objective, so cannot be placed above Achieving (Annex D 4.a)';
export const CONTRIBUTION_RULE_MESSAGE =
  'is in Exceeding, but no significant corporate contribution beyond the business unit is evidenced (para 34: staff "must demonstrate" one "to be eligible" for Exceeding)';
export const EXCEEDING_ACK_MESSAGE =
  'Exceeding requires a significant corporate contribution beyond the business unit (paras 18 and 34), and none is evidenced';

/** Finance/efficiency objective Not met → nothing above Achieving. */
export function breaksFinanceRule(financeObjective: FinanceObjective, marking: BoxMarking | null): boolean {
  return financeObjective === 'Not met' && marking !== null && isAbove(marking, 'Achieving');
}

/**
 * Para 34: "To be eligible for an Exceeding box marking, members of the SCS must demonstrate that they have
 * made a significant corporate contribution which extends beyond the business unit itself." Evidenced by
 * HR's file, or recorded by the panel from what it saw.
 */
export function hasCorporateContribution(person: Pick<Person, 'corporateContribution' | 'corporateContributionEvidence'>): boolean {
  return person.corporateContribution || (person.corporateContributionEvidence ?? '').trim() !== '';
}

/** The panel changed this person's marking: their moderated marking differs from the provisional one. */
export function changedAtModeration(person: Pick<Person, 'moderatedMarking' | 'provisionalMarking'>): boolean {
  return person.moderatedMarking !== null && person.moderatedMarking !== person.provisionalMarking;
}

/** Can this person be placed in `target`? Says whether a reason or an acknowledgement is needed. */
export function checkMove(
  person: Pick<Person, 'name' | 'financeObjective' | 'corporateContribution' | 'corporateContributionEvidence' | 'provisionalMarking' | 'eligible'>,
  target: BoxMarking,
): RuleCheck {
  if (!person.eligible) {
    return { allowed: false, reason: `${person.name} is outside the eligibility cut-off and is not moderated by this panel` };
  }
  if (breaksFinanceRule(person.financeObjective, target)) {
    return { allowed: false, reason: `${person.name} ${FINANCE_RULE_MESSAGE}` };
  }
  return {
    allowed: true,
    needsAcknowledgement: target === 'Exceeding' && !hasCorporateContribution(person) ? EXCEEDING_ACK_MESSAGE : null,
    needsReason: target !== person.provisionalMarking,
  };
}

// One collator for every comparison: localeCompare with a locale argument builds a new one per call,
// which dominates sorting a 100,000-person panel.
const nameCollator = new Intl.Collator('en-GB');

/** Default order inside a box: job weight descending (unknown last), then name. */
export function compareDefaultOrder(
  a: Pick<Person, 'jobWeight' | 'name' | 'staffId'>,
  b: Pick<Person, 'jobWeight' | 'name' | 'staffId'>,
): number {
  const wa = a.jobWeight ?? -Infinity;
  const wb = b.jobWeight ?? -Infinity;
  if (wa !== wb) return wb - wa;
  const byName = nameCollator.compare(a.name, b.name);
  if (byName !== 0) return byName;
  return a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0;
}

/**
 * The default order of a whole panel: the indices of `people` in the order compareDefaultOrder sorts them,
 * at a fraction of the cost. Each distinct name is collated once (names the collator calls equal share a
 * rank) and each distinct weight ranked once; people are then sorted by those two ranks as one number
 * (a typed-array sort, no comparisons in JavaScript), and only people who share a weight and a name are
 * compared, by staff id, as compareDefaultOrder compares them.
 */
export function defaultOrder(people: readonly Pick<Person, 'jobWeight' | 'name' | 'staffId'>[]): number[] {
  const count = people.length;
  const weightOf = (p: Pick<Person, 'jobWeight'>) => p.jobWeight ?? -Infinity;
  const nameRanks = ranks(people.map((p) => p.name), nameCollator.compare);
  // Heaviest first, unknown weights last.
  const weightRanks = ranks(people.map(weightOf), (a, b) => b - a);
  let names = 0;
  for (const rank of nameRanks.values()) names = Math.max(names, rank + 1);
  // The group (weight, then name) and the index packed in one exact number; beyond that (far past the
  // import's limits), or with a weight that is not a number, compareDefaultOrder itself sorts.
  if (weightRanks.has(Number.NaN) || (weightRanks.size * names + 1) * count >= Number.MAX_SAFE_INTEGER) {
    return Array.from({ length: count }, (_, i) => i).sort((a, b) => compareDefaultOrder(people[a]!, people[b]!));
  }
  const groups = new Float64Array(count);
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const person = people[i]!;
    groups[i] = weightRanks.get(weightOf(person))! * names + nameRanks.get(person.name)!;
    keys[i] = groups[i]! * count + i;
  }
  keys.sort();
  const order = new Array<number>(count);
  for (let i = 0; i < count; i++) order[i] = keys[i]! % count;
  // People of one weight and one name, by staff id (their index order kept where ids are equal, as a stable sort would).
  const byStaffId = (a: number, b: number): number => {
    const sa = people[a]!.staffId;
    const sb = people[b]!.staffId;
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  };
  for (let start = 0; start < count; ) {
    let end = start + 1;
    while (end < count && groups[order[end]!] === groups[order[start]!]) end++;
    if (end - start > 1) {
      const run = order.slice(start, end).sort(byStaffId);
      for (let k = 0; k < run.length; k++) order[start + k] = run[k]!;
    }
    start = end;
  }
  return order;
}

/** Each distinct value's rank in `compare` order, values that compare equal sharing one. */
function ranks<T>(values: readonly T[], compare: (a: T, b: T) => number): Map<T, number> {
  const distinct = [...new Set(values)].sort(compare);
  const rankOf = new Map<T, number>();
  for (let i = 0, rank = 0; i < distinct.length; i++) {
    if (i > 0 && compare(distinct[i - 1]!, distinct[i]!) !== 0) rank++;
    rankOf.set(distinct[i]!, rank);
  }
  return rankOf;
}

/** Order of people inside a box: by sort key, which starts as the default order and keeps manual reorders. */
export function compareBoxOrder(a: Pick<Person, 'sortKey'>, b: Pick<Person, 'sortKey'>): number {
  return a.sortKey - b.sortKey;
}

/** Sort key for a person dropped between two neighbours (either may be missing at the ends of the box). */
export function sortKeyBetween(before: number | null, after: number | null): number {
  if (before === null && after === null) return 0;
  if (before === null) return (after as number) - 1;
  if (after === null) return before + 1;
  return (before + after) / 2;
}

export type DiscussionReasonCode =
  | 'finance_rule'
  | 'exceeding_without_contribution'
  | 'quarterly_gap'
  | 'partially_met_two_quarters'
  | 'poor_performance_expected'
  | 'poor_performance_measures'
  | 'manager_all_top_two'
  | 'partially_met_again'
  | 'exceeding_again';

export interface DiscussionReason {
  code: DiscussionReasonCode;
  text: string;
}

type DiscussionInput = Pick<
  Person,
  | 'staffId'
  | 'eligible'
  | 'lineManager'
  | 'provisionalMarking'
  | 'moderatedMarking'
  | 'q1Marking'
  | 'q2Marking'
  | 'q3Marking'
  | 'midYearMarking'
  | 'financeObjective'
  | 'corporateContribution'
  | 'corporateContributionEvidence'
  | 'poorPerformanceMeasures'
  | 'previousMarking1'
>;

/** The smallest number of people a manager must have marked before "all in the top two" says anything. */
export const MANAGER_PATTERN_MIN_PEOPLE = 2;

/** Line managers every one of whose (two or more) provisional markings is in the top two boxes. */
export function managersAllTopTwo(people: readonly DiscussionInput[]): Set<string> {
  const tally = new Map<string, { total: number; top: number }>();
  for (const p of people) {
    if (!p.eligible || p.lineManager === '' || p.provisionalMarking === null) continue;
    const t = tally.get(p.lineManager) ?? { total: 0, top: 0 };
    t.total += 1;
    if (TOP_TWO.includes(p.provisionalMarking)) t.top += 1;
    tally.set(p.lineManager, t);
  }
  const result = new Set<string>();
  for (const [manager, t] of tally) {
    if (t.total >= MANAGER_PATTERN_MIN_PEOPLE && t.top === t.total) result.add(manager);
  }
  return result;
}

/**
 * Para 59: "If a member of the SCS is marked as 'Partially Met' for two consecutive quarters, their line
 * manager should draw up a performance development plan … If the SCS continues to be marked as 'Partially
 * Met' after this, including as part of their end of year discussion, there will be an expectation that
 * they are placed on formal poor performance measures". Para 67: the final quarterly conversation is the
 * end-year assessment, so the provisional marking counts as the last quarter; the mid-year marking stands
 * for the second quarter's conversation where no Q2 marking is given.
 */
export function partiallyMetRun(
  person: Pick<Person, 'q1Marking' | 'q2Marking' | 'q3Marking' | 'midYearMarking' | 'provisionalMarking'>,
): DiscussionReason | null {
  const conversations: { label: string; marking: BoxMarking | null }[] = [
    { label: 'Q1', marking: person.q1Marking },
    person.q2Marking === null && person.midYearMarking !== null
      ? { label: 'mid-year', marking: person.midYearMarking }
      : { label: 'Q2', marking: person.q2Marking },
    { label: 'Q3', marking: person.q3Marking },
    { label: 'the end-year provisional marking', marking: person.provisionalMarking },
  ];
  let best: string[] = [];
  let current: string[] = [];
  for (const c of conversations) {
    current = c.marking === 'Partially Met' ? [...current, c.label] : [];
    if (current.length > best.length) best = current;
  }
  if (best.length < 2) return null;
  const which = best.length === 2 ? `${best[0]} and ${best[1]}` : `${best.slice(0, -1).join(', ')} and ${best.at(-1)}`;
  if (best.length >= 3) {
    return {
      code: 'poor_performance_expected',
      text: `Partially Met in ${which}: formal poor performance measures expected (para 59)`,
    };
  }
  return {
    code: 'partially_met_two_quarters',
    text: `Partially Met in ${which}: performance development plan and review expected (para 59)`,
  };
}

/**
 * The tool's own suggestion, not a framework rule (the framework says nothing about markings across years):
 * Partially Met again, or Exceeding again, after the same marking last year is worth the panel's attention.
 */
export function sameAsLastYear(
  person: Pick<Person, 'moderatedMarking' | 'provisionalMarking' | 'previousMarking1'>,
): DiscussionReason | null {
  const current = person.moderatedMarking ?? person.provisionalMarking;
  const last = person.previousMarking1 ?? null;
  if (current === null || current !== last) return null;
  if (current === 'Partially Met') {
    return { code: 'partially_met_again', text: 'Partially Met again: also Partially Met last year (the tool’s suggestion)' };
  }
  if (current === 'Exceeding') {
    return { code: 'exceeding_again', text: 'Exceeding again: also Exceeding last year (the tool’s suggestion)' };
  }
  return null;
}

/** Why one person is suggested for discussion (empty when they are not). */
export function discussionReasons(person: DiscussionInput, topTwoManagers: ReadonlySet<string>): DiscussionReason[] {
  if (!person.eligible) return [];
  const reasons: DiscussionReason[] = [];
  const current = person.moderatedMarking ?? person.provisionalMarking;
  if (breaksFinanceRule(person.financeObjective, current)) {
    reasons.push({ code: 'finance_rule', text: `Finance objective not met but marked ${current}` });
  }
  if (current === 'Exceeding' && !hasCorporateContribution(person)) {
    reasons.push({ code: 'exceeding_without_contribution', text: 'Exceeding without corporate contribution evidenced' });
  }
  const quarters = [person.q1Marking, person.q2Marking, person.q3Marking];
  const latest = [...quarters].reverse().find((q): q is BoxMarking => q !== null) ?? null;
  if (latest !== null && person.provisionalMarking !== null) {
    const gap = Math.abs(markingIndex(latest) - markingIndex(person.provisionalMarking));
    if (gap >= 2) {
      reasons.push({
        code: 'quarterly_gap',
        text: `Latest quarterly marking ${latest} is ${gap} boxes from the provisional ${person.provisionalMarking}`,
      });
    }
  }
  const run = partiallyMetRun(person);
  if (run !== null) reasons.push(run);
  if (person.poorPerformanceMeasures) {
    reasons.push({ code: 'poor_performance_measures', text: 'On formal poor performance measures' });
  }
  const again = sameAsLastYear(person);
  if (again !== null) reasons.push(again);
  if (person.lineManager !== '' && topTwoManagers.has(person.lineManager)) {
    reasons.push({
      code: 'manager_all_top_two',
      text: `Every provisional marking from ${person.lineManager} is Exceeding or High Performing`,
    });
  }
  return reasons;
}

/** The "suggested for discussion" list for a whole panel, keyed by staff id. */
export function suggestedForDiscussion(people: readonly DiscussionInput[]): Map<string, DiscussionReason[]> {
  const managers = managersAllTopTwo(people);
  const result = new Map<string, DiscussionReason[]>();
  for (const p of people) {
    const reasons = discussionReasons(p, managers);
    if (reasons.length > 0) result.set(p.staffId, reasons);
  }
  return result;
}

export const AGE_BANDS = ['16-29', '30-39', '40-49', '50-59', '60+'] as const;

/** Age band at the cut-off date, from an ISO date of birth. */
export function ageBandAt(dateOfBirth: string, cutoff: string): string | null {
  const dob = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  const at = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cutoff);
  if (!dob || !at) return null;
  let age = Number(at[1]) - Number(dob[1]);
  if (Number(at[2]) * 100 + Number(at[3]) < Number(dob[2]) * 100 + Number(dob[3])) age -= 1;
  return ageBandForAge(age);
}

export function ageBandForAge(age: number): string | null {
  if (!Number.isFinite(age) || age < 16) return null;
  if (age < 30) return '16-29';
  if (age < 40) return '30-39';
  if (age < 50) return '40-49';
  if (age < 60) return '50-59';
  return '60+';
}

export { defaultEligibilityCutoff, performanceYearLabel } from './performanceYear';

/**
 * Whether this panel moderates a person, and if not why (paras 69-70, FAQ on movers).
 * - Para 69: "Job holders must have been employed by the Civil Service since before the 1st January to be
 *   eligible for moderation in that particular performance year."
 * - Para 70 and the FAQ: "If an individual has joined a new department on or after the 1st January, they
 *   should be moderated in their old department".
 * - Fails closed: with no Civil Service start date the panel cannot tell, so the person is listed apart
 *   (never silently eligible) unless HR confirms that everyone without a date is eligible.
 */
export function eligibilityStatus(
  dates: { csStartDate: string | null; joinedDepartmentDate: string | null },
  cutoff: string,
  options: { assumeEligibleWithoutStartDate?: boolean } = {},
): EligibilityStatus {
  if (dates.csStartDate === null) {
    if (!options.assumeEligibleWithoutStartDate) return 'start_date_unknown';
  } else if (dates.csStartDate >= cutoff) {
    return 'joined_after_cutoff';
  }
  if (dates.joinedDepartmentDate !== null && dates.joinedDepartmentDate >= cutoff) return 'moved_in_after_cutoff';
  return 'eligible';
}

/**
 * The grade a person is moderated at. Para 86: "Where feasible, moderation should be done grade by grade."
 * FAQ on temporary promotion: "the individual is assessed at the grade they have spent the majority of
 * their performance year at", which the optional grade_for_year column gives.
 */
export function gradeForModeration(person: Pick<Person, 'grade' | 'gradeForYear'>): string {
  return person.gradeForYear !== null && person.gradeForYear !== '' ? person.gradeForYear : person.grade;
}

/** Grades in a stable, human order ("SCS1" before "SCS2" before "SCS10"). */
export function compareGrades(a: string, b: string): number {
  return gradeCollator.compare(a, b);
}
const gradeCollator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
