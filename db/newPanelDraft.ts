// A new panel made from HR's file goes through the same import wizard as any import: the host holds the
// chosen file and where the panel will go (a draft), the window previews it against an empty panel in memory
// — columns, problems, values read as others, rows skipped, year and cut-off — and the panel file is made
// only when HR applies, then protected (db/panelLock.ts: encrypted unless HR explicitly opts out) and opened.
// Until then nothing is written. Used by the desktop app's File ▸ New Panel from File and the browser host's
// --new-panel-from.

import { existsSync, statSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Actor, Panel } from '../shared/domain';
import type { ParsedImport } from '../shared/importTypes';
import type { NewPanelDraftView } from '../shared/newPanelContract';
import { defaultEligibilityCutoff, defaultPerformanceYear } from '../shared/performanceYear';
import { ModerationError } from './errors';
import { IMPORT_LIMITS, parseImportBuffer } from './import';
import { megabytes } from './import/limits';
import { createPanelWithImport } from './newPanel';
import type { PanelLock } from './panelLock';
import { ModerationService, type ImportYearOptions, type NewPanel } from './service';

/** "policy-group_2025.xlsx" → "policy group 2025": the file name is the panel's first name. */
export function panelNameFromFile(file: string): string {
  const stem = basename(file, extname(file)).replace(/[_\s]+/g, ' ').replace(/-+/g, ' ').trim();
  return stem === '' ? 'New panel' : stem;
}

/** Refuses to make a panel where a file already is: panel files are never overwritten. */
export function refuseExistingPanelFile(target: string): void {
  if (existsSync(target)) {
    throw new ModerationError('invalid', `${basename(target)} already exists. Panel files are never overwritten: choose a new name.`);
  }
}

/** What a new panel from HR's file starts as: named after the file, in the business unit most of its people are in. */
export function panelDefaultsFromFile(source: string, records: readonly { businessUnit: string }[], performanceYear: number): NewPanel {
  return { name: panelNameFromFile(source), businessUnit: mostCommon(records.map((r) => r.businessUnit)), performanceYear };
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed) counts.set(trimmed, (counts.get(trimmed) ?? 0) + 1);
  }
  let best = '';
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/** HR's file for a new panel, waiting for the wizard. */
export class NewPanelDraft {
  private scratchService: ModerationService | null = null;

  constructor(
    readonly fileName: string,
    readonly bytes: Uint8Array,
    /** Where the panel file will be made. */
    readonly target: string,
    /** The name, business unit and year the wizard starts from. */
    readonly defaults: NewPanel,
    /** People the file holds as first read (rows without problems). */
    readonly people: number,
  ) {}

  /** An empty panel in memory with the draft's settings, to preview the file against: nothing is written. */
  scratch(actor: Actor): ModerationService {
    this.scratchService ??= ModerationService.create(':memory:', this.defaults, { ...actor, role: 'hr' });
    return this.scratchService;
  }

  view(): NewPanelDraftView {
    return {
      fileName: this.fileName,
      targetName: basename(this.target),
      bytesBase64: Buffer.from(this.bytes).toString('base64'),
      size: this.bytes.byteLength,
      name: this.defaults.name,
      businessUnit: this.defaults.businessUnit,
      performanceYear: this.defaults.performanceYear,
      eligibilityCutoff: this.defaults.eligibilityCutoff ?? defaultEligibilityCutoff(this.defaults.performanceYear),
    };
  }

  close(): void {
    this.scratchService?.close();
    this.scratchService = null;
  }
}

/**
 * Reads HR's file at `source` for a new panel at `target`. Refused only when the panel file already exists or
 * HR's file cannot be read at all; problems inside it are the wizard's to show and fix.
 */
export async function draftNewPanel(source: string, target: string, today: Date = new Date()): Promise<NewPanelDraft> {
  refuseExistingPanelFile(target);
  let bytes: Uint8Array;
  try {
    const size = statSync(source).size;
    if (size > IMPORT_LIMITS.fileBytes) {
      throw new ModerationError('import_invalid', `${basename(source)} is ${megabytes(size)}, more than an import takes (${megabytes(IMPORT_LIMITS.fileBytes)}), so no panel was made.`);
    }
    bytes = new Uint8Array(readFileSync(source));
  } catch (error) {
    if (error instanceof ModerationError) throw error;
    throw new ModerationError('import_invalid', `${basename(source)} cannot be read (${(error as Error).message}), so no panel was made.`);
  }
  // The same default year as the command line's (shared/performanceYear); the wizard can change it.
  const performanceYear = defaultPerformanceYear(today);
  const parsed = await parseImportBuffer(source, bytes, { cutoff: defaultEligibilityCutoff(performanceYear) });
  return new NewPanelDraft(basename(source), bytes, target, panelDefaultsFromFile(source, parsed.records, performanceYear), parsed.records.length);
}

/** What the window's wizard decided for the new panel: its name and unit, the year and cut-off, and the import's choices. */
export interface NewPanelChoices {
  name: string;
  businessUnit: string;
  import: ImportYearOptions;
}

/** The panel as the wizard settled it, with the year and cut-off as its own settings rather than a change to them. */
export function settledPanel(draft: NewPanelDraft, choices: NewPanelChoices): { panel: NewPanel; import: ImportYearOptions } {
  const { performanceYear, eligibilityCutoff, ...importOptions } = choices.import;
  const year = performanceYear ?? draft.defaults.performanceYear;
  return {
    panel: {
      ...draft.defaults,
      name: choices.name,
      businessUnit: choices.businessUnit,
      performanceYear: year,
      eligibilityCutoff: eligibilityCutoff ?? defaultEligibilityCutoff(year),
    },
    import: importOptions,
  };
}

/** Where a host keeps the draft (one at a time) and how it makes the panel once the wizard applies. */
export interface NewPanelHost {
  draft(): NewPanelDraft | null;
  /**
   * Makes the panel from the checked file. Hosts with a window ask how to protect it first: the panel is made
   * when the window answers (PanelLock.protectNew), and opened. Resolves once that is arranged.
   */
  make(parsed: ParsedImport, choices: NewPanelChoices, actor: Actor): Promise<{ waitingForProtection: boolean }>;
  /** Drops the draft: nothing was written. */
  discard(): boolean;
}

/**
 * The usual host: one draft at a time; making it waits for the window to say how to protect the panel
 * (`locks`), then creates the file (all or nothing, db/newPanel.ts), opens it and forgets the draft.
 */
export class NewPanelDrafts implements NewPanelHost {
  private current: NewPanelDraft | null = null;

  constructor(
    private readonly locks: () => PanelLock | undefined,
    private readonly program: 'desktop' | 'web',
    /** Told when the new panel has been made and opened. */
    private readonly made: (path: string, panel: Panel) => void = () => {},
  ) {}

  async start(source: string, target: string, today: Date = new Date()): Promise<NewPanelDraft> {
    const draft = await draftNewPanel(source, target, today);
    this.current?.close();
    this.current = draft;
    return draft;
  }

  draft(): NewPanelDraft | null {
    return this.current;
  }

  async make(parsed: ParsedImport, choices: NewPanelChoices, actor: Actor): Promise<{ waitingForProtection: boolean }> {
    const draft = this.current;
    if (draft === null) throw new ModerationError('invalid', 'No new panel is waiting to be made: choose File ▸ New Panel from File again.');
    refuseExistingPanelFile(draft.target);
    const settled = settledPanel(draft, choices);
    const create = async (key: string | undefined): Promise<string> => {
      const created = createPanelWithImport(draft.target, settled.panel, parsed, actor, { ...(key ? { key } : {}), program: this.program, import: settled.import });
      draft.close();
      if (this.current === draft) this.current = null;
      this.made(created.path, created.panel);
      return created.path;
    };
    const locks = this.locks();
    if (locks === undefined) {
      // A host with no window to ask (tests, scripts): made unencrypted at once.
      await create(undefined);
      return { waitingForProtection: false };
    }
    locks.waitForNewPanel(draft.target, async (key) => {
      const path = await create(key);
      await locks.open(path, key);
      return path;
    });
    return { waitingForProtection: true };
  }

  discard(): boolean {
    const had = this.current !== null;
    const target = this.current?.target;
    this.current?.close();
    this.current = null;
    // A protection prompt for this panel goes with it; any other (a passphrase for the open panel) stays.
    const locks = this.locks();
    if (target !== undefined && locks?.waitingPath === target) locks.cancel();
    return had;
  }
}
