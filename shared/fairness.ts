// A panel's fairness report: which characteristic, which stage, the breakdown, movement at
// moderation, discussion time, the guidance curve and the sentences that explain each flag.
// Composes shared/stats for the CLI, the hosts and the window alike. Pure.

import { STANDARD_CHARACTERISTICS, type BoxMarking, type Person } from './domain';
import {
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
  type BreakdownResult,
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

/**
 * The grid's "fairness check": every current flag across the characteristics, at the moderated
 * stage, from the suppressed copy, naming groups but never individuals.
 */
export function fairnessFlags(people: readonly PanelMember[], threshold: number, notComparedGroups?: readonly string[]): string[] {
  const lines: string[] = [];
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
    const label = characteristicLabel(characteristic);
    const title = label.charAt(0).toUpperCase() + label.slice(1);
    for (const g of report.breakdown.groups) {
      if (g.suppressed) continue;
      for (const flag of g.flags) {
        const what =
          flag.kind === 'top_impact_ratio'
            ? 'impact ratio'
            : flag.kind === 'top_relative_likelihood'
              ? 'relative likelihood'
              : 'relative likelihood of Partially Met';
        const boxes = flag.kind === 'bottom_relative_likelihood' ? '' : ' for the top two boxes';
        lines.push(`${title} ${g.group}: ${what} ${flag.value.toFixed(2)}${boxes}`);
      }
    }
    for (const g of report.movement.groups) {
      if (g.suppressed) continue;
      for (const flag of g.flags) {
        if (flag.kind === 'not_moved_down_impact_ratio') lines.push(`${title} ${g.group}: moved down at moderation more often (impact ratio ${flag.value.toFixed(2)})`);
      }
    }
  }
  return lines;
}

