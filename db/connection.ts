// The one module that opens a panel file with the SQLite driver: what the file is, settings, optional
// encryption and re-keying, the integrity check, migrations. Everything else receives the open `PanelDatabase`.

import { createRequire } from 'node:module';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
// The package's typings are not reachable through its "exports"; tsconfig maps this type-only name to them.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers/types';
import { PanelFileError } from './errors';
import { SCHEMA_VERSION, migrate } from './migrations';
import { listBackups, makeBackup } from './backup';
import { busyMessage, isBusyError } from './presence';
import { sqliteDriverModule } from './sqliteDriver';

export { PanelFileError };

export type PanelDatabase = BetterSqlite3.Database;

const require = createRequire(import.meta.url);

let driver: typeof BetterSqlite3 | null = null;
function loadDriver(): typeof BetterSqlite3 {
  // Loaded lazily so that importing db/ never touches the native binary until a panel is opened. In Electron the
  // binary is named explicitly rather than detected (db/sqliteDriver.ts).
  driver ??= require(sqliteDriverModule()) as typeof BetterSqlite3;
  return driver;
}

export interface OpenOptions {
  /** Create the file when it does not exist (otherwise a missing file is an error). */
  create?: boolean;
  /**
   * Passphrase for an encrypted panel file (SQLite3 Multiple Ciphers, default cipher). An empty string is
   * refused: it never silently stands for "not encrypted". Ignored, and reported, for a plaintext panel.
   */
  key?: string;
  readonly?: boolean;
  /** How long to wait for another process's write before reporting the panel busy (default 5 s). */
  busyTimeoutMs?: number;
  /** A new file being built under a temporary name (db/newPanel.ts): no fsync per commit until it is published. */
  building?: boolean;
}

/** What opening found out about the file. */
export interface PanelFileInfo {
  encrypted: boolean;
  /** A passphrase was given for a panel that is not encrypted. */
  keyNotNeeded: boolean;
  /** The backup made before upgrading the file to this app's schema, if one was. */
  upgradeBackup: string | null;
}

const fileInfo = new WeakMap<PanelDatabase, PanelFileInfo>();

export function panelFileInfo(db: PanelDatabase): PanelFileInfo {
  return fileInfo.get(db) ?? { encrypted: false, keyNotNeeded: false, upgradeBackup: null };
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** What the first bytes say: no file, an empty one, a plaintext SQLite database, or anything else (encrypted). */
export function fileKind(path: string): 'missing' | 'empty' | 'plaintext' | 'other' {
  if (!existsSync(path)) return 'missing';
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const header = Buffer.alloc(16);
    const read = readSync(fd, header, 0, 16, 0);
    if (read === 0) return 'empty';
    return read === 16 && header.equals(SQLITE_HEADER) ? 'plaintext' : 'other';
  } catch {
    return 'other';
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export function quoteKey(key: string): string {
  return `'${key.replace(/'/g, "''")}'`;
}

function refuseEmptyKey(key: string | undefined | null): void {
  if (key === '') {
    throw new PanelFileError(
      'An empty passphrase cannot protect a panel: give a passphrase (or, to work without encryption, give none at all)',
      'empty_passphrase',
    );
  }
}

/** A panel file: the panel tables, written by this app (user_version 1 or more). */
function isPanelSchema(tables: readonly string[], version: number): boolean {
  return version >= 1 && ['panel', 'person', 'audit'].every((t) => tables.includes(t));
}

function busy<T>(db: PanelDatabase, path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isBusyError(error)) throw new PanelFileError(busyMessage(db, null, path), 'busy');
    throw error;
  }
}

/**
 * Opens a panel file. Nothing is written to a file until it is known to be a panel (or a new one): a file
 * that is not a panel, or one from a newer version of the app, is refused untouched. An existing panel is
 * checked (integrity_check), backed up before it is upgraded, switched to WAL with synchronous=FULL (a
 * change is on disk before the window shows it), and keeps SQLite's temporary files in memory.
 */
export function openPanelDatabase(path: string, options: OpenOptions = {}): PanelDatabase {
  refuseEmptyKey(options.key);
  const inMemory = path === ':memory:';
  const kind = inMemory ? 'empty' : fileKind(path);
  if (kind === 'missing' && !options.create) throw new PanelFileError(`No panel file at ${path}`, 'missing');
  if (inMemory && options.key !== undefined) throw new PanelFileError('An in-memory panel cannot be encrypted');
  const useKey = options.key !== undefined && kind !== 'plaintext';
  const Database = loadDriver();
  let db: PanelDatabase;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: !inMemory && kind !== 'missing' });
  } catch (error) {
    throw new PanelFileError(`${path} could not be opened: ${(error as Error).message}`, 'other');
  }
  try {
    if (useKey) db.pragma(`key = ${quoteKey(options.key!)}`);
    // Large sorts and indexes never spill plaintext into temporary files beside an encrypted panel.
    db.pragma('temp_store = MEMORY');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    let tables: string[];
    let version: number;
    try {
      tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      if (isBusyError(error)) throw new PanelFileError(busyMessage(null, null, path), 'busy');
      throw useKey
        ? new PanelFileError(`${path} could not be opened with that passphrase (or is not a panel file)`, 'wrong_passphrase')
        : new PanelFileError(`${path} is encrypted and needs its passphrase (or it is not a panel file)`, 'passphrase_required');
    }
    const isNew = tables.length === 0 && version === 0;
    if (isNew && !options.create) throw new PanelFileError(`${path} is empty: it holds no panel`, 'not_a_panel');
    // A newer file may still be read (a reader that knows only older columns); it is never written.
    if (!isNew && version > SCHEMA_VERSION && !options.readonly) {
      throw new PanelFileError(
        `${path} was written by a newer version of Moderation Panel (schema ${version}; this app reads up to ${SCHEMA_VERSION}). ` +
          'Update the app to open it; the file has not been changed.',
        'newer_version',
      );
    }
    if (!isNew && !isPanelSchema(tables, version)) {
      throw new PanelFileError(`${path} is not a panel file (it is an SQLite database holding something else); it has not been changed.`, 'not_a_panel');
    }
    if (!isNew && !inMemory) {
      let problems: { integrity_check: string }[];
      try {
        problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
      } catch (error) {
        if (isBusyError(error)) throw error;
        problems = [{ integrity_check: (error as Error).message }];
      }
      if (problems[0]?.integrity_check !== 'ok') {
        const backups = listBackups(path);
        throw new PanelFileError(
          `${path} is damaged (${problems.slice(0, 3).map((p) => p.integrity_check).join('; ')}). ` +
            (backups.length ? `The latest backup beside it is ${basename(backups.at(-1)!)}.` : 'No backup was found beside it.'),
          'damaged',
        );
      }
    }
    const info: PanelFileInfo = { encrypted: useKey, keyNotNeeded: options.key !== undefined && kind === 'plaintext', upgradeBackup: null };
    fileInfo.set(db, info);
    db.pragma('foreign_keys = ON');
    if (options.readonly) return db;

    // From here on the file is a panel (or a new one), so it may be written.
    if (!isNew && !inMemory && version < SCHEMA_VERSION) info.upgradeBackup = busy(db, path, () => makeBackup(db, path, 'before-upgrade'));
    if (!inMemory) busy(db, path, () => db.pragma('journal_mode = WAL'));
    db.pragma(`synchronous = ${options.building ? 'OFF' : 'FULL'}`);
    busy(db, path, () => migrate(db, path));
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Changes a database file's passphrase in place (`newKey` null removes the encryption). Done in rollback
 * journal mode, which also proves no other connection has the file open (leaving WAL needs the only
 * connection), then checked with the new passphrase. `wal` puts a panel back in WAL mode afterwards.
 */
export function rekeyDatabaseFile(path: string, oldKey: string | undefined, newKey: string | null, options: { wal: boolean }): void {
  refuseEmptyKey(oldKey);
  refuseEmptyKey(newKey);
  const kind = fileKind(path);
  if (kind === 'missing') throw new PanelFileError(`No panel file at ${path}`, 'missing');
  const Database = loadDriver();
  const db = new Database(path, { fileMustExist: true });
  try {
    if (kind !== 'plaintext') {
      if (oldKey === undefined) throw new PanelFileError(`${path} is encrypted and needs its current passphrase`, 'passphrase_required');
      db.pragma(`key = ${quoteKey(oldKey)}`);
    }
    db.pragma('temp_store = MEMORY');
    db.pragma('busy_timeout = 2000');
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      throw new PanelFileError(`${path} could not be opened with the current passphrase given`, 'wrong_passphrase');
    }
    let mode: string;
    try {
      mode = db.pragma('journal_mode = DELETE', { simple: true }) as string;
    } catch (error) {
      if (isBusyError(error)) throw new PanelFileError(`${busyMessage(db, null, path)} Close the panel everywhere else, then change the passphrase.`, 'busy');
      throw error;
    }
    if (mode !== 'delete') throw new PanelFileError(`${path} is open elsewhere: close it everywhere else, then change the passphrase.`, 'busy');
    if (newKey === null) {
      if (kind !== 'plaintext') db.pragma("rekey = ''");
    } else {
      db.pragma(`rekey = ${quoteKey(newKey)}`);
    }
  } finally {
    db.close();
  }
  const check = new Database(path, { fileMustExist: true });
  try {
    if (newKey !== null) check.pragma(`key = ${quoteKey(newKey)}`);
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new PanelFileError(`${path} failed its check after the passphrase changed (${String(result)})`, 'damaged');
    if (options.wal) check.pragma('journal_mode = WAL');
  } finally {
    check.close();
  }
}

/**
 * A private, in-memory copy of a panel file, read without changing it: no WAL switch, no migration written
 * back. What the merge reads unit panels through. Migrated in memory to this app's schema, so a unit panel
 * from an older version reads like a new one; a newer one is refused.
 */
export function openPanelSnapshot(path: string, options: { key?: string } = {}): PanelDatabase {
  if (!existsSync(path)) throw new PanelFileError(`No panel file at ${path}`);
  const Database = loadDriver();
  // Opened for writing but only read: a read-only connection to a WAL file leaves -wal and -shm files
  // behind in the unit's folder, which a read-write one removes as it closes. Read-only media fall back.
  let source: BetterSqlite3.Database;
  try {
    source = new Database(path, { fileMustExist: true });
  } catch {
    source = new Database(path, { readonly: true, fileMustExist: true });
  }
  let image: Buffer;
  try {
    if (options.key) source.pragma(`key = '${options.key.replace(/'/g, "''")}'`);
    try {
      source.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      throw new PanelFileError(
        options.key
          ? `${path} could not be opened with that passphrase (or is not a panel file)`
          : `${path} is not a panel file, or it is encrypted and needs its passphrase`,
      );
    }
    image = source.serialize();
  } finally {
    source.close();
  }
  // Bytes 18-19 of the header say WAL (2); an in-memory copy must use a rollback journal (1) to open.
  image[18] = 1;
  image[19] = 1;
  const db = new Database(image);
  try {
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
