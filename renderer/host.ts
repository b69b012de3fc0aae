// The window's host beside the contract, `window.modpanelHost` (declared once, in shared/hostBridge.ts). In the
// desktop app the Electron preload provides it; in a plain browser, served by the local web host, this file
// does: exports and saved files become downloads, the panel record goes to the browser's print dialog, and
// there are no native menus.

import type { ApiRequest, Result } from '../shared/contract';
import type { ExportEntry, ExportSaved, ExportedFileInfo, ModpanelHost } from '../shared/hostBridge';
import { api } from './api';

declare global {
  interface Window {
    /** Set by the Electron preload (electron/preload.ts). */
    modpanelHost?: ModpanelHost;
  }
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A browser download: Blob, object URL, <a download>. */
function download(fileName: string, mimeType: string, bytes: Uint8Array<ArrayBuffer>): string {
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a short delay is enough.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return `your downloads folder as ${fileName}`;
}

function mimeTypeOf(fileName: string): string {
  const extension = fileName.toLowerCase().split('.').pop();
  if (extension === 'json') return 'application/json';
  if (extension === 'csv') return 'text/csv';
  return 'application/octet-stream';
}

export function browserHost(): ModpanelHost {
  return {
    platform: 'web',
    async exportFile<K extends ExportEntry>(entry: K, request: ApiRequest<K>): Promise<Result<ExportSaved<K>>> {
      const call = api[entry] as (request: ApiRequest<K>) => Promise<Result<{ bytesBase64: string; fileName: string; mimeType: string }>>;
      const result = await call(request);
      if (!result.ok) return result;
      const { bytesBase64, ...info } = result.value;
      const bytes = base64ToBytes(bytesBase64);
      const savedTo = download(info.fileName, info.mimeType, bytes);
      return { ok: true, value: { file: { ...info, byteLength: bytes.byteLength } as unknown as ExportedFileInfo<K>, savedTo } };
    },
    async saveFile(fileName, bytesBase64) {
      return { ok: true, value: download(fileName, mimeTypeOf(fileName), base64ToBytes(bytesBase64)) };
    },
    async printToPdf() {
      // The browser's own dialog prints or saves as PDF; what the user chose there is not known here.
      window.print();
      return { ok: true, value: null };
    },
    onMenu() {
      return () => undefined;
    },
    async editText(command) {
      // The browser's Edit menu and keys already reach the field; this serves the window's own callers.
      document.execCommand(command);
    },
  };
}

export const host: ModpanelHost = window.modpanelHost ?? browserHost();
