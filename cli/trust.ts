// `modpanel audit <panel> --verify` (the history's chain and its replay, db/auditChain.ts) and
// `modpanel rekey <panel>` (a new passphrase, in place and safely, db/rekey.ts).

import { basename, resolve } from 'node:path';
import type { Actor, Role } from '../shared/domain';
import { shortHash } from '../shared/historyVerification';
import { findHashInHistory } from '../db/auditChain';
import { PanelFileError } from '../db/errors';
import { fileKind } from '../db/connection';
import { rekeyPanel } from '../db/rekey';
import type { ModerationService } from '../db/service';
import { askHidden, newPassphraseFrom } from './passphrase';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const TRUST_HELP = `  audit <panel> --verify [--hash H]
                                    Check the history: every event linked to the one before (SHA-256),
                                    and everyone's markings, annotations and flags equal to the replay of
                                    the log. Names the first broken event or the first person who differs.
                                    --hash ties an exported file (its history_hash) to a point in it.
  rekey <panel> [--new-passphrase-env VAR | --remove-encryption] [--actor "Name"]
                                    Change the passphrase in place (or encrypt a panel that is not): the
                                    current one from MODPANEL_KEY / --passphrase-env, the new one from
                                    MODPANEL_NEW_KEY or VAR (on a terminal, asked). Backs up first, and
                                    re-keys the backups beside the panel too. Close the panel elsewhere first.`;

/** Prints the verification; exit 0 when intact (and the hash, if given, is in the history), else 1. */
export function verifyCommand(service: ModerationService, options: { json: boolean; hash: string | undefined }, io: Io): number {
  const result = service.verifyHistory();
  const hash = options.hash?.trim().toLowerCase();
  if (hash !== undefined && !/^[0-9a-f]{12,64}$/.test(hash)) {
    throw new PanelFileError(`--hash takes a history hash (12 to 64 hex digits, as in an export's history_hash column); got "${options.hash}"`);
  }
  const foundAt = hash ? findHashInHistory(service.db, hash) : null;
  if (options.json) {
    io.out(JSON.stringify({ ...result, ...(hash ? { hash, hashFoundAt: foundAt } : {}) }, null, 2));
  } else {
    const lines = [result.summary];
    if (result.finalHash) lines.push(`Final event #${result.finalEventId}, history hash ${result.finalHash}`);
    if (result.problems.length > 1 || (result.problems.length === 1 && result.problemCount > 1)) {
      lines.push('Problems:', ...result.problems.map((p) => `  - ${p.message}`));
      if (result.problemCount > result.problems.length) lines.push(`  … and ${result.problemCount - result.problems.length} more`);
    }
    if (hash) {
      lines.push(
        foundAt !== null
          ? `The hash ${shortHash(hash)} is event #${foundAt}'s: a file carrying it was written from this history when it ended at event #${foundAt} (of ${result.events}).`
          : `The hash ${shortHash(hash)} is not in this panel's history: the file carrying it was not written from this panel, or the history has been rewritten since.`,
      );
    }
    (result.intact && (hash === undefined || foundAt !== null) ? io.out : io.err)(lines.join('\n'));
  }
  return result.intact && (hash === undefined || foundAt !== null) ? 0 : 1;
}

export interface RekeyOptions {
  panel: string | undefined;
  currentKey: string | undefined;
  newPassphraseEnv: string | undefined;
  removeEncryption: boolean;
  actor: string | undefined;
  role: string | undefined;
  json: boolean;
}

export async function rekeyCommand(options: RekeyOptions, io: Io): Promise<number> {
  if (!options.panel) throw new PanelFileError('Missing the panel file. See `modpanel --help`.');
  const path = resolve(options.panel);
  let currentKey = options.currentKey;
  if (currentKey === undefined && fileKind(path) === 'other') {
    currentKey = (await askHidden(`Current passphrase for ${basename(path)}: `)) ?? undefined;
    if (currentKey === undefined) {
      throw new PanelFileError(`${path} is encrypted: give its current passphrase in MODPANEL_KEY, or name a variable holding it with --passphrase-env`, 'passphrase_required');
    }
  }
  let newKey: string | null;
  if (options.removeEncryption) {
    if (options.newPassphraseEnv !== undefined) throw new PanelFileError('Give either --remove-encryption or a new passphrase, not both');
    newKey = null;
  } else {
    newKey = newPassphraseFrom(options.newPassphraseEnv, process.env) ?? null;
    if (newKey === null) {
      const first = await askHidden(`New passphrase for ${basename(path)}: `);
      if (first === null) {
        throw new PanelFileError('Give the new passphrase in MODPANEL_NEW_KEY, or name a variable holding it with --new-passphrase-env (or --remove-encryption to stop encrypting the panel)', 'passphrase_required');
      }
      const again = await askHidden('The new passphrase again: ');
      if (again !== first) throw new PanelFileError('The two new passphrases differ: nothing was changed', 'empty_passphrase');
      if (first === '') throw new PanelFileError('An empty passphrase cannot protect a panel: nothing was changed', 'empty_passphrase');
      newKey = first;
    }
    if (newKey === currentKey) throw new PanelFileError('The new passphrase is the same as the current one: nothing was changed');
  }
  const actor: Actor = { name: options.actor ?? process.env.USER ?? 'HR', role: (options.role as Role | undefined) ?? 'hr' };
  const result = rekeyPanel(path, currentKey, newKey, actor);
  if (options.json) {
    io.out(JSON.stringify({ file: path, ...result }, null, 2));
  } else {
    io.out(
      [
        newKey === null ? `${path} is no longer encrypted.` : `${path} is now encrypted with the new passphrase.`,
        `A backup was made first: ${basename(result.backup)}.`,
        `${result.rekeyedBackups} backup${result.rekeyedBackups === 1 ? '' : 's'} beside it ${result.rekeyedBackups === 1 ? 'is' : 'are'} now under the ${newKey === null ? 'same (no) encryption' : 'new passphrase'} too.`,
      ].join('\n'),
    );
  }
  if (newKey === null) io.err(`Warning: ${path} and its backups are no longer encrypted: anyone who can read the files can read the people in them.`);
  for (const failed of result.failedBackups) {
    io.err(`Warning: the backup ${failed.file} could not be re-keyed (${failed.problem}); it is still under its old passphrase. Delete it if that passphrase may be known.`);
  }
  return 0;
}
