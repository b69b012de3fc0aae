// A new panel file appears only once it is complete: it is built under a temporary name beside its final
// one (same folder, so the same file system), flushed to disk, and moved into place when the import has
// committed. A process killed part-way leaves no panel behind, only a hidden `.…partial` file, which the next
// attempt at the same name removes.

import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { abandonedTemporaries, removeDatabaseFile, temporaryBeside } from './backup';
import type { Actor, Panel } from '../shared/domain';
import type { ParsedImport } from '../shared/importTypes';
import { ModerationError, PanelFileError } from './errors';
import type { ImportSummary } from './importApply';
import { ModerationService, type ImportYearOptions, type NewPanel, type ServiceOptions } from './service';

function flush(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function flushFolder(folder: string): void {
  try {
    flush(folder);
  } catch {
    // Not every platform can open a folder to flush it (Windows); the rename is still atomic there.
  }
}

/** Moves the finished file into place without ever replacing one that appeared meanwhile. */
function publish(temp: string, target: string): void {
  try {
    linkSync(temp, target);
    rmSync(temp, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || existsSync(target)) {
      throw new ModerationError('invalid', `${basename(target)} appeared while the panel was being made; panel files are never overwritten, so nothing was written`);
    }
    renameSync(temp, target); // a file system without hard links
  }
  flushFolder(dirname(target));
}

export interface CreatedPanel {
  path: string;
  panel: Panel;
  summary: ImportSummary;
}

/**
 * Creates the panel at `target` and imports `parsed` into it, all or nothing: the file exists under its
 * name only once the import has committed and the file is on disk. Never overwrites an existing file.
 */
export function createPanelWithImport(
  target: string,
  panel: NewPanel,
  parsed: ParsedImport,
  actor: Actor,
  options: ServiceOptions & { import?: ImportYearOptions } = {},
): CreatedPanel {
  if (existsSync(target)) {
    throw new ModerationError('invalid', `${basename(target)} already exists. Panel files are never overwritten: choose a new name.`);
  }
  for (const leftover of abandonedTemporaries(target, 'partial')) removeDatabaseFile(leftover);
  const temp = temporaryBeside(target, 'partial');
  const { import: importOptions, ...open } = options;
  let service: ModerationService | null = null;
  try {
    service = ModerationService.create(temp, panel, actor, { ...open, building: true });
    const summary = service.applyImport(parsed, actor, importOptions ?? {});
    const made = service.panel();
    service.close();
    service = null;
    if (existsSync(`${temp}-wal`)) throw new PanelFileError(`The new panel did not close cleanly, so it was not moved into place`);
    flush(temp);
    publish(temp, target);
    return { path: target, panel: made, summary };
  } catch (error) {
    service?.close();
    removeDatabaseFile(temp);
    throw error;
  }
}
