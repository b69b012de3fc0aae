// Movement at moderation: per group, the share moved up and moved down from the provisional
// marking to the moderated one, with the four-fifths rule and relative likelihood on "moved down".

import { type BoxMarking, markingIndex } from '../domain';
import { fisherExactTwoSided } from './fisher';
import { DEFAULT_NOT_COMPARED_GROUPS, chooseReferenceGroup, compareGroupOrder, groupName, isComparedGroup } from './groups';
import { type Rate, belowFourFifths, highestRate, outsideLikelihoodRange, rateRatio, rateValue } from './ratios';
import { DEFAULT_SUPPRESSION_THRESHOLD, type SuppressionReason, planSuppression } from './smallNumbers';

export interface MovementEntry {
  group: string;
  provisional: BoxMarking | null;
  moderated: BoxMarking | null;
}

export interface MovementOptions {
  characteristic: string;
  threshold?: number;
  notComparedGroups?: readonly string[];
  referenceGroup?: string | null;
}

export type MovementFlagKind = 'not_moved_down_impact_ratio' | 'moved_down_relative_likelihood';

export interface MovementFlag {
  kind: MovementFlagKind;
  value: number;
}

export interface MovementGroup {
  group: string;
  /** People with both a provisional and a moderated marking. */
  n: number | null;
  compared: boolean;
  suppressed: boolean;
  suppression_reason: SuppressionReason | null;
  moved_up: number | null;
  moved_down: number | null;
  unchanged: number | null;
  moved_up_rate: number | null;
  moved_down_rate: number | null;
  not_moved_down_impact_ratio: number | null;
  moved_down_relative_likelihood: number | null;
  /** This group against the other compared groups, moved down or not. */
  fisher_moved_down_p: number | null;
  flags: MovementFlag[];
}

export interface MovementResult {
  characteristic: string;
  threshold: number;
  audience: 'hr' | 'shared';
  reference_group: string | null;
  reference_note: string | null;
  /** The compared group least often moved down: the denominator of every not_moved_down_impact_ratio. */
  highest_not_moved_down_group: string | null;
  population: number;
  /** People left out because either marking is missing. */
  left_out: number;
  groups: MovementGroup[];
  withheld: string[];
}

interface Tally {
  group: string;
  compared: boolean;
  n: number;
  up: number;
  down: number;
}

const downOf = (t: Tally): Rate => ({ count: t.down, n: t.n });
const notDownOf = (t: Tally): Rate => ({ count: t.n - t.down, n: t.n });

/**
 * The four-fifths rule is defined on a favourable outcome, so it is applied to "not moved down":
 * a group's not-moved-down rate ÷ the highest not-moved-down rate among compared groups. Dividing
 * moved-down rates by the lowest one instead would divide by zero whenever some group had nobody
 * moved down, which is the usual case. Because most people are not moved down, this ratio rarely
 * falls below 0.80; the relative likelihood of being moved down (÷ the reference group's rate)
 * is the sharper signal and is reported beside it.
 */
export function computeMovement(entries: readonly MovementEntry[], options: MovementOptions): MovementResult {
  const threshold = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const notCompared = options.notComparedGroups ?? DEFAULT_NOT_COMPARED_GROUPS;
  const byGroup = new Map<string, Tally>();
  let leftOut = 0;
  for (const entry of entries) {
    if (entry.provisional === null || entry.moderated === null) {
      leftOut += 1;
      continue;
    }
    const group = groupName(entry.group);
    let tally = byGroup.get(group);
    if (tally === undefined) {
      tally = { group, compared: isComparedGroup(group, notCompared), n: 0, up: 0, down: 0 };
      byGroup.set(group, tally);
    }
    tally.n += 1;
    const change = markingIndex(entry.provisional) - markingIndex(entry.moderated);
    if (change > 0) tally.up += 1; // a lower index is a better box
    if (change < 0) tally.down += 1;
  }
  const tallies = [...byGroup.values()].sort(compareGroupOrder);
  const compared = tallies.filter((t) => t.compared);
  const { reference: referenceName, note: referenceNote } = chooseReferenceGroup(tallies, options.referenceGroup);
  const reference = compared.find((t) => t.group === referenceName) ?? null;
  const highest = highestRate(compared, notDownOf);
  const comparedN = compared.reduce((sum, t) => sum + t.n, 0);
  const comparedDown = compared.reduce((sum, t) => sum + t.down, 0);
  const suppression = planSuppression(tallies, threshold);

  const groups = tallies.map((t): MovementGroup => {
    const impact = t.compared && highest !== null ? rateRatio(notDownOf(t), notDownOf(highest)) : null;
    const likelihood = t.compared && reference !== null ? rateRatio(downOf(t), downOf(reference)) : null;
    const flags: MovementFlag[] = [];
    if (impact !== null && highest !== null && belowFourFifths(notDownOf(t), notDownOf(highest))) {
      flags.push({ kind: 'not_moved_down_impact_ratio', value: impact });
    }
    if (likelihood !== null && reference !== null && outsideLikelihoodRange(downOf(t), downOf(reference))) {
      flags.push({ kind: 'moved_down_relative_likelihood', value: likelihood });
    }
    const othersN = comparedN - t.n;
    const othersDown = comparedDown - t.down;
    return {
      group: t.group,
      n: t.n,
      compared: t.compared,
      suppressed: suppression.has(t.group),
      suppression_reason: suppression.get(t.group) ?? null,
      moved_up: t.up,
      moved_down: t.down,
      unchanged: t.n - t.up - t.down,
      moved_up_rate: rateValue({ count: t.up, n: t.n }),
      moved_down_rate: rateValue(downOf(t)),
      not_moved_down_impact_ratio: impact,
      moved_down_relative_likelihood: likelihood,
      fisher_moved_down_p:
        t.compared && compared.length >= 2
          ? fisherExactTwoSided([[t.down, t.n - t.down], [othersDown, othersN - othersDown]])
          : null,
      flags,
    };
  });

  return {
    characteristic: options.characteristic,
    threshold,
    audience: 'hr',
    reference_group: reference?.group ?? null,
    reference_note: referenceNote,
    highest_not_moved_down_group: highest !== null && highest.n - highest.down > 0 ? highest.group : null,
    population: entries.length - leftOut,
    left_out: leftOut,
    groups,
    withheld: [],
  };
}

/** Movement input for one characteristic from people with both markings (Person fits). */
export function movementEntriesFromPeople<
  P extends { characteristics: Record<string, string>; provisionalMarking: BoxMarking | null; moderatedMarking: BoxMarking | null },
>(people: readonly P[], characteristic: string): MovementEntry[] {
  return people.map((person) => ({
    group: groupName(person.characteristics[characteristic]),
    provisional: person.provisionalMarking,
    moderated: person.moderatedMarking,
  }));
}
