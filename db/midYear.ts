// A mid-year consistency check panel opened beside the end-year panel (paras 85, 90): reads its indicative
// markings by staff id from a separate .modpanel file (stage mid_year), read-only, and builds the
// comparison (shared/midYear.ts). The window uploads the file; the host keeps the markings it read for
// as long as the same end-year panel is open, so the view stays live as the panel moves people.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PANEL_STAGE_LABELS, type BoxMarking, type Panel, type PanelStage } from '../shared/domain';
import { midYearComparison, type MidYearComparison } from '../shared/midYear';
import { performanceYearLabel } from '../shared/performanceYear';
import { openPanelDatabase } from './connection';
import { ModerationError, PanelFileError } from './errors';
import type { ModerationService } from './service';

export interface MidYearMarkings {
  fileName: string;
  panelName: string;
  performanceYear: number;
  /** Staff id → the indicative marking after the mid-year check (its moderated marking, else its provisional one). */
  markings: Map<string, BoxMarking>;
}

/**
 * Reads a mid-year panel file without changing it (read-only: no migration runs). Refuses a file that is
 * not a mid-year consistency check, or that is for another performance year than `expectedYear`.
 */
export function readMidYearPanel(path: string, options: { key?: string; expectedYear?: number; displayName?: string } = {}): MidYearMarkings {
  const name = options.displayName ?? basename(path);
  let db;
  try {
    db = openPanelDatabase(path, { readonly: true, ...(options.key ? { key: options.key } : {}) });
  } catch (error) {
    if (error instanceof PanelFileError) throw new PanelFileError(error.message.replaceAll(path, name));
    throw new PanelFileError(`${name} could not be opened as a panel file: ${(error as Error).message}`);
  }
  try {
    let panel: { name: string; stage: PanelStage; performance_year: number } | undefined;
    let rows: { staff_id: string; provisional_marking: BoxMarking | null; moderated_marking: BoxMarking | null; eligible: number }[];
    try {
      panel = db.prepare<[], { name: string; stage: PanelStage; performance_year: number }>('SELECT name, stage, performance_year FROM panel WHERE id = 1').get();
      rows = db
        .prepare<[], { staff_id: string; provisional_marking: BoxMarking | null; moderated_marking: BoxMarking | null; eligible: number }>(
          'SELECT staff_id, provisional_marking, moderated_marking, eligible FROM person',
        )
        .all();
    } catch (error) {
      throw new PanelFileError(`${name} is not a panel file this app can read (${(error as Error).message})`);
    }
    if (!panel) throw new PanelFileError(`${name} has no panel in it`);
    if (panel.stage !== 'mid_year') {
      throw new ModerationError(
        'invalid',
        `${name} is a ${PANEL_STAGE_LABELS[panel.stage].toLowerCase()} ("${panel.name}"), not a mid-year consistency check (stage mid_year); open the mid-year panel file instead`,
      );
    }
    if (options.expectedYear !== undefined && panel.performance_year !== options.expectedYear) {
      throw new ModerationError(
        'invalid',
        `${name} is the mid-year check for ${performanceYearLabel(panel.performance_year)}, but this panel is for ${performanceYearLabel(options.expectedYear)}; open the mid-year file for the same year`,
      );
    }
    const markings = new Map<string, BoxMarking>();
    for (const row of rows) {
      const marking = row.moderated_marking ?? row.provisional_marking;
      if (marking !== null) markings.set(row.staff_id, marking);
    }
    return { fileName: name, panelName: panel.name, performanceYear: panel.performance_year, markings };
  } finally {
    db.close();
  }
}

/** As readMidYearPanel for a file uploaded through the window: written to a private temporary folder, read, deleted. */
export function readMidYearUpload(fileName: string, bytes: Uint8Array, options: { key?: string; expectedYear?: number } = {}): MidYearMarkings {
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-midyear-'));
  try {
    const path = join(dir, 'mid-year.modpanel');
    writeFileSync(path, bytes, { mode: 0o600 });
    try {
      return readMidYearPanel(path, { ...options, displayName: basename(fileName) });
    } catch (error) {
      // A panel still open elsewhere keeps its latest changes beside the file (SQLite's write-ahead log), so
      // the file alone can look empty: say how to fix that rather than only that it is empty.
      if (error instanceof PanelFileError && isWalModeSqlite(bytes) && /empty|no panel/.test(error.message)) {
        throw new PanelFileError(
          `${error.message}. If ${basename(fileName)} is open in Moderation Panel (or modpanel) elsewhere, close it there first so that everything is written into the file, then open it here again.`,
        );
      }
      throw error;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An SQLite database in write-ahead-log mode (header bytes 18 and 19 are 2). */
function isWalModeSqlite(bytes: Uint8Array): boolean {
  const header = 'SQLite format 3\u0000';
  if (bytes.length < 100) return false;
  for (let i = 0; i < header.length; i++) if (bytes[i] !== header.charCodeAt(i)) return false;
  return bytes[18] === 2 && bytes[19] === 2;
}

// The mid-year file a window opened beside each end-year panel. Keyed by the service, so opening another
// panel file (a new service) starts with none.
const opened = new WeakMap<ModerationService, MidYearMarkings>();

export function openedMidYear(service: ModerationService): MidYearMarkings | null {
  return opened.get(service) ?? null;
}

export function setOpenedMidYear(service: ModerationService, markings: MidYearMarkings | null): void {
  if (markings === null) opened.delete(service);
  else opened.set(service, markings);
}

/** The comparison for a panel, from a mid-year file when one is given (or opened beside it), else its own column. */
export function midYearFor(
  service: Pick<ModerationService, 'people' | 'panel'>,
  audience: 'hr' | 'shared',
  markings: MidYearMarkings | null,
): MidYearComparison {
  const panel: Panel = service.panel();
  return midYearComparison(service.people(), {
    threshold: panel.suppressionThreshold,
    audience,
    notComparedGroups: panel.notComparedGroups,
    ...(markings ? { fromFile: { fileName: markings.fileName, panelName: markings.panelName, markings: markings.markings } } : {}),
  });
}
