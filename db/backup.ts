// Backups beside the panel file, made before each upgrade of the file, each import and each change of
// passphrase: `<panel> (backup 2026-12-02 10.15.03.120 before import).modpanel`. Written with VACUUM INTO,
// which SQLite3 Multiple Ciphers encrypts with the panel's own cipher and passphrase, so a backup is
// exactly as protected as its panel. The last five are kept; a backup is written under a temporary name
// and renamed into place, so a backup file is always whole.

import { readdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, extname, join } from 'node:path';
import type { PanelDatabase } from './connection';
import { PanelFileError } from './errors';

export const BACKUPS_KEPT = 5;

export type BackupReason = 'before-upgrade' | 'before-import' | 'before-rekey';

const REASON_WORDS: Record<BackupReason, string> = {
  'before-upgrade': 'before upgrade',
  'before-import': 'before import',
  'before-rekey': 'before passphrase change',
};

function stem(path: string): string {
  const base = basename(path);
  return extname(base).toLowerCase() === '.modpanel' ? base.slice(0, -'.modpanel'.length) : base;
}

function prefix(path: string): string {
  return `${stem(path)} (backup `;
}

function stamp(when: Date): string {
  // Sortable, and legal on every file system (no colons).
  return when.toISOString().replace('T', ' ').replace('Z', '').replace(/:/g, '.');
}

export function backupPath(path: string, reason: BackupReason, when: Date = new Date()): string {
  return join(dirname(path), `${prefix(path)}${stamp(when)} ${REASON_WORDS[reason]}).modpanel`);
}

/** This panel's backups, oldest first. */
export function listBackups(path: string): string[] {
  const folder = dirname(path);
  const start = prefix(path);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(start) && name.endsWith(').modpanel'))
    .sort()
    .map((name) => join(folder, name));
}

/**
 * Copies the open panel beside its file and keeps the last five copies. Throws if the copy cannot be made
 * (a full disk): callers refuse the change the backup was for, rather than go ahead without one.
 */
export function makeBackup(db: PanelDatabase, path: string, reason: BackupReason): string {
  const target = backupPath(path, reason);
  for (const leftover of abandonedTemporaries(path, 'backup-partial')) removeDatabaseFile(leftover);
  const temp = temporaryBeside(path, 'backup-partial');
  try {
    db.prepare('VACUUM INTO ?').run(temp);
    renameSync(temp, target);
  } catch (error) {
    removeDatabaseFile(temp);
    throw new PanelFileError(`A backup of ${basename(path)} could not be made beside it (${(error as Error).message}), so nothing was changed`, 'other');
  }
  const all = listBackups(path);
  for (const old of all.slice(0, Math.max(0, all.length - BACKUPS_KEPT))) removeDatabaseFile(old);
  return target;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A hidden temporary name beside `target` that says which process made it. */
export function temporaryBeside(target: string, suffix: 'partial' | 'backup-partial'): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}.${suffix}`);
}

/** Temporary files beside `target` left by a process that has since died (killed mid-way). */
export function abandonedTemporaries(target: string, suffix: 'partial' | 'backup-partial'): string[] {
  const escaped = basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${escaped}\\.(\\d+)-[0-9a-f]+\\.${suffix}$`);
  const folder = dirname(target);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((name) => {
      const match = pattern.exec(name);
      return match !== null && !alive(Number(match[1]));
    })
    .map((name) => join(folder, name));
}

export function removeDatabaseFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}
