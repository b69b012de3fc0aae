// The File and Help menu commands that need native dialogs: open a panel, make a new panel from an HR
// file, save bytes the window produced, and About. Opening itself is delegated to the caller (main.ts).

import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { userInfo } from 'node:os';
import { app, dialog, type BrowserWindow } from 'electron';
import type { Actor } from '../shared/domain';
import { createPanelFromFile, describeIssue } from './session';

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
 * File › New Panel from File…: choose the HR file, then where to save the panel; the file is checked
 * before anything is written. Resolves to the new panel's path, or null if cancelled or refused.
 */
export async function newPanelFromFile(window: BrowserWindow): Promise<string | null> {
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
  try {
    const made = await createPanelFromFile(source, target, desktopActor());
    if (made.warnings.length > 0) {
      const shown = made.warnings.slice(0, 5).map((issue) => `• ${describeIssue(issue)}`);
      const more = made.warnings.length > shown.length ? [`…and ${made.warnings.length - shown.length} more.`] : [];
      await dialog.showMessageBox(window, {
        type: 'info',
        title: PRODUCT_NAME,
        message: `${made.panel.name}: ${made.people} people imported, with ${made.warnings.length} warning(s)`,
        detail: [...shown, ...more].join('\n'),
        buttons: ['OK'],
      });
    }
    return made.path;
  } catch (error) {
    await showError(window, `No panel was made from ${basename(source)}`, errorText(error));
    return null;
  }
}

/** modpanelHost.saveFile: the native save dialog, then the bytes written. Null when cancelled. */
export async function saveBytes(window: BrowserWindow | null, suggestedName: string, bytes: Uint8Array): Promise<string | null> {
  const extension = extname(suggestedName).replace(/^\./, '').toLowerCase();
  const filters = extension
    ? [{ name: extension === 'xlsx' ? 'Excel workbook' : `${extension.toUpperCase()} file`, extensions: [extension] }]
    : [];
  const options = {
    title: 'Save the outcome file',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters,
    properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
  };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return null;
  await writeFile(result.filePath, bytes);
  return result.filePath;
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
