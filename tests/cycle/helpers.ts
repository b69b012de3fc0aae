// A panel file on disk with a handful of people, for the moderation-cycle tests (issue 8), and the command
// line run as a user would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { ModerationService, type NewPanel } from '../../db/service';
import type { ImportRecord } from '../../shared/importTypes';
import { parsed, record } from '../db/helpers';

export const HR = { name: 'Hana HR', role: 'hr' as const };
export const CHAIR = { name: 'Chris Chair', role: 'chair' as const };

export interface TempPanels {
  dir: string;
  create(file: string, records: ImportRecord[], panel?: Partial<NewPanel>, targets?: readonly string[]): ModerationService;
  cleanup(): void;
}

export function tempPanels(): TempPanels {
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-cycle-'));
  const open: ModerationService[] = [];
  return {
    dir,
    create(file, records, panel = {}, targets) {
      const service = ModerationService.create(join(dir, file), { name: 'Policy SCS', businessUnit: 'Policy', performanceYear: 2025, ...panel }, HR);
      service.applyImport(targets ? parsed(records, [], targets) : parsed(records), HR);
      open.push(service);
      return service;
    },
    cleanup() {
      for (const s of open) s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh folder of panel files for each test in the file, closed and removed after it. */
export function tempPanelsForEachTest(): TempPanels {
  let current: TempPanels | null = null;
  beforeEach(() => {
    current = tempPanels();
  });
  afterEach(() => current?.cleanup());
  const now = () => {
    if (!current) throw new Error('tempPanelsForEachTest: used outside a test');
    return current;
  };
  return {
    get dir() {
      return now().dir;
    },
    create: (...args) => now().create(...args),
    cleanup: () => now().cleanup(),
  };
}

/** `modpanel …` through cli/main.ts, with what it printed. */
export { modpanel } from '../cli/runModpanel';

export { parsed, record };
