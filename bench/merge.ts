// The overall moderation meeting at scale (issue 8): a department of `people` merged from `units` unit panel
// files, and the department view's figures after a move on the merged panel. Making the unit files is
// set-up and is not timed.

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generatePeople } from '../shared/sampleData';
import { BOX_MARKINGS, type Actor } from '../shared/domain';
import type { ParsedImport } from '../shared/importTypes';
import { TEMPLATE_COLUMNS } from '../db/import/targets';
import { ModerationService } from '../db/service';
import { mergeUnitPanels } from '../db/mergeFile';
import { departmentReport } from '../shared/department';
import { fairnessReport } from '../shared/fairness';

export const MERGE_TARGETS = { mergeMs: 30_000, departmentAfterMoveMs: 300 };

const hr: Actor = { name: 'Bench HR', role: 'hr' };
const chair: Actor = { name: 'Bench chair', role: 'chair' };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export interface MergeBench {
  people: number;
  units: number;
  setup_ms: number;
  merge_ms: number;
  department_after_move_median_ms: number;
  department_after_move_p95_ms: number;
  /** The two halves of that: the move itself (written, durable, audited), then the department view's figures. */
  move_median_ms: number;
  department_figures_median_ms: number;
  /** The Breakdowns view's figures (fairnessReport) on the same panel after the same moves, for scale. */
  breakdowns_view_median_ms: number;
  department_to_breakdowns_ratio: number;
}

export function benchMerge(dir: string, people: number, units: number): MergeBench {
  const setupStart = performance.now();
  const everyone = generatePeople(people, { seed: 82, performanceYear: 2025, lateJoinerShare: 0.01 });
  const perUnit = Math.ceil(people / units);
  const paths: string[] = [];
  for (let u = 0; u < units; u++) {
    const unitName = `Unit ${String(u + 1).padStart(3, '0')}`;
    const records = everyone.slice(u * perUnit, (u + 1) * perUnit).map((r) => ({ ...r, businessUnit: unitName }));
    if (records.length === 0) break;
    const path = join(dir, `unit-${u + 1}.modpanel`);
    const service = ModerationService.create(path, { name: `${unitName} SCS`, businessUnit: unitName, performanceYear: 2025 }, hr);
    const parsed: ParsedImport = { file: `${unitName}.csv`, format: 'csv', targets: [...TEMPLATE_COLUMNS], records, errors: [], warnings: [], columns: [], ignoredColumns: [] };
    service.applyImport(parsed, hr);
    service.close();
    paths.push(path);
  }
  const setupMs = performance.now() - setupStart;

  const out = join(dir, 'overall.modpanel');
  const start = performance.now();
  // The generated units are left open (their finance and contribution checks are not all met): merged as they stand.
  const outcome = mergeUnitPanels({ units: paths.map((path) => ({ path })), out, actor: hr, allowOpen: true });
  const mergeMs = performance.now() - start;
  if (!outcome.merged) throw new Error(`bench merge refused: ${outcome.plan.conflicts[0]?.message}`);

  // What the department view waits for after a move on the merged panel: the move, then its figures.
  const service = ModerationService.open(out);
  const movable = service.people().filter((p) => p.eligible && p.financeObjective !== 'Not met' && p.corporateContribution && p.moderatedMarking !== null);
  const times: number[] = [];
  const moveTimes: number[] = [];
  const figureTimes: number[] = [];
  const breakdownTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const person = movable[(i * 104729) % movable.length]!;
    const current = service.person(person.staffId).moderatedMarking!;
    const to = BOX_MARKINGS[(BOX_MARKINGS.indexOf(current) + 1) % 4]!;
    const moveStart = performance.now();
    service.move({ staffId: person.staffId, to, reason: 'Benchmark move' }, chair);
    const figuresStart = performance.now();
    departmentReport(service.people(), { characteristic: 'sex', stage: 'moderated', threshold: 5, audience: 'shared' });
    const end = performance.now();
    times.push(end - moveStart);
    moveTimes.push(figuresStart - moveStart);
    figureTimes.push(end - figuresStart);
    const breakdownStart = performance.now();
    fairnessReport(service.people(), { characteristic: 'sex', stage: 'moderated', threshold: 5, audience: 'shared' });
    breakdownTimes.push(performance.now() - breakdownStart);
  }
  service.close();
  const sorted = [...times].sort((a, b) => a - b);
  return {
    people: outcome.people,
    units: paths.length,
    setup_ms: Math.round(setupMs),
    merge_ms: Math.round(mergeMs),
    department_after_move_median_ms: Number(median(times).toFixed(1)),
    department_after_move_p95_ms: Number(sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!.toFixed(1)),
    move_median_ms: Number(median(moveTimes).toFixed(1)),
    department_figures_median_ms: Number(median(figureTimes).toFixed(1)),
    breakdowns_view_median_ms: Number(median(breakdownTimes).toFixed(1)),
    department_to_breakdowns_ratio: Number((median(times) / median(breakdownTimes)).toFixed(2)),
  };
}

/** The merge figures beside their targets (issue 8: merge under 30 s; the department view after a move under 300 ms). */
export function printMergeFigures(figures: MergeBench): void {
  console.log(JSON.stringify({ overall_meeting: figures }, null, 2));
  console.log(`\nThe overall moderation meeting: ${figures.people.toLocaleString('en-GB')} people from ${figures.units} unit panel files (making the files, ${figures.setup_ms} ms, is not counted):`);
  console.table([
    { figure: 'merge into one overall panel file', measured: `${figures.merge_ms} ms`, target: `under ${MERGE_TARGETS.mergeMs} ms`, met: figures.merge_ms < MERGE_TARGETS.mergeMs },
    {
      figure: 'a move on the overall panel, then the department view’s figures (median of 20; p95 beside it)',
      measured: `${figures.department_after_move_median_ms} ms (p95 ${figures.department_after_move_p95_ms} ms; the move ${figures.move_median_ms} ms, the figures ${figures.department_figures_median_ms} ms)`,
      target: `under ${MERGE_TARGETS.departmentAfterMoveMs} ms`,
      met: figures.department_after_move_median_ms < MERGE_TARGETS.departmentAfterMoveMs,
    },
    {
      figure: 'for scale: the Breakdowns view’s figures on the same panel after the same moves',
      measured: `${figures.breakdowns_view_median_ms} ms (department ÷ Breakdowns = ${figures.department_to_breakdowns_ratio}×)`,
      target: '',
      met: '',
    },
  ]);
}
