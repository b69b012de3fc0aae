// The moderation service against real panel files: rules enforced, every change audited, undo/redo,
// finalise, and a panel file that survives failures unchanged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModerationService } from '../../db/service';
import { openPanelDatabase } from '../../db/connection';
import { ModerationError } from '../../db/errors';
import { SCHEMA_VERSION } from '../../db/migrations';
import { parsed, record } from './helpers';
import type { Actor } from '../../shared/domain';

const chair: Actor = { name: 'Pat Chair', role: 'chair' };
const hr: Actor = { name: 'Hana HR', role: 'hr' };
const finance: Actor = { name: 'Fay Finance', role: 'finance' };

let dir: string;
let path: string;
let service: ModerationService;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-service-'));
  path = join(dir, 'panel.modpanel');
  service = ModerationService.create(path, { name: 'Test panel', businessUnit: 'Policy', performanceYear: 2025 }, hr);
  service.applyImport(
    parsed([
      record('A1', { name: 'Alex Achieving', jobWeight: 12 }),
      record('A2', { name: 'Bea Achieving', jobWeight: 15 }),
      record('A3', { name: 'Cal Achieving', jobWeight: 12 }),
      record('F1', { name: 'Fin NotMet', financeObjective: 'Not met' }),
      record('X1', { name: 'Xan NoContribution', corporateContribution: false }),
      record('L1', { name: 'Lee Late', csStartDate: '2026-02-01' }),
    ]),
    hr,
  );
});

afterEach(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

function expectRefused(action: () => unknown, code: ModerationError['code'], message?: RegExp) {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ModerationError);
    expect((error as ModerationError).code).toBe(code);
    if (message) expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected the service to refuse');
}

describe('moves', () => {
  it('moves with a reason and records who, what and why', () => {
    const person = service.move({ staffId: 'A1', to: 'High Performing', reason: 'Led the spending review' }, chair);
    expect(person.moderatedMarking).toBe('High Performing');
    expect(person.changeReason).toBe('Led the spending review');
    const [event] = service.audit({ staffId: 'A1', action: 'move' });
    expect(event).toMatchObject({ actor: 'Pat Chair', role: 'chair', reason: 'Led the spending review' });
    expect(event!.before).toMatchObject({ person: { moderated_marking: 'Achieving' } });
    expect(event!.after).toMatchObject({ person: { moderated_marking: 'High Performing' } });
  });

  it('requires a reason whenever the marking differs from the provisional one', () => {
    expectRefused(() => service.move({ staffId: 'A1', to: 'Partially Met' }, chair), 'reason_required', /give a reason/);
    expectRefused(() => service.move({ staffId: 'A1', to: 'Partially Met', reason: '   ' }, chair), 'reason_required');
    expect(service.person('A1').moderatedMarking).toBe('Achieving');
  });

  it('needs no reason to return someone to their provisional marking, and clears the old reason', () => {
    service.move({ staffId: 'A1', to: 'High Performing', reason: 'r' }, chair);
    const back = service.move({ staffId: 'A1', to: 'Achieving' }, chair);
    expect(back.changeReason).toBeNull();
  });

  it('refuses finance Not met above Achieving, with the reason, and changes nothing', () => {
    const before = service.audit().length;
    expectRefused(() => service.move({ staffId: 'F1', to: 'Exceeding', reason: 'x', acknowledgeNoCorporateContribution: true }, chair), 'rule', /finance\/efficiency objective/);
    expectRefused(() => service.move({ staffId: 'F1', to: 'High Performing', reason: 'x' }, chair), 'rule');
    expect(service.person('F1').moderatedMarking).toBe('Achieving');
    expect(service.audit()).toHaveLength(before);
    expect(service.move({ staffId: 'F1', to: 'Partially Met', reason: 'Overspent' }, chair).moderatedMarking).toBe('Partially Met');
  });

  it('refuses a move above Achieving once finance is annotated Not met', () => {
    service.setFinance('A1', 'Not met', 'Overspent by 12%', { name: 'Fay Finance', role: 'finance' });
    expectRefused(() => service.move({ staffId: 'A1', to: 'High Performing', reason: 'x' }, chair), 'rule');
  });

  it('asks for an acknowledgement for Exceeding without corporate contribution and records it', () => {
    expectRefused(() => service.move({ staffId: 'X1', to: 'Exceeding', reason: 'Outstanding delivery' }, chair), 'acknowledgement_required');
    service.move({ staffId: 'X1', to: 'Exceeding', reason: 'Outstanding delivery', acknowledgeNoCorporateContribution: true }, chair);
    const [event] = service.audit({ staffId: 'X1', action: 'move' });
    expect(event!.after).toMatchObject({ acknowledged: expect.stringMatching(/corporate contribution/) });
  });

  it('does not moderate people who joined after the cut-off', () => {
    expect(service.person('L1')).toMatchObject({ eligible: false, moderatedMarking: null });
    expectRefused(() => service.move({ staffId: 'L1', to: 'Achieving' }, chair), 'rule', /eligibility/);
  });

  it('says who is missing when the staff id is unknown', () => {
    expectRefused(() => service.move({ staffId: 'NOPE', to: 'Achieving' }, chair), 'not_found', /NOPE/);
  });
});

describe('order inside a box', () => {
  const achieving = () =>
    service
      .people()
      .filter((p) => p.moderatedMarking === 'Achieving')
      .map((p) => p.staffId);

  it('starts from job weight descending, then name', () => {
    // weights: A2 15, A1 12 (Alex), A3 12 (Cal), F1/X1 10
    expect(achieving().slice(0, 3)).toEqual(['A2', 'A1', 'A3']);
  });

  it('keeps a manual reorder, including after a reopen', () => {
    service.reorder({ staffId: 'A3', afterStaffId: null }, chair);
    service.reorder({ staffId: 'A2', afterStaffId: 'A1' }, chair);
    expect(achieving().slice(0, 3)).toEqual(['A3', 'A1', 'A2']);
    service.close();
    service = ModerationService.open(path);
    expect(achieving().slice(0, 3)).toEqual(['A3', 'A1', 'A2']);
  });

  it('refuses to reorder against someone in another box', () => {
    service.move({ staffId: 'A1', to: 'High Performing', reason: 'r' }, chair);
    expectRefused(() => service.reorder({ staffId: 'A2', afterStaffId: 'A1' }, chair), 'invalid');
  });
});

describe('flags, finance and notes', () => {
  it('flags and unflags, each audited', () => {
    const flagged = service.flag('A1', 'borderline_up', 'Strong second half', chair);
    expect(flagged.flags).toEqual([expect.objectContaining({ kind: 'borderline_up', text: 'Strong second half', createdBy: 'Pat Chair' })]);
    expect(service.unflag('A1', 'borderline_up', chair).flags).toEqual([]);
    expect(service.audit({ staffId: 'A1' }).map((e) => e.action)).toEqual(['unflag', 'flag']);
  });

  it('records the finance partner annotation', () => {
    const person = service.setFinance('A2', 'Met', 'Delivered 5% efficiency', { name: 'Fay Finance', role: 'finance' });
    expect(person).toMatchObject({ financeObjective: 'Met', financeNote: 'Delivered 5% efficiency' });
    expect(service.audit({ staffId: 'A2' })[0]).toMatchObject({ action: 'finance', role: 'finance' });
  });

  it('adds notes to the person record', () => {
    service.addNote('A1', 'Discussed evidence from Q3', chair);
    expect(service.personDetail('A1').notes.map((n) => n.text)).toEqual(['Discussed evidence from Q3']);
  });
});

describe('undo and redo', () => {
  it('reverses moves, flags, finance and notes as new events, and redoes them', () => {
    service.move({ staffId: 'A1', to: 'High Performing', reason: 'r' }, chair);
    service.flag('A1', 'discuss', '', chair);
    service.setFinance('A1', 'Met', 'ok', finance);
    service.addNote('A1', 'n', chair);
    const before = service.audit().length;

    service.undo(chair); // note
    expect(service.personDetail('A1').notes).toEqual([]);
    service.undo(finance); // finance: the finance partner undoes their own annotation
    expect(service.person('A1').financeNote).toBe('');
    service.undo(chair); // flag
    expect(service.person('A1').flags).toEqual([]);
    service.undo(chair); // move
    expect(service.person('A1')).toMatchObject({ moderatedMarking: 'Achieving', changeReason: null });
    expect(service.canUndo()).toBe(false);

    service.redo(chair);
    expect(service.person('A1').moderatedMarking).toBe('High Performing');
    service.redo(chair);
    expect(service.person('A1').flags).toHaveLength(1);
    expect(service.audit().length).toBe(before + 6);
    expect(service.audit().slice(0, 6).map((e) => e.action)).toEqual(['redo', 'redo', 'undo', 'undo', 'undo', 'undo']);
  });

  it('clears redo after a new change', () => {
    service.move({ staffId: 'A1', to: 'High Performing', reason: 'r' }, chair);
    service.undo(chair);
    expect(service.canRedo()).toBe(true);
    service.flag('A2', 'discuss', '', chair);
    expect(service.canRedo()).toBe(false);
    expectRefused(() => service.redo(chair), 'nothing_to_redo');
  });

  it('undoes only this session\'s own changes: never a move made from the CLI (which undoes its own)', () => {
    const cli = ModerationService.open(path, { program: 'cli' });
    cli.move({ staffId: 'A2', to: 'High Performing', reason: 'from the CLI' }, chair);
    cli.close();
    expectRefused(() => service.undo(chair), 'nothing_to_undo');
    expect(service.person('A2').moderatedMarking).toBe('High Performing');
    const again = ModerationService.open(path, { program: 'cli' });
    again.undo(chair);
    again.close();
    expect(service.person('A2').moderatedMarking).toBe('Achieving');
  });

  it('reorders can be undone', () => {
    service.reorder({ staffId: 'A3', afterStaffId: null }, chair);
    service.undo(chair);
    const order = service.people().filter((p) => p.moderatedMarking === 'Achieving').map((p) => p.staffId);
    expect(order.slice(0, 3)).toEqual(['A2', 'A1', 'A3']);
  });
});

describe('finalise', () => {
  it('locks the panel against every change, including undo and import', () => {
    service.move({ staffId: 'A1', to: 'High Performing', reason: 'r' }, chair);
    const panel = service.finalise(chair);
    expect(panel).toMatchObject({ status: 'finalised', finalisedBy: 'Pat Chair' });
    expectRefused(() => service.move({ staffId: 'A2', to: 'High Performing', reason: 'r' }, chair), 'finalised', /finalised by Pat Chair/);
    expectRefused(() => service.flag('A2', 'discuss', '', chair), 'finalised');
    expectRefused(() => service.setFinance('A2', 'Met', '', finance), 'finalised');
    expectRefused(() => service.undo(chair), 'finalised');
    expectRefused(() => service.applyImport(parsed([record('A1')]), hr), 'finalised');
    expectRefused(() => service.finalise(chair), 'finalised');
  });
});

describe('audit log', () => {
  it('cannot be edited or deleted, even with SQL', () => {
    expect(() => service.db.prepare("UPDATE audit SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => service.db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
  });
});

describe('import', () => {
  it('applies whole or not at all: any error means nothing is written', () => {
    const people = service.people().length;
    const events = service.audit().length;
    expectRefused(
      () => service.applyImport(parsed([record('N1')], [{ file: 'people.csv', row: 3, column: 'staff_id', value: '', expected: 'a staff id' }]), hr),
      'import_invalid',
      /people\.csv row 3, column staff_id/,
    );
    expect(service.people()).toHaveLength(people);
    expect(service.audit()).toHaveLength(events);
  });

  it('a failure part way through a write leaves the panel as it was', () => {
    const before = service.people().map((p) => `${p.staffId}:${p.moderatedMarking}`);
    // The second record breaks a CHECK constraint after the first has been written inside the transaction.
    const bad = record('N2', { provisionalMarking: 'Brilliant' as never });
    expect(() => service.applyImport(parsed([record('N1'), bad, ...['A1', 'A2', 'A3', 'F1', 'X1', 'L1'].map((id) => record(id))]), hr)).toThrow();
    expect(service.people().map((p) => `${p.staffId}:${p.moderatedMarking}`)).toEqual(before);
  });

  it('re-import updates by staff id and reports added, changed and missing first; removes only when HR asks', () => {
    service.move({ staffId: 'A2', to: 'High Performing', reason: 'Panel decision' }, chair);
    const next = parsed([
      record('A1', { name: 'Alex Achieving', jobWeight: 12, provisionalMarking: 'High Performing' }),
      record('A2', { name: 'Bea Achieving', jobWeight: 15, provisionalMarking: 'Partially Met' }),
      record('A3', { name: 'Cal Achieving', jobWeight: 12 }),
      record('F1', { name: 'Fin NotMet', financeObjective: 'Not met' }),
      record('L1', { name: 'Lee Late', csStartDate: '2026-02-01' }),
      record('N1', { name: 'New Person' }),
    ]);
    const preview = service.previewImport(next);
    expect(preview.added.map((a) => a.staffId)).toEqual(['N1']);
    expect(preview.missing.map((r) => r.staffId)).toEqual(['X1']);
    expect(preview.removed).toEqual([]);
    expect(service.previewImport(next, { removeMissing: true }).removed.map((r) => r.staffId)).toEqual(['X1']);
    expect(preview.changed.map((c) => c.staffId).sort()).toEqual(['A1', 'A2']);
    expect(service.people()).toHaveLength(6); // preview writes nothing

    service.applyImport(next, hr, { removeMissing: true });
    expect(service.person('A1').moderatedMarking).toBe('High Performing'); // untouched marking follows the file
    expect(service.person('A2')).toMatchObject({ provisionalMarking: 'Partially Met', moderatedMarking: 'High Performing', changeReason: 'Panel decision' });
    expect(() => service.person('X1')).toThrow(/X1/);
    expect(service.audit({ action: 'remove_person' })[0]).toMatchObject({ staffId: 'X1' });
    expect(service.audit({ action: 'update_person' })).toHaveLength(2);
  });

  it('accepts a provisional marking that breaks the finance rule but flags it for discussion', () => {
    const next = parsed([record('Z9', { provisionalMarking: 'Exceeding', financeObjective: 'Not met' })]);
    service.applyImport(next, hr);
    const person = service.person('Z9');
    expect(person.moderatedMarking).toBe('Exceeding');
    expect(person.flags[0]).toMatchObject({ kind: 'discuss', text: expect.stringMatching(/Finance objective not met/) });
    expect(service.discussionList().find((d) => d.staffId === 'Z9')?.reasons.map((r) => r.code)).toContain('finance_rule');
  });
});

describe('the panel file', () => {
  it('refuses a file from a newer version and leaves it untouched', () => {
    service.close();
    const db = openPanelDatabase(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => ModerationService.open(path)).toThrow(/newer version of Moderation Panel/);
    const check = openPanelDatabase(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
    service = ModerationService.create(join(dir, 'other.modpanel'), { name: 'x', businessUnit: '', performanceYear: 2025 }, hr);
  });

  it('uses WAL, foreign keys and STRICT tables', () => {
    expect(service.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(service.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const sql = service.db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'person'").get()!.sql;
    expect(sql).toMatch(/STRICT/);
  });

  it('can be encrypted with a passphrase, and then needs it', () => {
    const secret = join(dir, 'secret.modpanel');
    const encrypted = ModerationService.create(secret, { name: 'Secret', businessUnit: '', performanceYear: 2025 }, hr, { key: 'correct horse' });
    encrypted.applyImport(parsed([record('S1')]), hr);
    encrypted.close();
    expect(() => ModerationService.open(secret)).toThrow(/encrypted|not a panel file/);
    expect(() => ModerationService.open(secret, { key: 'wrong' })).toThrow(/passphrase/);
    const reopened = ModerationService.open(secret, { key: 'correct horse' });
    expect(reopened.people().map((p) => p.staffId)).toEqual(['S1']);
    reopened.close();
  });
});

describe('discussion time', () => {
  it('records one case at a time in the audit log and totals the seconds', async () => {
    service.startDiscussion('A1', chair);
    expect(service.currentDiscussion()?.staffId).toBe('A1');
    await new Promise((r) => setTimeout(r, 30));
    service.startDiscussion('A2', chair); // closes A1
    expect(service.currentDiscussion()?.staffId).toBe('A2');
    const closed = service.endDiscussion(chair);
    expect(closed.staffId).toBe('A2');
    expect(service.currentDiscussion()).toBeNull();
    const seconds = service.discussionSeconds();
    expect(seconds.get('A1')).toBeGreaterThanOrEqual(0.02);
    expect([...seconds.keys()].sort()).toEqual(['A1', 'A2']);
    expect(service.audit({ action: 'discussion_end' }).map((e) => e.staffId)).toEqual(['A2', 'A1']);
    expect(() => service.endDiscussion(chair)).toThrow(/No one is being discussed/);
  });

  it('closes an open discussion when the panel is finalised', () => {
    service.startDiscussion('A1', chair);
    service.finalise(chair);
    expect(service.currentDiscussion()).toBeNull();
  });
});

describe('reading the panel after changes', () => {
  const box = (marking: string) => service.people().filter((p) => p.moderatedMarking === marking).map((p) => p.staffId);

  it('shows each change at once, in box order, including undo', () => {
    expect(box('Achieving')).toContain('A1');
    service.move({ staffId: 'A1', to: 'High Performing', reason: 'r' }, chair);
    expect(box('High Performing')).toEqual(['A1']);
    service.reorder({ staffId: 'A3', afterStaffId: null }, chair);
    expect(box('Achieving')[0]).toBe('A3');
    service.flag('A2', 'discuss', 'x', chair);
    expect(service.people().find((p) => p.staffId === 'A2')!.flags).toHaveLength(1);
    service.undo(chair);
    service.undo(chair);
    service.undo(chair);
    expect(box('Achieving').slice(0, 3)).toEqual(['A2', 'A1', 'A3']);
    expect(service.people().find((p) => p.staffId === 'A2')!.flags).toHaveLength(0);
  });

  it('shows changes written by another process', () => {
    expect(box('Partially Met')).toEqual([]);
    const other = ModerationService.open(path);
    other.move({ staffId: 'A3', to: 'Partially Met', reason: 'from the CLI' }, chair);
    other.close();
    expect(box('Partially Met')).toEqual(['A3']);
  });

  it('keeps no trace of a refused change', () => {
    service.people();
    expect(() => service.move({ staffId: 'F1', to: 'Exceeding', reason: 'x' }, chair)).toThrow();
    expect(box('Exceeding')).toEqual([]);
  });
});

describe('rules hold on every path', () => {
  it('an import is a barrier for undo: nothing before it can be reversed onto the new data', () => {
    service.move({ staffId: 'A1', to: 'Partially Met', reason: 'r' }, chair);
    service.applyImport(parsed([record('A1', { name: 'Alex Achieving', jobWeight: 12, provisionalMarking: 'High Performing', financeObjective: 'Not met' })]), hr);
    expect(service.canUndo()).toBe(false);
    expectRefused(() => service.undo(chair), 'nothing_to_undo');
  });

  it('an undo that would break the finance rule is refused', () => {
    service.move({ staffId: 'A1', to: 'High Performing', reason: 'r' }, chair);
    service.move({ staffId: 'A1', to: 'Achieving' }, chair);
    // Someone else's connection writes the finance annotation without going through this stack's order.
    service.db.prepare("UPDATE person SET finance_objective = 'Not met' WHERE staff_id = 'A1'").run();
    expectRefused(() => service.undo(chair), 'rule', /finance/);
    expect(service.person('A1').moderatedMarking).toBe('Achieving');
  });

  it('finalise refuses while anyone breaks the finance rule or was moved without a reason', () => {
    service.setFinance('A1', 'Met', '', finance);
    service.move({ staffId: 'A1', to: 'High Performing', reason: 'r' }, chair);
    service.setFinance('A1', 'Not met', 'Overspent', { name: 'Fay', role: 'finance' });
    expectRefused(() => service.finalise(chair), 'rule', /Alex Achieving \(A1\) is High Performing but did not meet the finance objective/);
    service.move({ staffId: 'A1', to: 'Achieving' }, chair);
    service.db.prepare("UPDATE person SET moderated_marking = 'Partially Met', change_reason = NULL WHERE staff_id = 'A2'").run();
    expectRefused(() => service.finalise(chair), 'rule', /moved from Achieving to Partially Met with no recorded reason/);
  });

  it('a finalised panel refuses every kind of change', () => {
    service.finalise(chair);
    expectRefused(() => service.reorder({ staffId: 'A1', afterStaffId: null }, chair), 'finalised');
    expectRefused(() => service.addNote('A1', 'late note', chair), 'finalised');
    expectRefused(() => service.unflag('A1', 'discuss', chair), 'finalised');
    expectRefused(() => service.redo(chair), 'finalised');
    expectRefused(() => service.startDiscussion('A1', chair), 'finalised');
  });

  it('closing the panel ends an open discussion', () => {
    service.startDiscussion('A1', chair);
    service.close();
    service = ModerationService.open(path);
    expect(service.currentDiscussion()).toBeNull();
    expect(service.audit({ action: 'discussion_end' })[0]).toMatchObject({ staffId: 'A1', role: 'system' });
  });
});
