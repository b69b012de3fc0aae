// What leaves the room (issue 7) through the service: re-imports that keep the panel's work, finalise
// gates from the framework, settings that re-decide eligibility, and the Changes sheet's acknowledgements.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModerationService } from '../../db/service';
import { ModerationError } from '../../db/errors';
import { changeLines } from '../../db/export';
import { parsed, record } from './helpers';

const hr = { name: 'Hana HR', role: 'hr' as const };
const chair = { name: 'Pat Chair', role: 'chair' as const };
const finance = { name: 'Fay Finance', role: 'finance' as const };
let dir: string;
let service: ModerationService;

function refusal(work: () => unknown): ModerationError {
  try {
    work();
  } catch (error) {
    if (error instanceof ModerationError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const hrFile = () =>
  parsed([
    record('A1', { name: 'Ann Able', lineManager: 'Mo', q2Marking: 'Achieving', characteristics: { sex: 'Female' } }),
    record('A2', { name: 'Ben Best', provisionalMarking: 'High Performing', financeObjective: 'Met' }),
    record('A3', { name: 'Cy Cole' }),
    record('A4', { name: 'Di Dale', provisionalMarking: 'Exceeding' }),
  ]);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-room-'));
  service = ModerationService.create(join(dir, 'p.modpanel'), { name: 'Room', businessUnit: 'Policy', performanceYear: 2025 }, hr);
  service.applyImport(hrFile(), hr);
});
afterEach(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('re-imports never destroy the room\'s work', () => {
  beforeEach(() => {
    service.setFinance('A2', 'Not met', 'Overspent by 12%', finance);
    service.move({ staffId: 'A2', to: 'Achieving', reason: 'Finance objective not met' }, chair);
    service.move({ staffId: 'A3', to: 'High Performing', reason: 'Led the spending review' }, chair);
    service.flag('A1', 'borderline_up', 'Strong Q4', chair);
    service.addNote('A1', 'Discussed at length', chair);
  });

  it('re-importing HR\'s same file keeps every finance annotation, move, flag and note', () => {
    const preview = service.previewImport(hrFile());
    // The file says Met; the finance partner said Not met in the panel: a conflict, the panel's value kept.
    expect(preview.conflicts).toEqual([
      { staffId: 'A2', name: 'Ben Best', field: 'finance_objective', panelValue: 'Not met (Overspent by 12%)', fileValue: 'Met', resolution: 'panel' },
    ]);
    service.applyImport(hrFile(), hr);
    expect(service.person('A2')).toMatchObject({ financeObjective: 'Not met', financeNote: 'Overspent by 12%', moderatedMarking: 'Achieving' });
    expect(service.person('A3')).toMatchObject({ moderatedMarking: 'High Performing', changeReason: 'Led the spending review' });
    expect(service.person('A1').flags.map((f) => f.text)).toEqual(['Strong Q4']);
    expect(service.personDetail('A1').notes.map((n) => n.text)).toEqual(['Discussed at length']);
    const imported = service.audit({ action: 'import' })[0]!.after as { conflicts: { staffId: string; kept: string }[] };
    expect(imported.conflicts).toEqual([expect.objectContaining({ staffId: 'A2', kept: 'panel' })]);
  });

  it('a subset with fewer columns removes no one and wipes nothing', () => {
    // Only staff id, name and provisional marking, for two people.
    const subset = parsed([record('A1', { name: 'Ann Able', lineManager: '', q2Marking: null, characteristics: {} }), record('A3', { name: 'Cy Cole' })], [], [
      'staff_id',
      'name',
      'provisional_marking',
    ]);
    const preview = service.previewImport(subset);
    expect(preview.missing.map((m) => m.staffId)).toEqual(['A2', 'A4']);
    expect(preview.removed).toEqual([]);
    service.applyImport(subset, hr);
    expect(service.people().map((p) => p.staffId).sort()).toEqual(['A1', 'A2', 'A3', 'A4']);
    expect(service.person('A1')).toMatchObject({ lineManager: 'Mo', q2Marking: 'Achieving', characteristics: { sex: 'Female' } });
    expect(service.person('A2')).toMatchObject({ financeObjective: 'Not met', moderatedMarking: 'Achieving' });
    expect(service.audit({ action: 'remove_person' })).toEqual([]);
  });

  it('lists a new provisional marking that disagrees with a move, keeps the move, and takes the file\'s value only when HR chooses', () => {
    const next = parsed([...hrFile().records.filter((r) => r.staffId !== 'A3'), record('A3', { name: 'Cy Cole', provisionalMarking: 'Partially Met' })]);
    const kept = service.previewImport(next);
    expect(kept.conflicts.find((c) => c.staffId === 'A3')).toMatchObject({ field: 'moderated_marking', panelValue: 'High Performing', resolution: 'panel' });
    service.applyImport(next, hr);
    expect(service.person('A3')).toMatchObject({ provisionalMarking: 'Partially Met', moderatedMarking: 'High Performing', changeReason: 'Led the spending review' });

    const again = parsed([...next.records.filter((r) => r.staffId !== 'A3'), record('A3', { name: 'Cy Cole', provisionalMarking: 'Achieving' })]);
    service.applyImport(again, hr, { takeFileValues: [{ field: 'moderated_marking', staffIds: ['A3'] }, { field: 'finance_objective' }] });
    expect(service.person('A3')).toMatchObject({ moderatedMarking: 'Achieving', changeReason: null });
    expect(service.person('A2')).toMatchObject({ financeObjective: 'Met', financeNote: '' });
    const update = service.audit({ action: 'update_person', staffId: 'A3' })[0]!;
    expect(update.reason).toMatch(/HR took the file's value over the panel's for moderated_marking/);
  });

  it('works out the discussion list on the moderated state, not the provisional one', () => {
    // A2 was moved down to Achieving: the file's High Performing no longer breaks the finance rule.
    const preview = service.previewImport(hrFile());
    expect(preview.financeConflicts).toEqual([]);
  });
});

describe('finalise follows the framework', () => {
  it('refuses Exceeding without a corporate contribution, naming the person, until the panel records one (para 34)', () => {
    service.close();
    service = ModerationService.create(join(dir, 'q.modpanel'), { name: 'Q', businessUnit: 'Policy', performanceYear: 2025 }, hr);
    service.applyImport(parsed([record('E1', { name: 'Eve Exceeding', provisionalMarking: 'Exceeding', corporateContribution: false }), record('A1')]), hr);
    const refused = refusal(() => service.finalise(chair));
    expect(refused.message).toMatch(/Eve Exceeding \(E1\) is in Exceeding, but no significant corporate contribution beyond the business unit is evidenced \(para 34/);
    service.recordContribution('E1', 'Chaired the cross-government analysis function board', chair);
    expect(service.audit({ action: 'contribution' })[0]).toMatchObject({ staffId: 'E1', actor: 'Pat Chair' });
    expect(service.finalise(chair).status).toBe('finalised');
  });

  it('refuses while an eligible person has no moderated marking, naming them', () => {
    service.close();
    service = ModerationService.create(join(dir, 'u.modpanel'), { name: 'U', businessUnit: 'Policy', performanceYear: 2025 }, hr);
    service.applyImport(parsed([record('N1', { name: 'Noel Unmarked', provisionalMarking: null }), record('A1')]), hr);
    expect(refusal(() => service.finalise(chair)).message).toMatch(/Noel Unmarked \(N1\) is eligible but has no moderated marking/);
    service.move({ staffId: 'N1', to: 'Achieving', reason: 'Agreed at panel' }, chair);
    expect(service.finalise(chair).status).toBe('finalised');
  });

  it('records the contribution seen on a move to Exceeding, and the Changes sheet keeps an acknowledgement beside the reason', () => {
    service.move({ staffId: 'A1', to: 'Exceeding', reason: 'Outstanding year', corporateContributionEvidence: 'Led the Civil Service D&I network' }, chair);
    expect(service.person('A1').corporateContributionEvidence).toBe('Led the Civil Service D&I network');
    service.close();
    service = ModerationService.create(join(dir, 'r.modpanel'), { name: 'R', businessUnit: 'Policy', performanceYear: 2025 }, hr);
    service.applyImport(parsed([record('B1', { name: 'Bo', corporateContribution: false })]), hr);
    service.move({ staffId: 'B1', to: 'Exceeding', reason: 'Exceptional delivery', acknowledgeNoCorporateContribution: true }, chair);
    const line = changeLines(service.audit()).find((l) => l.action === 'move')!;
    expect(line.reason).toMatch(/^Exceptional delivery; Acknowledged: Exceeding requires a significant corporate contribution/);
    expect(refusal(() => service.finalise(chair)).message).toMatch(/Bo \(B1\) is in Exceeding/);
  });
});

describe('settings HR may change while the panel is open', () => {
  it('a new cut-off re-decides who is moderated, audited with who changed (paras 69-70)', () => {
    service.close();
    service = ModerationService.create(join(dir, 's.modpanel'), { name: 'S', businessUnit: 'Policy', performanceYear: 2025 }, hr);
    service.applyImport(parsed([record('A1', { csStartDate: '2025-11-01' }), record('A2', { csStartDate: '2010-01-01' })]), hr);
    expect(service.person('A1').eligible).toBe(true);
    service.updateSettings({ eligibilityCutoff: '2025-10-01' }, hr);
    expect(service.person('A1')).toMatchObject({ eligible: false, eligibility: 'joined_after_cutoff', moderatedMarking: null });
    const event = service.audit({ action: 'settings' })[0]!;
    expect(event.after).toMatchObject({ eligibilityCutoff: '2025-10-01', eligibilityChanges: [{ staffId: 'A1', from: 'eligible', to: 'joined_after_cutoff' }] });
    service.updateSettings({ performanceYear: 2024 }, hr); // the year's own 1 January follows
    expect(service.panel()).toMatchObject({ performanceYear: 2024, eligibilityCutoff: '2025-01-01' });
  });

  it('sets whether High Performing receives end-year awards (para 73)', () => {
    expect(service.panel().highPerformingAward).toBe('discretion');
    expect(service.updateSettings({ highPerformingAward: 'yes' }, hr).highPerformingAward).toBe('yes');
  });

  it('lists people with no start date apart unless HR confirms them, and a year chosen at import is recorded', () => {
    service.close();
    service = ModerationService.create(join(dir, 't.modpanel'), { name: 'T', businessUnit: 'Policy', performanceYear: 2025 }, hr);
    const file = parsed([record('U1', { csStartDate: null }), record('A1')]);
    expect(service.previewImport(file).ineligible).toEqual([{ staffId: 'U1', name: 'Person U1', csStartDate: null, eligibility: 'start_date_unknown' }]);
    service.applyImport(file, hr, { assumeEligibleWithoutStartDate: true, performanceYear: 2024 });
    expect(service.person('U1').eligible).toBe(true);
    expect(service.panel()).toMatchObject({ performanceYear: 2024, eligibilityCutoff: '2025-01-01' });
    expect(service.audit({ action: 'import' })[0]!.after).toMatchObject({ assumedEligibleWithoutStartDate: true, performanceYear: 2024 });
    // A confirmation carries over to a re-import still without a date, but a file that blanks a known
    // start date lists that person apart: never silently eligible.
    service.applyImport(parsed([record('U1', { csStartDate: null }), record('A1', { csStartDate: null })]), hr);
    expect(service.person('U1').eligible).toBe(true);
    expect(service.person('A1')).toMatchObject({ eligible: false, eligibility: 'start_date_unknown' });
  });
});
