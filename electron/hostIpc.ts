// The desktop host's own IPC beside the contract: saving bytes the window produced (a mapping file) through the
// native save dialog, exports saved by the panel process where their bytes are, the panel record as a PDF, and
// a text field's own undo and redo for the Edit menu. Same sender check and payload validation as the panel
// channels.

import { basename } from 'node:path';
import { z } from 'zod';
import type { Result } from '../shared/contract';
import { EXPORT_ENTRIES, isExportEntry, type ExportEntry, type ExportSaved } from '../shared/hostBridge';
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

/** Runs an export in the panel process and saves its file there, where the bytes are (electron/main.ts). */
export type ExportFileImpl = (entry: ExportEntry, request: unknown) => Promise<Result<ExportSaved<ExportEntry>>>;

/**
 * Registers `modpanelHost:exportFile`: the entry must be one of the contract's exports (the request itself is
 * validated against the contract by the panel process); returns a function that removes it.
 */
export function registerExportIpc(
  ipcMain: IpcMainLike,
  exportFile: ExportFileImpl,
  isTrustedSender: (event: IpcInvokeEventLike) => boolean,
): () => void {
  ipcMain.handle(HOST_CHANNELS.exportFile, async (event, entry, request) => {
    if (!senderIsTrusted(isTrustedSender, event)) return forbidden();
    if (!isExportEntry(entry)) return invalid(`Invalid exportFile request: entry must be one of ${EXPORT_ENTRIES.join(', ')}`);
    try {
      return await exportFile(entry, request ?? {});
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'save_failed', message: `The file could not be saved: ${message}` } } satisfies Result<never>;
    }
  });
  return () => ipcMain.removeHandler(HOST_CHANNELS.exportFile);
}

/** The window's web contents, as much of it as the Edit menu's text commands use. */
export interface EditableContentsLike {
  undo(): void;
  redo(): void;
}

/**
 * Registers `modpanelHost:editText`: the sending window's own text undo or redo (webContents.undo/redo, what an
 * Edit menu item with role 'undo' or 'redo' runs), for the Edit menu's items while a text field has the focus.
 */
export function registerEditTextIpc(ipcMain: IpcMainLike, isTrustedSender: (event: IpcInvokeEventLike) => boolean): () => void {
  ipcMain.handle(HOST_CHANNELS.editText, (event, command) => {
    if (!senderIsTrusted(isTrustedSender, event)) return forbidden();
    if (command !== 'undo' && command !== 'redo') return invalid('Invalid editText request: command must be undo or redo');
    const contents = event.sender as EditableContentsLike;
    if (command === 'undo') contents.undo();
    else contents.redo();
    return { ok: true, value: null } satisfies Result<null>;
  });
  return () => ipcMain.removeHandler(HOST_CHANNELS.editText);
}
