// The moderation rules (DOMAIN.md, Annex D and paras 18, 34, 59, 81) as pure functions.
// The service, the importer and the UI all ask these, so each rule exists once.

import {
  type BoxMarking,
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
export const EXCEEDING_ACK_MESSAGE =
  'Exceeding requires a significant corporate contribution beyond the business unit (paras 18 and 34), and none is evidenced';

/** Finance/efficiency objective Not met → nothing above Achieving. */
export function breaksFinanceRule(financeObjective: FinanceObjective, marking: BoxMarking | null): boolean {
  return financeObjective === 'Not met' && marking !== null && isAbove(marking, 'Achieving');
}

/** Can this person be placed in `target`? Says whether a reason or an acknowledgement is needed. */
export function checkMove(
  person: Pick<Person, 'name' | 'financeObjective' | 'corporateContribution' | 'provisionalMarking' | 'eligible'>,
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
    needsAcknowledgement: target === 'Exceeding' && !person.corporateContribution ? EXCEEDING_ACK_MESSAGE : null,
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
  | 'poor_performance_measures'
  | 'manager_all_top_two';

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
  | 'financeObjective'
  | 'corporateContribution'
  | 'poorPerformanceMeasures'
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

/** Why one person is suggested for discussion (empty when they are not). */
export function discussionReasons(person: DiscussionInput, topTwoManagers: ReadonlySet<string>): DiscussionReason[] {
  if (!person.eligible) return [];
  const reasons: DiscussionReason[] = [];
  const current = person.moderatedMarking ?? person.provisionalMarking;
  if (breaksFinanceRule(person.financeObjective, current)) {
    reasons.push({ code: 'finance_rule', text: `Finance objective not met but marked ${current}` });
  }
  if (current === 'Exceeding' && !person.corporateContribution) {
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
  for (let i = 0; i + 1 < quarters.length; i++) {
    if (quarters[i] === 'Partially Met' && quarters[i + 1] === 'Partially Met') {
      reasons.push({
        code: 'partially_met_two_quarters',
        text: `Partially Met in Q${i + 1} and Q${i + 2}: performance development plan expected (para 59)`,
      });
      break;
    }
  }
  if (person.poorPerformanceMeasures) {
    reasons.push({ code: 'poor_performance_measures', text: 'On formal poor performance measures' });
  }
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

/** Eligible to be moderated here: in the Civil Service since before the cut-off (paras 69-70). Unknown start counts as eligible. */
export function isEligible(csStartDate: string | null, cutoff: string): boolean {
  return csStartDate === null || csStartDate < cutoff;
}

/**
 * The performance year runs April to March and is named by the year it starts (2025 = 2025/26), so the
 * 1 January inside it falls in the following calendar year.
 */
export function defaultEligibilityCutoff(performanceYear: number): string {
  return `${performanceYear + 1}-01-01`;
}

export function performanceYearLabel(performanceYear: number): string {
  return `${performanceYear}/${String((performanceYear + 1) % 100).padStart(2, '0')}`;
}
