// Plain-English sentences for each flag and for the overall test, so a panel reads what a number
// means ("0.62 times as likely … about 1 time in 50") rather than being left with the number.

import { type BreakdownFlag, type BreakdownGroup, type BreakdownResult } from './breakdown';
import { type MovementFlag, type MovementGroup, type MovementResult } from './movement';
import { FOUR_FIFTHS, LIKELIHOOD_RANGE } from './ratios';
import { formatHalfUp, formatWholeNumber } from './rounding';

/** Names the people in a group, e.g. "Staff aged 50–59"; default "Staff whose {label} is {group}". */
export type DescribeGroup = (group: string) => string;

const TOP_OUTCOME = 'marked Exceeding or High Performing';
const BOTTOM_OUTCOME = 'marked Partially Met';

/** "p = 0.02", "p = 0.004", "p < 0.001". */
export function formatPValue(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${formatHalfUp(p, p < 0.01 ? 3 : 2)}`;
}

/** How often chance alone would give a difference this large, in words. */
function chanceWords(p: number): string {
  if (p < 0.001) return 'would arise by chance less than 1 time in 1,000';
  if (p < 0.5) return `would arise by chance about 1 time in ${formatWholeNumber(1 / p)}`;
  return 'could easily arise by chance';
}

/** "a difference this large would arise by chance about 1 time in 50 (Fisher's exact test, p = 0.02)". */
export function chancePhrase(p: number, test: string): string {
  return `a difference this large ${chanceWords(p)} (${test}, ${formatPValue(p)})`;
}

/**
 * A ratio to two decimals, or more where two would round a flagged value onto the threshold
 * (0.7996 is flagged; "0.80" would read as not).
 */
export function formatRatio(value: number, flagged: (shown: number) => boolean = () => true): string {
  let text = formatHalfUp(value, 2);
  for (let places = 3; places <= 6 && !flagged(Number(text)); places++) text = formatHalfUp(value, places);
  return text;
}

const belowFourFifths = (shown: number): boolean => shown < FOUR_FIFTHS;
const outsideRange = (shown: number): boolean => shown < LIKELIHOOD_RANGE.low || shown > LIKELIHOOD_RANGE.high;

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function percentOf(rate: number | null): string {
  return rate === null ? 'none' : `${formatHalfUp(rate * 100, 0)}%`;
}

function ratioSentence(
  subject: string,
  ratio: number,
  flagged: (shown: number) => boolean,
  comparator: string,
  comparatorRate: number | null,
  outcome: string,
  chance: string | null,
): string {
  const tail = chance === null ? '.' : `; ${chance}.`;
  if (ratio === 0) {
    return `None of the ${lowerFirst(subject)} were ${outcome}, against ${percentOf(comparatorRate)} of ${comparator}${tail}`;
  }
  return `${subject} were ${formatRatio(ratio, flagged)} times as likely as ${comparator} to be ${outcome}${tail}`;
}

function chiSquareSentences(result: BreakdownResult, label: string): string[] {
  const comparedCount = result.groups.filter((g) => g.compared).length;
  const chi = result.chi_square;
  if (chi === null) {
    if (result.audience === 'shared' && comparedCount >= 2) return []; // withheld; result.withheld says why
    return comparedCount < 2
      ? [`There are fewer than two compared ${label} groups, so there is nothing to test.`]
      : [`Everyone compared is in the same box, so there is no difference by ${label} to test.`];
  }
  const figures = `chi-square test, χ² = ${formatHalfUp(chi.statistic, 1)}, ${chi.df} degree${chi.df === 1 ? '' : 's'} of freedom, ${formatPValue(chi.p_value)}`;
  const sentence =
    chi.p_value < 0.05
      ? `Markings differ by ${label} across the ${comparedCount} compared groups more than chance alone usually produces: differences this large ${chanceWords(chi.p_value)} (${figures}).`
      : `The differences in markings by ${label} across the ${comparedCount} compared groups are within what chance often produces (${figures}).`;
  return result.preferFisher && result.preferFisherReason !== null ? [sentence, result.preferFisherReason] : [sentence];
}

/** One sentence per flag, then the overall test, the groups not compared and what is withheld. */
export function explainBreakdown(result: BreakdownResult, characteristicLabel: string, describeGroup?: DescribeGroup): string[] {
  const describe = describeGroup ?? ((group: string) => `Staff whose ${characteristicLabel} is ${group}`);
  const byName = new Map(result.groups.map((g) => [g.group, g]));
  const highest = result.highest_top_group === null ? undefined : byName.get(result.highest_top_group);
  const reference = result.reference_group === null ? undefined : byName.get(result.reference_group);
  const sentences: string[] = result.reference_note === null ? [] : [result.reference_note];

  const flagSentence = (g: BreakdownGroup, flag: BreakdownFlag): string | null => {
    const fisher = "Fisher's exact test";
    const topChance = g.fisher_top_p === null ? null : chancePhrase(g.fisher_top_p, fisher);
    const bottomChance = g.fisher_bottom_p === null ? null : chancePhrase(g.fisher_bottom_p, fisher);
    switch (flag.kind) {
      case 'top_impact_ratio':
        return highest === undefined
          ? null
          : ratioSentence(describe(g.group), flag.value, belowFourFifths, `the highest group (${highest.group})`, highest.top_rate, TOP_OUTCOME, topChance);
      case 'top_relative_likelihood':
        return reference === undefined
          ? null
          : ratioSentence(describe(g.group), flag.value, outsideRange, `the reference group (${reference.group})`, reference.top_rate, TOP_OUTCOME, topChance);
      case 'bottom_relative_likelihood':
        return reference === undefined
          ? null
          : ratioSentence(describe(g.group), flag.value, outsideRange, `the reference group (${reference.group})`, reference.bottom_rate, BOTTOM_OUTCOME, bottomChance);
    }
  };
  for (const g of result.groups) {
    if (g.suppressed && result.audience === 'shared') continue;
    for (const flag of g.flags) {
      const sentence = flagSentence(g, flag);
      if (sentence !== null) sentences.push(sentence);
    }
  }
  sentences.push(...chiSquareSentences(result, characteristicLabel));
  const notCompared = result.groups.filter((g) => !g.compared).map((g) => g.group);
  if (notCompared.length > 0) {
    sentences.push(`Shown but not compared (not a group with something in common): ${notCompared.join(', ')}.`);
  }
  return [...sentences, ...result.withheld];
}

/** The same for movement at moderation: one sentence per flag. */
export function explainMovement(result: MovementResult, characteristicLabel: string, describeGroup?: DescribeGroup): string[] {
  const describe = describeGroup ?? ((group: string) => `Staff whose ${characteristicLabel} is ${group}`);
  const byName = new Map(result.groups.map((g) => [g.group, g]));
  const highest = result.highest_not_moved_down_group === null ? undefined : byName.get(result.highest_not_moved_down_group);
  const reference = result.reference_group === null ? undefined : byName.get(result.reference_group);
  const sentences: string[] = result.reference_note === null ? [] : [result.reference_note];
  const flagSentence = (g: MovementGroup, flag: MovementFlag): string | null => {
    const chance = g.fisher_moved_down_p === null ? null : chancePhrase(g.fisher_moved_down_p, "Fisher's exact test");
    if (flag.kind === 'not_moved_down_impact_ratio') {
      if (highest === undefined) return null;
      const highestRate = highest.moved_down_rate === null ? null : 1 - highest.moved_down_rate;
      return ratioSentence(describe(g.group), flag.value, belowFourFifths, `the group least often moved down (${highest.group})`, highestRate, 'left in their provisional box or moved up at moderation', chance);
    }
    if (reference === undefined) return null;
    return ratioSentence(describe(g.group), flag.value, outsideRange, `the reference group (${reference.group})`, reference.moved_down_rate, 'moved down at moderation', chance);
  };
  for (const g of result.groups) {
    if (g.suppressed && result.audience === 'shared') continue;
    for (const flag of g.flags) {
      const sentence = flagSentence(g, flag);
      if (sentence !== null) sentences.push(sentence);
    }
  }
  if (result.left_out > 0) {
    sentences.push(`${formatWholeNumber(result.left_out)} ${result.left_out === 1 ? 'person is' : 'people are'} left out because their provisional or moderated marking is missing.`);
  }
  return [...sentences, ...result.withheld];
}
