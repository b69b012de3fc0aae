// Three business units' panels, made through the moderation service as their chairs would: Policy and
// Operations finalised, Digital still open, one person (X001) in both Policy and Operations, and one change
// with its reason in each finalised unit. Used by the merge tests, the CLI tests and the window's e2e spec.
import { join } from 'node:path';
import { generatePeople } from '../../shared/sampleData';
import type { ImportRecord, ParsedImport } from '../../shared/importTypes';
import { TEMPLATE_COLUMNS } from '../../db/import/targets';
import { ModerationService } from '../../db/service';

export const hr = { name: 'Hana HR', role: 'hr' as const };

function parsedOf(records: ImportRecord[], file: string): ParsedImport {
  return { file, format: 'csv', targets: [...TEMPLATE_COLUMNS], records, errors: [], warnings: [], columns: [], ignoredColumns: [] };
}

/** Generated people of one unit, with staff ids of its own and nothing that would stop it being finalised. */
export function unitRecords(prefix: string, businessUnit: string, count: number, seed: number): ImportRecord[] {
  return generatePeople(count, { seed, performanceYear: 2025, lateJoinerShare: 0 }).map((r, i) => ({
    ...r,
    staffId: `${prefix}${String(i + 1).padStart(3, '0')}`,
    businessUnit,
    // The finance rule and the corporate contribution gate (Annex D 4.a, para 34) hold in every unit.
    financeObjective: r.financeObjective === 'Not met' && (r.provisionalMarking === 'Exceeding' || r.provisionalMarking === 'High Performing') ? 'Met' : r.financeObjective,
    corporateContribution: r.provisionalMarking === 'Exceeding' ? true : r.corporateContribution,
  }));
}

export const SHARED_PERSON: ImportRecord = {
  ...unitRecords('X', 'Policy Group', 1, 7)[0]!,
  staffId: 'X001',
  name: 'Sam Shared',
  provisionalMarking: 'Achieving',
  financeObjective: 'Met',
};

export interface UnitPanelSpec {
  file: string;
  name: string;
  businessUnit: string;
  year?: number;
  records: ImportRecord[];
  /** A change the unit's chair makes, with its reason. */
  move?: { staffId: string; to: 'Exceeding' | 'High Performing' | 'Achieving' | 'Partially Met'; reason: string };
  finalisedBy?: string;
  key?: string;
}

/** Makes one unit panel file as its chair would leave it; returns its path. */
export function makeUnitPanel(dir: string, spec: UnitPanelSpec): string {
  const path = join(dir, spec.file);
  const service = ModerationService.create(path, { name: spec.name, businessUnit: spec.businessUnit, performanceYear: spec.year ?? 2025 }, hr, spec.key ? { key: spec.key } : {});
  try {
    service.applyImport(parsedOf(spec.records, `${spec.businessUnit}.csv`), hr);
    const chair = { name: spec.finalisedBy ?? `${spec.businessUnit} chair`, role: 'chair' as const };
    if (spec.move) service.move(spec.move, chair);
    if (spec.finalisedBy) service.finalise(chair);
  } finally {
    service.close();
  }
  return path;
}

export interface ThreeUnits {
  policy: string;
  ops: string;
  digital: string;
  /** Who each finalised unit moved, and why. */
  policyMove: { staffId: string; from: string; to: string; reason: string };
  opsMove: { staffId: string; from: string; to: string; reason: string };
}

/** Policy Group (finalised by Pat Chair), Operations (finalised by Olu Chair), Digital (open); X001 in Policy and Operations. */
export function makeThreeUnits(dir: string, size = 12): ThreeUnits {
  const policyPeople = [...unitRecords('P', 'Policy Group', size, 11), SHARED_PERSON];
  const opsPeople = [...unitRecords('O', 'Operations', size, 22), { ...SHARED_PERSON, businessUnit: 'Operations', provisionalMarking: 'High Performing' as const }];
  const digitalPeople = unitRecords('D', 'Digital', size, 33);
  const policyMoved = policyPeople.find((p) => p.provisionalMarking === 'Achieving' && p.financeObjective !== 'Not met' && p.staffId !== 'X001')!;
  const opsMoved = opsPeople.find((p) => p.provisionalMarking === 'High Performing' && p.staffId !== 'X001')!;
  const policyMove = { staffId: policyMoved.staffId, from: 'Achieving', to: 'High Performing' as const, reason: 'Led the spending review' };
  const opsMove = { staffId: opsMoved.staffId, from: 'High Performing', to: 'Achieving' as const, reason: 'Missed two delivery deadlines' };
  return {
    policy: makeUnitPanel(dir, { file: 'policy.modpanel', name: 'Policy Group SCS', businessUnit: 'Policy Group', records: policyPeople, move: policyMove, finalisedBy: 'Pat Chair' }),
    ops: makeUnitPanel(dir, { file: 'ops.modpanel', name: 'Operations SCS', businessUnit: 'Operations', records: opsPeople, move: opsMove, finalisedBy: 'Olu Chair' }),
    digital: makeUnitPanel(dir, { file: 'digital.modpanel', name: 'Digital SCS', businessUnit: 'Digital', records: digitalPeople }),
    policyMove,
    opsMove,
  };
}
