// What the main process and the panel process (the utility process that owns the panel file) ask of each
// other, as types. The window's contract calls pass through `contract` unchanged and come back as the
// contract's own `{ ok, value } | { ok, error }` results; the rest is the shell's own business (opening files,
// new panels, saving exports where the bytes are) and the few things only the main process can do (native
// dialogs, Electron's safeStorage, the menus and the title bar). Types only: both bundles import it.

import type { Actor } from '../shared/domain';
import type { Result } from '../shared/contract';
import type { ExportEntry, ExportedFileInfo } from '../shared/hostBridge';

/** What the shell shows about the open panel: the title bar, the menus' enabled items, Open Recent. */
export interface PanelDescription {
  /** The open panel's file, if any. */
  path: string | null;
  name: string | null;
  /** null when no panel is open. */
  encrypted: boolean | null;
  /** View › Department applies: an overall panel, or one with more than one business unit. */
  hasDepartment: boolean;
  /** A file waiting for its passphrase, or a new panel waiting to be told how to protect it. */
  waitingFor: string | null;
}

/** `opened: false`: the panel is encrypted and no passphrase for it is known here, so the window asks. */
export interface OpenOutcome {
  opened: boolean;
  panel: PanelDescription;
}

/** An export made and held in the panel process, waiting for the main process to say where to write it. */
export interface PreparedExport<K extends ExportEntry = ExportEntry> {
  token: string;
  file: ExportedFileInfo<K>;
}

/** Served by the panel process; called by the main process. */
export interface PanelProcessMethods {
  /** One contract entry, validated and answered exactly as every host answers it. */
  contract(name: string, request: unknown): Promise<Result<unknown>>;
  /** Opens a panel (with `key`, or a passphrase remembered for it; else the window will ask). Throws a readable error. */
  open(path: string, key?: string): Promise<OpenOutcome>;
  /** The bundled demo panel, made in `folder` on first use, then opened. */
  openDemo(folder: string): Promise<OpenOutcome>;
  describe(): PanelDescription;
  /** Holds HR's file for File › New Panel until the window's import wizard applies it (db/newPanelDraft.ts). Throws a readable error. */
  prepareNewPanel(source: string, target: string, actor: Actor): Promise<{ fileName: string; people: number }>;
  /** Unit panel files picked in the native dialog for a merge (read where they are). */
  stageUnitPanels(paths: string[]): void;
  /** Runs an export and holds its bytes; the main process then asks where to save them. */
  prepareExport(entry: string, request: unknown): Promise<Result<PreparedExport>>;
  /** Writes a held export to `path` (null: the save was cancelled, the bytes are dropped). */
  writeExport(token: string, path: string | null): Promise<void>;
  /** Closes the panel file cleanly before the app quits. */
  close(): void;
}

/** Served by the main process; called by the panel process. */
export interface MainHostMethods {
  /** The native save dialog for a new overall panel; null when cancelled. */
  chooseOverallTarget(suggestedFileName: string): Promise<string | null>;
  /** A panel was opened by the window (a passphrase given, a new or overall panel made): Open Recent, the title, the menus. */
  panelOpened(panel: PanelDescription): void;
  /** The new panel's import warned about some rows: the main process shows them. */
  newPanelWarnings(summary: { name: string; people: number; warnings: string[]; total: number }): Promise<void>;
  // Electron's safeStorage lives in the main process only, so remembered passphrases are kept there.
  passphraseAvailability(): Promise<{ available: boolean; note: string | null }>;
  passphraseRecall(path: string): Promise<string | null>;
  passphraseRemember(path: string, passphrase: string): Promise<void>;
  passphraseForget(path: string): Promise<void>;
  passphraseHas(path: string): boolean;
}
