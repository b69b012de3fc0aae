// The desktop app's main process: one hardened window showing the built renderer from app://, native menus and
// dialogs, remembered window state and recent panels. The panel file is not opened here: the panel process (an
// Electron utility process, electron/panelProcess.ts) owns SQLite and answers the window's contract calls, which
// this process forwards, so a query on a 100,000-person panel never freezes the menus. With no panel argument
// it opens the bundled demo panel.

import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, safeStorage, screen, session as electronSession, utilityProcess } from 'electron';
import type { Result } from '../shared/contract';
import type { ExportEntry, ExportSaved } from '../shared/hostBridge';
import { panelPathFromArgv } from './argv';
import {
  PRODUCT_NAME,
  chooseNewPanel,
  chooseOverallPanelTarget,
  choosePanelFile,
  chooseSaveTarget,
  chooseUnitPanelFiles,
  desktopActor,
  errorText,
  saveBytes,
  showAbout,
  showError,
  showNewPanelWarnings,
} from './commands';
import { guardAllWebContents, lockDownSession, registerAppScheme, serveRenderer } from './hardening';
import { registerEditTextIpc, registerExportIpc, registerHostIpc, registerPrintIpc } from './hostIpc';
import { HOST_CHANNELS, registerPanelIpc, type IpcInvokeEventLike } from './ipc';
import { buildMenuTemplate, type MenuMessage } from './menu';
import { OpenRequests } from './openRequests';
import { PanelProcessClient, forwardingApi, processFailure } from './panelClient';
import type { MainHostMethods, PanelDescription } from './panelProtocol';
import { SafeStoragePassphrases } from './passphrases';
import { APP_ENTRY_URL, isAppFrame } from './security';
import { reportStartFailure } from './startupFailure';
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
let state: AppState = loadState(stateFile);
let mainWindow: BrowserWindow | null = null;
/** The panel named on the command line (Windows and Linux launchers, `npm start -- --panel …`). */
const launchPanel = panelPathFromArgv(process.argv, process.cwd());
const NO_PANEL: PanelDescription = { path: null, name: null, encrypted: null, hasDepartment: false, waitingFor: null };
/** What the panel process last said about the open panel: the title bar, the menus, Open Recent follow it. */
let shown: PanelDescription = NO_PANEL;

// Encrypted panels: the window asks for the passphrase (db/panelLock.ts, in the panel process), which HR may have
// remembered per file with safeStorage (electron/passphrases.ts). safeStorage exists only in the main process, so
// the panel process asks for remembered passphrases here.
const passphrases = new SafeStoragePassphrases(join(app.getPath('userData'), 'passphrases.json'), safeStorage);

/** What the panel process may ask of the main process. */
const mainMethods: MainHostMethods = {
  // An overall panel made in the window (issue 8): saved where HR chooses, then opened like any panel. The
  // window reloads its own state, so the switch does not reload the page.
  chooseOverallTarget: (suggestedName) => chooseOverallPanelTarget(mainWindow, suggestedName),
  panelOpened: (panel) => {
    shown = panel;
    if (panel.path) rememberOpened(panel.path);
    else refreshShell();
  },
  newPanelWarnings: (summary) => showNewPanelWarnings(mainWindow, summary),
  passphraseAvailability: () => passphrases.availability(),
  passphraseRecall: (path) => passphrases.recall(path),
  passphraseRemember: (path, passphrase) => passphrases.remember(path, passphrase),
  passphraseForget: (path) => passphrases.forget(path),
  passphraseHas: (path) => passphrases.has(path),
};

const panelProcess = new PanelProcessClient(
  () =>
    utilityProcess.fork(join(__dirname, 'panel-process.cjs'), [], {
      serviceName: `${PRODUCT_NAME} panel file`,
      stdio: 'inherit',
    }),
  mainMethods,
  { onUnexpectedExit: (code) => void recoverPanelProcess(code) },
);

/** Contract calls after which the title bar or the menus may show something new (a name, units, encryption). */
const SHELL_CHANGING = new Set<string>(['applyImport', 'updateSettings', 'mergeUnitPanels', 'unlockPanel', 'protectNewPanel', 'cancelUnlock', 'forgetPassphrase', 'finalise']);
const api = forwardingApi(panelProcess, (name, result) => {
  if (result.ok && SHELL_CHANGING.has(name)) void refreshFromPanel();
});

/** Files the OS asks to open (macOS open-file, a second launch): held until start-up is over, never dropped. */
const openRequests = new OpenRequests((path) => openFromOs(path));

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
      hasPanel: shown.path !== null,
      hasDepartment: shown.hasDepartment,
    },
    {
      newPanelFromFile: () => void runNewPanelFromFile(),
      newOverallPanel: () => void runNewOverallPanel(),
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
  // A panel file that is not encrypted says so in the title bar.
  const plain = shown.encrypted === false ? ' — Not encrypted' : '';
  mainWindow.setTitle(shown.name ? `${shown.name}${plain} — ${PRODUCT_NAME}` : PRODUCT_NAME);
  if (process.platform === 'darwin') mainWindow.setRepresentedFilename(shown.path ?? '');
}

function refreshShell(): void {
  refreshMenu();
  refreshTitle();
}

/** Asks the panel process what is open now, then brings the title bar and the menus up to date. */
async function refreshFromPanel(): Promise<void> {
  try {
    shown = await panelProcess.panel.describe();
  } catch {
    // The panel process has stopped: recoverPanelProcess says so and starts it again.
    return;
  }
  refreshShell();
}

/** Open Recent, the OS's recent documents, the menus and the title follow the panel just opened. */
function rememberOpened(path: string): void {
  state = { ...state, recentPanels: addRecent(state.recentPanels, path) };
  persist();
  if (process.platform !== 'linux') app.addRecentDocument(path);
  refreshShell();
}

/** Makes `path` the open panel, remembers it, and reloads the window so every view shows it. */
async function openPanelAt(path: string, options: { reload?: boolean } = {}): Promise<boolean> {
  if (!existsSync(path)) {
    state = { ...state, recentPanels: removeRecent(state.recentPanels, path) };
    persist();
    refreshMenu();
    await showError(mainWindow, 'That panel file could not be found', `${path} has been moved or deleted, so it was removed from Open Recent.`);
    return false;
  }
  const previous = shown.path;
  let opened: boolean;
  try {
    const outcome = await panelProcess.panel.open(path);
    shown = outcome.panel;
    opened = outcome.opened;
  } catch (error) {
    await showError(mainWindow, 'That panel could not be opened', `${path}\n\n${errorText(error)}`);
    return false;
  }
  if (!opened) {
    // Encrypted, with no passphrase known for it here: the window asks; the panel open before stays behind it.
    refreshShell();
    mainWindow?.webContents.reload();
    return true;
  }
  rememberOpened(path);
  // A different panel: the window's store still holds the old one, so start it afresh.
  if (mainWindow && previous !== null && previous !== path && options.reload !== false) mainWindow.webContents.reload();
  return true;
}

/** A file the OS asked for: opened, and shown (a window made for it when none is open, as on macOS). */
async function openFromOs(path: string): Promise<void> {
  const opened = await openPanelAt(path);
  if (!mainWindow) {
    mainWindow = createWindow();
    refreshShell();
  } else if (opened) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
}

async function runOpenPanel(): Promise<void> {
  if (!mainWindow) return;
  const path = await choosePanelFile(mainWindow);
  if (path) await openPanelAt(path);
}

/** File › New Overall Panel from Unit Panels…: the native dialog picks the files; the window's dialog does the rest. */
async function runNewOverallPanel(): Promise<void> {
  if (!mainWindow) return;
  const paths = await chooseUnitPanelFiles(mainWindow);
  if (!paths) return;
  try {
    await panelProcess.panel.stageUnitPanels(paths);
  } catch (error) {
    await showError(mainWindow, 'Those unit panels could not be read', errorText(error));
    return;
  }
  send('merge-units-chosen');
}

/**
 * File › New Panel from File…: the native dialogs choose HR's file and where the panel goes; the panel process
 * holds the file for the window's import wizard (columns, problems, fixes, year and cut-off, as any import);
 * when HR applies, the window asks for the new panel's passphrase (encrypted unless HR explicitly opts out),
 * and the panel is made and opened. Nothing is written before that.
 */
async function runNewPanelFromFile(): Promise<void> {
  if (!mainWindow) return;
  const chosen = await chooseNewPanel(mainWindow);
  if (!chosen) return;
  try {
    await panelProcess.panel.prepareNewPanel(chosen.source, chosen.target, desktopActor());
  } catch (error) {
    await showError(mainWindow, `No panel was made from ${basename(chosen.source)}`, errorText(error));
    return;
  }
  await refreshFromPanel();
  mainWindow?.webContents.reload();
}

/**
 * modpanelHost.exportFile: the panel process makes the file and holds its bytes; the native dialog says where;
 * the panel process writes it there. The bytes never travel through this process or the window.
 */
async function exportToFile(entry: ExportEntry, request: unknown): Promise<Result<ExportSaved<ExportEntry>>> {
  let prepared;
  try {
    prepared = await panelProcess.panel.prepareExport(entry, request);
  } catch (error) {
    return processFailure(`The panel process could not make the file: ${errorText(error)}`);
  }
  if (!prepared.ok) return prepared;
  const { token, file } = prepared.value;
  let path: string | null = null;
  try {
    path = await chooseSaveTarget(mainWindow, file.fileName);
  } finally {
    await panelProcess.panel.writeExport(token, path);
  }
  return { ok: true, value: { file, savedTo: path } };
}

let consecutiveCrashes = 0;

/** The panel process ended unexpectedly: say so, start it again on the panel that was open, reload the window. */
async function recoverPanelProcess(code: number): Promise<void> {
  const path = shown.path;
  shown = NO_PANEL;
  consecutiveCrashes += 1;
  console.error(`The panel process stopped unexpectedly (exit code ${code}).`);
  if (consecutiveCrashes > 3) {
    refreshShell();
    await showError(mainWindow, 'The panel keeps stopping', 'Every change the window showed was saved. Quit Moderation Panel and open it again; if this keeps happening, send the log to your IT support.');
    return;
  }
  await showError(mainWindow, 'The panel stopped unexpectedly', `${path ? `${path}\n\n` : ''}Every change the window showed was saved. The panel is opened again now.`);
  if (path && (await openPanelAt(path))) consecutiveCrashes = 0;
  refreshShell();
  mainWindow?.webContents.reload();
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
  registerExportIpc(ipcMain, exportToFile, isTrustedSender);
  registerEditTextIpc(ipcMain, isTrustedSender);
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

  // utilityProcess.fork may only be called once the app is ready.
  panelProcess.start();
  // The panel opens before the window loads, so the window's first getPanel already finds it. A file Finder
  // opened the app with (open-file before ready) comes first, then one named on the command line.
  const first = openRequests.takeWaiting() ?? launchPanel;
  if (!first || !(await openPanelAt(first))) {
    // No panel asked for, or one that would not open: the demo, so the window is never empty.
    try {
      const demo = await panelProcess.panel.openDemo(app.getPath('userData'));
      shown = demo.panel;
      if (demo.panel.path) rememberOpened(demo.panel.path);
    } catch (error) {
      await showError(null, 'The demo panel could not be made', errorText(error));
    }
  }
  mainWindow = createWindow();
  refreshShell();
  // Files the OS asked for while start-up ran are opened now, and any later ones as they come.
  void openRequests.markReady();
}

/**
 * Where a start-up failure is logged: the app's logs folder, which app.setAppLogsPath() (no argument) makes
 * ~/Library/Logs/Moderation Panel on macOS and a folder inside the user-data folder on Windows and Linux.
 */
function logFile(): string | null {
  try {
    app.setAppLogsPath();
    return join(app.getPath('logs'), 'startup.log');
  } catch {
    try {
      return join(app.getPath('userData'), 'logs', 'startup.log');
    } catch {
      return null;
    }
  }
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
    if (path) openRequests.request(path);
  });
  // macOS passes double-clicked files here: before the app is ready (a file that launched it), during
  // start-up, or with no window open. Registered before ready, as Electron's documentation asks.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openRequests.request(path);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) {
      mainWindow = createWindow();
      refreshShell();
    }
  });
  // Close the panel file cleanly before quitting (every change is already committed; closing folds the
  // write-ahead log back into the file), then quit for real.
  let quitting = false;
  app.on('will-quit', (event) => {
    if (quitting || !panelProcess.running) return;
    quitting = true;
    event.preventDefault();
    const stopped = panelProcess.stop();
    const patience = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
    void Promise.race([stopped, patience]).finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      reportStartFailure(error, { logFile: logFile(), showErrorBox: (title, content) => dialog.showErrorBox(title, content), exit: (code) => app.exit(code) }, PRODUCT_NAME);
    });
}
