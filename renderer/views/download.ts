// Saves a file the panel produced: through the Electron host's native save dialog when it offers one,
// otherwise as a browser download (Blob + object URL + <a download>).

/** What the Electron preload may add beside the contract; feature-detected, never required. */
interface HostSaver {
  saveFile?: (fileName: string, bytesBase64: string) => Promise<unknown> | unknown;
}

export type SaveOutcome = { saved: true; where: string } | { saved: false; reason: string };

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function hostSaver(): HostSaver['saveFile'] | undefined {
  const host = (window as unknown as { modpanelHost?: HostSaver }).modpanelHost;
  return typeof host?.saveFile === 'function' ? host.saveFile.bind(host) : undefined;
}

/** Reads whatever the host's saveFile returned: a path, true, a Result, or nothing when cancelled. */
function readHostAnswer(answer: unknown, fileName: string): SaveOutcome {
  if (answer === false || answer === null || answer === undefined) return { saved: false, reason: 'Saving was cancelled' };
  if (typeof answer === 'string') return { saved: true, where: answer };
  if (typeof answer === 'object' && 'ok' in answer) {
    const result = answer as { ok: boolean; value?: unknown; error?: { message?: string } };
    if (!result.ok) return { saved: false, reason: result.error?.message ?? 'Saving failed' };
    if (result.value === null || result.value === false) return { saved: false, reason: 'Saving was cancelled' };
    return { saved: true, where: typeof result.value === 'string' ? result.value : fileName };
  }
  return { saved: true, where: fileName };
}

export async function saveExportedFile(fileName: string, mimeType: string, bytesBase64: string): Promise<SaveOutcome> {
  const save = hostSaver();
  if (save) return readHostAnswer(await save(fileName, bytesBase64), fileName);
  const blob = new Blob([base64ToBytes(bytesBase64)], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a short delay is enough.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { saved: true, where: `your downloads folder as ${fileName}` };
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
