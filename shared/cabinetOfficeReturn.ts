// The figures HR sends to the Cabinet Office each autumn (paras 91-94), from one function that the
// `modpanel return` command, the XLSX Summary sheet and the panel record all call.

import { BOX_MARKINGS, HIGH_PERFORMING_AWARD_LABELS, type BoxMarking, type EligibilityStatus, type Panel, type Person } from './domain';
import { performanceYearLabel } from './performanceYear';
import { endYearAward, inYearAward } from './awards';
import { percentOneDecimalHalfUp } from './stats/rounding';

export interface ReturnBox {
  marking: BoxMarking;
  n: number;
  /** Over the people eligible for moderation, one decimal place, half up. */
  percent: number;
}

export interface CabinetOfficeReturn {
  panel: string;
  performance_year: number;
  status: Panel['status'];
  /** People eligible for moderation: the denominator of every percentage. */
  population: number;
  /** Para 92a, as the framework words it: Exceeding and High Performing together. */
  exceeding_and_high_performing: { n: number; percent: number };
  /** Each box in framework order (the return asks 92a and 92b; each box is given too). */
  boxes: ReturnBox[];
  /** Para 92b. */
  partially_met: { n: number; percent: number };
  /** Eligible for moderation but with no moderated marking yet (finalise refuses while any remain). */
  not_moderated: number;
  /** Para 94: the number on formal poor performance measures. */
  poor_performance_measures: number;
  /** Para 73 and FAQ, over the people eligible for moderation. */
  end_year_award: { eligible: number; discretionary: number; not_eligible: number };
  high_performing_award: Panel['highPerformingAward'];
  /** Para 51: not on formal poor performance measures (and not a Civil Service leaver, FAQ). */
  in_year_award_eligible: number;
  /** Para 92c, where the file gave payment columns; null when it did not. */
  payments: { in_year: number | null; end_year: number | null };
  /** Civil Service leavers among the people moderated (FAQ: no award). */
  leavers: number;
  /** People listed apart and not moderated here, by reason (paras 69-70). */
  listed_apart: Record<Exclude<EligibilityStatus, 'eligible'>, number>;
}

/** Para 92: figures are over "the department"; percentages are over the people eligible for moderation. */
export function cabinetOfficeReturn(panel: Panel, people: readonly Person[]): CabinetOfficeReturn {
  const population = people.filter((p) => p.eligible);
  const n = population.length;
  const percent = (count: number) => (n === 0 ? 0 : percentOneDecimalHalfUp(count, n));
  const counts = Object.fromEntries(BOX_MARKINGS.map((m) => [m, 0])) as Record<BoxMarking, number>;
  let notModerated = 0;
  const award = { eligible: 0, discretionary: 0, not_eligible: 0 };
  let inYear = 0;
  let poor = 0;
  let leavers = 0;
  let inYearPayments: number | null = null;
  let endYearPayments: number | null = null;
  for (const p of population) {
    if (p.moderatedMarking === null) notModerated += 1;
    else counts[p.moderatedMarking] += 1;
    const endYear = endYearAward(p, panel.highPerformingAward);
    if (endYear === 'Eligible') award.eligible += 1;
    else if (endYear === "At department's discretion") award.discretionary += 1;
    else award.not_eligible += 1;
    if (inYearAward(p) === 'Eligible') inYear += 1;
    if (p.poorPerformanceMeasures) poor += 1;
    if (p.leftDate !== null) leavers += 1;
    if (p.inYearPayments !== null) inYearPayments = (inYearPayments ?? 0) + p.inYearPayments;
    if (p.endYearPayment !== null) endYearPayments = (endYearPayments ?? 0) + (p.endYearPayment ? 1 : 0);
  }
  const listedApart = { joined_after_cutoff: 0, moved_in_after_cutoff: 0, start_date_unknown: 0 };
  for (const p of people) if (!p.eligible && p.eligibility !== 'eligible') listedApart[p.eligibility] += 1;
  const topTwo = counts.Exceeding + counts['High Performing'];
  return {
    panel: panel.name,
    performance_year: panel.performanceYear,
    status: panel.status,
    population: n,
    exceeding_and_high_performing: { n: topTwo, percent: percent(topTwo) },
    boxes: BOX_MARKINGS.map((marking) => ({ marking, n: counts[marking], percent: percent(counts[marking]) })),
    partially_met: { n: counts['Partially Met'], percent: percent(counts['Partially Met']) },
    not_moderated: notModerated,
    poor_performance_measures: poor,
    end_year_award: award,
    high_performing_award: panel.highPerformingAward,
    in_year_award_eligible: inYear,
    payments: { in_year: inYearPayments, end_year: endYearPayments },
    leavers,
    listed_apart: listedApart,
  };
}

/** The return's lines as the Summary sheet and the panel record show them: [figure, number, percent]. */
export function returnLines(figures: CabinetOfficeReturn): [string, number | string, number | null][] {
  const lines: [string, number | string, number | null][] = [
    ['Performance year', performanceYearLabel(figures.performance_year), null],
    ['People eligible for moderation (the base of every percentage)', figures.population, null],
    ['92a: Exceeding and High Performing', figures.exceeding_and_high_performing.n, figures.exceeding_and_high_performing.percent],
    ...figures.boxes.map((b): [string, number, number] => [`${b.marking}${b.marking === 'Partially Met' ? ' (92b)' : ''}`, b.n, b.percent]),
  ];
  if (figures.not_moderated > 0) lines.push(['Eligible but not yet moderated (finalise refuses while any remain)', figures.not_moderated, null]);
  lines.push(
    ['Para 94: on formal poor performance measures', figures.poor_performance_measures, null],
    ['End-year award: eligible (Exceeding; para 73)', figures.end_year_award.eligible, null],
    [
      `End-year award: at the department's discretion (High Performing; setting: ${HIGH_PERFORMING_AWARD_LABELS[figures.high_performing_award]})`,
      figures.end_year_award.discretionary,
      null,
    ],
    ['End-year award: not eligible (including Civil Service leavers, FAQ)', figures.end_year_award.not_eligible, null],
    ['In-year award: eligible (not on formal poor performance measures; para 51)', figures.in_year_award_eligible, null],
    ['92c: in-year payments made', figures.payments.in_year ?? 'Not in the file', null],
    ['92c: end-year payments made', figures.payments.end_year ?? 'Not in the file', null],
    ['Civil Service leavers moderated (no award, FAQ)', figures.leavers, null],
    ['Listed apart: joined the Civil Service on or after the cut-off (para 69)', figures.listed_apart.joined_after_cutoff, null],
    ['Listed apart: joined the department on or after the cut-off (para 70)', figures.listed_apart.moved_in_after_cutoff, null],
    ['Listed apart: Civil Service start date unknown', figures.listed_apart.start_date_unknown, null],
  );
  return lines;
}

