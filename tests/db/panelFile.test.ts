// Never lose work, at the level of the file: what opening does (and does not) write, durability settings,
// the integrity check, backups, encryption and re-keying, two writers, a busy panel, and undo per session.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUPS_KEPT, listBackups } from '../../db/backup';
import { fileKind, openPanelDatabase } from '../../db/connection';
import { demoRecordsImport } from '../../db/demo';
import { ModerationError, PanelFileError } from '../../db/errors';
import { SCHEMA_VERSION } from '../../db/migrations';
import { createPanelWithImport } from '../../db/newPanel';
import { rekeyPanel } from '../../db/rekey';
import { ModerationService } from '../../db/service';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3-multiple-ciphers') as typeof import('better-sqlite3-multiple-ciphers/types');

const hr = { name: 'Hana HR', role: 'hr' as const };
const chair = { name: 'Pat Chair', role: 'chair' as const };
const NEW = { name: 'Policy SCS', businessUnit: 'Policy', performanceYear: 2025 };
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-file-'));
  dirs.push(dir);
  return dir;
}

function panelAt(dir: string, options: { key?: string; people?: number } = {}): string {
  const path = join(dir, 'panel.modpanel');
  createPanelWithImport(path, NEW, demoRecordsImport(options.people ?? 20), hr, options.key ? { key: options.key } : {});
  return path;
}

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function problemOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof PanelFileError) return error.problem;
    if (error instanceof ModerationError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

function movable(service: ModerationService, skip = 0) {
  return service.people().filter((p) => p.eligible && p.financeObjective !== 'Not met')[skip]!;
}

describe('opening a file', () => {
  it('leaves a database that is not a panel exactly as it was: no tables, no WAL', () => {
    const dir = tempDir();
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ann');");
    db.close();
    const before = digest(other);
    expect(() => ModerationService.open(other)).toThrow(/is not a panel file \(it is an SQLite database holding something else\); it has not been changed/);
    expect(digest(other)).toBe(before);
    expect(readdirSync(dir)).toEqual(['other.db']);
  });

  it('refuses a newer panel in rollback mode without switching it to WAL', () => {
    const dir = tempDir();
    const path = panelAt(dir);
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = digest(path);
    expect(() => ModerationService.open(path)).toThrow(/newer version of Moderation Panel .* the file has not been changed/);
    expect(digest(path)).toBe(before);
    expect(readFileSync(path)[18]).toBe(1); // still a rollback journal, not WAL (2)
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('keeps a change on disk before it is shown: WAL with synchronous FULL, temporary files in memory', () => {
    const s = ModerationService.open(panelAt(tempDir()));
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(s.db.pragma('temp_store', { simple: true })).toBe(2);
    s.close();
  });

  it('checks the file on open and names the backup to restore when it is damaged', () => {
    const dir = tempDir();
    const path = panelAt(dir, { people: 200 });
    const s = ModerationService.open(path);
    s.applyImport(demoRecordsImport(200), hr); // makes a backup
    s.close();
    const db = new Database(path);
    const root = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'person_box'").get() as { rootpage: number }).rootpage;
    db.close();
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    // Scribble over an index page, as a failing disk might.
    bytes.fill(0x41, pageSize * (root - 1), pageSize * root);
    writeFileSync(path, bytes);
    let message = '';
    try {
      ModerationService.open(path);
    } catch (error) {
      message = (error as Error).message;
      expect((error as PanelFileError).problem).toBe('damaged');
    }
    expect(message).toMatch(/is damaged .*The latest backup beside it is panel \(backup .* before import\)\.modpanel/);
  });
});

describe('backups', () => {
  it('backs up before each import, encrypted like the panel, keeping the last five', () => {
    const dir = tempDir();
    const path = panelAt(dir, { key: 'correct horse' });
    const s = ModerationService.open(path, { key: 'correct horse' });
    for (let i = 0; i < BACKUPS_KEPT + 2; i++) s.applyImport(demoRecordsImport(20), hr);
    s.close();
    const backups = listBackups(path);
    expect(backups).toHaveLength(BACKUPS_KEPT);
    expect(backups.every((b) => basename(b).startsWith('panel (backup ') && b.endsWith(' before import).modpanel'))).toBe(true);
    const latest = backups.at(-1)!;
    expect(fileKind(latest)).toBe('other'); // not a readable SQLite file without the passphrase
    expect(problemOf(() => openPanelDatabase(latest, { readonly: true }))).toBe('passphrase_required');
    const copy = openPanelDatabase(latest, { readonly: true, key: 'correct horse' });
    expect(copy.prepare('SELECT count(*) AS n FROM person').get()).toEqual({ n: 20 });
    copy.close();
  });

  it('backs up a panel from an older version before upgrading it', () => {
    const dir = tempDir();
    const path = join(dir, 'legacy.modpanel');
    copyFileSync(join(__dirname, '../fixtures/panels/legacy-schema3.sqlite'), path);
    ModerationService.open(path).close();
    const [backup] = listBackups(path);
    expect(basename(backup!)).toMatch(/^legacy \(backup .* before upgrade\)\.modpanel$/);
    const old = new Database(backup!, { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(3);
    old.close();
  });
});

describe('a new panel', () => {
  it('exists under its name only once its import has committed', () => {
    const dir = tempDir();
    const path = join(dir, 'new.modpanel');
    const broken = { ...demoRecordsImport(5), errors: [{ file: 'x.csv', row: 2, column: 'grade', value: 'G7', expected: 'a grade' }] };
    expect(() => createPanelWithImport(path, NEW, broken as never, hr)).toThrow();
    expect(readdirSync(dir)).toEqual([]);
    createPanelWithImport(path, NEW, demoRecordsImport(5), hr);
    expect(readdirSync(dir)).toEqual(['new.modpanel']);
    expect(() => createPanelWithImport(path, NEW, demoRecordsImport(5), hr)).toThrow(/already exists/);
  });

  it('refuses an empty passphrase rather than making a panel that is not encrypted', () => {
    const dir = tempDir();
    expect(problemOf(() => createPanelWithImport(join(dir, 'p.modpanel'), NEW, demoRecordsImport(5), hr, { key: '' }))).toBe('empty_passphrase');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('encryption', () => {
  it('needs the passphrase, says when it is wrong, and knows when a panel is not encrypted', () => {
    const dir = tempDir();
    const path = panelAt(dir, { key: 's3cret' });
    expect(problemOf(() => ModerationService.open(path))).toBe('passphrase_required');
    expect(problemOf(() => ModerationService.open(path, { key: 'wrong' }))).toBe('wrong_passphrase');
    const s = ModerationService.open(path, { key: 's3cret' });
    expect(s.encrypted).toBe(true);
    s.close();
    const plain = join(dir, 'plain.modpanel');
    createPanelWithImport(plain, NEW, demoRecordsImport(5), hr);
    const p = ModerationService.open(plain, { key: 'not needed' });
    expect(p.encrypted).toBe(false);
    p.close();
  });

  it('re-keys in place: the old passphrase opens neither the panel nor its backups, the history stays intact', () => {
    const dir = tempDir();
    const path = panelAt(dir, { key: 'old pass' });
    const s = ModerationService.open(path, { key: 'old pass' });
    s.applyImport(demoRecordsImport(20), hr);
    s.close();
    const result = rekeyPanel(path, 'old pass', 'new pass', hr);
    expect(result.failedBackups).toEqual([]);
    expect(result.rekeyedBackups).toBe(2);
    expect(problemOf(() => ModerationService.open(path, { key: 'old pass' }))).toBe('wrong_passphrase');
    for (const backup of listBackups(path)) {
      expect(problemOf(() => openPanelDatabase(backup, { readonly: true, key: 'old pass' }))).toBe('wrong_passphrase');
      openPanelDatabase(backup, { readonly: true, key: 'new pass' }).close();
    }
    const after = ModerationService.open(path, { key: 'new pass' });
    expect(after.audit({ action: 'rekey' })).toHaveLength(1);
    expect(after.verifyHistory().intact).toBe(true);
    expect(after.db.pragma('journal_mode', { simple: true })).toBe('wal');
    after.close();
  });

  it('encrypts a panel that was not, and refuses to re-key a panel open elsewhere', () => {
    const dir = tempDir();
    const path = panelAt(dir);
    const open = ModerationService.open(path);
    expect(problemOf(() => rekeyPanel(path, undefined, 'now secret', hr))).toBe('busy');
    open.close();
    rekeyPanel(path, undefined, 'now secret', hr);
    expect(fileKind(path)).toBe('other');
    expect(problemOf(() => ModerationService.open(path))).toBe('passphrase_required');
    ModerationService.open(path, { key: 'now secret' }).close();
  });
});

describe('two writers on one panel', () => {
  it('each sees the other, and a change based on an old view is refused rather than overwriting', () => {
    const path = panelAt(tempDir());
    const window = ModerationService.open(path, { program: 'desktop' });
    const cli = ModerationService.open(path, { program: 'cli' });
    const person = movable(window);
    const seenThrough = window.externalVersion();
    cli.move({ staffId: person.staffId, to: 'Partially Met', reason: 'From the command line' }, chair);
    // The window sees the CLI's change…
    expect(window.people().find((p) => p.staffId === person.staffId)!.moderatedMarking).toBe('Partially Met');
    expect(window.externalVersion()).toBeGreaterThan(seenThrough);
    // …and a move it made on its older view is refused, naming who changed the person and where.
    expect(() => window.move({ staffId: person.staffId, to: 'High Performing', reason: 'In the room' }, { ...chair, seenThrough })).toThrow(
      /was changed by Pat Chair with modpanel \(the command line\) at .*: your change was not made/,
    );
    // A change to someone else, or one made on an up-to-date view, goes through.
    const other = movable(window, 1);
    window.move({ staffId: other.staffId, to: 'Partially Met', reason: 'In the room' }, { ...chair, seenThrough });
    window.move({ staffId: person.staffId, to: 'Achieving', reason: 'In the room' }, { ...chair, seenThrough: window.externalVersion() });
    expect(cli.person(person.staffId).moderatedMarking).toBe('Achieving');
    expect(window.verifyHistory().intact).toBe(true);
    window.close();
    cli.close();
  });

  it('names who is busy writing instead of "database is locked"', () => {
    const path = panelAt(tempDir());
    const importing = ModerationService.open(path, { program: 'cli' });
    const window = ModerationService.open(path, { program: 'desktop', busyTimeoutMs: 50 });
    importing.db.prepare('BEGIN IMMEDIATE').run();
    let message = '';
    try {
      window.move({ staffId: movable(window).staffId, to: 'Partially Met', reason: 'r' }, chair);
    } catch (error) {
      expect((error as ModerationError).code).toBe('busy');
      message = (error as Error).message;
    }
    importing.db.prepare('ROLLBACK').run();
    expect(message).toMatch(/is busy in modpanel \(the command line\) \(process \d+ on this computer, open since .*\): .*Nothing was changed here; try again/);
    expect(message).not.toMatch(/database is locked/);
    window.move({ staffId: movable(window).staffId, to: 'Partially Met', reason: 'r' }, chair);
    window.close();
    importing.close();
  });
});

describe('undo per person and session', () => {
  it("a window's undo never reverses a CLI change, nor another person's", () => {
    const path = panelAt(tempDir());
    const window = ModerationService.open(path, { program: 'web' });
    const finance = { name: 'Fay Finance', role: 'finance' as const };
    const first = movable(window);
    window.move({ staffId: first.staffId, to: 'Partially Met', reason: 'Chair in the window' }, chair);
    const cli = ModerationService.open(path, { program: 'cli' });
    cli.move({ staffId: movable(cli, 1).staffId, to: 'Partially Met', reason: 'From the CLI' }, chair);
    cli.close();
    expect(window.canUndo(finance.name)).toBe(false);
    expect(window.canUndo(chair.name)).toBe(true);
    const { staffId } = window.undo(chair);
    expect(staffId).toBe(first.staffId);
    expect(problemOf(() => window.undo(chair))).toBe('nothing_to_undo');
    window.close();
  });

  it('refuses to undo a change someone has since changed elsewhere', () => {
    const path = panelAt(tempDir());
    const window = ModerationService.open(path, { program: 'web' });
    const person = movable(window);
    window.move({ staffId: person.staffId, to: 'Partially Met', reason: 'Window' }, chair);
    const cli = ModerationService.open(path, { program: 'cli' });
    cli.move({ staffId: person.staffId, to: 'High Performing', reason: 'CLI' }, chair);
    cli.close();
    expect(() => window.undo(chair)).toThrow(/has been changed since by Pat Chair with modpanel \(the command line\) at .*, so this change cannot be undone/);
    expect(window.person(person.staffId).moderatedMarking).toBe('High Performing');
    window.close();
  });

  it('a CLI command, even a read, does not end the discussion the room has open', () => {
    const path = panelAt(tempDir());
    const room = ModerationService.open(path, { program: 'desktop' });
    room.startDiscussion(movable(room).staffId, chair);
    ModerationService.open(path, { program: 'cli' }).close();
    expect(room.currentDiscussion()).not.toBeNull();
    room.close(); // the room's own session ends its own discussion when it closes
    const later = ModerationService.open(path, { program: 'cli' });
    expect(later.currentDiscussion()).toBeNull();
    later.close();
  });
});
