// How every `modpanel` command opens a panel: the run's one passphrase (MODPANEL_KEY, the variable named by
// --passphrase-env, or --key with a warning), asked for on a terminal when a panel needs one, and the command
// line's one session (`cli`), so `modpanel undo --actor X` reverses X's last change whichever command made it.

import { basename, resolve } from 'node:path';
import { panelFileInfo } from '../db/connection';
import { ModerationError, PanelFileError } from '../db/errors';
import { ModerationService } from '../db/service';
import { askHidden, passphraseFrom, type Passphrase, type PassphraseOptions } from './passphrase';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** A mistake in the command itself: `main` prints it as one line and exits 2. */
export class UsageError extends Error {}

/** The passphrase options, for the commands that parse their own arguments. */
export const PASSPHRASE_OPTIONS = {
  key: { type: 'string' },
  'passphrase-env': { type: 'string' },
} as const;

/** This run's passphrase and output, and the notes already printed (a note is said once). */
let passphrase: Passphrase = { source: null };
let noted = new Set<string>();
let runIo: Io = { out: () => {}, err: () => {} };

/** Starts a run: reads its passphrase once (warning about --key; an empty one is refused) and forgets the last run's notes. */
export function beginRun(options: PassphraseOptions, io: Io): Passphrase {
  runIo = io;
  noted = new Set();
  passphrase = passphraseFrom(options, process.env, (text) => io.err(text));
  return passphrase;
}

/** The run's passphrase: the one given, or the one typed at the terminal for a panel that needed it. */
export function runPassphrase(): Passphrase {
  return passphrase;
}

/** The run's passphrase as ModerationService.open (and the file readers) take it. */
export function panelKey(): { key?: string } {
  return passphrase.key !== undefined ? { key: passphrase.key } : {};
}

function panelPath(path: string | undefined): string {
  if (path === undefined || path.trim() === '') throw new UsageError('Missing the panel file. See `modpanel --help`.');
  return resolve(path);
}

/** Opens a panel as the command line; on a terminal, asks for a passphrase the panel needs and was not given. */
export async function openPanel(path: string | undefined): Promise<ModerationService> {
  const file = panelPath(path);
  let service: ModerationService;
  try {
    service = ModerationService.open(file, { ...panelKey(), program: 'cli' });
  } catch (error) {
    if (!(error instanceof PanelFileError) || error.problem !== 'passphrase_required') throw error;
    const asked = await askHidden(`Passphrase for ${basename(file)}: `);
    if (asked === null) throw new PanelFileError(`${error.message}: set MODPANEL_KEY, or name a variable holding it with --passphrase-env`, error.problem);
    passphrase = { key: asked, source: null };
    service = ModerationService.open(file, { key: asked, program: 'cli' });
  }
  if (panelFileInfo(service.db).keyNotNeeded && !noted.has(file)) {
    noted.add(file);
    runIo.err(`Note: ${file} is not encrypted, so the passphrase was not needed. \`modpanel rekey ${file}\` encrypts it.`);
  }
  return service;
}

/** How often a command waits again for a panel another process is busy writing (an import), before giving up. */
const BUSY_RETRIES = 3;

/** Opens the panel, does the work and closes it; waits and tries again while another process is writing it. */
export async function withPanel<T>(path: string | undefined, work: (service: ModerationService) => T | Promise<T>): Promise<T> {
  const io = runIo;
  for (let attempt = 1; ; attempt++) {
    try {
      const service = await openPanel(path);
      try {
        return await work(service);
      } finally {
        service.close();
      }
    } catch (error) {
      // The busy timeout has already waited; the change was never started, so trying again is safe.
      const busy = (error instanceof ModerationError && error.code === 'busy') || (error instanceof PanelFileError && error.problem === 'busy');
      if (!busy || attempt > BUSY_RETRIES) throw error;
      io.err(`modpanel: ${(error as Error).message.replace(/ try again when it has finished\.$/, '')} Trying again (${attempt} of ${BUSY_RETRIES})…`);
      await new Promise((done) => setTimeout(done, 1000));
    }
  }
}
