// Which groups a table must hide from anyone but HR: the small-numbers rule and its secondary
// suppression. Pure decision only; suppression.ts applies it to results.

import { compareGroupNames } from './groups';

export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

export type SuppressionReason = 'below_threshold' | 'secondary';

export interface SizedGroup {
  group: string;
  n: number;
  compared: boolean;
}

export function checkThreshold(threshold: number): void {
  if (!Number.isSafeInteger(threshold) || threshold < 0) {
    throw new RangeError(`the suppression threshold must be a whole number ≥ 0; got ${threshold}`);
  }
}

/**
 * Groups with n below the threshold are hidden. A table is always shown with the panel total
 * (everyone in the room knows how many people the panel moderated and the overall distribution),
 * so a lone hidden group could be worked out as total − the groups shown. Where exactly one group
 * is hidden, one more is hidden with it, and the total then gives only the two (or more) hidden
 * groups' combined counts.
 *
 * The second group is the next smallest, except that when the lone hidden group is not compared
 * ("Prefer not to say" …) and another not-compared group is shown, the smallest of those is
 * hidden instead: that protects just as well and keeps every compared group, and so the tests,
 * visible. Ties for smallest go to the first alphabetically.
 *
 * What the total still tells: the hidden groups' combined counts per box. Where those are all in
 * one box (or a box is 0), everyone hidden shares that fact. A one-group table is its own total,
 * so hiding it protects nothing; callers should not share a breakdown in which everyone is in
 * one group smaller than the threshold.
 */
export function planSuppression(groups: readonly SizedGroup[], threshold: number): Map<string, SuppressionReason> {
  checkThreshold(threshold);
  const reasons = new Map<string, SuppressionReason>();
  for (const g of groups) if (g.n < threshold) reasons.set(g.group, 'below_threshold');
  if (reasons.size !== 1) return reasons;

  const lone = groups.find((g) => reasons.has(g.group));
  const shown = groups
    .filter((g) => !reasons.has(g.group))
    .sort((a, b) => a.n - b.n || compareGroupNames(a.group, b.group));
  const partner = (lone !== undefined && !lone.compared ? shown.find((g) => !g.compared) : undefined) ?? shown[0];
  if (partner !== undefined) reasons.set(partner.group, 'secondary');
  return reasons;
}
