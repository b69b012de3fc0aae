// The contract's trust entries (shared/trust.ts) over a host's session: the passphrase prompt's state and
// answers (db/panelLock.ts), checking the history (db/auditChain.ts), and the version the window polls
// to notice changes made elsewhere.

import { basename } from 'node:path';
import type { ApiParsedRequest } from '../shared/contract';
import type { TrustResponses } from '../shared/trust';
import { findHashInHistory } from './auditChain';
import { ModerationError } from './errors';
import type { PanelLock } from './panelLock';
import type { ModerationService } from './service';

type TrustName = keyof TrustResponses;
type TrustHandlers = { [K in TrustName]: (request: ApiParsedRequest<K>) => TrustResponses[K] | Promise<TrustResponses[K]> };

export function trustHandlers(session: { service(): ModerationService; locks?: PanelLock }): TrustHandlers {
  const svc = () => session.service();
  const locks = () => {
    if (!session.locks) throw new ModerationError('invalid', 'No panel is waiting for a passphrase');
    return session.locks;
  };
  const current = (): ModerationService | null => {
    try {
      return svc();
    } catch {
      return null;
    }
  };
  return {
    lockState: async () => {
      if (session.locks) return session.locks.state();
      const service = current();
      return {
        locked: false,
        waitingFor: null,
        fileName: service ? basename(service.path) : null,
        canCancel: false,
        canRemember: false,
        rememberNote: null,
        remembered: false,
        encrypted: service ? service.encrypted : null,
        problem: null,
      };
    },
    unlockPanel: ({ passphrase, remember }) => locks().unlock(passphrase, remember),
    protectNewPanel: ({ passphrase, remember }) => locks().protectNew(passphrase, remember),
    cancelUnlock: () => ({ cancelled: session.locks?.cancel() ?? false }),
    forgetPassphrase: async () => ({ forgotten: (await session.locks?.forget()) ?? false }),
    verifyHistory: ({ hash }) => {
      const service = svc();
      return { ...service.verifyHistory(), hashFoundAt: hash ? findHashInHistory(service.db, hash) : null };
    },
    panelVersion: () => ({ externalVersion: svc().externalVersion() }),
  };
}
