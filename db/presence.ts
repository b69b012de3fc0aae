// Who has a panel open: each process that opens a panel for writing records itself (program, process id,
// computer, since when) and removes the record when it closes. When another process holds the write lock
// for longer than the busy timeout, the message names who that is rather than "database is locked".

import { hostname } from 'node:os';
import type { PanelDatabase } from './connection';
import { programName, sessionProgram, type SessionProgram } from './sessions';

interface SessionRow {
  session: string;
  program: string;
  pid: number;
  host: string;
  opened_at: string;
}

function hasTable(db: PanelDatabase): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'open_session'").get() !== undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The record's key: the CLI shares one audit session across runs, so its presence is per process. */
export function presenceKey(session: string): string {
  return session === 'cli' ? `cli:${process.pid}` : session;
}

/** Best effort: a panel another process is busy writing is still opened, just without the record. */
export function registerPresence(db: PanelDatabase, session: string, program: SessionProgram): void {
  const busy = db.pragma('busy_timeout', { simple: true }) as number;
  try {
    if (!hasTable(db)) return;
    db.pragma('busy_timeout = 200');
    const host = hostname();
    db.transaction(() => {
      for (const row of db.prepare<[string], SessionRow>('SELECT * FROM open_session WHERE host = ?').all(host)) {
        if (!alive(row.pid)) db.prepare('DELETE FROM open_session WHERE session = ?').run(row.session);
      }
      db.prepare('INSERT OR REPLACE INTO open_session (session, program, pid, host, opened_at) VALUES (?, ?, ?, ?, ?)').run(
        presenceKey(session),
        program,
        process.pid,
        host,
        new Date().toISOString(),
      );
    }).immediate();
  } catch {
    // Busy or read-only: the record is only for messages.
  } finally {
    db.pragma(`busy_timeout = ${busy}`);
  }
}

export function unregisterPresence(db: PanelDatabase, session: string): void {
  try {
    if (!hasTable(db)) return;
    db.pragma('busy_timeout = 200');
    db.prepare('DELETE FROM open_session WHERE session = ?').run(presenceKey(session));
  } catch {
    // As above.
  }
}

/** Everyone else who has the panel open (stale records of dead processes on this computer left out). */
export function otherHolders(db: PanelDatabase, session: string | null): SessionRow[] {
  try {
    if (!hasTable(db)) return [];
    const host = hostname();
    const mine = session === null ? '' : presenceKey(session);
    return db
      .prepare<[], SessionRow>('SELECT * FROM open_session ORDER BY opened_at')
      .all()
      .filter((row) => row.session !== mine && (row.host !== host || alive(row.pid)));
  } catch {
    return [];
  }
}

function describeHolder(row: SessionRow): string {
  const program = sessionProgram(row.session) ?? (row.program as SessionProgram);
  const where = row.host === hostname() ? 'on this computer' : `on ${row.host}`;
  return `${programName(program)} (process ${row.pid} ${where}, open since ${row.opened_at.slice(11, 19)})`;
}

/** "The panel is busy in modpanel (the command line) (process 4242 on this computer, …)": never "database is locked". */
export function busyMessage(db: PanelDatabase | null, session: string | null, path: string): string {
  const holders = db ? otherHolders(db, session) : [];
  const where = holders.length ? `in ${holders.map(describeHolder).join(' or ')}` : 'in another program';
  return `The panel ${path} is busy ${where}: it is writing to the file (an import takes a while). Nothing was changed here; try again when it has finished.`;
}

/** Whether an error is SQLite saying another connection holds the lock. */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_TIMEOUT';
}
