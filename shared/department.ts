// The department view at the overall moderation meeting (paras 82-84): the distribution across the whole
// department, by business unit and by grade side by side; which units' (and grades') distributions differ
// from the rest of the department; and, for each group of a characteristic, whether its gap comes from one
// unit or from all. Built from shared/stats (chi-square, Fisher's exact test, impact ratios). Pure.
//
// The framework asks the meeting to look at "whether their departmental performance management system is
// having a detrimental impact on a particular group" (para 83) and at the distribution (para 84); it sets no
// statistical test or threshold. p < 0.05 and the four-fifths rule are suggestions of where to look.

import { BOX_MARKINGS, type BoxMarking, type Person } from './domain';
import { characteristicLabel, characteristicValue, describeGroup, stageMarking, type BreakdownStage } from './fairness';
import {
  bottomCount,
  boxPercents,
  chancePhrase,
  compareWithGuidanceCurve,
  computeBreakdown,
  explainBreakdown,
  emptyBoxCounts,
  fisherExactTwoSided,
  belowFourFifths,
  compareGroupNames,
  highestRate,
  isComparedGroup,
  planSuppression,
  rateRatio,
  formatHalfUp,
  formatRatio,
  groupName,
  pearsonChiSquare,
  suppressBreakdown,
  topCount,
  FOUR_FIFTHS,
  type BoxCounts,
  type BoxShares,
  type BreakdownResult,
  type ChiSquareResult,
  type GuidanceComparison,
  type MarkingEntry,
  type Rate,
} from './stats';

/** The level below which a difference is pointed out: the tool's suggestion, not the framework's. */
export const SUGGESTED_SIGNIFICANCE = 0.05;
export const SUGGESTION_NOTE =
  "Where to look is the tool's suggestion: the framework (paras 83-84) asks whether a group is disadvantaged but sets no test or threshold. A difference is pointed out when chance alone would give one this large less than 1 time in 20 (p < 0.05), and a gap when a group's rate is below four-fifths of the highest group's (a rule departments use in practice).";

type Member = Pick<
  Person,
  'eligible' | 'grade' | 'businessUnit' | 'lineManager' | 'characteristics' | 'provisionalMarking' | 'moderatedMarking' | 'midYearMarking' | 'q1Marking' | 'q2Marking' | 'q3Marking' | 'staffId'
>;

export interface DepartmentOptions {
  characteristic: string;
  stage: BreakdownStage;
  threshold: number;
  audience: 'hr' | 'shared';
  notComparedGroups?: readonly string[];
}

/** One business unit (or grade) against the rest of the department. */
export interface DistributionRow {
  name: string;
  n: number;
  counts: BoxCounts;
  percent: BoxShares;
  topRate: number | null;
  bottomRate: number | null;
  /** The rest of the department (everyone not in this row). */
  restTopRate: number | null;
  restBottomRate: number | null;
  /** Pearson chi-square, this row against the rest, across the four boxes. */
  chiSquare: ChiSquareResult | null;
  /** Fisher's exact tests, this row against the rest (top two boxes, and Partially Met), where they lead: null otherwise. */
  fisherTopP: number | null;
  fisherBottomP: number | null;
  /** The p-value the verdict rests on: chi-square, or the smaller Fisher p where expected counts are small. */
  p: number | null;
  test: 'chi-square test' | "Fisher's exact test" | null;
  /** p below SUGGESTED_SIGNIFICANCE: a suggestion to look, never a finding. */
  differs: boolean;
}

export interface DistributionTable {
  by: 'business_unit' | 'grade';
  label: string;
  rows: DistributionRow[];
  /** In words: which rows differ from the rest of the department, and how. */
  sentences: string[];
}

export interface GapCell {
  /** Business unit, or "Department" for the whole. */
  unit: string;
  n: number | null;
  topRate: number | null;
  /** The group's top-two rate ÷ the highest compared group's rate, within this unit (or the department). */
  impactRatio: number | null;
  /** Below four-fifths (the four-fifths rule). */
  flagged: boolean;
  /** Too few people to show outside HR ("[c]"). */
  hidden: boolean;
}

export interface GroupGap {
  group: string;
  department: GapCell;
  units: GapCell[];
  /** Where the gap is: none, in one unit, in some, in every unit, only when the units are added together, or too few to say. */
  pattern: 'none' | 'one_unit' | 'some_units' | 'all_units' | 'department_only' | 'units_only' | 'too_few';
  sentence: string;
}

export interface DepartmentReport {
  stage: BreakdownStage;
  characteristic: string;
  characteristicLabel: string;
  audience: 'hr' | 'shared';
  threshold: number;
  /** Everyone eligible with a marking at this stage. */
  population: number;
  totals: BoxCounts;
  byUnit: DistributionTable;
  byGrade: DistributionTable;
  /** The department's breakdown of the characteristic, as the Breakdowns view gives it, and its sentences. */
  breakdown: BreakdownResult;
  explanations: string[];
  /** The department's distribution against the guidance curve (paras 19, 80, 84). */
  guidance: GuidanceComparison;
  gaps: GroupGap[];
  units: string[];
  notes: string[];
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
const rate = (count: number, n: number): number | null => (n > 0 ? count / n : null);
const pct = (value: number | null): string => (value === null ? 'none' : `${formatHalfUp(value * 100, 0)}%`);

function bump(map: Map<string, BoxCounts>, key: string, marking: BoxMarking): void {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = emptyBoxCounts()));
  counts[marking] += 1;
}

/** Each row against the rest of the department, with the tests that say whether it differs. */
function distributionTable(counts: ReadonlyMap<string, BoxCounts>, by: DistributionTable['by'], label: string, totals: BoxCounts): DistributionTable {
  const population = BOX_MARKINGS.reduce((sum, b) => sum + totals[b], 0);
  const totalTop = topCount(totals);
  const totalBottom = bottomCount(totals);
  const rows = [...counts.entries()]
    .sort(([a], [b]) => (by === 'grade' ? a.localeCompare(b, 'en-GB', { numeric: true }) : a.localeCompare(b, 'en-GB')))
    .map(([name, c]): DistributionRow => {
      const n = BOX_MARKINGS.reduce((sum, b) => sum + c[b], 0);
      const restN = population - n;
      const top = topCount(c);
      const bottom = bottomCount(c);
      const restTop = totalTop - top;
      const restBottom = totalBottom - bottom;
      const comparable = restN > 0;
      const chi = comparable ? pearsonChiSquare([BOX_MARKINGS.map((b) => c[b]), BOX_MARKINGS.map((b) => totals[b] - c[b])]) : null;
      // Where the chi-square's expected counts are small, Fisher's exact tests lead (as in the Breakdowns view):
      // this row against the rest of the department, on the top two boxes and on Partially Met.
      const useFisher = chi === null || chi.min_expected < 5;
      const fisherTopP = comparable && useFisher ? fisherExactTwoSided([[top, n - top], [restTop, restN - restTop]]) : null;
      const fisherBottomP = comparable && useFisher ? fisherExactTwoSided([[bottom, n - bottom], [restBottom, restN - restBottom]]) : null;
      const fisherP = fisherTopP === null || fisherBottomP === null ? null : Math.min(fisherTopP, fisherBottomP);
      const p = useFisher ? fisherP : chi.p_value;
      return {
        name,
        n,
        counts: c,
        percent: boxPercents(c, n),
        topRate: rate(top, n),
        bottomRate: rate(bottom, n),
        restTopRate: rate(restTop, restN),
        restBottomRate: rate(restBottom, restN),
        chiSquare: chi,
        fisherTopP,
        fisherBottomP,
        p,
        test: p === null ? null : useFisher ? "Fisher's exact test" : 'chi-square test',
        differs: p !== null && p < SUGGESTED_SIGNIFICANCE,
      };
    });
  const noun = by === 'grade' ? 'grade' : 'business unit';
  const sentences: string[] = [];
  if (rows.length < 2) sentences.push(`Everyone here is in one ${noun}, so there is nothing to compare.`);
  else {
    for (const row of rows.filter((r) => r.differs)) {
      sentences.push(
        `${by === 'grade' ? `Grade ${row.name}` : row.name}: ${pct(row.topRate)} in the top two boxes and ${pct(row.bottomRate)} Partially Met, against ${pct(row.restTopRate)} and ${pct(row.restBottomRate)} in the rest of the department; ${chancePhrase(row.p!, row.test!)}.`,
      );
    }
    if (sentences.length === 0) sentences.push(`No ${noun}'s distribution differs from the rest of the department at the suggested level (p < 0.05).`);
    else if (rows.length >= 10) {
      sentences.push(`With ${rows.length} ${noun}s compared, about 1 in 20 would cross the suggested level by chance alone: treat each as a place to look, not a finding.`);
    }
  }
  return { by, label, rows, sentences };
}

/** Breakdown entries from counts: one shared object per group and box, repeated (no object per person). */
function entriesOf(groups: ReadonlyMap<string, BoxCounts>): MarkingEntry[] {
  const entries: MarkingEntry[] = [];
  for (const [group, counts] of groups) {
    for (const marking of BOX_MARKINGS) {
      const entry = { group, marking };
      for (let i = 0; i < counts[marking]; i++) entries.push(entry);
    }
  }
  return entries;
}

/** A group's cell in one unit's breakdown (or the department's), hidden where that copy hides it. */
function gapCell(unit: string, breakdown: BreakdownResult, group: string): GapCell {
  const g = breakdown.groups.find((x) => x.group === group);
  if (!g) return { unit, n: 0, topRate: null, impactRatio: null, flagged: false, hidden: false };
  const hidden = breakdown.audience === 'shared' && g.suppressed;
  return {
    unit,
    n: hidden ? null : g.n,
    topRate: hidden ? null : g.top_rate,
    impactRatio: hidden ? null : g.top_impact_ratio,
    flagged: !hidden && g.flags.some((f) => f.kind === 'top_impact_ratio'),
    hidden,
  };
}

/**
 * A unit's cells for every group, from its counts: the impact ratio and the four-fifths flag exactly as
 * computeBreakdown gives them (and, outside HR, suppressBreakdown: small groups hidden by planSuppression,
 * ratios then taken against the highest group shown), without the Fisher's tests a unit's cell does not show.
 * A 200-unit department is recounted after every move; tests/shared/department.test.ts checks the two agree.
 */
export function unitGapCells(
  unit: string,
  groups: ReadonlyMap<string, BoxCounts>,
  options: Pick<DepartmentOptions, 'audience' | 'threshold' | 'notComparedGroups'>,
): Map<string, GapCell> {
  const tallies = new Map<string, { group: string; counts: BoxCounts; n: number; compared: boolean }>();
  for (const [raw, counts] of groups) {
    const group = groupName(raw);
    let tally = tallies.get(group);
    if (!tally) tallies.set(group, (tally = { group, counts: emptyBoxCounts(), n: 0, compared: isComparedGroup(group, options.notComparedGroups) }));
    for (const box of BOX_MARKINGS) tally.counts[box] += counts[box];
    tally.n += BOX_MARKINGS.reduce((sum, b) => sum + counts[b], 0);
  }
  const all = [...tallies.values()];
  const hidden = options.audience === 'shared' ? planSuppression(all, options.threshold) : new Map<string, unknown>();
  const topOf = (t: { counts: BoxCounts; n: number }): Rate => ({ count: topCount(t.counts), n: t.n });
  const compared = all.filter((t) => t.compared).sort((a, b) => compareGroupNames(a.group, b.group));
  const testsHidden = compared.some((t) => hidden.has(t.group));
  const best = highestRate(testsHidden ? compared.filter((t) => !hidden.has(t.group) && t.n > 0) : compared, topOf);
  const base = best !== null && topOf(best).count > 0 ? topOf(best) : null;
  const cells = new Map<string, GapCell>();
  for (const t of all) {
    if (hidden.has(t.group)) {
      cells.set(t.group, { unit, n: null, topRate: null, impactRatio: null, flagged: false, hidden: true });
      continue;
    }
    const top = topOf(t);
    cells.set(t.group, {
      unit,
      n: t.n,
      topRate: rate(top.count, t.n),
      impactRatio: t.compared && base !== null ? rateRatio(top, base) : null,
      flagged: t.compared && base !== null && belowFourFifths(top, base),
      hidden: false,
    });
  }
  return cells;
}

/**
 * Outside HR, a group hidden in exactly one unit could be worked out from the department's figure less the
 * units shown; so one more unit's cell is hidden with it (the smallest shown), as planSuppression does
 * within a table.
 */
function hideAcrossUnits(cells: GapCell[], sizes: ReadonlyMap<string, number>): GapCell[] {
  const present = cells.filter((c) => c.hidden || (c.n ?? 0) > 0);
  const hidden = present.filter((c) => c.hidden);
  if (hidden.length !== 1 || present.length < 2) return cells;
  const shown = present.filter((c) => !c.hidden).sort((a, b) => (sizes.get(a.unit) ?? 0) - (sizes.get(b.unit) ?? 0) || a.unit.localeCompare(b.unit));
  const extra = shown[0]!.unit;
  return cells.map((c) => (c.unit === extra ? { unit: c.unit, n: null, topRate: null, impactRatio: null, flagged: false, hidden: true } : c));
}

function gapSentence(subject: string, department: GapCell, units: GapCell[]): Pick<GroupGap, 'pattern' | 'sentence'> {
  const assessable = units.filter((c) => !c.hidden && c.impactRatio !== null);
  const flagged = assessable.filter((c) => c.flagged);
  const hiddenCount = units.filter((c) => c.hidden).length;
  const list = (cells: GapCell[]) => cells.map((c) => `${c.unit} (${formatRatio(c.impactRatio!)})`).join(', ');
  const hiddenTail = hiddenCount ? ` ${hiddenCount} ${hiddenCount === 1 ? 'unit has' : 'units have'} too few to show ([c]).` : '';
  if (department.flagged && department.impactRatio !== null) {
    const head = `Across the department, ${lowerFirst(subject)} were ${formatRatio(department.impactRatio)} times as likely as the highest group to be in the top two boxes: below four-fifths (${FOUR_FIFTHS.toFixed(2)}).`;
    if (assessable.length < 2) return { pattern: 'too_few', sentence: `${head} Too few units have enough of them to say whether the gap comes from one unit or from all.${hiddenTail}` };
    if (flagged.length === 0) {
      return {
        pattern: 'department_only',
        sentence: `${head} No single unit shows it: it appears only when the units are added together (the group is spread unevenly across units whose distributions differ).${hiddenTail}`,
      };
    }
    if (flagged.length === 1) return { pattern: 'one_unit', sentence: `${head} It comes from one unit: ${list(flagged)}; the other ${assessable.length - 1} are within four-fifths.${hiddenTail}` };
    if (flagged.length === assessable.length) return { pattern: 'all_units', sentence: `${head} It appears in every unit where the group can be compared: ${list(flagged)}.${hiddenTail}` };
    return { pattern: 'some_units', sentence: `${head} It appears in ${flagged.length} of ${assessable.length} units: ${list(flagged)}.${hiddenTail}` };
  }
  if (department.hidden) {
    // Outside HR the department's own figure for the group is hidden; say what the units show, no more.
    if (flagged.length === 0) return { pattern: 'none', sentence: '' };
    return {
      pattern: 'units_only',
      sentence: `${subject} are below four-fifths of the highest group within ${flagged.length === 1 ? 'one unit' : `${flagged.length} units`}: ${list(flagged)}; the department's figure for them is too small to show ([c]).${hiddenTail}`,
    };
  }
  if (flagged.length > 0) {
    return {
      pattern: 'units_only',
      sentence: `${subject} are within four-fifths of the highest group across the department, but below it within ${flagged.length === 1 ? 'one unit' : `${flagged.length} units`}: ${list(flagged)}.${hiddenTail}`,
    };
  }
  return { pattern: 'none', sentence: '' };
}

/** Everything the department view shows for one characteristic at one stage. */
export function departmentReport(people: readonly Member[], options: DepartmentOptions): DepartmentReport {
  const markingOf = stageMarking(options.stage);
  // One pass, counting only: a 100,000-person department is recounted after every move.
  const totals = emptyBoxCounts();
  const unitCounts = new Map<string, BoxCounts>();
  const gradeCounts = new Map<string, BoxCounts>();
  const unitGroups = new Map<string, Map<string, BoxCounts>>();
  const departmentGroups = new Map<string, BoxCounts>();
  for (const p of people) {
    if (!p.eligible) continue;
    const marking = markingOf(p);
    if (marking === null) continue;
    totals[marking] += 1;
    const unit = groupName(p.businessUnit);
    bump(unitCounts, unit, marking);
    bump(gradeCounts, groupName(p.grade), marking);
    let groups = unitGroups.get(unit);
    if (!groups) unitGroups.set(unit, (groups = new Map()));
    const value = characteristicValue(p, options.characteristic);
    bump(groups, value, marking);
    bump(departmentGroups, value, marking);
  }
  const population = BOX_MARKINGS.reduce((sum, b) => sum + totals[b], 0);
  const byUnit = distributionTable(unitCounts, 'business_unit', 'business unit', totals);
  const byGrade = distributionTable(gradeCounts, 'grade', 'grade', totals);

  // The characteristic across the department, and inside each unit, suppressed as the Breakdowns view would be.
  const breakdownOf = (groups: ReadonlyMap<string, BoxCounts>): BreakdownResult => {
    const hr = computeBreakdown(entriesOf(groups), {
      characteristic: options.characteristic,
      stage: options.stage,
      threshold: options.threshold,
      ...(options.notComparedGroups ? { notComparedGroups: options.notComparedGroups } : {}),
    });
    return options.audience === 'shared' ? suppressBreakdown(hr) : hr;
  };
  const label = characteristicLabel(options.characteristic);
  const describe = describeGroup(options.characteristic);
  const breakdown = breakdownOf(departmentGroups);
  const units = byUnit.rows.map((r) => r.name);
  const sizes = new Map(byUnit.rows.map((r) => [r.name, r.n]));
  const unitCells = new Map(units.map((unit) => [unit, unitGapCells(unit, unitGroups.get(unit) ?? new Map(), options)] as const));
  const gaps: GroupGap[] = breakdown.groups
    .filter((g) => g.compared)
    .map((g) => {
      const department = gapCell('Department', breakdown, g.group);
      let cells = units.map((unit) => unitCells.get(unit)!.get(g.group) ?? { unit, n: 0, topRate: null, impactRatio: null, flagged: false, hidden: false });
      if (options.audience === 'shared') cells = hideAcrossUnits(cells, sizes);
      return { group: g.group, department, units: cells, ...gapSentence(describe(g.group), department, cells) };
    });

  return {
    stage: options.stage,
    characteristic: options.characteristic,
    characteristicLabel: label,
    audience: options.audience,
    threshold: options.threshold,
    population,
    totals,
    byUnit,
    byGrade,
    breakdown,
    explanations: explainBreakdown(breakdown, label, describe),
    guidance: compareWithGuidanceCurve(totals),
    gaps,
    units,
    notes: [SUGGESTION_NOTE],
  };
}

/** Whether a panel has a department to look at: an overall panel, or any with more than one business unit. */
export function hasDepartmentView(stage: string, businessUnits: Iterable<string>): boolean {
  if (stage === 'overall') return true;
  const seen = new Set<string>();
  for (const unit of businessUnits) {
    seen.add(groupName(unit));
    if (seen.size > 1) return true;
  }
  return false;
}
