// Roles the service enforces (issue 9): every operation that writes to a panel, tried by every role. The
// expected roles are written out here from the issue, not read from shared/roles.ts, so the table checks
// the code against what was asked: the chair moves, reorders, flags, notes, runs discussions, undoes and
// finalises; a member flags and notes; the finance partner edits finance annotations and notes; HR imports,
// exports, changes settings and does not move people; an observer reads. A refusal names the role that
// may, and is an event in the history.
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModerationService } from '../../db/service';
import { ModerationError } from '../../db/errors';
import { createPanelApi } from '../../db/api';
import { planMerge } from '../../db/merge';
import { rekeyPanel } from '../../db/rekey';
import { readChangesBuffer, runChanges } from '../../db/batchChanges';
import { applyFinanceWorkbook, buildFinanceWorkbook, readFinanceWorkbook } from '../../db/workbooks/financeWorkbook';
import { applyMemberPreviews, buildMemberPreview, readMemberPreview } from '../../db/workbooks/memberPreview';
import type { Actor, Role } from '../../shared/domain';
import type { ApiName, ApiRequest } from '../../shared/contract';
import { parsed, record } from './helpers';
import { makeUnitPanel, unitRecords } from './unitPanels';

type PersonRole = Exclude<Role, 'system'>;
const ACTORS: Record<PersonRole, Actor> = {
  chair: { name: 'Cat Chair', role: 'chair' },
  member: { name: 'Mia Member', role: 'member' },
  finance: { name: 'Fay Finance', role: 'finance' },
  hr: { name: 'Hana HR', role: 'hr' },
  observer: { name: 'Olu Observer', role: 'observer' },
};
const ROLES = Object.keys(ACTORS) as PersonRole[];
const { chair: CHAIR, hr: HR, finance: FINANCE, member: MEMBER } = ACTORS;

/** How a refusal names the roles that may do it. */
const WHO: Record<PersonRole, RegExp> = {
  chair: /the panel chair/,
  member: /a panel member/,
  finance: /the finance partner/,
  hr: /\bHR\b/,
  observer: /an observer/,
};

const people = () => [
  record('S1', { name: 'Ann Able', lineManager: 'Mia Member' }),
  ...['S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'].map((id, i) => record(id, { name: `Person ${id}`, jobWeight: 20 - i })),
];

function newPanel(): ModerationService {
  const service = ModerationService.create(':memory:', { name: 'Roles panel', businessUnit: 'Policy', performanceYear: 2025 }, HR);
  service.applyImport(parsed(people()), HR);
  service.updateAttendance({ add: [{ name: 'Cat Chair', role: 'chair' }, { name: 'Mia Member', role: 'member' }] }, HR);
  return service;
}

/** A contract entry through the API layer, thrown as the service's error when refused. */
async function viaApi<K extends ApiName>(service: ModerationService, name: K, request: ApiRequest<K>): Promise<unknown> {
  const result = await (createPanelApi({ service: () => service })[name] as unknown as (r: ApiRequest<K>) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>)(request);
  if (!result.ok) throw new ModerationError(result.error!.code as 'not_permitted', result.error!.message);
  return result.value;
}

/** The change a role can make of its own, so it has something to undo or redo. */
function ownChange(service: ModerationService, actor: Actor): void {
  if (actor.role === 'chair') service.move({ staffId: 'S2', to: 'High Performing', reason: 'Led the review' }, actor);
  if (actor.role === 'member') service.flag('S2', 'discuss', 'Check Q3', actor);
  if (actor.role === 'finance') service.setFinance('S2', 'Met', 'Within budget', actor);
}

let dir: string;
let unitPanel: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-roles-'));
  unitPanel = makeUnitPanel(dir, { file: 'unit.modpanel', name: 'Unit SCS', businessUnit: 'Policy Group', records: unitRecords('U', 'Policy Group', 6, 5), finalisedBy: 'Pat Chair' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Operation {
  name: string;
  /** The roles the issue says may do it. */
  may: PersonRole[];
  setup?(service: ModerationService, actor: Actor): unknown;
  run(service: ModerationService, actor: Actor, prepared: unknown): unknown;
  /** Runs on a panel of its own (a new file): its refusal is not recorded in `service`'s history. */
  elsewhere?: boolean;
}

const OPERATIONS: Operation[] = [
  { name: 'move', may: ['chair'], run: (s, a) => s.move({ staffId: 'S1', to: 'High Performing', reason: 'Led the spending review' }, a) },
  { name: 'reorder', may: ['chair'], run: (s, a) => s.reorder({ staffId: 'S3', afterStaffId: null }, a) },
  { name: 'flag', may: ['chair', 'member'], run: (s, a) => s.flag('S1', 'borderline_up', 'Strong Q4', a) },
  { name: 'unflag', may: ['chair', 'member'], setup: (s) => s.flag('S1', 'discuss', '', CHAIR), run: (s, a) => s.unflag('S1', 'discuss', a) },
  { name: 'add a note', may: ['chair', 'member', 'finance'], run: (s, a) => s.addNote('S1', 'Evidence in the minutes', a) },
  { name: 'finance annotation', may: ['finance'], run: (s, a) => s.setFinance('S1', 'Not met', 'Overspent by 12%', a) },
  { name: 'record a corporate contribution', may: ['chair'], run: (s, a) => s.recordContribution('S1', 'Chaired the cross-government network', a) },
  { name: 'undo their own change', may: ['chair', 'member', 'finance'], setup: ownChange, run: (s, a) => s.undo(a) },
  {
    name: 'redo their own change',
    may: ['chair', 'member', 'finance'],
    setup: (s, a) => {
      ownChange(s, a);
      if (s.canUndo(a.name)) s.undo(a);
    },
    run: (s, a) => s.redo(a),
  },
  { name: 'start a discussion', may: ['chair'], run: (s, a) => s.startDiscussion('S1', a) },
  { name: 'end a discussion', may: ['chair'], setup: (s) => s.startDiscussion('S1', CHAIR), run: (s, a) => s.endDiscussion(a) },
  { name: 'record a member stepping out', may: ['chair'], run: (s, a) => s.recordStepOut('S1', 'Mia Member', true, a) },
  { name: 'finalise', may: ['chair'], run: (s, a) => s.finalise(a) },
  { name: 'record who was in the room', may: ['chair', 'hr'], run: (s, a) => s.updateAttendance({ add: [{ name: 'Fay Finance', role: 'finance' }] }, a) },
  { name: 'import people', may: ['hr'], run: (s, a) => s.applyImport(parsed([...people(), record('S9')]), a) },
  {
    name: 'import last year’s markings',
    may: ['hr'],
    run: (s, a) => s.importPreviousMarkings({ file: 'last-year.csv', rows: 1, markings: new Map([['S1', 'Achieving']]), errors: [] }, 1, a),
  },
  { name: 'settings: lower the small-number threshold', may: ['hr'], run: (s, a) => s.updateSettings({ suppressionThreshold: 1 }, a) },
  { name: 'settings: the groups not compared', may: ['hr'], run: (s, a) => s.updateSettings({ notComparedGroups: [] }, a) },
  { name: 'settings: year, cut-off and High Performing award', may: ['hr'], run: (s, a) => s.updateSettings({ performanceYear: 2025, eligibilityCutoff: '2025-01-01', highPerformingAward: 'yes' }, a) },
  { name: 'set a role’s PIN', may: ['hr'], run: (s, a) => s.setRolePin(a, 'chair', '4321') },
  { name: 'share the breakdowns with the room', may: ['hr'], setup: (s) => ['S2', 'S3', 'S4', 'S5', 'S6'].forEach((id) => s.move({ staffId: id, to: 'High Performing', reason: 'Agreed' }, CHAIR)), run: (s, a) => s.shareBreakdowns(a) },
  { name: 'export the outcome', may: ['hr'], run: (s, a) => viaApi(s, 'exportOutcome', { actor: a, format: 'csv' }) },
  { name: 'write the finance partner’s workbook', may: ['hr'], run: (s, a) => buildFinanceWorkbook(s, a) },
  { name: 'write a panel member’s preview', may: ['hr'], run: (s, a) => buildMemberPreview(s, 'Mia Member', a) },
  {
    name: 'take back the finance partner’s workbook',
    may: ['finance'],
    setup: async (s) => readFinanceWorkbook(s, 'finance-back.xlsx', (await buildFinanceWorkbook(s, HR)).bytes),
    run: (s, a, book) => applyFinanceWorkbook(s, book as Awaited<ReturnType<typeof readFinanceWorkbook>>, a),
  },
  {
    name: 'take back their own preview',
    may: ['member'],
    setup: async (s) => readMemberPreview(s, 'mia-back.xlsx', (await buildMemberPreview(s, 'Mia Member', HR)).bytes),
    run: (s, a, preview) => applyMemberPreviews(s, [preview as Awaited<ReturnType<typeof readMemberPreview>>], a),
  },
  {
    name: 'merge unit panels into the overall panel',
    may: ['hr'],
    run: (s, a) => {
      const overall = ModerationService.create(':memory:', { name: 'Department', businessUnit: 'Department', performanceYear: 2025, stage: 'overall' }, HR);
      try {
        overall.applyMerge(planMerge({ units: [{ path: unitPanel }] }), a);
      } catch (error) {
        // The refusal is recorded in the overall panel's history, where it was tried.
        if (error instanceof ModerationError) expect(overall.audit({ action: 'refused' })[0]).toMatchObject({ actor: a.name, role: a.role });
        throw error;
      } finally {
        overall.close();
      }
    },
    elsewhere: true,
  },
  {
    name: 'make a new panel',
    may: ['hr'],
    run: (_s, a) => ModerationService.create(':memory:', { name: 'Another', businessUnit: 'Policy', performanceYear: 2025 }, a).close(),
    elsewhere: true,
  },
  {
    name: 'change the passphrase',
    may: ['hr'],
    run: (_s, a) => {
      const path = join(dir, `rekey-${a.role}.modpanel`);
      ModerationService.create(path, { name: 'Rekey', businessUnit: 'Policy', performanceYear: 2025 }, HR).close();
      rekeyPanel(path, undefined, 'a long enough passphrase', a);
    },
    elsewhere: true,
  },
];

describe('each role can do exactly its own work', () => {
  let service: ModerationService;
  beforeEach(() => {
    service = newPanel();
  });
  afterEach(() => service.close());

  const cases = OPERATIONS.flatMap((op) => ROLES.map((role) => [op.name, role, op] as const));
  it.each(cases)('%s, as %s', async (_name, role, op) => {
    const actor = ACTORS[role];
    const prepared = await op.setup?.(service, actor);
    const refusals = service.audit({ action: 'refused' }).length;
    if (op.may.includes(role)) {
      await op.run(service, actor, prepared);
      expect(service.audit({ action: 'refused' })).toHaveLength(refusals);
      return;
    }
    let refused: unknown = null;
    try {
      await op.run(service, actor, prepared);
    } catch (error) {
      refused = error;
    }
    expect(refused, `${role} should be refused: ${op.name}`).toBeInstanceOf(ModerationError);
    const error = refused as ModerationError;
    expect(error.code).toBe('not_permitted');
    // A clear error naming the role that may.
    for (const allowed of op.may) expect(error.message).toMatch(WHO[allowed]);
    expect(error.message).toMatch(/^(The panel chair|A panel member|The finance partner|HR|An observer) cannot .+: only .+ can\.$/);
    if (!op.elsewhere) {
      // ...and an event in the history, saying who tried what.
      const events = service.audit({ action: 'refused' });
      expect(events).toHaveLength(refusals + 1);
      expect(events[0]).toMatchObject({ actor: actor.name, role, reason: error.message });
    }
  });
});

describe('what a role may do is checked for each change, whoever it is', () => {
  let service: ModerationService;
  beforeEach(() => {
    service = newPanel();
  });
  afterEach(() => service.close());

  it('checks each row of a list of changes as its own operation, and applies none with any refused', async () => {
    const file = await readChangesBuffer(
      'changes.csv',
      new TextEncoder().encode(['staff_id,action,value,reason,text', 'S1,move,HP,Led the review,', 'S2,flag,discuss,,', 'S3,finance,Met,,Within budget', 'S4,note,,,See minutes'].join('\n')),
    );
    const refusedRows = (actor: Actor) => runChanges(service, file, actor, { apply: true }).errors.map((e) => e.row);
    expect(refusedRows(CHAIR)).toEqual([4]); // the finance row
    expect(refusedRows(MEMBER)).toEqual([2, 4]);
    expect(refusedRows(FINANCE)).toEqual([2, 3]);
    expect(refusedRows(HR)).toEqual([2, 3, 4, 5]);
    expect(refusedRows(ACTORS.observer)).toEqual([2, 3, 4, 5]);
    expect(service.person('S1').moderatedMarking).toBe('Achieving');
    // Each refused row is in the history once the batch has rolled back (the API layer records them then).
    await createPanelApi({ service: () => service }).getPanel({});
    expect(service.audit({ action: 'refused' }).map((e) => e.role)).toEqual(expect.arrayContaining(['chair', 'member', 'finance', 'hr', 'observer']));
    const finance = await readChangesBuffer('finance.csv', new TextEncoder().encode('staff_id,action,value,reason,text\nS3,finance,Not met,,Overspent\nS4,note,,,Checked'));
    expect(runChanges(service, finance, FINANCE, { apply: true })).toMatchObject({ applied: true, changed: 2 });
  });

  it('undoes only the kind of change the role may make: a chair who switched to finance cannot undo their move', () => {
    const pat = { name: 'Pat', role: 'chair' as const };
    service.move({ staffId: 'S1', to: 'High Performing', reason: 'Led the review' }, pat);
    expect(() => service.undo({ name: 'Pat', role: 'finance' })).toThrow(/The finance partner cannot move people between boxes: only the panel chair can/);
    expect(service.person('S1').moderatedMarking).toBe('High Performing');
    service.undo(pat);
    expect(service.person('S1').moderatedMarking).toBe('Achieving');
  });

  it('takes back a member’s preview only as that member', async () => {
    const preview = await readMemberPreview(service, 'mia.xlsx', (await buildMemberPreview(service, 'Mia Member', HR)).bytes);
    expect(() => applyMemberPreviews(service, [preview], { name: 'Bo Member', role: 'member' })).toThrow(/Mia Member's preview can be taken back only by Mia Member/);
    expect(applyMemberPreviews(service, [preview], MEMBER).applied).toBe(true);
  });

  it('refuses what the contract would let a person claim: the app’s own role', async () => {
    const result = await createPanelApi({ service: () => service }).move({ actor: { name: 'Someone', role: 'system' }, staffId: 'S1', to: 'High Performing', reason: 'r' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_permitted' } });
  });

  it('shows unsuppressed breakdowns to HR only; anyone else asking for a threshold of 1 gets the panel’s', async () => {
    const api = createPanelApi({ service: () => service });
    for (const role of ROLES) {
      const result = await api.breakdown({ actor: ACTORS[role], characteristic: 'sex', threshold: 1 });
      if (!result.ok) throw new Error(result.error.message);
      expect([role, result.value.threshold, result.value.breakdown.audience]).toEqual(role === 'hr' ? [role, 1, 'hr'] : [role, 5, 'shared']);
    }
  });
});
