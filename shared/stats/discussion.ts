// Discussion time by group: did each group get its share of the panel's attention? Per group the
// share of people discussed and the median time among those discussed, with the same ratio flags.

import { DEFAULT_NOT_COMPARED_GROUPS, chooseReferenceGroup, compareGroupOrder, groupName, isComparedGroup } from './groups';
import { LIKELIHOOD_RANGE, type Rate, belowFourFifths, highestRate, outsideLikelihoodRange, rateRatio, rateValue } from './ratios';
import { DEFAULT_SUPPRESSION_THRESHOLD, type SuppressionReason, planSuppression } from './smallNumbers';

export interface DiscussionEntry {
  group: string;
  /** Null or 0: not discussed. */
  discussedSeconds: number | null;
}

export interface DiscussionOptions {
  characteristic: string;
  threshold?: number;
  notComparedGroups?: readonly string[];
  referenceGroup?: string | null;
}

export type DiscussionFlagKind = 'discussed_impact_ratio' | 'discussed_relative_likelihood' | 'median_seconds_ratio';

export interface DiscussionGroup {
  group: string;
  n: number | null;
  compared: boolean;
  suppressed: boolean;
  suppression_reason: SuppressionReason | null;
  discussed: number | null;
  discussed_rate: number | null;
  /** Median seconds among the people discussed; null when nobody was. */
  median_seconds: number | null;
  /** Share discussed ÷ the highest share among compared groups (four-fifths rule). */
  discussed_impact_ratio: number | null;
  /** Share discussed ÷ the reference group's share. */
  discussed_relative_likelihood: number | null;
  /** Median seconds ÷ the reference group's median; flagged outside 0.80–1.25 like a likelihood. */
  median_seconds_ratio: number | null;
  flags: { kind: DiscussionFlagKind; value: number }[];
}

export interface DiscussionResult {
  characteristic: string;
  threshold: number;
  audience: 'hr' | 'shared';
  reference_group: string | null;
  reference_note: string | null;
  highest_discussed_group: string | null;
  groups: DiscussionGroup[];
  withheld: string[];
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

export function summariseDiscussion(entries: readonly DiscussionEntry[], options: DiscussionOptions): DiscussionResult {
  const threshold = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const notCompared = options.notComparedGroups ?? DEFAULT_NOT_COMPARED_GROUPS;
  const byGroup = new Map<string, { group: string; compared: boolean; n: number; seconds: number[] }>();
  for (const entry of entries) {
    const group = groupName(entry.group);
    let tally = byGroup.get(group);
    if (tally === undefined) {
      tally = { group, compared: isComparedGroup(group, notCompared), n: 0, seconds: [] };
      byGroup.set(group, tally);
    }
    tally.n += 1;
    if (entry.discussedSeconds !== null && entry.discussedSeconds > 0) tally.seconds.push(entry.discussedSeconds);
  }
  const tallies = [...byGroup.values()].sort(compareGroupOrder);
  const compared = tallies.filter((t) => t.compared);
  const discussedOf = (t: { n: number; seconds: number[] }): Rate => ({ count: t.seconds.length, n: t.n });
  const { reference: referenceName, note: referenceNote } = chooseReferenceGroup(tallies, options.referenceGroup);
  const reference = compared.find((t) => t.group === referenceName) ?? null;
  const highest = highestRate(compared, discussedOf);
  const referenceMedian = reference === null ? null : median(reference.seconds);
  const suppression = planSuppression(tallies, threshold);

  const groups = tallies.map((t): DiscussionGroup => {
    const rate = discussedOf(t);
    const groupMedian = median(t.seconds);
    const impact = t.compared && highest !== null ? rateRatio(rate, discussedOf(highest)) : null;
    const likelihood = t.compared && reference !== null ? rateRatio(rate, discussedOf(reference)) : null;
    const medianRatio =
      t.compared && groupMedian !== null && referenceMedian !== null && referenceMedian > 0 ? groupMedian / referenceMedian : null;
    const flags: DiscussionGroup['flags'] = [];
    if (impact !== null && highest !== null && belowFourFifths(rate, discussedOf(highest))) {
      flags.push({ kind: 'discussed_impact_ratio', value: impact });
    }
    if (likelihood !== null && reference !== null && outsideLikelihoodRange(rate, discussedOf(reference))) {
      flags.push({ kind: 'discussed_relative_likelihood', value: likelihood });
    }
    if (medianRatio !== null && (medianRatio < LIKELIHOOD_RANGE.low || medianRatio > LIKELIHOOD_RANGE.high)) {
      flags.push({ kind: 'median_seconds_ratio', value: medianRatio });
    }
    return {
      group: t.group,
      n: t.n,
      compared: t.compared,
      suppressed: suppression.has(t.group),
      suppression_reason: suppression.get(t.group) ?? null,
      discussed: t.seconds.length,
      discussed_rate: rateValue(rate),
      median_seconds: groupMedian,
      discussed_impact_ratio: impact,
      discussed_relative_likelihood: likelihood,
      median_seconds_ratio: medianRatio,
      flags,
    };
  });

  return {
    characteristic: options.characteristic,
    threshold,
    audience: 'hr',
    reference_group: reference?.group ?? null,
    reference_note: referenceNote,
    highest_discussed_group: highest !== null && highest.seconds.length > 0 ? highest.group : null,
    groups,
    withheld: [],
  };
}
