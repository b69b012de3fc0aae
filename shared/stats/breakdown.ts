// The fairness breakdown of one characteristic at one stage: per group counts, rates, impact
// ratio, relative likelihood and Fisher's tests, plus the overall chi-square test. HR's view:
// every number is present; suppression.ts makes the copy shown to anyone else.

import { BOX_MARKINGS, type BoxMarking } from '../domain';
import { type BoxCounts, type BoxShares, addBoxCounts, boxPercents, bottomCount, emptyBoxCounts, topCount } from './boxes';
import { type ChiSquareResult, pearsonChiSquare } from './chiSquare';
import { fisherExactTwoSided } from './fisher';
import { DEFAULT_NOT_COMPARED_GROUPS, chooseReferenceGroup, compareGroupOrder, groupName, isComparedGroup } from './groups';
import { type Rate, belowFourFifths, highestRate, outsideLikelihoodRange, rateRatio, rateValue } from './ratios';
import { formatHalfUp } from './rounding';
import { DEFAULT_SUPPRESSION_THRESHOLD, type SuppressionReason, planSuppression } from './smallNumbers';

export interface MarkingEntry {
  group: string;
  marking: BoxMarking;
}

export interface BreakdownOptions {
  characteristic: string;
  stage: string;
  /** Groups with fewer people are hidden outside HR (default 5). */
  threshold?: number;
  /** Shown but not compared (default DEFAULT_NOT_COMPARED_GROUPS; case-insensitive). */
  notComparedGroups?: readonly string[];
  /** Reference for relative likelihood; default the largest compared group. */
  referenceGroup?: string | null;
}

export type BreakdownFlagKind = 'top_impact_ratio' | 'top_relative_likelihood' | 'bottom_relative_likelihood';

export interface BreakdownFlag {
  kind: BreakdownFlagKind;
  value: number;
}

/** One group. Numbers are null where undefined (rate of 0 in the denominator, not compared) or hidden. */
export interface BreakdownGroup {
  group: string;
  n: number | null;
  compared: boolean;
  /** Hidden outside HR; in HR's view the numbers are still here. */
  suppressed: boolean;
  suppression_reason: SuppressionReason | null;
  counts: BoxCounts | null;
  percent: BoxShares | null;
  top_rate: number | null;
  bottom_rate: number | null;
  top_impact_ratio: number | null;
  top_relative_likelihood: number | null;
  bottom_relative_likelihood: number | null;
  fisher_top_p: number | null;
  fisher_bottom_p: number | null;
  flags: BreakdownFlag[];
}

export interface BreakdownResult {
  characteristic: string;
  stage: string;
  threshold: number;
  /** 'hr': everything; 'shared': made by suppressBreakdown, safe for the panel. */
  audience: 'hr' | 'shared';
  reference_group: string | null;
  reference_note: string | null;
  /** The compared group with the highest top rate: the denominator of every top_impact_ratio. */
  highest_top_group: string | null;
  /** Everyone counted, compared or not. */
  population: number;
  /** The total row: the panel's own distribution. */
  totals: BoxCounts;
  groups: BreakdownGroup[];
  chi_square: ChiSquareResult | null;
  /** Some expected count is below 5: lead with each group's Fisher's exact test. */
  preferFisher: boolean;
  preferFisherReason: string | null;
  /** What the shared copy leaves out and why; empty in HR's view. */
  withheld: string[];
}

interface Tally {
  group: string;
  compared: boolean;
  counts: BoxCounts;
  n: number;
}

const topOf = (t: Tally): Rate => ({ count: topCount(t.counts), n: t.n });
const bottomOf = (t: Tally): Rate => ({ count: bottomCount(t.counts), n: t.n });

/** Everyone with a marking at this stage, by group. */
export function computeBreakdown(entries: readonly MarkingEntry[], options: BreakdownOptions): BreakdownResult {
  const threshold = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const notCompared = options.notComparedGroups ?? DEFAULT_NOT_COMPARED_GROUPS;

  const byGroup = new Map<string, Tally>();
  const totals = emptyBoxCounts();
  for (const entry of entries) {
    const group = groupName(entry.group);
    let tally = byGroup.get(group);
    if (tally === undefined) {
      tally = { group, compared: isComparedGroup(group, notCompared), counts: emptyBoxCounts(), n: 0 };
      byGroup.set(group, tally);
    }
    tally.counts[entry.marking] += 1;
    tally.n += 1;
    totals[entry.marking] += 1;
  }
  const tallies = [...byGroup.values()].sort(compareGroupOrder);
  const compared = tallies.filter((t) => t.compared);

  const { reference: referenceName, note: referenceNote } = chooseReferenceGroup(tallies, options.referenceGroup);
  const reference = compared.find((t) => t.group === referenceName) ?? null;
  // compared is alphabetical, so a tie for the highest rate goes to the first alphabetically.
  const highest = highestRate(compared, topOf);
  const testable = compared.length >= 2;
  const comparedTotals = emptyBoxCounts();
  for (const t of compared) addBoxCounts(comparedTotals, t.counts);
  const comparedN = compared.reduce((sum, t) => sum + t.n, 0);
  const suppression = planSuppression(tallies, threshold);

  const groups = tallies.map((t): BreakdownGroup => {
    const top = topOf(t);
    const bottom = bottomOf(t);
    const topImpact = t.compared && highest !== null ? rateRatio(top, topOf(highest)) : null;
    const topLikelihood = t.compared && reference !== null ? rateRatio(top, topOf(reference)) : null;
    const bottomLikelihood = t.compared && reference !== null ? rateRatio(bottom, bottomOf(reference)) : null;
    const flags: BreakdownFlag[] = [];
    if (topImpact !== null && highest !== null && belowFourFifths(top, topOf(highest))) {
      flags.push({ kind: 'top_impact_ratio', value: topImpact });
    }
    if (topLikelihood !== null && reference !== null && outsideLikelihoodRange(top, topOf(reference))) {
      flags.push({ kind: 'top_relative_likelihood', value: topLikelihood });
    }
    if (bottomLikelihood !== null && reference !== null && outsideLikelihoodRange(bottom, bottomOf(reference))) {
      flags.push({ kind: 'bottom_relative_likelihood', value: bottomLikelihood });
    }
    const others = { n: comparedN - t.n, top: topCount(comparedTotals) - top.count, bottom: bottomCount(comparedTotals) - bottom.count };
    return {
      group: t.group,
      n: t.n,
      compared: t.compared,
      suppressed: suppression.has(t.group),
      suppression_reason: suppression.get(t.group) ?? null,
      counts: { ...t.counts },
      percent: boxPercents(t.counts, t.n),
      top_rate: rateValue(top),
      bottom_rate: rateValue(bottom),
      top_impact_ratio: topImpact,
      top_relative_likelihood: topLikelihood,
      bottom_relative_likelihood: bottomLikelihood,
      // This group against all the other compared groups together.
      fisher_top_p:
        t.compared && testable
          ? fisherExactTwoSided([[top.count, t.n - top.count], [others.top, others.n - others.top]])
          : null,
      fisher_bottom_p:
        t.compared && testable
          ? fisherExactTwoSided([[bottom.count, t.n - bottom.count], [others.bottom, others.n - others.bottom]])
          : null,
      flags,
    };
  });

  const chiSquare = pearsonChiSquare(compared.map((t) => BOX_MARKINGS.map((box) => t.counts[box])));
  const preferFisher = chiSquare !== null && chiSquare.min_expected < 5;
  return {
    characteristic: options.characteristic,
    stage: options.stage,
    threshold,
    audience: 'hr',
    reference_group: reference?.group ?? null,
    reference_note: referenceNote,
    highest_top_group: highest !== null && topOf(highest).count > 0 ? highest.group : null,
    population: entries.length,
    totals,
    groups,
    chi_square: chiSquare,
    preferFisher,
    preferFisherReason: preferFisher
      ? `The smallest expected count in the chi-square test is ${formatHalfUp(chiSquare.min_expected, 1)}, below 5, so its p-value is only approximate; lead with each group's Fisher's exact test.`
      : null,
    withheld: [],
  };
}

/** Someone with characteristics, as the panel holds them (Person fits). */
export interface PersonWithCharacteristics {
  characteristics: Record<string, string>;
}

/**
 * Breakdown input for one characteristic at one stage. `markingOf` picks the stage's marking
 * (e.g. p => p.moderatedMarking); people without one at that stage are left out.
 */
export function markingEntriesFromPeople<P extends PersonWithCharacteristics>(
  people: readonly P[],
  characteristic: string,
  markingOf: (person: P) => BoxMarking | null,
): MarkingEntry[] {
  return people.flatMap((person) => {
    const marking = markingOf(person);
    return marking === null ? [] : [{ group: groupName(person.characteristics[characteristic]), marking }];
  });
}
