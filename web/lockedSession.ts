// The browser host's session when its panel may be encrypted: until the passphrase is given in the window
// (db/panelLock.ts) there is no service, and every entry but the passphrase prompt's says the panel is
// locked. Once it opens, the usual WebPanelSession serves it.

import { basename, dirname } from 'node:path';
import type { PanelSession } from '../db/api';
import { PanelLock, lockedError } from '../db/panelLock';
import type { NewPanelHost } from '../db/newPanelDraft';
import { ModerationService } from '../db/service';
import { WebPanelSession } from './session';

export class GatedWebSession implements PanelSession {
  private inner: WebPanelSession | null = null;
  readonly locks: PanelLock;
  /** A new panel from HR's file, waiting for the window's import wizard (--new-panel-from; db/newPanelDraft.ts). */
  newPanel?: NewPanelHost;

  constructor(
    private readonly path: string,
    onOpen: (path: string) => void = () => {},
  ) {
    this.locks = new PanelLock({
      open: (file, passphrase) => {
        const service = ModerationService.open(file, { ...(passphrase !== undefined ? { key: passphrase } : {}), program: 'web' });
        const previous = this.inner;
        this.inner = new WebPanelSession(service, dirname(file), onOpen);
        previous?.close();
      },
      current: () => {
        if (!this.inner) return null;
        const service = this.inner.service();
        return { path: service.path, encrypted: service.encrypted };
      },
    });
  }

  get overall() {
    return this.inner?.overall;
  }

  service(): ModerationService {
    if (!this.inner) throw lockedError(basename(this.path));
    return this.inner.service();
  }

  close(): void {
    this.inner?.close();
  }
}
