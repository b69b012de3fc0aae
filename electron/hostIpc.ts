// The desktop host's own IPC beside the contract: saving bytes the window produced (an exported outcome
// file) through the native save dialog. Same sender check and payload validation as the panel channels.

import { basename } from 'node:path';
import { z } from 'zod';
import type { Result } from '../shared/contract';
import { HOST_CHANNELS, forbidden, senderIsTrusted, type IpcInvokeEventLike, type IpcMainLike } from './ipc';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const saveFileRequestSchema = z.object({
  fileName: z.string().trim().min(1, 'Give the file a name').max(255, 'The file name is too long'),
  bytesBase64: z
    .string()
    .max(400_000_000, 'The file is too large to save')
    .refine((value) => value.length % 4 === 0 && BASE64.test(value), 'The file contents are not valid base64'),
});

export type SaveFileRequest = z.output<typeof saveFileRequestSchema>;

/** Shows the save dialog and writes the bytes; resolves to the path written, or null if cancelled. */
export type SaveFileImpl = (suggestedName: string, bytes: Uint8Array) => Promise<string | null>;

/** A name safe to suggest in a dialog: no folders, no characters Windows refuses. */
export function safeFileName(fileName: string): string {
  const cleaned = basename(fileName.replace(/\\/g, '/'))
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '-')
    .replace(/^\.+/, '')
    .trim();
  return cleaned === '' ? 'export' : cleaned;
}

function invalid(message: string): Result<never> {
  return { ok: false, error: { code: 'invalid_request', message } };
}

export async function handleSaveFile(payload: unknown, saveFile: SaveFileImpl): Promise<Result<string | null>> {
  const parsed = saveFileRequestSchema.safeParse(payload ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; ');
    return invalid(`Invalid saveFile request: ${detail}`);
  }
  try {
    const bytes = new Uint8Array(Buffer.from(parsed.data.bytesBase64, 'base64'));
    const where = await saveFile(safeFileName(parsed.data.fileName), bytes);
    return { ok: true, value: where };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'save_failed', message: `The file could not be saved: ${message}` } };
  }
}

/** Registers `modpanelHost:saveFile`; returns a function that removes it. */
export function registerHostIpc(
  ipcMain: IpcMainLike,
  saveFile: SaveFileImpl,
  isTrustedSender: (event: IpcInvokeEventLike) => boolean,
): () => void {
  ipcMain.handle(HOST_CHANNELS.saveFile, async (event, fileName, bytesBase64) => {
    if (!senderIsTrusted(isTrustedSender, event)) return forbidden();
    return handleSaveFile({ fileName, bytesBase64 }, saveFile);
  });
  return () => ipcMain.removeHandler(HOST_CHANNELS.saveFile);
}

/** Renders the sending window to PDF (the panel record) and saves it; resolves to the path, or null. */
export type PrintToPdfImpl = (event: IpcInvokeEventLike) => Promise<string | null>;

/** Registers `modpanelHost:printToPdf`; returns a function that removes it. */
export function registerPrintIpc(
  ipcMain: IpcMainLike,
  printToPdf: PrintToPdfImpl,
  isTrustedSender: (event: IpcInvokeEventLike) => boolean,
): () => void {
  ipcMain.handle(HOST_CHANNELS.printToPdf, async (event) => {
    if (!senderIsTrusted(isTrustedSender, event)) return forbidden();
    try {
      return { ok: true, value: await printToPdf(event) } satisfies Result<string | null>;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'print_failed', message: `The panel record could not be saved as PDF: ${message}` } } satisfies Result<never>;
    }
  });
  return () => ipcMain.removeHandler(HOST_CHANNELS.printToPdf);
}
