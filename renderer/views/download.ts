// Saves a file for the window through its host (renderer/host.ts): exports are made and saved by the host
// where their bytes are (the desktop app's panel process, behind the native save dialog), or downloaded in a
// browser; a file the window made itself (a mapping) goes through the host's saveFile.

import type { ApiRequest } from '../../shared/contract';
import type { ExportEntry, ExportedFileInfo } from '../../shared/hostBridge';
import { host } from '../host';

export type SaveOutcome = { saved: true; where: string } | { saved: false; reason: string };

/** Saves bytes the window made (as base64). */
export async function saveExportedFile(fileName: string, _mimeType: string, bytesBase64: string): Promise<SaveOutcome> {
  const answer = await host.saveFile(fileName, bytesBase64);
  if (!answer.ok) return { saved: false, reason: answer.error.message };
  return answer.value === null ? { saved: false, reason: 'Saving was cancelled' } : { saved: true, where: answer.value };
}

export type ExportOutcome<K extends ExportEntry> =
  | { kind: 'saved'; file: ExportedFileInfo<K>; where: string }
  | { kind: 'cancelled'; file: ExportedFileInfo<K> }
  | { kind: 'failed'; reason: string };

/** Runs an export and saves its file; the bytes never pass through the window in the desktop app. */
export async function exportAndSave<K extends ExportEntry>(entry: K, request: ApiRequest<K>): Promise<ExportOutcome<K>> {
  const answer = await host.exportFile(entry, request);
  if (!answer.ok) return { kind: 'failed', reason: answer.error.message };
  const { file, savedTo } = answer.value;
  return savedTo === null ? { kind: 'cancelled', file } : { kind: 'saved', file, where: savedTo };
}

/** Reads a chosen file as base64 (without the data: prefix), reporting progress as a fraction 0–1. */
export function readFileAsBase64(file: File, onProgress: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    reader.onerror = () => reject(new Error(`${file.name} could not be read: ${reader.error?.message ?? 'unknown error'}`));
    reader.onload = () => {
      const text = String(reader.result ?? '');
      const comma = text.indexOf(',');
      onProgress(1);
      resolve(comma >= 0 ? text.slice(comma + 1) : text);
    };
    reader.readAsDataURL(file);
  });
}

/** UTF-8 text as base64, for saving text files through the same path as exported ones. */
export function textToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 1) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}

/** Reads a small text file (a mapping JSON). */
export function readFileAsText(file: File): Promise<string> {
  return file.text();
}
