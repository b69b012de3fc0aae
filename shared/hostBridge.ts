// The window's door to its host beside the contract: `window.modpanelHost`, declared once here and implemented
// twice — by the Electron preload (native dialogs, menus, the panel process) and by the browser host's side of
// the renderer (renderer/host.ts: downloads, window.print). Types only, plus the list of exports, so the
// sandboxed preload can import it without pulling in zod.

import type { ApiName, ApiRequest, ApiResponses, ExportedFile, Result } from './contract';

/** Contract entries that answer with a file (bytes plus its name): the exports a host saves for the window. */
export type ExportEntry = { [K in ApiName]: ApiResponses[K] extends ExportedFile ? K : never }[ApiName];

export const EXPORT_ENTRIES = ['exportOutcome', 'financeSheet', 'memberPreviewSheet'] as const satisfies readonly ExportEntry[];

// Every entry that answers with a file is listed above: a new one that is not fails to compile here.
type UnlistedExport = Exclude<ExportEntry, (typeof EXPORT_ENTRIES)[number]>;
const everyExportListed: [UnlistedExport] extends [never] ? true : never = true;
void everyExportListed;

export function isExportEntry(name: unknown): name is ExportEntry {
  return typeof name === 'string' && (EXPORT_ENTRIES as readonly string[]).includes(name);
}

/** An export's answer without its bytes: what the window is told once the host has saved the file. */
export type ExportedFileInfo<K extends ExportEntry> = Omit<ApiResponses[K], 'bytesBase64'> & { byteLength: number };

/** What exportFile resolves to: the file's details, and where it was saved (null when saving was cancelled). */
export interface ExportSaved<K extends ExportEntry> {
  file: ExportedFileInfo<K>;
  savedTo: string | null;
}

/** The text-editing commands a menu passes to the focused text field (Electron's role: 'undo' / 'redo'). */
export type TextEditCommand = 'undo' | 'redo';

export interface ModpanelHost {
  /** `darwin`, `win32`, `linux` in the desktop app; `web` in a browser. */
  readonly platform: string;
  /**
   * Runs an export and saves its file where the bytes are: in the desktop app the panel process writes it to
   * the path chosen in the native save dialog, so the bytes never travel through the window; in a browser it
   * is downloaded.
   */
  exportFile<K extends ExportEntry>(entry: K, request: ApiRequest<K>): Promise<Result<ExportSaved<K>>>;
  /** Saves bytes the window made itself (a mapping file). Resolves to where it went, or null when cancelled. */
  saveFile(fileName: string, bytesBase64: string): Promise<Result<string | null>>;
  /** The panel record as an A4 PDF (desktop), or the browser's print dialog (null: nothing saved by the host). */
  printToPdf(): Promise<Result<string | null>>;
  /** Calls back with each native menu command ('undo', 'view:grid', …); returns a function that stops listening. */
  onMenu(callback: (command: string) => void): () => void;
  /** Undo or redo typing in the focused text field, as the Edit menu's standard items do. */
  editText(command: TextEditCommand): Promise<void>;
}
