// Special-category data cannot be inferred (issue 9): the attacks that recovered people's groups from the
// shared (suppressed) breakdowns, tried again as a curious chair would.
//  1. Compare the breakdowns before and after moving one person: the one group whose counts changed was
//     theirs (20 of 20 moves, before the room's copy).
//  2. Compare Q2 with Q3 when one person has no Q3 marking: the one group one person smaller was theirs
//     (7 of 7 characteristics).
// Each attack is also run against HR's own live view, to show it is a real attack the test would catch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ModerationService } from '../../db/service';
import { createPanelApi } from '../../db/api';
import { demoRecordsImport } from '../../db/demo';
import { roomFairnessFlags } from '../../db/roomViews';
import type { Actor } from '../../shared/domain';
import type { ApiResponses, PanelApi } from '../../shared/contract';
import type { BreakdownStage } from '../../shared/fairness';
import { HR_ONLY_CHARACTERISTICS } from '../../shared/roles';

const HR: Actor = { name: 'Hana HR', role: 'hr' };
const CHAIR: Actor = { name: 'Cat Chair', role: 'chair' };

type Report = ApiResponses['breakdown'];
type Figures = Map<string, Map<string, string>>; // characteristic → group → what the screen shows

let service: ModerationService;
let api: PanelApi;

beforeEach(() => {
  service = ModerationService.create(':memory:', { name: 'Differencing', businessUnit: 'Policy', performanceYear: 2025 }, HR);
  const file = demoRecordsImport(80);
  // One person has no Q3 marking (attack 2); everyone else has every stage.
  file.records[0] = { ...file.records[0]!, q3Marking: null };
  service.applyImport(file, HR);
  api = createPanelApi({ service: () => service });
});
afterEach(() => service.close());

async function breakdown(actor: Actor, characteristic: string, stage: BreakdownStage = 'moderated'): Promise<Report> {
  const result = await api.breakdown({ actor, characteristic, stage });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Every figure a person in `actor`'s role can read, per characteristic and group, as displayed. */
async function everything(actor: Actor, stage: BreakdownStage = 'moderated'): Promise<Figures> {
  const { characteristics } = await breakdown(actor, 'grade', stage);
  const figures: Figures = new Map();
  for (const characteristic of characteristics) {
    const report = await breakdown(actor, characteristic, stage);
    figures.set(characteristic, new Map(report.breakdown.groups.map((g) => [g.group, JSON.stringify([g.n, g.counts, g.suppressed])])));
  }
  return figures;
}

/** The attacker's inference: where exactly one group's figures changed, that group was the person's. */
function recovered(before: Figures, after: Figures): Map<string, string> {
  const found = new Map<string, string>();
  for (const [characteristic, groups] of before) {
    const changed = [...groups].filter(([group, shown]) => after.get(characteristic)?.get(group) !== shown).map(([group]) => group);
    if (changed.length === 1) found.set(characteristic, changed[0]!);
  }
  return found;
}

/** People a chair can move from Achieving to High Performing (finance objective met). */
function movable(count: number): string[] {
  return service
    .people()
    .filter((p) => p.eligible && p.provisionalMarking === 'Achieving' && p.financeObjective !== 'Not met' && p.q3Marking !== null)
    .slice(0, count)
    .map((p) => p.staffId);
}

describe('differencing attack 1: the shared breakdowns before and after one move', () => {
  it('recovers no one’s group, for 20 moves, because the room’s figures change only at HR’s checkpoints', async () => {
    const ids = movable(20);
    expect(ids).toHaveLength(20);
    let recoveredGroups = 0;
    for (const staffId of ids) {
      const before = await everything(CHAIR);
      service.move({ staffId, to: 'High Performing', reason: 'Agreed at the panel' }, CHAIR);
      const after = await everything(CHAIR);
      const found = recovered(before, after);
      recoveredGroups += found.size;
      expect(after).toEqual(before);
    }
    expect(recoveredGroups).toBe(0);
    // The grid's fairness check is computed from the same copy.
    const flags = roomFairnessFlags(service);
    service.move({ staffId: movable(1)[0]!, to: 'High Performing', reason: 'Agreed' }, CHAIR);
    expect(roomFairnessFlags(service)).toEqual(flags);
  });

  it('is a real attack: on HR’s live figures the same diff finds the moved person’s group', async () => {
    const [staffId] = movable(1);
    const person = service.people().find((p) => p.staffId === staffId)!;
    const before = await everything(HR);
    service.move({ staffId: staffId!, to: 'High Performing', reason: 'Agreed at the panel' }, CHAIR);
    const found = recovered(before, await everything(HR));
    expect(found.get('sex')).toBe(person.characteristics.sex);
    expect(found.get('ethnicity')).toBe(person.characteristics.ethnicity);
  });

  it('HR cannot share a copy that differs from the last by one person: the difference would name their group', async () => {
    const [first, ...rest] = movable(5);
    service.move({ staffId: first!, to: 'High Performing', reason: 'Agreed' }, CHAIR);
    expect(() => service.shareBreakdowns(HR)).toThrow(/Only 1 person has changed since the breakdowns were last shared/);
    for (const id of rest) service.move({ staffId: id, to: 'High Performing', reason: 'Agreed' }, CHAIR);
    const before = await everything(CHAIR);
    const state = service.shareBreakdowns(HR);
    expect(state).toMatchObject({ changedSince: 0, threshold: 5, canShare: false });
    expect(service.audit({ action: 'share_breakdowns' })[0]).toMatchObject({ actor: 'Hana HR', role: 'hr', after: { changed: 5 } });
    const after = await everything(CHAIR);
    expect(after).not.toEqual(before);
    // One more move after the share: the room still sees the shared copy.
    service.move({ staffId: movable(1)[0]!, to: 'High Performing', reason: 'Agreed' }, CHAIR);
    expect(await everything(CHAIR)).toEqual(after);
  });
});

describe('differencing attack 2: Q2 against Q3 when one person has no Q3 marking', () => {
  it('recovers nothing: every stage the room sees counts the same people', async () => {
    const q2 = await everything(CHAIR, 'q2');
    const q3 = await everything(CHAIR, 'q3');
    let singledOut = 0;
    for (const [characteristic, groups] of q2) {
      const sizes = (figures: Figures) => new Map([...figures.get(characteristic)!].map(([group, shown]) => [group, JSON.parse(shown)[0] as number | null]));
      const before = sizes(q2);
      const after = sizes(q3);
      const smaller = [...groups.keys()].filter((group) => before.get(group) !== after.get(group));
      if (smaller.length === 1) singledOut += 1;
      expect(smaller, characteristic).toEqual([]);
    }
    expect(singledOut).toBe(0);
    const report = await breakdown(CHAIR, 'sex', 'q3');
    expect(report.room).toMatchObject({ leftOut: 1 });
  });

  it('is a real attack: on HR’s live figures the group one person smaller at Q3 is theirs', async () => {
    const person = service.people().find((p) => p.q3Marking === null)!;
    const q2 = await breakdown(HR, 'ethnicity', 'q2');
    const q3 = await breakdown(HR, 'ethnicity', 'q3');
    const smaller = q2.breakdown.groups.filter((g) => q3.breakdown.groups.find((h) => h.group === g.group)?.n !== g.n).map((g) => g.group);
    expect(smaller).toEqual([person.characteristics.ethnicity]);
  });
});

describe('the most sensitive characteristics stay in HR’s view', () => {
  it('are not offered to the room, are refused when asked for, and are not in the exported Breakdowns', async () => {
    const offered = (await breakdown(CHAIR, 'grade')).characteristics;
    const hrOffered = (await breakdown(HR, 'grade')).characteristics;
    for (const c of HR_ONLY_CHARACTERISTICS) {
      expect(hrOffered).toContain(c);
      expect(offered).not.toContain(c);
      expect(await api.breakdown({ actor: CHAIR, characteristic: c })).toMatchObject({ ok: false, error: { code: 'not_permitted' } });
    }
    const exported = await api.exportOutcome({ actor: HR, format: 'xlsx' });
    if (!exported.ok) throw new Error(exported.error.message);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(exported.value.bytesBase64, 'base64') as unknown as ArrayBuffer);
    const rows = (workbook.getWorksheet('Breakdowns')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    const labels = new Set(rows.map((r) => r[0]));
    for (const label of ['sexual orientation', 'religion or belief', 'gender identity']) expect(labels).not.toContain(label);
    // Suppressed groups are not named: one "Other groups" row stands for them.
    const hrView = await breakdown(HR, 'ethnicity');
    const small = hrView.breakdown.groups.filter((g) => (g.n ?? 0) < 5).map((g) => g.group);
    expect(small.length).toBeGreaterThan(0);
    const ethnicityRows = rows.filter((r) => r[0] === 'ethnicity').map((r) => r[1]);
    for (const group of small) expect(ethnicityRows).not.toContain(group);
    expect(ethnicityRows).toContain('Other groups');
  });
});
