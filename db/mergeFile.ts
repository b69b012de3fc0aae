// Creates the overall panel file from unit panels (db/merge.ts plans it): nothing is written while any
// conflict is left, and the file is built beside its final name and moved into place only once the merge
// has committed, so a failure part-way leaves no half-made file.

import { existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { PanelFileError } from './errors';
import { planMerge, type MergePlan, type MergeRequest, type MergeSummary, type UnitRead } from './merge';
import { ModerationService } from './service';
import { defaultEligibilityCutoff, performanceYearLabel } from '../shared/performanceYear';
import type { Actor, HighPerformingAwardSetting, Panel } from '../shared/domain';
import type { SessionProgram } from './sessions';

export interface OverallPanelOptions {
  /** The overall panel file to create; refused if it exists. */
  out: string;
  actor: Actor;
  name?: string;
  /** What the header shows as its business unit; "Whole department" by default. */
  businessUnit?: string;
  /** Who makes it, for the session its events are recorded in (the command line's is `cli`). */
  program?: SessionProgram;
}

export type MergeOutcome =
  | { merged: false; plan: MergePlan }
  | ({ merged: true; path: string; panel: Panel; warnings: string[] } & MergeSummary);

/** Settings every unit agrees on carry over; where they differ, the safest or the default, said in a warning. */
function overallSettings(units: readonly UnitRead[], year: number) {
  const warnings: string[] = [];
  const cutoffs = [...new Set(units.map((u) => u.panel.eligibilityCutoff))];
  const awards = [...new Set(units.map((u) => u.panel.highPerformingAward))];
  if (cutoffs.length > 1) warnings.push(`The unit panels used different eligibility cut-offs (${cutoffs.join(', ')}); each person keeps the eligibility their unit decided, and the overall panel's cut-off is ${defaultEligibilityCutoff(year)}.`);
  if (awards.length > 1) warnings.push("The unit panels differ on whether High Performing receives end-year awards; the overall panel starts at the department's discretion.");
  return {
    eligibilityCutoff: cutoffs.length === 1 ? cutoffs[0]! : defaultEligibilityCutoff(year),
    highPerformingAward: (awards.length === 1 ? awards[0]! : 'discretion') as HighPerformingAwardSetting,
    // The most protective small-number threshold, and every group any unit did not compare.
    suppressionThreshold: Math.max(5, ...units.map((u) => u.panel.suppressionThreshold)),
    notComparedGroups: [...new Set(units.flatMap((u) => u.panel.notComparedGroups))],
    warnings,
  };
}

/** Moves the finished file into place without ever replacing one that appeared meanwhile. */
function publish(temp: string, out: string): void {
  try {
    linkSync(temp, out);
    rmSync(temp, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new PanelFileError(`${out} appeared while the merge ran; panel files are never overwritten, so nothing was written`);
    if (existsSync(out)) throw new PanelFileError(`${out} already exists; panel files are never overwritten`);
    renameSync(temp, out); // a file system without hard links
  }
}

/**
 * Plans the merge and, when nothing is in conflict, creates the overall panel at `out` in one go: built
 * beside it under a temporary name and moved into place once committed, so a failure leaves no file.
 */
export function mergeUnitPanels(request: MergeRequest & OverallPanelOptions): MergeOutcome {
  return createOverallPanel(planMerge(request), request);
}

/** Creates the overall panel from a plan already made (the window checks first, then makes it). */
export function createOverallPanel(plan: MergePlan, request: OverallPanelOptions & { key?: string }): MergeOutcome {
  const out = resolve(request.out);
  if (existsSync(out)) {
    plan = {
      ...plan,
      conflicts: [
        ...plan.conflicts,
        { kind: 'output_exists', units: [], message: `${out} already exists`, fix: 'Panel files are never overwritten: choose a new name for the overall panel.' },
      ],
    };
  }
  if (plan.conflicts.length > 0 || plan.performanceYear === null) return { merged: false, plan };
  const year = plan.performanceYear;
  const settings = overallSettings(plan.read.units, year);
  const temp = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.partial`);
  const removeTemp = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(temp + suffix, { force: true });
  };
  let service: ModerationService | null = null;
  try {
    service = ModerationService.create(
      temp,
      {
        name: request.name?.trim() || `Overall moderation ${performanceYearLabel(year)}`,
        businessUnit: request.businessUnit?.trim() || 'Whole department',
        performanceYear: year,
        stage: 'overall',
        eligibilityCutoff: settings.eligibilityCutoff,
        suppressionThreshold: settings.suppressionThreshold,
        notComparedGroups: settings.notComparedGroups,
        highPerformingAward: settings.highPerformingAward,
      },
      request.actor,
      { ...(request.key ? { key: request.key } : {}), ...(request.program ? { program: request.program } : {}) },
    );
    const summary = service.applyMerge(plan, request.actor);
    const panel = service.panel();
    service.close();
    service = null;
    if (existsSync(`${temp}-wal`)) throw new PanelFileError(`The overall panel at ${temp} did not close cleanly, so it was not moved into place`);
    publish(temp, out);
    return { merged: true, path: out, panel, warnings: [...plan.warnings, ...settings.warnings], ...summary };
  } catch (error) {
    service?.close();
    removeTemp();
    throw error;
  }
}
