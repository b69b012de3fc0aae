// A panel's fairness report: which characteristic, which stage, the breakdown, movement at
// moderation, discussion time, the guidance curve and the sentences that explain each flag.
// Composes shared/stats for the CLI, the hosts and the window alike. Pure.

import { STANDARD_CHARACTERISTICS, type BoxMarking, type Person } from './domain';
import {
  FAVOURABLE_OUTCOME,
  FOUR_FIFTHS,
  MIN_EXPECTED_COUNT,
  ROOM_TEST_WORDS,
  adverseDifference,
  bottomCount,
  compareWithGuidanceCurve,
  computeBreakdown,
  computeMovement,
  countBoxes,
  explainBreakdown,
  explainMovement,
  summariseDiscussion,
  suppressBreakdown,
  suppressDiscussion,
  suppressMovement,
  formatHalfUp,
  formatPValue,
  formatRatio,
  topCount,
  type AdverseDifference,
  type BreakdownResult,
  type GroupOutcome,
  type OutcomeKind,
  type DiscussionResult,
  type GuidanceComparison,
  type MovementResult,
} from './stats';

export const BREAKDOWN_STAGES = ['provisional', 'moderated', 'mid_year', 'q1', 'q2', 'q3'] as const;
export type BreakdownStage = (typeof BREAKDOWN_STAGES)[number];

export const STAGE_LABELS: Record<BreakdownStage, string> = {
  provisional: 'Provisional (line manager)',
  moderated: 'Moderated (panel)',
  mid_year: 'Mid-year indicative',
  q1: 'Q1 indicative',
  q2: 'Q2 indicative',
  q3: 'Q3 indicative',
};

type PanelMember = Pick<
  Person,
  'eligible' | 'grade' | 'lineManager' | 'characteristics' | 'provisionalMarking' | 'moderatedMarking' | 'midYearMarking' | 'q1Marking' | 'q2Marking' | 'q3Marking' | 'staffId'
>;

export function stageMarking(stage: BreakdownStage): (p: PanelMember) => BoxMarking | null {
  switch (stage) {
    case 'provisional':
      return (p) => p.provisionalMarking;
    case 'moderated':
      return (p) => p.moderatedMarking;
    case 'mid_year':
      return (p) => p.midYearMarking;
    case 'q1':
      return (p) => p.q1Marking;
    case 'q2':
      return (p) => p.q2Marking;
    case 'q3':
      return (p) => p.q3Marking;
  }
}

const LABELS: Record<string, string> = {
  sex: 'sex',
  ethnicity: 'ethnicity',
  disability: 'disability',
  age_band: 'age band',
  sexual_orientation: 'sexual orientation',
  religion_or_belief: 'religion or belief',
  gender_identity: 'gender identity',
  working_pattern: 'working pattern',
  grade: 'grade',
  line_manager: 'line manager',
};

export function characteristicLabel(characteristic: string): string {
  return LABELS[characteristic] ?? characteristic.replace(/^pc_/, '').replace(/_/g, ' ');
}

/** How a sentence names the people in a group ("Staff aged 50-59", "Part time staff"). */
export function describeGroup(characteristic: string): (group: string) => string {
  switch (characteristic) {
    case 'age_band':
      return (g) => `Staff aged ${g}`;
    case 'working_pattern':
    case 'sex':
      return (g) => `${g} staff`;
    case 'grade':
      return (g) => `Staff at grade ${g}`;
    case 'line_manager':
      return (g) => `Staff managed by ${g}`;
    default:
      return (g) => `Staff whose ${characteristicLabel(characteristic)} is ${g}`;
  }
}

/** Characteristics the panel holds data for, standard ones first, then `pc_` ones, then grade and line manager. */
export function availableCharacteristics(people: readonly Pick<Person, 'characteristics'>[]): string[] {
  const seen = new Set<string>();
  for (const p of people) for (const key of Object.keys(p.characteristics)) seen.add(key);
  const standard = STANDARD_CHARACTERISTICS.filter((c) => seen.has(c));
  const extra = [...seen].filter((c) => !(STANDARD_CHARACTERISTICS as readonly string[]).includes(c)).sort();
  return [...standard, ...extra, 'grade', 'line_manager'];
}

export function characteristicValue(p: PanelMember, characteristic: string): string {
  if (characteristic === 'grade') return p.grade;
  if (characteristic === 'line_manager') return p.lineManager;
  return p.characteristics[characteristic] ?? '';
}

export interface FairnessOptions {
  characteristic: string;
  stage: BreakdownStage;
  threshold: number;
  /** HR's own view shows every number; anyone else sees the suppressed copy. */
  audience: 'hr' | 'shared';
  referenceGroup?: string | null;
  /** Groups shown but not compared (the panel's setting); the statistics' default list otherwise. */
  notComparedGroups?: readonly string[];
  /** Seconds of discussion per staff id, when the panel recorded any. */
  discussionSeconds?: ReadonlyMap<string, number>;
}

export interface FairnessReport {
  characteristic: string;
  characteristicLabel: string;
  stage: BreakdownStage;
  breakdown: BreakdownResult;
  explanations: string[];
  /** Movement from provisional to moderated (any stage asked; it is always about the panel). */
  movement: MovementResult;
  movementExplanations: string[];
  discussion: DiscussionResult | null;
  guidance: { overall: GuidanceComparison; byGrade: { grade: string; comparison: GuidanceComparison }[] };
}

/** The breakdown and movement alone (what the fairness check needs), suppressed for the audience. */
function breakdownAndMovement(moderated: readonly PanelMember[], options: FairnessOptions) {
  const markingOf = stageMarking(options.stage);
  const valueOf = (p: PanelMember) => characteristicValue(p, options.characteristic);
  const common = {
    characteristic: options.characteristic,
    threshold: options.threshold,
    ...(options.referenceGroup ? { referenceGroup: options.referenceGroup } : {}),
    ...(options.notComparedGroups ? { notComparedGroups: options.notComparedGroups } : {}),
  };
  let breakdown = computeBreakdown(
    moderated.flatMap((p) => {
      const marking = markingOf(p);
      return marking === null ? [] : [{ group: valueOf(p), marking }];
    }),
    { ...common, stage: options.stage },
  );
  let movement = computeMovement(
    moderated.map((p) => ({ group: valueOf(p), provisional: p.provisionalMarking, moderated: p.moderatedMarking })),
    common,
  );
  if (options.audience === 'shared') {
    breakdown = suppressBreakdown(breakdown);
    movement = suppressMovement(movement);
  }
  return { breakdown, movement, valueOf, markingOf, common };
}

export function fairnessReport(people: readonly PanelMember[], options: FairnessOptions): FairnessReport {
  const moderated = people.filter((p) => p.eligible);
  const { breakdown, movement, valueOf, markingOf, common } = breakdownAndMovement(moderated, options);
  const seconds = options.discussionSeconds;
  let discussion =
    seconds && seconds.size > 0
      ? summariseDiscussion(
          moderated.map((p) => ({ group: valueOf(p), discussedSeconds: seconds.get(p.staffId) ?? null })),
          common,
        )
      : null;
  if (options.audience === 'shared') discussion = discussion && suppressDiscussion(discussion);
  const label = characteristicLabel(options.characteristic);
  const describe = describeGroup(options.characteristic);
  const grades = [...new Set(moderated.map((p) => p.grade))].sort();
  return {
    characteristic: options.characteristic,
    characteristicLabel: label,
    stage: options.stage,
    breakdown,
    explanations: explainBreakdown(breakdown, label, describe),
    movement,
    movementExplanations: explainMovement(movement, label, describe),
    discussion,
    guidance: {
      overall: compareWithGuidanceCurve(countMarkings(moderated, markingOf)),
      byGrade: grades.map((grade) => ({
        grade,
        comparison: compareWithGuidanceCurve(countMarkings(moderated.filter((p) => p.grade === grade), markingOf)),
      })),
    },
  };
}

function countMarkings(people: readonly PanelMember[], markingOf: (p: PanelMember) => BoxMarking | null) {
  return countBoxes(people.flatMap((p) => {
    const m = markingOf(p);
    return m === null ? [] : [m];
  }));
}

/** One adverse difference as the room reads it: which way it goes in words, and the test it passed or not. */
export interface RoomFinding {
  characteristic: string;
  /** "Female staff were marked Partially Met more often than male staff (9% against 3%)." */
  sentence: string;
  /** The figures behind it: the four-fifths ratio and Fisher's exact test. */
  detail: string;
  outcome: OutcomeKind;
  ratio: number;
  fisherP: number;
}

export interface RoomFairness {
  /** Adverse differences that pass the room's test, the strongest first. */
  flagged: RoomFinding[];
  /** Adverse differences that fail the four-fifths rule but not the test. */
  watching: RoomFinding[];
  /** The test, in words. */
  test: string;
  /** When the figures are the room's copy (db/roomViews.ts): when HR shared it; null, the panel as imported. */
  sharedAt?: string | null;
}

const OUTCOME_WORDS: Record<OutcomeKind, { did: string; more: string; less: string }> = {
  top: { did: 'marked Exceeding or High Performing', more: 'more often', less: 'less often' },
  bottom: { did: 'marked Partially Met', more: 'more often', less: 'less often' },
  moved_down: { did: 'moved down at moderation', more: 'more often', less: 'less often' },
};

/** "male staff", "staff aged 50-59", but "staff whose ethnicity is White": mid-sentence, common words lower-cased. */
function midSentence(text: string, characteristic: string): string {
  if (/^Staff\b/.test(text)) return `s${text.slice(1)}`;
  return characteristic === 'sex' || characteristic === 'working_pattern' ? text.charAt(0).toLocaleLowerCase('en-GB') + text.slice(1) : text;
}

const percentText = (g: GroupOutcome) => `${formatHalfUp((g.count * 100) / g.n, 0)}%`;

/** "Female staff were marked Partially Met more often than male staff (9% against 3%)." */
export function adverseSentence(difference: AdverseDifference, characteristic: string): string {
  const describe = describeGroup(characteristic);
  const words = OUTCOME_WORDS[difference.outcome];
  const direction = FAVOURABLE_OUTCOME[difference.outcome] ? words.less : words.more;
  const against = midSentence(describe(difference.against.group), characteristic);
  return `${describe(difference.adverse.group)} were ${words.did} ${direction} than ${against} (${percentText(difference.adverse)} against ${percentText(difference.against)}).`;
}

function adverseDetail(difference: AdverseDifference): string {
  const ratio = `four-fifths ratio ${formatRatio(difference.ratio, (shown) => shown < FOUR_FIFTHS)}`;
  const p = `Fisher's exact test ${formatPValue(difference.fisherP)}`;
  if (difference.passesRoomTest) return `${ratio}; ${p}.`;
  const small = difference.minExpected < MIN_EXPECTED_COUNT ? `; the groups are small (an expected count of ${formatHalfUp(difference.minExpected, 1)}, below ${MIN_EXPECTED_COUNT})` : '';
  return `${ratio}; ${p}: a difference this large could well be chance${small}.`;
}

/**
 * The grid's fairness check for the room: at the moderated stage, from the suppressed copy (no group
 * below the threshold, never a person), only differences adverse to a group, stated in words, flagged when
 * they pass the room's test (shared/stats/adverse.ts) and "worth watching" otherwise. Each compared group is
 * set against the reference group and against the group that fares best; a group's differences on one
 * outcome are reported once, by the strongest evidence. Every statistic stays in the Breakdowns view.
 */
export function fairnessFlags(people: readonly PanelMember[], threshold: number, notComparedGroups?: readonly string[]): RoomFairness {
  const flagged: RoomFinding[] = [];
  const watching: RoomFinding[] = [];
  const moderated = people.filter((p) => p.eligible);
  for (const characteristic of availableCharacteristics(people)) {
    if (characteristic === 'line_manager') continue; // a manager's group can be a handful of named people
    const report = breakdownAndMovement(moderated, {
      characteristic,
      stage: 'moderated',
      threshold,
      audience: 'shared',
      ...(notComparedGroups ? { notComparedGroups } : {}),
    });
    const shownOutcomes = (outcome: OutcomeKind): GroupOutcome[] =>
      outcome === 'moved_down'
        ? report.movement.groups.flatMap((g) => (g.compared && !g.suppressed && g.n !== null && g.moved_down !== null && g.n > 0 ? [{ group: g.group, count: g.moved_down, n: g.n }] : []))
        : report.breakdown.groups.flatMap((g) =>
            g.compared && !g.suppressed && g.n !== null && g.counts !== null && g.n > 0
              ? [{ group: g.group, count: outcome === 'top' ? topCount(g.counts) : bottomCount(g.counts), n: g.n }]
              : [],
          );
    const strongest = new Map<string, AdverseDifference>();
    for (const outcome of ['top', 'bottom', 'moved_down'] as const) {
      const groups = shownOutcomes(outcome);
      const reference = outcome === 'moved_down' ? report.movement.reference_group : report.breakdown.reference_group;
      // The group that fares best on this outcome (highest good rate, lowest poor rate).
      const best = groups.reduce<GroupOutcome | null>((winner, g) => {
        if (winner === null) return g;
        const better = FAVOURABLE_OUTCOME[outcome] ? g.count * winner.n > winner.count * g.n : g.count * winner.n < winner.count * g.n;
        return better ? g : winner;
      }, null);
      for (const g of groups) {
        for (const other of [groups.find((c) => c.group === reference), best]) {
          if (!other || other.group === g.group) continue;
          const difference = adverseDifference(outcome, g, other);
          if (!difference || !difference.failsFourFifths) continue;
          const key = `${outcome}:${difference.adverse.group}`;
          const seen = strongest.get(key);
          if (!seen || difference.fisherP < seen.fisherP) strongest.set(key, difference);
        }
      }
    }
    for (const difference of strongest.values()) {
      const finding: RoomFinding = {
        characteristic,
        sentence: adverseSentence(difference, characteristic),
        detail: adverseDetail(difference),
        outcome: difference.outcome,
        ratio: difference.ratio,
        fisherP: difference.fisherP,
      };
      (difference.passesRoomTest ? flagged : watching).push(finding);
    }
  }
  const strongestFirst = (a: RoomFinding, b: RoomFinding) => a.fisherP - b.fisherP || a.ratio - b.ratio;
  return { flagged: flagged.sort(strongestFirst), watching: watching.sort(strongestFirst), test: ROOM_TEST_WORDS };
}
