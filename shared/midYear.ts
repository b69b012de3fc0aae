// The mid-year consistency check against the end-year outcome (paras 85 and 90): for the same people, the
// distribution of indicative (mid-year) markings beside the final (moderated) ones, by characteristic, and
// who moved and by how many boxes. Pure; the host supplies the people and, when a separate mid-year panel
// file is open beside this one, its markings by staff id.
//
// Para 85: "To enhance the effectiveness of moderation and to reduce the impact of bias, at least one
// 'consistency check' mid-year is recommended to evaluate the distribution of indicative markings across
// protected characteristics, but is not mandated as this is contingent on departmental capacity."
// Para 90: "It is recommended that a record is kept of this meeting so that comparisons can be made between
// the distribution of indicative markings during, and at the end, of the performance year."

import { markingIndex, type BoxMarking, type Person } from './domain';
import { availableCharacteristics, characteristicLabel, characteristicValue } from './fairness';
import {
  computeBreakdown,
  computeMovement,
  countBoxes,
  suppressBreakdown,
  suppressMovement,
  type BoxCounts,
  type BreakdownResult,
  type MovementResult,
} from './stats';

export const MID_YEAR_QUOTES = {
  para85:
    'Para 85: "at least one \'consistency check\' mid-year is recommended to evaluate the distribution of indicative markings across protected characteristics"',
  para90:
    'Para 90: "It is recommended that a record is kept of this meeting so that comparisons can be made between the distribution of indicative markings during, and at the end, of the performance year."',
} as const;

/** Where the mid-year markings came from. */
export interface MidYearSource {
  kind: 'file' | 'column';
  /** The mid-year panel file's name, when the markings came from one. */
  fileName: string | null;
  /** The mid-year panel's own name, when the markings came from one. */
  panelName: string | null;
}

export interface MidYearMover {
  staffId: string;
  name: string;
  grade: string;
  midYear: BoxMarking;
  final: BoxMarking;
  /** Boxes moved between mid-year and the end of the year: positive up (towards Exceeding), negative down. */
  steps: number;
}

export interface MidYearByCharacteristic {
  characteristic: string;
  label: string;
  midYear: BreakdownResult;
  final: BreakdownResult;
  /** Moved up or down from the mid-year marking to the final one, by group. */
  movement: MovementResult;
  /** What the shared copy hides and why, as far as the comparison shows it (counts and shares; no tests or ratios). */
  notes: string[];
}

export interface MidYearComparison {
  source: MidYearSource;
  audience: 'hr' | 'shared';
  threshold: number;
  /** People eligible here with both a mid-year and a final marking: everything below is about them. */
  compared: number;
  /** Eligible people here with a final marking but no mid-year one (not in the mid-year file, or blank). */
  withoutMidYear: number;
  /** People in the mid-year file who are not moderated in this panel (left, moved, listed apart). */
  notInThisPanel: number;
  midYearCounts: BoxCounts;
  finalCounts: BoxCounts;
  movedUp: number;
  movedDown: number;
  unchanged: number;
  /** How many people moved by each number of boxes, from 3 up to 3 down (0 is unchanged). */
  steps: { steps: number; people: number }[];
  /** Everyone whose final marking differs from the mid-year one, the largest moves first. */
  movers: MidYearMover[];
  byCharacteristic: MidYearByCharacteristic[];
}

type ComparedPerson = Pick<
  Person,
  'staffId' | 'name' | 'grade' | 'eligible' | 'lineManager' | 'characteristics' | 'provisionalMarking' | 'moderatedMarking' | 'midYearMarking' | 'q1Marking' | 'q2Marking' | 'q3Marking'
>;

export interface MidYearOptions {
  /** Markings from a separate mid-year panel file, by staff id; without it, each person's mid_year_marking. */
  fromFile?: { fileName: string; panelName: string; markings: ReadonlyMap<string, BoxMarking> };
  threshold: number;
  audience: 'hr' | 'shared';
  notComparedGroups?: readonly string[];
}

/** Steps up from `from` to `to`: Achieving → High Performing is +1, Exceeding → Achieving is −2. */
export function boxSteps(from: BoxMarking, to: BoxMarking): number {
  return markingIndex(from) - markingIndex(to);
}

/** "2 boxes up", "1 box down", "no change". */
export function stepsText(steps: number): string {
  if (steps === 0) return 'no change';
  const n = Math.abs(steps);
  return `${n} ${n === 1 ? 'box' : 'boxes'} ${steps > 0 ? 'up' : 'down'}`;
}

export function midYearComparison(people: readonly ComparedPerson[], options: MidYearOptions): MidYearComparison {
  const fromFile = options.fromFile;
  const midOf = (p: ComparedPerson): BoxMarking | null => (fromFile ? (fromFile.markings.get(p.staffId) ?? null) : p.midYearMarking);
  const eligible = people.filter((p) => p.eligible && p.moderatedMarking !== null);
  const pairs: { person: ComparedPerson; midYear: BoxMarking; final: BoxMarking }[] = [];
  let withoutMidYear = 0;
  for (const person of eligible) {
    const midYear = midOf(person);
    if (midYear === null) withoutMidYear += 1;
    else pairs.push({ person, midYear, final: person.moderatedMarking! });
  }
  const here = new Set(eligible.map((p) => p.staffId));
  const notInThisPanel = fromFile ? [...fromFile.markings.keys()].filter((id) => !here.has(id)).length : 0;

  const stepTally = new Map<number, number>();
  const movers: MidYearMover[] = [];
  for (const { person, midYear, final } of pairs) {
    const steps = boxSteps(midYear, final);
    stepTally.set(steps, (stepTally.get(steps) ?? 0) + 1);
    if (steps !== 0) movers.push({ staffId: person.staffId, name: person.name, grade: person.grade, midYear, final, steps });
  }
  movers.sort((a, b) => Math.abs(b.steps) - Math.abs(a.steps) || b.steps - a.steps || a.name.localeCompare(b.name, 'en-GB') || (a.staffId < b.staffId ? -1 : 1));

  const characteristics = availableCharacteristics(pairs.map((p) => p.person)).filter((c) => c !== 'line_manager');
  const common = {
    threshold: options.threshold,
    ...(options.notComparedGroups ? { notComparedGroups: options.notComparedGroups } : {}),
  };
  const byCharacteristic = characteristics.map((characteristic) => {
    const valueOf = (p: ComparedPerson) => characteristicValue(p, characteristic);
    let midYear = computeBreakdown(pairs.map((p) => ({ group: valueOf(p.person), marking: p.midYear })), { ...common, characteristic, stage: 'mid_year' });
    let final = computeBreakdown(pairs.map((p) => ({ group: valueOf(p.person), marking: p.final })), { ...common, characteristic, stage: 'moderated' });
    let movement = computeMovement(pairs.map((p) => ({ group: valueOf(p.person), provisional: p.midYear, moderated: p.final })), { ...common, characteristic });
    // Outside HR, the same small-number rules as the Breakdowns view.
    if (options.audience === 'shared') {
      midYear = suppressBreakdown(midYear);
      final = suppressBreakdown(final);
      movement = suppressMovement(movement);
    }
    // The comparison shows counts and shares only, so of the shared copy's notes only the one on hidden cells applies.
    const notes = midYear.withheld.filter((note) => note.startsWith('Groups of fewer'));
    return { characteristic, label: characteristicLabel(characteristic), midYear, final, movement, notes };
  });

  const movedUp = movers.filter((m) => m.steps > 0).length;
  const movedDown = movers.length - movedUp;
  return {
    source: fromFile ? { kind: 'file', fileName: fromFile.fileName, panelName: fromFile.panelName } : { kind: 'column', fileName: null, panelName: null },
    audience: options.audience,
    threshold: options.threshold,
    compared: pairs.length,
    withoutMidYear,
    notInThisPanel,
    midYearCounts: countBoxes(pairs.map((p) => p.midYear)),
    finalCounts: countBoxes(pairs.map((p) => p.final)),
    movedUp,
    movedDown,
    unchanged: pairs.length - movers.length,
    steps: [3, 2, 1, 0, -1, -2, -3].map((steps) => ({ steps, people: stepTally.get(steps) ?? 0 })),
    movers,
    byCharacteristic,
  };
}

/** Plain sentences summarising the comparison, for the view, the sheet and the CLI. */
export function midYearSummary(comparison: MidYearComparison): string[] {
  const source =
    comparison.source.kind === 'file'
      ? `Mid-year markings from ${comparison.source.panelName ?? 'the mid-year panel'} (${comparison.source.fileName ?? 'a mid-year panel file'}), matched by staff id.`
      : 'Mid-year markings from this panel’s own mid_year_marking column.';
  const lines = [source];
  if (comparison.compared === 0) {
    lines.push('No one moderated here has both a mid-year and a final marking, so there is nothing to compare yet.');
  } else {
    lines.push(
      `${comparison.compared} ${comparison.compared === 1 ? 'person has' : 'people have'} both a mid-year and a final marking: ` +
        `${comparison.movedUp} moved up, ${comparison.movedDown} moved down, ${comparison.unchanged} unchanged.`,
    );
  }
  if (comparison.withoutMidYear > 0) {
    lines.push(`${comparison.withoutMidYear} ${comparison.withoutMidYear === 1 ? 'person has' : 'people have'} a final marking but no mid-year marking and ${comparison.withoutMidYear === 1 ? 'is' : 'are'} left out.`);
  }
  if (comparison.notInThisPanel > 0) {
    lines.push(`${comparison.notInThisPanel} ${comparison.notInThisPanel === 1 ? 'person' : 'people'} in the mid-year file ${comparison.notInThisPanel === 1 ? 'is' : 'are'} not moderated in this panel and left out.`);
  }
  return lines;
}
