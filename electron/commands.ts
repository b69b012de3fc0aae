// The File and Help menu commands that need native dialogs: open a panel, choose the files for a new panel,
// say where to save a file, and About. Opening and making panels is the panel process's (main.ts asks it):
// nothing here touches a panel file.

import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { userInfo } from 'node:os';
import { app, dialog, type BrowserWindow } from 'electron';
import type { Actor } from '../shared/domain';

export const PRODUCT_NAME = 'Moderation Panel';

const PANEL_FILTER = { name: 'Moderation panel', extensions: ['modpanel'] };
const HR_FILE_FILTER = { name: 'HR spreadsheet (CSV or Excel)', extensions: ['csv', 'xlsx'] };

/** Who made a change from the desktop menus: the signed-in user, acting as HR (who prepares panel files). */
export function desktopActor(): Actor {
  let name = '';
  try {
    name = userInfo().username;
  } catch {
    name = '';
  }
  return { name: name.trim() || 'Desktop user', role: 'hr' };
}

export async function showError(window: BrowserWindow | null, message: string, detail?: string): Promise<void> {
  const options = { type: 'error' as const, title: PRODUCT_NAME, message, ...(detail ? { detail } : {}), buttons: ['OK'] };
  if (window) await dialog.showMessageBox(window, options);
  else await dialog.showMessageBox(options);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** File › Open…: resolves to the chosen panel file, or null if cancelled. */
export async function choosePanelFile(window: BrowserWindow): Promise<string | null> {
  const result = await dialog.showOpenDialog(window, {
    title: 'Open a panel',
    buttonLabel: 'Open panel',
    filters: [PANEL_FILTER],
    properties: ['openFile'],
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/**
 * File › New Panel from File…: choose the HR file, then where to save the panel. Resolves to both, or null if
 * cancelled. The window's import wizard then takes the file (db/newPanelDraft.ts); when HR applies, the window
 * asks how to protect the panel (encrypted unless HR opts out), and the panel process makes it.
 */
export async function chooseNewPanel(window: BrowserWindow): Promise<{ source: string; target: string } | null> {
  const chosen = await dialog.showOpenDialog(window, {
    title: 'Choose the HR file with the provisional markings',
    buttonLabel: 'Use this file',
    filters: [HR_FILE_FILTER],
    properties: ['openFile'],
  });
  const source = chosen.canceled ? undefined : chosen.filePaths[0];
  if (!source) return null;
  const stem = basename(source, extname(source));
  const saved = await dialog.showSaveDialog(window, {
    title: 'Save the new panel as',
    buttonLabel: 'Create panel',
    defaultPath: join(dirname(source), `${stem}.modpanel`),
    filters: [PANEL_FILTER],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (saved.canceled || !saved.filePath) return null;
  const target = extname(saved.filePath).toLowerCase() === '.modpanel' ? saved.filePath : `${saved.filePath}.modpanel`;
  return { source, target };
}

/** Says what a new panel's import warned about (`warnings`: the first few, in words; `total`: how many). */
export async function showNewPanelWarnings(
  window: BrowserWindow | null,
  made: { name: string; people: number; warnings: readonly string[]; total: number },
): Promise<void> {
  const shown = made.warnings.map((warning) => `• ${warning}`);
  const more = made.total > shown.length ? [`…and ${made.total - shown.length} more.`] : [];
  const options = {
    type: 'info' as const,
    title: PRODUCT_NAME,
    message: `${made.name}: ${made.people} people imported, with ${made.total} warning(s)`,
    detail: [...shown, ...more].join('\n'),
    buttons: ['OK'],
  };
  if (window) await dialog.showMessageBox(window, options);
  else await dialog.showMessageBox(options);
}

/**
 * File › New Overall Panel from Unit Panels…: the native open dialog, several files at once
 * (`multiSelections`). Resolves to the chosen unit panel files, or null if cancelled.
 */
export async function chooseUnitPanelFiles(window: BrowserWindow): Promise<string[] | null> {
  const result = await dialog.showOpenDialog(window, {
    title: 'Choose the unit panels to merge',
    buttonLabel: 'Merge these panels',
    filters: [PANEL_FILTER],
    properties: ['openFile', 'multiSelections'],
  });
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
}

/** Where the overall panel is saved once its merge has no conflicts left: the native save dialog. */
export async function chooseOverallPanelTarget(window: BrowserWindow | null, suggestedName: string): Promise<string | null> {
  const options = {
    title: 'Save the overall panel as',
    buttonLabel: 'Create overall panel',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [PANEL_FILTER],
    properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
  };
  const saved = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (saved.canceled || !saved.filePath) return null;
  return extname(saved.filePath).toLowerCase() === '.modpanel' ? saved.filePath : `${saved.filePath}.modpanel`;
}

/** Where to save a file: the native save dialog, filtered to the file's type. Null when cancelled. */
export async function chooseSaveTarget(window: BrowserWindow | null, suggestedName: string): Promise<string | null> {
  const extension = extname(suggestedName).replace(/^\./, '').toLowerCase();
  const filters = extension
    ? [{ name: extension === 'xlsx' ? 'Excel workbook' : `${extension.toUpperCase()} file`, extensions: [extension] }]
    : [];
  const options = {
    title: `Save ${suggestedName}`,
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters,
    properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
  };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** modpanelHost.saveFile: the native save dialog, then the bytes written. Null when cancelled. */
export async function saveBytes(window: BrowserWindow | null, suggestedName: string, bytes: Uint8Array): Promise<string | null> {
  const path = await chooseSaveTarget(window, suggestedName);
  if (path === null) return null;
  await writeFile(path, bytes);
  return path;
}

export async function showAbout(window: BrowserWindow | null): Promise<void> {
  const versions = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
  const options = {
    type: 'info' as const,
    title: `About ${PRODUCT_NAME}`,
    message: `${PRODUCT_NAME} ${app.getVersion()}`,
    detail: [
      'Moderation for Senior Civil Service performance panels: the four-box grid, the finance partner’s table, and HR’s import and export.',
      'Works offline. Panel files stay on this computer.',
      '',
      `Electron ${versions.electron ?? '?'} · Chromium ${versions.chrome ?? '?'} · Node.js ${versions.node}`,
    ].join('\n'),
    buttons: ['OK'],
  };
  if (window) await dialog.showMessageBox(window, options);
  else await dialog.showMessageBox(options);
}

export { errorText };
