// The bundled demo panel: generated people (shared/sampleData) in a panel file of their own, made on
// first use in the user's data folder so `npm start` and `npm run web` open something real.

import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { generatePeople } from '../shared/sampleData';
import type { ParsedImport } from '../shared/importTypes';
import { TEMPLATE_COLUMNS } from './import/targets';
import { ModerationService } from './service';

export const DEMO_PEOPLE = 240;

/** Where panels live by default: MODPANEL_HOME, else ~/.modpanel. */
export function dataDirectory(): string {
  const dir = process.env.MODPANEL_HOME ?? join(homedir(), '.modpanel');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function demoRecordsImport(count = DEMO_PEOPLE): ParsedImport {
  return {
    file: 'demo-panel (generated)',
    format: 'csv',
    targets: [...TEMPLATE_COLUMNS],
    records: generatePeople(count, { seed: 2025, performanceYear: 2025 }),
    errors: [],
    warnings: [],
    columns: [],
    ignoredColumns: [],
  };
}

/** Creates the demo panel at `path` (or in the data folder) unless it already exists; returns its path. */
export function ensureDemoPanel(path = join(dataDirectory(), 'demo.modpanel')): string {
  if (existsSync(path)) return path;
  const actor = { name: 'Demo data', role: 'hr' as const };
  const service = ModerationService.create(
    path,
    { name: 'Demo panel: Policy Group SCS', businessUnit: 'Policy Group', performanceYear: 2025, stage: 'local' },
    actor,
  );
  try {
    service.applyImport(demoRecordsImport(), actor);
  } finally {
    service.close();
  }
  return path;
}
