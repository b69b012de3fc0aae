// The overall moderation meeting (paras 82-84) as HR prepares it: three unit panels merged into one
// department panel, every conflict refused with what to do and no file written, then resolved; where each
// person came from is kept and exported; the Changes sheet says which changes were local and which overall.
// Para 81: "End-year performance markings must first be moderated at the local level in each business unit."
// Para 82: "departments must also conduct overall moderation meetings ... to moderate the scores of the SCS in
// their department as a whole by evaluating the distribution curve."
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { mergeUnitPanels } from '../../db/mergeFile';
import { planMerge } from '../../db/merge';
import { ModerationService } from '../../db/service';
import { ModerationError } from '../../db/errors';
import { outcomeCsv, outcomeRows, outcomeXlsx } from '../../db/export';
import { hr, makeThreeUnits, makeUnitPanel, unitRecords, type ThreeUnits } from './unitPanels';

let dir: string;
let units: ThreeUnits;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-merge-'));
  units = makeThreeUnits(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const out = () => join(dir, 'overall.modpanel');
const allThree = () => [units.policy, units.ops, units.digital].map((path) => ({ path }));

function merged(): ModerationService {
  const outcome = mergeUnitPanels({ units: allThree(), out: out(), actor: hr, prefer: [units.policy], allowOpen: true });
  if (!outcome.merged) throw new Error(outcome.plan.conflicts.map((c) => c.message).join('; '));
  return ModerationService.open(out());
}

describe('merging unit panels', () => {
  it("refuses a staff id in two units and a unit not finalised, naming each with what to do, and writes no file", () => {
    const outcome = mergeUnitPanels({ units: allThree(), out: out(), actor: hr });
    expect(outcome.merged).toBe(false);
    const conflicts = outcome.merged ? [] : outcome.plan.conflicts;
    expect(conflicts.map((c) => c.kind).sort()).toEqual(['duplicate_staff_id', 'not_finalised']);
    const duplicate = conflicts.find((c) => c.kind === 'duplicate_staff_id')!;
    expect(duplicate.message).toBe('X001 (Sam Shared) is in more than one unit panel: policy.modpanel and ops.modpanel');
    expect(duplicate.fix).toContain('--prefer policy.modpanel or --prefer ops.modpanel');
    expect(duplicate.fix).toContain('--exclude X001');
    const open = conflicts.find((c) => c.kind === 'not_finalised')!;
    expect(open.message).toContain('digital.modpanel (Digital SCS) has not been finalised');
    expect(open.fix).toContain('--allow-open');
    // Nothing on disk: no overall file, no half-made temporary one.
    expect(existsSync(out())).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['digital.modpanel', 'ops.modpanel', 'policy.modpanel']);
  });

  it("makes each unit's moderated marking the provisional marking, keeping where each person came from", () => {
    const service = merged();
    try {
      const panel = service.panel();
      expect(panel.stage).toBe('overall');
      expect(panel.performanceYear).toBe(2025);
      expect(panel.status).toBe('open');
      const people = service.people();
      // 13 + 13 + 12, less the second copy of X001.
      expect(people).toHaveLength(37);
      const moved = service.person(units.policyMove.staffId);
      expect(moved.provisionalMarking).toBe('High Performing');
      expect(moved.moderatedMarking).toBe('High Performing');
      expect(moved.changeReason).toBeNull();
      expect(moved.source).toEqual({
        file: 'policy.modpanel',
        panel: 'Policy Group SCS',
        businessUnit: 'Policy Group',
        status: 'finalised',
        chair: 'Pat Chair',
        finalisedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        provisionalMarking: 'Achieving',
        moderatedMarking: 'High Performing',
        changeReason: 'Led the spending review',
      });
      // X001 comes from the preferred unit (Policy: Achieving), not Operations (High Performing).
      expect(service.person('X001').provisionalMarking).toBe('Achieving');
      expect(service.person('X001').source?.file).toBe('policy.modpanel');
      // The open unit's people come as they stood, and say so.
      const digital = people.find((p) => p.staffId.startsWith('D'))!;
      expect(digital.source).toMatchObject({ status: 'open', chair: null, finalisedAt: null });
      // Characteristics travel (HR's breakdowns need them); they never reach the window (db/api.ts strips them).
      expect(Object.keys(digital.characteristics)).toContain('sex');
    } finally {
      service.close();
    }
  });

  it('carries finance annotations, corporate contribution evidence and flags, so the rules still hold', () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'modpanel-merge-rules-'));
    try {
      const records = unitRecords('F', 'Finance', 6, 5).map((r) => ({ ...r, provisionalMarking: 'Achieving' as const, financeObjective: 'Met' as const, corporateContribution: false }));
      const path = makeUnitPanel(dir2, { file: 'finance.modpanel', name: 'Finance SCS', businessUnit: 'Finance', records });
      const unit = ModerationService.open(path);
      const chair = { name: 'Fin Chair', role: 'chair' as const };
      unit.setFinance('F001', 'Not met', 'Overspent by 12%', { name: 'Fay Finance', role: 'finance' });
      unit.move({ staffId: 'F002', to: 'Exceeding', reason: 'Led the merger', corporateContributionEvidence: 'Chaired the cross-government network' }, chair);
      unit.flag('F003', 'borderline_up', 'Close to High Performing', chair);
      unit.addNote('F003', 'Discussed at length', chair);
      unit.finalise(chair);
      unit.close();

      const outcome = mergeUnitPanels({ units: [{ path }], out: join(dir2, 'overall.modpanel'), actor: hr });
      expect(outcome.merged).toBe(true);
      const service = ModerationService.open(join(dir2, 'overall.modpanel'));
      try {
        expect(service.person('F001')).toMatchObject({ financeObjective: 'Not met', financeNote: 'Overspent by 12%' });
        expect(service.person('F002')).toMatchObject({ provisionalMarking: 'Exceeding', corporateContributionEvidence: 'Chaired the cross-government network' });
        expect(service.person('F003').flags).toEqual([expect.objectContaining({ kind: 'borderline_up', text: 'Close to High Performing', createdBy: 'Fin Chair' })]);
        expect(service.personDetail('F003').notes.map((n) => n.text)).toEqual(['Discussed at length']);
        // Annex D 4.a still holds at the overall meeting.
        expect(() => service.move({ staffId: 'F001', to: 'High Performing', reason: 'Strong year' }, { name: 'Dee Director', role: 'chair' })).toThrow(ModerationError);
      } finally {
        service.close();
      }
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('resolves the duplicate by leaving the person out with exclude, and records the choices in the audit', () => {
    const outcome = mergeUnitPanels({ units: allThree(), out: out(), actor: hr, exclude: ['X001'], allowOpen: true });
    expect(outcome.merged).toBe(true);
    const service = ModerationService.open(out());
    try {
      expect(service.people().some((p) => p.staffId === 'X001')).toBe(false);
      const merges = service.audit({ action: 'merge' });
      expect(merges).toHaveLength(1); // one event for the whole merge
      const whole = merges[0]!;
      expect(whole.actor).toBe('Hana HR');
      expect(whole.after).toMatchObject({
        allowOpen: true,
        openUnits: ['digital.modpanel'],
        excluded: ['X001'],
        units: [
          { label: 'policy.modpanel', chair: 'Pat Chair', taken: 12 },
          { label: 'ops.modpanel', chair: 'Olu Chair', taken: 12 },
          { label: 'digital.modpanel', status: 'open', taken: 12 },
        ],
      });
      expect(whole.reason).toContain('not yet finalised (allowed by HR): digital.modpanel');
    } finally {
      service.close();
    }
  });

  it('refuses unit panels from different performance years', () => {
    const older = makeUnitPanel(dir, { file: 'older.modpanel', name: 'Last year', businessUnit: 'Policy Group', year: 2024, records: unitRecords('L', 'Policy Group', 3, 9), finalisedBy: 'Pat Chair' });
    const outcome = mergeUnitPanels({ units: [{ path: units.policy }, { path: older }], out: out(), actor: hr });
    expect(outcome.merged).toBe(false);
    const conflict = outcome.merged ? null : outcome.plan.conflicts.find((c) => c.kind === 'different_years');
    expect(conflict?.message).toBe('The unit panels are for different performance years: policy.modpanel 2025/26, older.modpanel 2024/25');
    expect(existsSync(out())).toBe(false);
  });

  it('names an encrypted unit without its passphrase, or with the wrong one, as a conflict; with it, merges and encrypts the overall panel', () => {
    const secret = makeUnitPanel(dir, { file: 'secret.modpanel', name: 'Secret SCS', businessUnit: 'Security', records: unitRecords('K', 'Security', 4, 3), finalisedBy: 'Kim Chair', key: 'open sesame' });
    const without = planMerge({ units: [{ path: units.policy }, { path: secret }] });
    expect(without.conflicts).toEqual([expect.objectContaining({ kind: 'passphrase', units: ['secret.modpanel'], message: 'secret.modpanel is encrypted (or is not a panel file) and no passphrase was given for it' })]);
    const wrong = planMerge({ units: [{ path: units.policy }, { path: secret }], key: 'wrong' });
    expect(wrong.conflicts.map((c) => c.message)).toEqual(['secret.modpanel could not be opened with the passphrase given (or is not a panel file)']);

    const outcome = mergeUnitPanels({ units: [{ path: units.policy }, { path: secret }], out: out(), actor: hr, key: 'open sesame' });
    expect(outcome.merged).toBe(true);
    expect(() => ModerationService.open(out())).toThrow(/passphrase/);
    const service = ModerationService.open(out(), { key: 'open sesame' });
    expect(service.people()).toHaveLength(13 + 4);
    service.close();
  });

  it('leaves every unit panel file exactly as it was', () => {
    const before = [units.policy, units.ops, units.digital].map((p) => readFileSync(p));
    merged().close();
    expect([units.policy, units.ops, units.digital].map((p) => readFileSync(p))).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('-wal') || f.endsWith('.partial'))).toEqual([]);
  });

  it('never overwrites an existing file', () => {
    merged().close();
    const again = mergeUnitPanels({ units: allThree(), out: out(), actor: hr, prefer: [units.policy], allowOpen: true });
    expect(again.merged).toBe(false);
    expect(again.merged ? [] : again.plan.conflicts.map((c) => c.kind)).toEqual(['output_exists']);
  });
});

describe('the overall meeting and its outcome file', () => {
  it('is an ordinary panel: a change needs a reason, goes in the audit, and can be undone', () => {
    const service = merged();
    try {
      const director = { name: 'Dee Director', role: 'chair' as const };
      const someone = service.people().find((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.financeObjective !== 'Not met')!;
      expect(() => service.move({ staffId: someone.staffId, to: 'High Performing' }, director)).toThrow(/give a reason/);
      service.move({ staffId: someone.staffId, to: 'High Performing', reason: 'Consistent with peers across the department' }, director);
      expect(service.audit({ staffId: someone.staffId })[0]).toMatchObject({ action: 'move', actor: 'Dee Director', reason: 'Consistent with peers across the department' });
      service.undo(director);
      expect(service.person(someone.staffId).moderatedMarking).toBe('Achieving');
    } finally {
      service.close();
    }
  });

  it('exports source_panel for every merged person, tracing the marking to the unit panel and its reason', () => {
    const service = merged();
    try {
      const rows = outcomeRows(service.panel(), service.people());
      const moved = rows.find((r) => r.staff_id === units.policyMove.staffId)!;
      expect(moved.source_panel).toMatch(
        /^Policy Group SCS \(policy\.modpanel\), chaired by Pat Chair, finalised \d{4}-\d{2}-\d{2}; the unit moved Achieving → High Performing: Led the spending review$/,
      );
      expect(moved.provisional_marking).toBe('High Performing');
      const open = rows.find((r) => String(r.staff_id).startsWith('D'))!;
      expect(open.source_panel).toContain('Digital SCS (digital.modpanel), merged while still open (not finalised)');
      expect(rows.every((r) => String(r.source_panel).length > 0)).toBe(true);
      expect(outcomeCsv(rows).split('\r\n')[0]).toContain(',source_panel');
    } finally {
      service.close();
    }
  });

  it("has a Changes sheet that says which changes were made locally, with the unit's reason, and which at the overall meeting", async () => {
    const service = merged();
    try {
      const director = { name: 'Dee Director', role: 'chair' as const };
      const someone = service.people().find((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.financeObjective !== 'Not met' && p.staffId !== units.policyMove.staffId)!;
      service.move({ staffId: someone.staffId, to: 'High Performing', reason: 'Consistent with peers across the department' }, director);
      const bytes = await outcomeXlsx(service.panel(), outcomeRows(service.panel(), service.people()), service.audit());
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Changes')!;
      // Row 1 marks the draft (the overall panel is open); the header, in words, is row 2 (db/changesSheet.ts).
      const rows = (sheet.getSheetValues() as unknown[][]).filter(Array.isArray).map((r) => r.slice(1));
      expect(rows[1]).toEqual(['When', 'By', 'Role', 'Change', 'Staff ID', 'Name', 'Before', 'After', 'Reason', 'Meeting']);
      const moves = rows.filter((r) => r[3] === 'Move').map((r) => [r[1], r[4], r[6], r[7], r[8], r[9]]);
      expect(moves).toEqual([
        ['Pat Chair', units.policyMove.staffId, 'Achieving', 'High Performing', 'Led the spending review', 'Local panel: Policy Group SCS'],
        ['Olu Chair', units.opsMove.staffId, 'High Performing', 'Achieving', 'Missed two delivery deadlines', 'Local panel: Operations SCS'],
        ['Dee Director', someone.staffId, 'Achieving', 'High Performing', 'Consistent with peers across the department', `Overall moderation meeting: ${service.panel().name}`],
      ]);
      // The Digital panel made no change, so it has no local lines; the import that filled each unit is not a change.
      expect(rows.filter((r) => String(r[9]).startsWith('Local panel: Digital'))).toEqual([]);
    } finally {
      service.close();
    }
  });
});
