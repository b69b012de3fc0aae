// The desktop app's main process: one hardened window showing the built renderer from app://, one panel
// open at a time behind the typed contract's IPC, native menus and dialogs, remembered window state and
// recent panels. With no panel argument it opens the bundled demo panel.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindow, Menu, app, ipcMain, screen, session as electronSession } from 'electron';
import { createPanelApi } from '../db/api';
import { ensureDemoPanel } from '../db/demo';
import { panelPathFromArgv } from './argv';
import {
  PRODUCT_NAME,
  choosePanelFile,
  errorText,
  newPanelFromFile,
  saveBytes,
  showAbout,
  showError,
} from './commands';
import { guardAllWebContents, lockDownSession, registerAppScheme, serveRenderer } from './hardening';
import { registerHostIpc, registerPrintIpc } from './hostIpc';
import { HOST_CHANNELS, registerPanelIpc, type IpcInvokeEventLike } from './ipc';
import { buildMenuTemplate, type MenuMessage } from './menu';
import { APP_ENTRY_URL, isAppFrame } from './security';
import { DesktopPanelSession } from './session';
import {
  MIN_HEIGHT,
  MIN_WIDTH,
  addRecent,
  loadState,
  placeWindow,
  removeRecent,
  saveState,
  type AppState,
} from './state';

const isDev = !app.isPackaged;

// One name and one data folder whether run from source or installed.
app.setName(PRODUCT_NAME);
app.setPath('userData', join(app.getPath('appData'), PRODUCT_NAME));
app.enableSandbox();
registerAppScheme();
guardAllWebContents();

const stateFile = join(app.getPath('userData'), 'window-state.json');
const panelSession = new DesktopPanelSession();
const api = createPanelApi(panelSession);
let state: AppState = loadState(stateFile);
let mainWindow: BrowserWindow | null = null;
let pendingPanel: string | null = panelPathFromArgv(process.argv, process.cwd());

/** The bundled demo panel, made on first use in the user's data folder. */
function demoPanel(): string {
  const folder = app.getPath('userData');
  mkdirSync(folder, { recursive: true });
  return ensureDemoPanel(join(folder, 'demo.modpanel'));
}

function persist(): void {
  try {
    saveState(stateFile, state);
  } catch (error) {
    console.error(`Could not save the window state: ${errorText(error)}`);
  }
}

/** Only our own window, showing our own app:// content, may call the panel. */
function isTrustedSender(event: IpcInvokeEventLike): boolean {
  return mainWindow !== null && event.sender === mainWindow.webContents && isAppFrame(event);
}

function send(message: MenuMessage): void {
  mainWindow?.webContents.send(HOST_CHANNELS.menu, message);
}

function refreshMenu(): void {
  const template = buildMenuTemplate(
    {
      appName: PRODUCT_NAME,
      platform: process.platform,
      isDev,
      recentPanels: state.recentPanels,
      hasPanel: panelSession.path !== null,
    },
    {
      newPanelFromFile: () => void runNewPanelFromFile(),
      openPanel: () => void runOpenPanel(),
      openRecent: (path) => void openPanelAt(path),
      clearRecent: () => {
        state = { ...state, recentPanels: [] };
        persist();
        refreshMenu();
        if (process.platform !== 'linux') app.clearRecentDocuments();
      },
      send,
      about: () => void showAbout(mainWindow),
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function refreshTitle(): void {
  if (!mainWindow) return;
  let panelName: string | null = null;
  try {
    panelName = panelSession.path ? panelSession.service().panel().name : null;
  } catch {
    panelName = null;
  }
  mainWindow.setTitle(panelName ? `${panelName} — ${PRODUCT_NAME}` : PRODUCT_NAME);
  if (process.platform === 'darwin') mainWindow.setRepresentedFilename(panelSession.path ?? '');
}

/** Makes `path` the open panel, remembers it, and reloads the window so every view shows it. */
async function openPanelAt(path: string): Promise<boolean> {
  if (!existsSync(path)) {
    state = { ...state, recentPanels: removeRecent(state.recentPanels, path) };
    persist();
    refreshMenu();
    await showError(mainWindow, 'That panel file could not be found', `${path} has been moved or deleted, so it was removed from Open Recent.`);
    return false;
  }
  const previous = panelSession.path;
  try {
    panelSession.open(path);
  } catch (error) {
    await showError(mainWindow, 'That panel could not be opened', `${path}\n\n${errorText(error)}`);
    return false;
  }
  state = { ...state, recentPanels: addRecent(state.recentPanels, path) };
  persist();
  if (process.platform !== 'linux') app.addRecentDocument(path);
  refreshMenu();
  refreshTitle();
  // A different panel: the window's store still holds the old one, so start it afresh.
  if (mainWindow && previous !== null && previous !== path) mainWindow.webContents.reload();
  return true;
}

async function runOpenPanel(): Promise<void> {
  if (!mainWindow) return;
  const path = await choosePanelFile(mainWindow);
  if (path) await openPanelAt(path);
}

async function runNewPanelFromFile(): Promise<void> {
  if (!mainWindow) return;
  const path = await newPanelFromFile(mainWindow);
  if (path) await openPanelAt(path);
}

function createWindow(): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const primary = screen.getPrimaryDisplay().workArea;
  const bounds = placeWindow(state.window.bounds, [primary, ...workAreas.filter((area) => area !== primary)]);
  const devIcon = join(app.getAppPath(), 'build', 'icon.png');
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: PRODUCT_NAME,
    backgroundColor: '#ffffff',
    ...(process.platform === 'linux' && existsSync(devIcon) ? { icon: devIcon } : {}),
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // macOS and Windows check spelling with the system's own dictionaries; on Linux Chromium would
      // download Hunspell dictionaries, and this app makes no network requests.
      spellcheck: process.platform !== 'linux',
      devTools: isDev,
    },
  });
  if (state.window.maximised) window.maximize();
  window.once('ready-to-show', () => window.show());
  // The page's <title> would replace the panel's name in the title bar.
  window.on('page-title-updated', (event) => {
    event.preventDefault();
    refreshTitle();
  });
  window.on('close', () => {
    state = {
      ...state,
      window: { bounds: window.getNormalBounds(), maximised: window.isMaximized() },
    };
    persist();
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

async function start(): Promise<void> {
  const defaultSession = electronSession.defaultSession;
  lockDownSession(defaultSession);
  if (process.platform === 'win32') {
    try {
      defaultSession.setSpellCheckerLanguages(['en-GB']);
    } catch {
      // British English dictionary not installed: the system default is used.
    }
  }
  serveRenderer(defaultSession, join(app.getAppPath(), 'dist', 'renderer'));
  registerPanelIpc(ipcMain, api, isTrustedSender);
  registerHostIpc(ipcMain, (name, bytes) => saveBytes(mainWindow, name, bytes), isTrustedSender);
  // The panel record prints from the window's own print stylesheet, so the PDF matches the browser's.
  registerPrintIpc(
    ipcMain,
    async () => {
      if (!mainWindow) return null;
      const pdf = await mainWindow.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      return saveBytes(mainWindow, 'panel-record.pdf', new Uint8Array(pdf));
    },
    isTrustedSender,
  );

  // The panel opens before the window loads, so the window's first getPanel already finds it.
  let first = pendingPanel;
  pendingPanel = null;
  if (!first || !(await openPanelAt(first))) {
    // No panel asked for, or one that would not open: the demo, so the window is never empty.
    try {
      await openPanelAt(demoPanel());
    } catch (error) {
      await showError(null, 'The demo panel could not be made', errorText(error));
    }
  }
  mainWindow = createWindow();
  refreshMenu();
  refreshTitle();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    const path = panelPathFromArgv(argv, workingDirectory);
    if (path) void openPanelAt(path);
  });
  // macOS passes double-clicked files here, possibly before the app is ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady() && mainWindow) void openPanelAt(path);
    else pendingPanel = path;
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) {
      mainWindow = createWindow();
      refreshMenu();
    }
  });
  app.on('will-quit', () => panelSession.close());
  app.whenReady().then(start, (error: unknown) => {
    console.error(error);
    app.exit(1);
  });
}
