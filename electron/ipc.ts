// IPC registration for the desktop window: one invoke channel per contract entry, each refusing any sender
// that is not our own app:// window and validating every payload (createPanelApi runs the contract's zod
// schemas). Written against a minimal IpcMainLike so it is unit-tested under Node without Electron.

import { API_NAMES, type ApiName, type PanelApi, type Result } from '../shared/contract';
import type { SenderEventLike } from './security';

/** The bit of Electron's IpcMainInvokeEvent these handlers read. */
export type IpcInvokeEventLike = SenderEventLike;

/** The bit of Electron's ipcMain used here; a fake with the same shape drives the unit tests. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export const PANEL_CHANNEL_PREFIX = 'modpanel:';
export const HOST_CHANNEL_PREFIX = 'modpanelHost:';

/** Channel for a contract entry: `modpanel:move`, `modpanel:getPanel`, … */
export function panelChannel(name: ApiName): string {
  return `${PANEL_CHANNEL_PREFIX}${name}`;
}

/**
 * Host-only channels (not part of the contract): saving a file through the native dialog, an export saved by the
 * panel process, the PDF of the panel record, menu commands, and a text field's own undo and redo.
 */
export const HOST_CHANNELS = {
  saveFile: `${HOST_CHANNEL_PREFIX}saveFile`,
  exportFile: `${HOST_CHANNEL_PREFIX}exportFile`,
  printToPdf: `${HOST_CHANNEL_PREFIX}printToPdf`,
  editText: `${HOST_CHANNEL_PREFIX}editText`,
  menu: `${HOST_CHANNEL_PREFIX}menu`,
} as const;

/** A sender check that throws must still refuse, never fall through to the handler. */
export function senderIsTrusted(isTrustedSender: (event: IpcInvokeEventLike) => boolean, event: IpcInvokeEventLike): boolean {
  try {
    return isTrustedSender(event);
  } catch {
    return false;
  }
}

export function forbidden(): Result<never> {
  return {
    ok: false,
    error: {
      code: 'forbidden',
      message: 'This request did not come from the Moderation Panel window, so it was refused.',
    },
  };
}

function unexpected(error: unknown): Result<never> {
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'unexpected', message: `Something went wrong: ${message}` } };
}

/**
 * Registers `modpanel:<name>` for every contract entry. Returns a function that removes them all again
 * (used when the window closes and in tests).
 */
export function registerPanelIpc(
  ipcMain: IpcMainLike,
  api: PanelApi,
  isTrustedSender: (event: IpcInvokeEventLike) => boolean,
): () => void {
  const channels: string[] = [];
  for (const name of API_NAMES) {
    const channel = panelChannel(name);
    const call = api[name] as (request: unknown) => Promise<Result<unknown>>;
    ipcMain.handle(channel, async (event, request) => {
      if (!senderIsTrusted(isTrustedSender, event)) return forbidden();
      try {
        // createPanelApi validates `request` against requestSchemas[name] before the service sees it.
        return await call(request);
      } catch (error) {
        return unexpected(error);
      }
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
