// The one module that opens a panel file with the SQLite driver: settings, optional encryption, migrations.
// Everything else receives the open `PanelDatabase` from here.

import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
// The package's typings are not reachable through its "exports"; tsconfig maps this type-only name to them.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers/types';
import { PanelFileError } from './errors';
import { migrate } from './migrations';

export { PanelFileError };

export type PanelDatabase = BetterSqlite3.Database;

const require = createRequire(import.meta.url);

let driver: typeof BetterSqlite3 | null = null;
function loadDriver(): typeof BetterSqlite3 {
  // Loaded lazily so that importing db/ never touches the native binary until a panel is opened.
  driver ??= require('better-sqlite3-multiple-ciphers') as typeof BetterSqlite3;
  return driver;
}

export interface OpenOptions {
  /** Create the file when it does not exist (otherwise a missing file is an error). */
  create?: boolean;
  /** Passphrase for an encrypted panel file (SQLite3 Multiple Ciphers, default cipher). */
  key?: string;
  readonly?: boolean;
}

export function openPanelDatabase(path: string, options: OpenOptions = {}): PanelDatabase {
  const inMemory = path === ':memory:';
  if (!inMemory && !options.create && !existsSync(path)) {
    throw new PanelFileError(`No panel file at ${path}`);
  }
  const Database = loadDriver();
  const db = new Database(path, { readonly: options.readonly ?? false });
  try {
    if (options.key !== undefined && options.key !== '') {
      if (inMemory) throw new PanelFileError('An in-memory panel cannot be encrypted');
      db.pragma(`key = '${options.key.replace(/'/g, "''")}'`);
    }
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      throw new PanelFileError(
        options.key
          ? `${path} could not be opened with that passphrase (or is not a panel file)`
          : `${path} is not a panel file, or it is encrypted and needs its passphrase`,
      );
    }
    if (!inMemory && !options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
