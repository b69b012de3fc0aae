// Tamper-evident history: the log as an attacker with the sqlite3 shell would edit it (dropping the
// append-only triggers first), a marking or a flag changed behind the app's back, and a panel made before
// the history was chained, upgraded and then checked.

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { ModerationService } from '../../db/service';
import { demoRecordsImport } from '../../db/demo';
import { eventHash, type ChainRow } from '../../db/auditChain';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3-multiple-ciphers') as typeof import('better-sqlite3-multiple-ciphers/types');

const hr = { name: 'Hana HR', role: 'hr' as const };
const chair = { name: 'Pat Chair', role: 'chair' as const };
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-chain-'));
  dirs.push(dir);
  return dir;
}

/** A panel with an import, moves, a flag, a note, a finance annotation and an undo: every kind of event. */
function workedPanel(): { path: string; movedId: string; flaggedId: string } {
  const path = join(tempDir(), 'panel.modpanel');
  const s = ModerationService.create(path, { name: 'Policy SCS', businessUnit: 'Policy', performanceYear: 2025 }, hr);
  s.applyImport(demoRecordsImport(40), hr);
  const people = s.people().filter((p) => p.eligible && p.financeObjective !== 'Not met');
  const moved = people[0]!;
  s.move({ staffId: moved.staffId, to: moved.moderatedMarking === 'Partially Met' ? 'Achieving' : 'Partially Met', reason: 'Evidence reviewed' }, chair);
  s.flag(people[1]!.staffId, 'borderline_up', 'Strong Q4', chair);
  s.addNote(people[2]!.staffId, 'Discussed at length', chair);
  s.setFinance(people[3]!.staffId, 'Met', 'On budget', { name: 'Fay Finance', role: 'finance' });
  s.move({ staffId: people[4]!.staffId, to: 'Partially Met', reason: 'Objectives missed' }, chair);
  s.undo(chair);
  s.reorder({ staffId: moved.staffId, afterStaffId: null }, chair);
  s.close();
  return { path, movedId: moved.staffId, flaggedId: people[1]!.staffId };
}

/** The sqlite3 shell, as an attacker would use it: straight at the file, the app nowhere. */
function shell(path: string, sql: string): void {
  const db = new Database(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

function verify(path: string) {
  const s = ModerationService.open(path);
  try {
    return s.verifyHistory();
  } finally {
    s.close();
  }
}

describe('the history of a panel worked in the app', () => {
  it('is intact: every event linked, and everyone equals the replay of the log', () => {
    const { path } = workedPanel();
    const s = ModerationService.open(path);
    const result = s.verifyHistory();
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ intact: true, legacyEvents: 0, chainStartEventId: null, checkedPeople: 40 });
    expect(result.summary).toMatch(/^The history is intact: \d+ events, each linked to the one before, and the markings, annotations and flags of 40 people equal the replay of the log\.$/);
    expect(result.finalHash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.historyTip()).toEqual({ eventId: result.finalEventId, hash: result.finalHash });
    s.close();
  });

  it('names the event an attacker edited after dropping the append-only triggers', () => {
    const { path } = workedPanel();
    const moveId = (() => {
      const s = ModerationService.open(path);
      const id = s.audit({ action: 'move' }).at(-1)!.id;
      s.close();
      return id;
    })();
    shell(
      path,
      `DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
       UPDATE audit SET reason = 'Agreed by the whole panel' WHERE id = ${moveId};`,
    );
    const result = verify(path);
    expect(result.intact).toBe(false);
    expect(result.problems[0]).toMatchObject({ kind: 'event_altered', eventId: moveId });
    expect(result.summary).toContain(`event #${moveId} (move for`);
    expect(result.summary).toContain('has been altered since it was recorded');
    expect(result.problems.map((p) => p.kind)).toContain('guard_removed');
  });

  it('names the event when the attacker also recomputes its hash (the next link no longer follows)', () => {
    const { path } = workedPanel();
    const db = new Database(path);
    db.exec('DROP TRIGGER audit_no_update');
    const row = db.prepare("SELECT * FROM audit WHERE action = 'flag' ORDER BY id DESC LIMIT 1").get() as ChainRow;
    const forged = { ...row, after: row.after!.replace('Strong Q4', 'Weak Q4') };
    db.prepare('UPDATE audit SET after = ?, hash = ? WHERE id = ?').run(forged.after, eventHash(forged), row.id);
    db.close();
    const result = verify(path);
    expect(result.problems[0]).toMatchObject({ kind: 'link_broken', eventId: row.id + 1 });
    expect(result.problems[0]!.message).toContain(`does not follow from event #${row.id} (flag for`);
  });

  it('notices an event removed from the middle of the log', () => {
    const { path } = workedPanel();
    shell(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = (SELECT min(id) FROM audit WHERE action = 'note');");
    const result = verify(path);
    expect(result.intact).toBe(false);
    expect(result.problems[0]!.kind).toBe('link_broken');
  });

  it('names the person whose marking was changed with SQL, and the field', () => {
    const { path, movedId } = workedPanel();
    shell(path, `UPDATE person SET moderated_marking = 'Exceeding' WHERE staff_id = '${movedId}'`);
    const result = verify(path);
    expect(result.intact).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ kind: 'state_disagrees', staffId: movedId });
    expect(result.summary).toMatch(new RegExp(`\\(${movedId}\\): the moderated marking is "Exceeding" in the panel, but the history says "(Achieving|Partially Met)" \\(last changed by event #\\d+\\)`));
  });

  it('names the person whose flag was removed, and someone added behind the app', () => {
    const { path, flaggedId } = workedPanel();
    shell(
      path,
      `DELETE FROM flag WHERE person_id = (SELECT id FROM person WHERE staff_id = '${flaggedId}');
       INSERT INTO person (staff_id, name, moderated_marking) VALUES ('ZZ999', 'Zed Intruder', 'Exceeding');`,
    );
    const result = verify(path);
    const messages = result.problems.map((p) => p.message);
    expect(messages.some((m) => m.includes(flaggedId) && m.includes('"borderline up" flag is not set in the panel, but the history says set ("Strong Q4")'))).toBe(true);
    expect(messages).toContain('Zed Intruder (ZZ999) is in the panel, but the history never added them.');
  });

  it('notices the state saved with an import being edited', () => {
    const { path } = workedPanel();
    shell(path, "DROP TRIGGER audit_state_no_update; UPDATE audit_state SET state = x'00' WHERE event_id = (SELECT min(id) FROM audit WHERE action = 'import');");
    const result = verify(path);
    expect(result.problems[0]!.kind).toBe('saved_state_altered');
  });

  it('replays across a re-import and a settings change that re-decides eligibility', () => {
    const { path } = workedPanel();
    const s = ModerationService.open(path);
    s.applyImport(demoRecordsImport(45), hr);
    s.updateSettings({ eligibilityCutoff: '2015-01-01' }, hr);
    const someone = s.people().find((p) => p.eligible && p.financeObjective !== 'Not met')!;
    s.move({ staffId: someone.staffId, to: 'Partially Met', reason: 'Late evidence' }, chair);
    expect(s.verifyHistory()).toMatchObject({ intact: true, checkedPeople: 45 });
    s.close();
  });
});

describe('a panel made before the history was chained', () => {
  function legacyCopy(): string {
    const path = join(tempDir(), 'legacy.modpanel');
    copyFileSync(join(__dirname, '../fixtures/panels/legacy-schema3.sqlite'), path);
    return path;
  }

  it('is upgraded with one event that seals the old log and starts the chain, and checks as intact', () => {
    const path = legacyCopy();
    const s = ModerationService.open(path);
    const start = s.audit({ action: 'chain_start' });
    expect(start).toHaveLength(1);
    expect(start[0]!.after).toMatchObject({ legacyEvents: 8 });
    s.move({ staffId: s.people().find((p) => p.eligible && p.financeObjective !== 'Not met')!.staffId, to: 'Partially Met', reason: 'After the upgrade' }, chair);
    const result = s.verifyHistory();
    expect(result).toMatchObject({ intact: true, legacyEvents: 8, chainStartEventId: start[0]!.id, checkedPeople: 30 });
    expect(result.summary).toContain('the 8 recorded before the history was chained are sealed by event #9');
    s.close();
  });

  it('notices an edit to an event from before the upgrade', () => {
    const path = legacyCopy();
    ModerationService.open(path).close();
    shell(path, "DROP TRIGGER audit_no_update; UPDATE audit SET reason = 'Rewritten' WHERE id = 3;");
    const result = verify(path);
    expect(result.intact).toBe(false);
    expect(result.problems[0]).toMatchObject({ kind: 'link_broken', eventId: 9 });
  });
});
