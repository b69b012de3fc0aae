// Changing a panel's passphrase (or encrypting a panel that was not, or removing the encryption), in place
// and safely: a backup under the current passphrase first, then the file re-keyed in rollback-journal mode
// (which also proves no one else has it open) and checked with the new passphrase, then the backups beside
// it re-keyed too, so an old passphrase opens nothing that is left. Recorded in the audit log.

import { basename } from 'node:path';
import type { Actor } from '../shared/domain';
import { makeBackup, listBackups } from './backup';
import { panelFileInfo, rekeyDatabaseFile } from './connection';
import { ModerationService } from './service';

export interface RekeyResult {
  /** The backup made first, under the current passphrase until the backups were re-keyed. */
  backup: string;
  encrypted: boolean;
  /** Backups beside the panel now under the new passphrase. */
  rekeyedBackups: number;
  /** Backups that could not be re-keyed (still under the old passphrase), with why. */
  failedBackups: { file: string; problem: string }[];
}

/**
 * Re-keys the panel at `path` from `currentKey` (undefined for a panel that is not encrypted) to `newKey`
 * (null removes the encryption). Refused while the panel is open anywhere else.
 */
export function rekeyPanel(path: string, currentKey: string | undefined, newKey: string | null, actor: Actor): RekeyResult {
  const before = ModerationService.open(path, { ...(currentKey !== undefined ? { key: currentKey } : {}), program: 'cli' });
  let backup: string;
  const wasEncrypted = before.encrypted;
  try {
    before.authorize(actor, 'rekey'); // HR's (shared/roles.ts, issue 9)
    backup = makeBackup(before.db, path, 'before-rekey');
  } finally {
    before.close();
  }
  const oldKey = wasEncrypted ? currentKey : undefined;
  rekeyDatabaseFile(path, oldKey, newKey, { wal: true });

  const after = ModerationService.open(path, { ...(newKey !== null ? { key: newKey } : {}), program: 'cli' });
  try {
    // Not a change to the panel's content, so recorded even on a finalised panel.
    after.db.transaction(() => {
      after.repo.appendAudit(
        {
          actor: actor.name,
          role: actor.role,
          action: 'rekey',
          before: { encrypted: wasEncrypted },
          after: { encrypted: panelFileInfo(after.db).encrypted },
          reason: newKey === null ? 'Encryption removed' : wasEncrypted ? 'Passphrase changed' : 'Panel encrypted',
        },
        new Date().toISOString(),
      );
    }).immediate();
  } finally {
    after.close();
  }

  let rekeyedBackups = 0;
  const failedBackups: RekeyResult['failedBackups'] = [];
  for (const file of listBackups(path)) {
    try {
      rekeyDatabaseFile(file, oldKey, newKey, { wal: false });
      rekeyedBackups += 1;
    } catch (error) {
      failedBackups.push({ file: basename(file), problem: (error as Error).message });
    }
  }
  return { backup, encrypted: newKey !== null, rekeyedBackups, failedBackups };
}
