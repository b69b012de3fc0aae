// The overall moderation meeting behind the contract: the unit panel files a host holds for a merge, the
// merge checked and then made (and opened by the host). db/api.ts serves these handlers like every other (the
// department view's figures are db/roomViews.ts's departmentFor); a host that cannot open another panel says so.

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import type { ApiParsedRequest, ApiResponses } from '../shared/contract';
import { performanceYearLabel } from '../shared/performanceYear';
import type { MergeCheck } from '../shared/overallContract';
import { ModerationError } from './errors';
import { planMerge, type MergePlan, type UnitPanelFile } from './merge';
import { createOverallPanel } from './mergeFile';

/** The unit panel files chosen for a merge: uploaded from the window into a private folder, or picked natively. */
export class UnitPanelStaging {
  private folder: string | null = null;
  private files: UnitPanelFile[] = [];

  /** Keeps uploaded files (replacing any held before); names stay as chosen, made unique. */
  stageUploads(uploads: readonly { fileName: string; bytes: Uint8Array }[]): UnitPanelFile[] {
    this.clear();
    const folder = mkdtempSync(join(tmpdir(), 'modpanel-units-'));
    this.folder = folder;
    const used = new Set<string>();
    this.files = uploads.map((upload) => {
      const label = uniqueName(safeFileName(upload.fileName), used);
      const path = join(folder, label);
      writeFileSync(path, upload.bytes);
      return { path, label };
    });
    return this.files;
  }

  /** Files the host's own dialog chose: read where they are, never written. */
  stagePaths(paths: readonly string[]): UnitPanelFile[] {
    this.clear();
    this.files = paths.map((path) => ({ path: resolve(path) }));
    return this.files;
  }

  units(): UnitPanelFile[] {
    return this.files;
  }

  clear(): void {
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
    this.folder = null;
    this.files = [];
  }
}

function safeFileName(fileName: string): string {
  const cleaned = basename(fileName.replace(/\\/g, '/'))
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '-')
    .replace(/^\.+/, '')
    .trim();
  return cleaned === '' ? 'unit.modpanel' : cleaned;
}

function uniqueName(name: string, used: Set<string>): string {
  const stem = basename(name, extname(name));
  let candidate = name;
  for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = `${stem} (${i})${extname(name)}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

/** What a host offers so the window can make an overall panel and switch to it. */
export interface OverallPanelHost {
  staging: UnitPanelStaging;
  /** Where the new overall panel is written: a save dialog (desktop) or a new file beside the open panel (web). Null when cancelled. */
  target(suggestedFileName: string): Promise<string | null>;
  /** Makes the new overall panel the one every request sees. */
  open(path: string, key?: string): Promise<void> | void;
}

/** Said when the window asks for the overall panel with neither a passphrase nor the choice not to encrypt it. */
export const MERGE_NEEDS_ENCRYPTION_CHOICE =
  'The overall panel holds special-category data about everyone in the unit panels: choose a passphrase to encrypt it, or choose explicitly not to encrypt it. Nothing was written.';

function hostOf(overall: OverallPanelHost | undefined): OverallPanelHost {
  if (!overall) throw new ModerationError('invalid', 'This window cannot make a new panel: use `modpanel merge` on the command line.');
  return overall;
}

function checkOf(plan: MergePlan): MergeCheck {
  return {
    merged: false,
    units: plan.units,
    conflicts: plan.conflicts,
    duplicates: plan.duplicates,
    people: plan.people,
    performanceYear: plan.performanceYear,
    warnings: plan.warnings,
  };
}

export function stageUnitPanels(overall: OverallPanelHost | undefined, request: ApiParsedRequest<'stageUnitPanels'>): ApiResponses['stageUnitPanels'] {
  const files = hostOf(overall).staging.stageUploads(
    request.units.map((u) => ({ fileName: u.fileName, bytes: new Uint8Array(Buffer.from(u.bytesBase64, 'base64')) })),
  );
  return { units: files.map((f) => ({ label: f.label ?? basename(f.path), bytes: statSync(f.path).size })) };
}

/** "Overall moderation 2025-26.modpanel" from the name HR gave (or the year). */
function suggestedFileName(name: string | undefined, year: number): string {
  const stem = (name?.trim() || `Overall moderation ${performanceYearLabel(year).replace('/', '-')}`).replace(/[<>:"/\\|?*\u0000-\u001f]/g, '-').trim();
  return `${stem}.modpanel`;
}

export async function mergeUnitPanelsHandler(overall: OverallPanelHost | undefined, request: ApiParsedRequest<'mergeUnitPanels'>): Promise<MergeCheck> {
  const host = hostOf(overall);
  if (request.actor.role !== 'hr') {
    throw new ModerationError('invalid', "Merging unit panels gathers every unit's diversity data, which is HR's to hold: act as HR to merge them.");
  }
  const units = host.staging.units();
  if (units.length === 0) throw new ModerationError('invalid', 'Choose the unit panel files to merge first.');
  const key = request.passphrase?.trim() ? request.passphrase : undefined;
  const plan = planMerge({ units, prefer: request.prefer, exclude: request.exclude, allowOpen: request.allowOpen, ...(key ? { key } : {}) });
  if (!request.commit || plan.conflicts.length > 0 || plan.performanceYear === null) return checkOf(plan);

  // Encrypted unless HR explicitly chose otherwise, as a new panel from HR's file is.
  if (key && request.noEncryption) throw new ModerationError('invalid', 'Choose either a passphrase for the overall panel or no encryption, not both.');
  if (!key && !request.noEncryption) throw new ModerationError('invalid', MERGE_NEEDS_ENCRYPTION_CHOICE);

  const out = await host.target(suggestedFileName(request.name, plan.performanceYear));
  if (out === null) return { ...checkOf(plan), cancelled: true };
  const outcome = createOverallPanel(plan, {
    out,
    actor: request.actor,
    ...(request.name?.trim() ? { name: request.name.trim() } : {}),
    ...(key ? { key } : {}),
  });
  if (!outcome.merged) return checkOf(outcome.plan);
  await host.open(outcome.path, key);
  host.staging.clear();
  return { ...checkOf(plan), merged: true, warnings: outcome.warnings, fileName: basename(outcome.path) };
}
