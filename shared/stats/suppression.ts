// The copy of a result that may be shown to anyone other than HR: small groups hidden ("[c]"),
// and every comparison left out that would let someone work a hidden number back out.
//
// Principle: every number left in a shared copy is a function of the groups it shows and of the
// panel totals, so all a reader can learn about hidden groups is their combined counts
// (total − shown), which planSuppression keeps to two or more groups. Hence:
// - a hidden group's n, counts, percentages, rates, ratios and p-values are null;
// - when any compared group is hidden, the tests go too: their exact values depend on how the hidden
//   groups split their combined counts, and with small numbers trying each possible split against a
//   published figure can single out the true one;
// - impact ratios are then taken against the highest rate among the groups shown (HR's copy divides
//   by the highest of all compared groups), so the four-fifths check still reaches the panel;
// - relative likelihoods stay unless the reference group itself is hidden (then rate ÷ ratio
//   would give its rate): they depend only on the group and the reference.
// tests/stats/suppression.test.ts ("stays identical however the hidden groups split") checks the principle: re-splitting the hidden groups'
// people between them never changes the shared copy.

import type { BoxMarking } from '../domain';
import { type BreakdownResult } from './breakdown';
import { type DiscussionResult } from './discussion';
import { type MovementResult } from './movement';
import { topCount } from './boxes';
import { type Rate, belowFourFifths, highestRate, rateRatio } from './ratios';
import { formatPercent } from './rounding';
import { type SizedGroup, type SuppressionReason, planSuppression } from './smallNumbers';

export const SUPPRESSED_CELL = '[c]';
export const NOT_APPLICABLE_CELL = '–';

interface GroupLike {
  group: string;
  n: number | null;
  compared: boolean;
}

function replan(kind: string, result: { audience: 'hr' | 'shared'; threshold: number; groups: GroupLike[] }, threshold: number): Map<string, SuppressionReason> {
  if (result.audience === 'shared') {
    throw new RangeError(`this ${kind} is already the shared copy; suppress HR's result instead`);
  }
  const sized: SizedGroup[] = result.groups.map((g) => {
    if (g.n === null) throw new RangeError(`group "${g.group}" has no n; suppress HR's result instead`);
    return { group: g.group, n: g.n, compared: g.compared };
  });
  return planSuppression(sized, threshold);
}

function cellsNote(threshold: number): string {
  return `Groups of fewer than ${threshold} people show ${SUPPRESSED_CELL}, and so does one more group where only one would, so their numbers cannot be worked out from the totals.`;
}

const TESTS_NOTE =
  "The chi-square and Fisher's exact tests are not shown: they include groups too small to show, and their exact values could let someone work out those groups' numbers.";
const impactNote = (highest: string | null): string =>
  highest === null
    ? 'Impact ratios are not shown: no compared group large enough to show has anyone in the top two boxes.'
    : `Impact ratios here compare each group with the highest group shown (${highest}); groups too small to show are left out of that comparison.`;
const IMPACT_NOTE =
  'Impact ratios are not shown: the highest rate they divide by is taken over every compared group, including groups too small to show.';
const LIKELIHOOD_NOTE = 'Relative likelihoods are not shown: the reference group is too small to show, and the ratios would reveal its rates.';

/** The breakdown as the panel may see it. `threshold` defaults to the one the result was made with. */
export function suppressBreakdown(result: BreakdownResult, threshold: number = result.threshold): BreakdownResult {
  const reasons = replan('breakdown', result, threshold);
  const isHidden = (group: string | null): boolean => group !== null && reasons.has(group);
  const testsHidden = result.groups.some((g) => g.compared && reasons.has(g.group));
  const likelihoodHidden = isHidden(result.reference_group);
  // With a compared group hidden, the impact ratio's denominator becomes the highest group shown.
  const topRate = (g: BreakdownResult['groups'][number]): Rate => ({ count: g.counts ? topCount(g.counts) : 0, n: g.n ?? 0 });
  const shownCompared = result.groups.filter((g) => g.compared && !reasons.has(g.group) && g.counts !== null && (g.n ?? 0) > 0);
  const shownHighest = testsHidden ? highestRate(shownCompared, topRate) : null;
  const shownBest = shownHighest !== null && topRate(shownHighest).count > 0 ? shownHighest : null;
  const impactHidden = testsHidden && shownBest === null;
  const impactOf = (g: BreakdownResult['groups'][number]): { ratio: number | null; flagged: boolean } => {
    if (!testsHidden) return { ratio: g.top_impact_ratio, flagged: g.flags.some((f) => f.kind === 'top_impact_ratio') };
    if (shownBest === null || !g.compared || (g.n ?? 0) === 0) return { ratio: null, flagged: false };
    return { ratio: rateRatio(topRate(g), topRate(shownBest)), flagged: belowFourFifths(topRate(g), topRate(shownBest)) };
  };

  const groups = result.groups.map((g) => {
    const reason = reasons.get(g.group) ?? null;
    if (reason !== null) {
      return {
        ...g,
        n: null, suppressed: true, suppression_reason: reason, counts: null, percent: null,
        top_rate: null, bottom_rate: null, top_impact_ratio: null, top_relative_likelihood: null,
        bottom_relative_likelihood: null, fisher_top_p: null, fisher_bottom_p: null, flags: [],
      };
    }
    return {
      ...g,
      suppressed: false,
      suppression_reason: null,
      counts: g.counts === null ? null : { ...g.counts },
      percent: g.percent === null ? null : { ...g.percent },
      top_impact_ratio: impactOf(g).ratio,
      top_relative_likelihood: likelihoodHidden ? null : g.top_relative_likelihood,
      bottom_relative_likelihood: likelihoodHidden ? null : g.bottom_relative_likelihood,
      fisher_top_p: testsHidden ? null : g.fisher_top_p,
      fisher_bottom_p: testsHidden ? null : g.fisher_bottom_p,
      flags: [
        ...(impactOf(g).flagged && impactOf(g).ratio !== null ? [{ kind: 'top_impact_ratio' as const, value: impactOf(g).ratio as number }] : []),
        ...g.flags.filter((f) => f.kind !== 'top_impact_ratio' && !likelihoodHidden),
      ],
    };
  });

  return {
    ...result,
    threshold,
    audience: 'shared',
    reference_group: likelihoodHidden ? null : result.reference_group,
    highest_top_group: testsHidden ? (shownBest?.group ?? null) : result.highest_top_group,
    totals: { ...result.totals },
    groups,
    chi_square: testsHidden || result.chi_square === null ? null : { ...result.chi_square },
    preferFisher: testsHidden ? false : result.preferFisher,
    preferFisherReason: testsHidden ? null : result.preferFisherReason,
    withheld: [
      ...(reasons.size > 0 ? [cellsNote(threshold)] : []),
      ...(testsHidden ? [TESTS_NOTE] : []),
      ...(testsHidden ? [impactNote(shownBest?.group ?? null)] : []),
      ...(likelihoodHidden ? [LIKELIHOOD_NOTE] : []),
    ],
  };
}

/** Movement at moderation as the panel may see it; same rules as suppressBreakdown. */
export function suppressMovement(result: MovementResult, threshold: number = result.threshold): MovementResult {
  const reasons = replan('movement summary', result, threshold);
  const isHidden = (group: string | null): boolean => group !== null && reasons.has(group);
  const testsHidden = result.groups.some((g) => g.compared && reasons.has(g.group));
  const likelihoodHidden = isHidden(result.reference_group);
  // As for breakdowns: with a compared group hidden, divide by the highest group shown.
  const notMovedDown = (g: MovementResult['groups'][number]): Rate => ({ count: (g.n ?? 0) - (g.moved_down ?? 0), n: g.n ?? 0 });
  const shownCompared = result.groups.filter((g) => g.compared && !reasons.has(g.group) && (g.n ?? 0) > 0);
  const shownHighest = testsHidden ? highestRate(shownCompared, notMovedDown) : null;
  const shownBest = shownHighest !== null && notMovedDown(shownHighest).count > 0 ? shownHighest : null;
  const impactOf = (g: MovementResult['groups'][number]): { ratio: number | null; flagged: boolean } => {
    if (!testsHidden) return { ratio: g.not_moved_down_impact_ratio, flagged: g.flags.some((f) => f.kind === 'not_moved_down_impact_ratio') };
    if (shownBest === null || !g.compared || (g.n ?? 0) === 0) return { ratio: null, flagged: false };
    return { ratio: rateRatio(notMovedDown(g), notMovedDown(shownBest)), flagged: belowFourFifths(notMovedDown(g), notMovedDown(shownBest)) };
  };
  const groups = result.groups.map((g) => {
    const reason = reasons.get(g.group) ?? null;
    if (reason !== null) {
      return {
        ...g,
        n: null, suppressed: true, suppression_reason: reason, moved_up: null, moved_down: null, unchanged: null,
        moved_up_rate: null, moved_down_rate: null, not_moved_down_impact_ratio: null,
        moved_down_relative_likelihood: null, fisher_moved_down_p: null, flags: [],
      };
    }
    return {
      ...g,
      suppressed: false,
      suppression_reason: null,
      not_moved_down_impact_ratio: impactOf(g).ratio,
      moved_down_relative_likelihood: likelihoodHidden ? null : g.moved_down_relative_likelihood,
      fisher_moved_down_p: testsHidden ? null : g.fisher_moved_down_p,
      flags: [
        ...(impactOf(g).flagged && impactOf(g).ratio !== null
          ? [{ kind: 'not_moved_down_impact_ratio' as const, value: impactOf(g).ratio as number }]
          : []),
        ...g.flags.filter((f) => f.kind !== 'not_moved_down_impact_ratio' && !likelihoodHidden),
      ],
    };
  });
  return {
    ...result,
    threshold,
    audience: 'shared',
    reference_group: likelihoodHidden ? null : result.reference_group,
    highest_not_moved_down_group: testsHidden ? (shownBest?.group ?? null) : result.highest_not_moved_down_group,
    groups,
    withheld: [
      ...(reasons.size > 0 ? [cellsNote(threshold)] : []),
      ...(testsHidden ? [TESTS_NOTE.replace('chi-square and ', '')] : []),
      ...(testsHidden ? [impactNote(shownBest?.group ?? null).replace('in the top two boxes', 'left unmoved or moved up')] : []),
      ...(likelihoodHidden ? [LIKELIHOOD_NOTE] : []),
    ],
  };
}

/** Discussion time as the panel may see it; same rules (medians count as rates). */
export function suppressDiscussion(result: DiscussionResult, threshold: number = result.threshold): DiscussionResult {
  const reasons = replan('discussion summary', result, threshold);
  const isHidden = (group: string | null): boolean => group !== null && reasons.has(group);
  const impactHidden = result.groups.some((g) => g.compared && reasons.has(g.group));
  const likelihoodHidden = isHidden(result.reference_group);
  const groups = result.groups.map((g) => {
    const reason = reasons.get(g.group) ?? null;
    if (reason !== null) {
      return {
        ...g,
        n: null, suppressed: true, suppression_reason: reason, discussed: null, discussed_rate: null,
        median_seconds: null, discussed_impact_ratio: null, discussed_relative_likelihood: null,
        median_seconds_ratio: null, flags: [],
      };
    }
    // A median over fewer people than the threshold is close to one person's own time (with one person
    // discussed, it is exactly theirs), so it is withheld even where the group itself is shown.
    const fewDiscussed = g.discussed !== null && g.discussed < threshold;
    const referenceFew = result.groups.some((r) => r.group === result.reference_group && r.discussed !== null && r.discussed < threshold);
    return {
      ...g,
      suppressed: false,
      suppression_reason: null,
      median_seconds: fewDiscussed ? null : g.median_seconds,
      discussed_impact_ratio: impactHidden ? null : g.discussed_impact_ratio,
      discussed_relative_likelihood: likelihoodHidden ? null : g.discussed_relative_likelihood,
      median_seconds_ratio: likelihoodHidden || fewDiscussed || referenceFew ? null : g.median_seconds_ratio,
      flags: g.flags.filter((f) =>
        f.kind === 'discussed_impact_ratio' ? !impactHidden : f.kind === 'median_seconds_ratio' ? !(likelihoodHidden || fewDiscussed || referenceFew) : !likelihoodHidden,
      ),
    };
  });
  return {
    ...result,
    threshold,
    audience: 'shared',
    reference_group: likelihoodHidden ? null : result.reference_group,
    highest_discussed_group: impactHidden ? null : result.highest_discussed_group,
    groups,
    withheld: [
      ...(reasons.size > 0 ? [cellsNote(threshold)] : []),
      ...(impactHidden ? [IMPACT_NOTE] : []),
      ...(likelihoodHidden ? [LIKELIHOOD_NOTE] : []),
    ],
  };
}

/**
 * What a table cell shows outside HR: "[c]" for a hidden group, "–" where a number does not
 * apply, otherwise the formatted value. HR's own view formats its numbers directly.
 */
export function displayCell(
  group: { suppressed: boolean },
  value: number | null | undefined,
  format: (value: number) => string = String,
): string {
  if (group.suppressed) return SUPPRESSED_CELL;
  return value === null || value === undefined ? NOT_APPLICABLE_CELL : format(value);
}

/** A box's percentage cell, rounded half up from the exact counts ("3%" for 1 of 40). */
export function displayPercentCell(
  group: { suppressed: boolean; n: number | null; counts: Record<BoxMarking, number> | null },
  box: BoxMarking,
): string {
  if (group.suppressed) return SUPPRESSED_CELL;
  if (group.n === null || group.n === 0 || group.counts === null) return NOT_APPLICABLE_CELL;
  return formatPercent(group.counts[box], group.n);
}
