// The desktop app's open panel: exactly one ModerationService at a time (switching panels closes the old
// one), plus making a new panel file from an HR spreadsheet. No Electron import, so it is unit-tested.

import type { PanelSession } from '../db/api';
import type { OverallPanelHost } from '../db/mergeApi';
import type { PanelLock } from '../db/panelLock';
import { panelDefaultsFromFile, refuseExistingPanelFile, type NewPanelHost } from '../db/newPanelDraft';
import { parseImportFile } from '../db/import';
import { ModerationError } from '../db/errors';
import { ModerationService, type NewPanel } from '../db/service';
import { createPanelWithImport } from '../db/newPanel';
import type { Actor, Panel } from '../shared/domain';
import type { ImportIssue, ParsedImport } from '../shared/importTypes';
import { defaultEligibilityCutoff, defaultPerformanceYear } from '../shared/performanceYear';

export { panelNameFromFile } from '../db/newPanelDraft';

export class DesktopPanelSession implements PanelSession {
  private current: ModerationService | null = null;
  /** Set by the main process: the save dialog and the switch for an overall panel made in the window. */
  overall?: OverallPanelHost;
  /** Set by the main process: an encrypted panel waiting for the passphrase the window asks for. */
  locks?: PanelLock;
  /** Set by the panel process: a new panel from HR's file, waiting for the window's import wizard. */
  newPanel?: NewPanelHost;

  service(): ModerationService {
    if (!this.current) throw new ModerationError('not_found', 'No panel is open. Use File › Open… to choose one.');
    return this.current;
  }

  get path(): string | null {
    return this.current?.path ?? null;
  }

  /**
   * Opens `path` and makes it the panel every IPC call sees. The new file is opened before the old one is
   * closed, so a file that fails to open leaves the current panel in place.
   */
  open(path: string, key?: string): Panel {
    if (this.current && this.current.path === path) return this.current.panel();
    const next = ModerationService.open(path, { ...(key ? { key } : {}), program: 'desktop' });
    let panel: Panel;
    try {
      panel = next.panel();
    } catch (error) {
      next.close();
      throw error;
    }
    const previous = this.current;
    this.current = next;
    previous?.close();
    return panel;
  }

  close(): void {
    this.overall?.staging.clear();
    this.current?.close();
    this.current = null;
  }
}

export interface NewPanelFromFile {
  path: string;
  panel: Panel;
  people: number;
  warnings: ImportIssue[];
}

/** One import problem in words: "row 7, grade: expected one of SCS1, SCS2 (got "G7")". */
export function describeIssue(issue: ImportIssue): string {
  const where = `${issue.row ? `row ${issue.row}` : 'the file'}${issue.column ? `, ${issue.column}` : ''}`;
  const got = issue.value !== null && issue.value !== '' ? ` (got "${issue.value}")` : '';
  return `${where}: expected ${issue.expected}${got}`;
}

/** An HR file read and checked, ready to become a new panel once the window has said how to protect it. */
export interface PreparedPanel {
  source: string;
  target: string;
  parsed: ParsedImport;
  panel: NewPanel;
}

/**
 * Reads and checks the HR file at `source` for a new panel at `target`: a file with problems, or a target
 * that exists, is refused before the window is asked anything and before anything is written.
 */
export async function prepareNewPanel(source: string, target: string, today: Date = new Date()): Promise<PreparedPanel> {
  refuseExistingPanelFile(target);
  // The same default as the CLI's (shared/performanceYear); HR can change it in the panel's settings.
  const performanceYear = defaultPerformanceYear(today);
  const parsed = await parseImportFile(source, { cutoff: defaultEligibilityCutoff(performanceYear) });
  if (parsed.errors.length > 0) {
    const first = parsed.errors.slice(0, 3).map(describeIssue).join('; ');
    throw Object.assign(
      new ModerationError('import_invalid', `${parsed.file} has ${parsed.errors.length} problem(s), so no panel was made (${first}).`),
      { issues: parsed.errors },
    );
  }
  if (parsed.records.length === 0) {
    throw new ModerationError('import_invalid', `${parsed.file} has no people in it, so no panel was made.`);
  }
  return { source, target, parsed, panel: panelDefaultsFromFile(source, parsed.records, performanceYear) };
}

/**
 * Makes the prepared panel, encrypted with `key` when given. The file appears only once the import has
 * committed (db/newPanel.ts): a failure part-way leaves nothing behind. Never overwrites an existing file.
 */
export function createPreparedPanel(prepared: PreparedPanel, actor: Actor, options: { key?: string } = {}): NewPanelFromFile {
  const made = createPanelWithImport(prepared.target, prepared.panel, prepared.parsed, actor, { ...(options.key ? { key: options.key } : {}), program: 'desktop' });
  return { path: prepared.target, panel: made.panel, people: prepared.parsed.records.length, warnings: prepared.parsed.warnings };
}

/**
 * Makes a new panel file at `target` from the HR file at `source`: parse and validate first, so a file with
 * problems creates nothing; then create the panel and import everyone in one go (prepareNewPanel, then
 * createPreparedPanel). Without a key the panel is not encrypted: the window asks for one explicitly.
 */
export async function createPanelFromFile(
  source: string,
  target: string,
  actor: Actor,
  today: Date = new Date(),
  options: { key?: string } = {},
): Promise<NewPanelFromFile> {
  return createPreparedPanel(await prepareNewPanel(source, target, today), actor, options);
}
