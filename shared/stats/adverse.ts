// Which way a difference between two groups goes, and whether it passes the room's test. The room (the
// projected grid) flags only differences adverse to a group that fail the four-fifths rule AND that
// Fisher's exact test says are unlikely to be chance; other adverse differences are "worth watching".
// The Breakdowns view keeps every statistic; this is the short list a panel can act on.
//
// Sources (DOMAIN.md, "How outcome gaps are measured in practice"):
// - the four-fifths rule: a group's rate of a favourable outcome ÷ the comparison group's below 0.80 is a
//   warning sign (29 CFR 1607.4(D)); for an unfavourable outcome (Partially Met, moved down) the same test is
//   the relative likelihood (NHS WRES/WDES) above 1.25, i.e. the other group's rate below 0.80 of this one's;
// - significance: Fisher's exact test on the 2×2 table (this group vs the other × outcome vs not), which is
//   exact at any size, so small groups are judged by the test rather than by the ratio alone.

import { fisherExactTwoSided } from './fisher';
import { FOUR_FIFTHS, LIKELIHOOD_RANGE } from './ratios';

/** The outcomes compared: top two boxes (favourable), Partially Met and moved down at moderation (not). */
export type OutcomeKind = 'top' | 'bottom' | 'moved_down';

export const FAVOURABLE_OUTCOME: Record<OutcomeKind, boolean> = { top: true, bottom: false, moved_down: false };

/** Below this p-value a difference is unlikely to be chance: the room's significance level. */
export const ROOM_SIGNIFICANCE = 0.05;

/** Expected counts below this make a 2×2 test weak (the usual rule for chi-square; Fisher is still exact). */
export const MIN_EXPECTED_COUNT = 5;

/** `count` of the `n` people in `group` had the outcome. */
export interface GroupOutcome {
  group: string;
  count: number;
  n: number;
}

export interface AdverseDifference {
  outcome: OutcomeKind;
  /** The group the difference works against. */
  adverse: GroupOutcome;
  /** The group it is compared with, which fares better. */
  against: GroupOutcome;
  /**
   * The four-fifths ratio: for a favourable outcome, adverse's rate ÷ against's (below 0.80 fails); for an
   * unfavourable one, against's rate ÷ adverse's, the inverse of the relative likelihood (below 0.80 fails,
   * i.e. a relative likelihood above 1.25). Always at most 1; 0 when the better group has none (or all).
   */
  ratio: number;
  /** The ratio fails the four-fifths rule. */
  failsFourFifths: boolean;
  /** Fisher's exact test, two-sided, on this pair alone. */
  fisherP: number;
  /** The smallest expected count in the 2×2 table. */
  minExpected: number;
  /** Fails the four-fifths rule and p < 0.05: flagged in the room. Otherwise, if it fails the ratio alone, worth watching. */
  passesRoomTest: boolean;
}

/** a/b < c/d on whole counts, without division. */
const less = (a: GroupOutcome, b: GroupOutcome) => a.count * b.n < b.count * a.n;

/**
 * The difference between two groups on one outcome, stated against the group it is adverse to; null when
 * their rates are equal or either group is empty.
 */
export function adverseDifference(outcome: OutcomeKind, first: GroupOutcome, second: GroupOutcome): AdverseDifference | null {
  if (first.n <= 0 || second.n <= 0) return null;
  if (!less(first, second) && !less(second, first)) return null;
  const [low, high] = less(first, second) ? [first, second] : [second, first];
  // For a favourable outcome the lower rate is worse off; for an unfavourable one, the higher.
  const [adverse, against] = FAVOURABLE_OUTCOME[outcome] ? [low, high] : [high, low];
  // low.rate ÷ high.rate, as one division of whole numbers (high.count > 0 because high's rate > low's).
  const ratio = (low.count * high.n) / (low.n * high.count);
  // 5·low·high.n < 4·high·low.n ⇔ ratio < 0.80 (and, for unfavourable outcomes, relative likelihood > 1.25).
  const failsFourFifths = 5 * low.count * high.n < 4 * high.count * low.n;
  const table = [
    [adverse.count, adverse.n - adverse.count],
    [against.count, against.n - against.count],
  ] as const;
  const fisherP = fisherExactTwoSided(table);
  const total = adverse.n + against.n;
  const withOutcome = adverse.count + against.count;
  const minExpected = Math.min(
    (adverse.n * withOutcome) / total,
    (adverse.n * (total - withOutcome)) / total,
    (against.n * withOutcome) / total,
    (against.n * (total - withOutcome)) / total,
  );
  return {
    outcome,
    adverse,
    against,
    ratio,
    failsFourFifths,
    fisherP,
    minExpected,
    passesRoomTest: failsFourFifths && fisherP < ROOM_SIGNIFICANCE,
  };
}

/** The room's test, stated on screen beside the flags. */
export const ROOM_TEST_WORDS =
  `Flagged only when a difference is adverse to a group, fails the four-fifths rule (a rate of a good outcome below ${FOUR_FIFTHS.toFixed(2)} of ` +
  `the comparison group's, or a poor outcome more than ${LIKELIHOOD_RANGE.high.toFixed(2)} times as likely) and Fisher's exact test puts the ` +
  `chance of a difference this large below 1 in 20 (p < ${ROOM_SIGNIFICANCE.toFixed(2)}). Other adverse differences that fail the four-fifths rule are worth watching.`;
