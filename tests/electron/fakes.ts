// Test doubles for the Electron IPC tests: a fake ipcMain with Electron's handle/removeHandler rules, the
// events a trusted or untrusted frame would send, and a temporary panel file with generated people.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoRecordsImport } from '../../db/demo';
import { ModerationService } from '../../db/service';
import type { IpcInvokeEventLike, IpcMainLike } from '../../electron/ipc';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    // Electron throws on a second handler for the same channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke(channel, ...args) would resolve to. */
  async invoke(channel: string, event: IpcInvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

export const windowContents = { id: 1 };

export function frameEvent(url: string | null, sender: unknown = windowContents): IpcInvokeEventLike {
  return { sender, senderFrame: url === null ? null : { url } };
}

export const trustedEvent = (): IpcInvokeEventLike => frameEvent('app://panel/index.html');

export interface TempPanel {
  dir: string;
  path: string;
  service: ModerationService;
  cleanup(): void;
}

export function makeTempPanel(people = 40): TempPanel {
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-electron-'));
  const path = join(dir, 'test.modpanel');
  const actor = { name: 'Test setup', role: 'hr' as const };
  const service = ModerationService.create(path, { name: 'Electron test panel', businessUnit: 'Policy Group', performanceYear: 2025 }, actor);
  service.applyImport(demoRecordsImport(people), actor);
  return {
    dir,
    path,
    service,
    cleanup() {
      service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
