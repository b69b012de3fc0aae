// Runs the built dist-electron/main.cjs under Node with the fake 'electron' module and exercises it the way
// the window and the OS would; prints one JSON line of observations for main-bundle.test.ts to check. The
// panel process runs for real, as a Node child process standing in for Electron's utility process.
// DRIVE_SCENARIO picks what to do: 'full' (default), 'launch-with-file' (macOS opens the app with a file, then
// with no window open) or 'start-fails' (a broken install).
'use strict';

const Module = require('node:module');
const { readFileSync, existsSync } = require('node:fs');
const { basename, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const fake = require('./fake-electron.cjs');

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolve(request, ...rest) {
  return request === 'electron' ? 'electron' : originalResolve.call(this, request, ...rest);
};
const electronModule = new Module('electron');
electronModule.exports = fake;
electronModule.loaded = true;
require.cache.electron = electronModule;

const mainBundle = process.env.MAIN_BUNDLE;
process.argv = [process.execPath, process.env.FAKE_ELECTRON_APP_PATH];

async function until(check, what) {
  for (let i = 0; i < 800; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}; message boxes: ${JSON.stringify(fake.recorded.messageBoxes)}`);
}

const trustedEventFor = (window) => ({ sender: window.webContents, senderFrame: { url: 'app://panel/index.html' } });
const invokeOn = (channel, event, ...args) => fake.recorded.ipcHandlers.get(channel)(event, ...args);
const loadedDriver = () => Object.keys(require.cache).filter((file) => file.includes('better-sqlite3'));

async function summary(window) {
  const answer = await invokeOn('modpanel:getPanel', trustedEventFor(window), {});
  return answer.ok ? { people: answer.value.people.length, name: answer.value.panel.name, fileName: answer.value.fileName } : answer;
}

/** Quits as the OS would, and waits for the panel process to close the file and end. */
async function quit(out) {
  const { recorded } = fake;
  let prevented = false;
  let quitCalls = 0;
  fake.app.quit = () => {
    quitCalls += 1;
  };
  fake.app.emit('will-quit', { preventDefault: () => (prevented = true) });
  await until(() => quitCalls > 0, 'the app to quit after closing the panel');
  const child = recorded.utilityForks.at(-1).child.child;
  await until(() => child.exitCode !== null || child.signalCode !== null, 'the panel process to end');
  out.quit = { prevented, quitCalls };
}

async function launchWithFile() {
  const { recorded } = fake;
  require(mainBundle);
  // macOS: Finder opened the app with this file; open-file comes before the app is ready.
  fake.app.emit('open-file', { preventDefault() {} }, process.env.SECOND_PANEL);
  await until(() => recorded.windows.length > 0 && recorded.menus.length > 0, 'the window');
  const out = {};
  const first = recorded.windows[0];
  out.first = await summary(first);
  // Every window closed (the app stays running on macOS), then another file opened from Finder.
  first.destroyed = true;
  first.emit('closed');
  fake.app.emit('open-file', { preventDefault() {} }, process.env.THIRD_PANEL);
  await until(() => recorded.windows.length > 1, 'a window for the file opened with none open');
  const second = recorded.windows[1];
  await until(() => second.titles.length > 0, 'the new window to show the panel');
  out.second = await summary(second);
  out.secondTitle = second.titles.at(-1);
  out.messageBoxes = recorded.messageBoxes;
  await quit(out);
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  process.exit(0);
}

async function startFails() {
  const { recorded } = fake;
  require(mainBundle);
  await until(() => recorded.exitCode !== null, 'the app to give up');
  const logFile = join(process.env.FAKE_ELECTRON_LOGS, 'startup.log');
  const out = {
    exitCode: recorded.exitCode,
    errorBoxes: recorded.errorBoxes,
    log: existsSync(logFile) ? readFileSync(logFile, 'utf8') : null,
    windows: recorded.windows.length,
  };
  for (const { child } of recorded.utilityForks) child.kill();
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  process.exit(0);
}

async function main() {
  const { recorded } = fake;
  if (process.env.DRIVE_SCENARIO === 'launch-with-file') return launchWithFile();
  if (process.env.DRIVE_SCENARIO === 'start-fails') return startFails();
  require(mainBundle);
  await until(() => recorded.windows.length > 0 && recorded.menus.length > 0, 'the window');
  const window = recorded.windows[0];
  const out = {};

  out.sandboxEnabled = recorded.sandboxEnabled === true;
  out.schemes = recorded.privilegedSchemes;
  out.webPreferences = window.options.webPreferences;
  out.preloadExists = existsSync(window.options.webPreferences.preload);
  out.loaded = window.loaded;
  out.titles = window.titles;

  // The app:// protocol.
  const handler = recorded.protocolHandlers.get('app');
  const fetchApp = async (url, method = 'GET') => {
    const response = await handler(new Request(url, { method }));
    return { status: response.status, csp: response.headers.get('content-security-policy'), type: response.headers.get('content-type'), body: await response.text() };
  };
  out.index = await fetchApp('app://panel/index.html');
  out.root = await fetchApp('app://panel/');
  out.traversal = await Promise.all(
    ['app://panel/../package.json', 'app://panel/%2e%2e/secret.txt', 'app://panel/..%2fsecret.txt', 'app://evil/index.html', 'app://panel/missing.js'].map((url) =>
      fetchApp(url).then((r) => r.status),
    ),
  );
  out.post = (await fetchApp('app://panel/index.html', 'POST')).status;

  // IPC, as the window would call it, and as something else would.
  out.channels = [...recorded.ipcHandlers.keys()].sort();
  const trusted = { sender: window.webContents, senderFrame: { url: 'app://panel/index.html' } };
  const invoke = (channel, event, ...args) => recorded.ipcHandlers.get(channel)(event, ...args);
  const snapshot = await invoke('modpanel:getPanel', trusted, {});
  out.getPanel = snapshot.ok ? { ok: true, people: snapshot.value.people.length, name: snapshot.value.panel.name, fileName: snapshot.value.fileName } : snapshot;
  out.otherContents = await invoke('modpanel:getPanel', { sender: {}, senderFrame: { url: 'app://panel/index.html' } }, {});
  out.otherOrigin = await invoke('modpanel:getPanel', { sender: window.webContents, senderFrame: { url: 'https://evil.example/' } }, {});
  out.invalid = await invoke('modpanel:getPerson', trusted, {});
  const bytes = Buffer.from('staff_id,marking\n1,Achieving\n');
  out.saveFile = await invoke('modpanelHost:saveFile', trusted, 'outcome.csv', bytes.toString('base64'));
  out.savedContents = existsSync(process.env.FAKE_ELECTRON_SAVE_TO) ? readFileSync(process.env.FAKE_ELECTRON_SAVE_TO, 'utf8') : null;
  out.saveDialog = recorded.saveDialogs[0] ? { defaultPath: recorded.saveDialogs[0].defaultPath, filters: recorded.saveDialogs[0].filters } : null;

  // The panel file lives in the panel process: a separate process, and the SQLite driver never loaded here.
  out.panelProcess = {
    forks: recorded.utilityForks.map((fork) => basename(fork.modulePath)),
    pid: recorded.utilityForks[0]?.child.pid ?? null,
    mainPid: process.pid,
    driverLoadedInMain: loadedDriver(),
  };

  // An export made and saved by the panel process: the window gets the file's details, never its bytes.
  recorded.nextSaveTo = process.env.FAKE_ELECTRON_EXPORT_TO;
  const hr = { name: 'Hana HR', role: 'hr' };
  out.exportFile = await invoke('modpanelHost:exportFile', trusted, 'exportOutcome', { format: 'csv', actor: hr });
  out.exportedHead = existsSync(process.env.FAKE_ELECTRON_EXPORT_TO) ? readFileSync(process.env.FAKE_ELECTRON_EXPORT_TO, 'utf8').split('\n')[0] : null;
  out.exportDialog = recorded.saveDialogs.at(-1)?.defaultPath ?? null;
  out.exportNotAnExport = await invoke('modpanelHost:exportFile', trusted, 'getPanel', {});
  out.exportOtherOrigin = await invoke('modpanelHost:exportFile', { sender: window.webContents, senderFrame: { url: 'https://evil.example/' } }, 'exportOutcome', { format: 'csv', actor: hr });
  out.exportInvalid = await invoke('modpanelHost:exportFile', trusted, 'exportOutcome', { format: 'pdf', actor: hr });

  // Edit ▸ Undo while a text field has the focus: the window asks for its own text undo (role: 'undo').
  out.editText = await invoke('modpanelHost:editText', trusted, 'undo');
  out.editTextBad = await invoke('modpanelHost:editText', trusted, 'selectAll');
  out.edits = window.webContents.edits ?? [];

  // Permissions, requests, downloads.
  const ask = (permission, url) =>
    new Promise((resolve) => recorded.permissionRequest(window.webContents, permission, resolve, { requestingUrl: url }));
  out.permissions = {
    media: await ask('media', 'app://panel/index.html'),
    notifications: await ask('notifications', 'app://panel/index.html'),
    fullscreenApp: await ask('fullscreen', 'app://panel/index.html'),
    fullscreenOther: await ask('fullscreen', 'https://evil.example/'),
    checkGeolocation: recorded.permissionCheck(window.webContents, 'geolocation', 'app://panel'),
    device: recorded.devicePermission({}),
  };
  const request = (url) => new Promise((resolve) => recorded.beforeRequest({ url }, (answer) => resolve(answer.cancel)));
  out.cancelled = {
    app: await request('app://panel/assets/a.js'),
    https: await request('https://example.com/x.js'),
    file: await request('file:///etc/passwd'),
  };
  let downloadPrevented = false;
  recorded.sessionEvents.get('will-download')({ preventDefault: () => (downloadPrevented = true) });
  out.downloadPrevented = downloadPrevented;

  // Navigation and new windows in the window's web contents.
  let navigationPrevented = false;
  window.webContents.emit('will-navigate', { preventDefault: () => (navigationPrevented = true) }, 'https://evil.example/');
  out.navigationPrevented = navigationPrevented;
  out.openEvil = window.webContents.openHandler({ url: 'https://evil.example/' });
  out.openFramework = window.webContents.openHandler({
    url: 'https://www.gov.uk/government/publications/senior-civil-service-performance-management-framework',
  });
  out.externalOpened = recorded.externalOpened;

  // Menus.
  const template = recorded.menus.at(-1).template;
  const label = (item) => item.label ?? item.role ?? item.type;
  out.menu = template.map((item) => ({ label: label(item), items: (item.submenu ?? []).map(label) }));
  const view = template.find((item) => item.label === '&View');
  view.submenu.find((item) => item.label === 'Grid').click();
  out.menuSent = window.webContents.sent;

  // A second panel asked for from the command line (a second launch): switch, reload, remember.
  recorded.appEvents.get('second-instance')[0]({}, ['/opt/app', '--panel', process.env.SECOND_PANEL], '/');
  await until(() => window.webContents.reloads > 0, 'the reload after switching panels');
  const second = await invoke('modpanel:getPanel', trusted, {});
  out.afterSwitch = second.ok ? { people: second.value.people.length, name: second.value.panel.name } : second;
  out.titleAfterSwitch = window.titles.at(-1);

  // A Linux launcher passes a file:// URL (Exec=… %U): it opens that file, not a path relative to the folder.
  const reloadsBefore = window.webContents.reloads;
  recorded.appEvents.get('second-instance')[0]({}, ['/opt/Moderation Panel/moderation-panel', pathToFileURL(process.env.THIRD_PANEL).href], '/home/someone');
  await until(() => window.webContents.reloads > reloadsBefore, 'the reload after opening a file:// URL');
  out.afterFileUrl = await summary(window);

  // The panel process ends unexpectedly: the window is told, it starts again on the same panel.
  const crashed = recorded.utilityForks[0].child;
  const boxesBefore = recorded.messageBoxes.length;
  crashed.child.kill('SIGKILL');
  await until(() => recorded.utilityForks.length > 1 && recorded.messageBoxes.length > boxesBefore, 'the panel process to be started again');
  await until(() => window.webContents.reloads > reloadsBefore + 1, 'the reload after the restart');
  out.afterCrash = await summary(window);
  out.crashBox = recorded.messageBoxes.slice(boxesBefore).map((box) => box.message);

  // Closing the window saves its state; quitting closes the panel.
  window.emit('close');
  const stateFile = join(fake.app.getPath('userData'), 'window-state.json');
  out.state = JSON.parse(readFileSync(stateFile, 'utf8'));
  out.messageBoxes = recorded.messageBoxes.filter((box) => box.message !== 'The panel stopped unexpectedly');
  await quit(out);
  // The panel file was closed cleanly: its write-ahead log folded back into the file.
  out.walAfterQuit = existsSync(`${process.env.THIRD_PANEL}-wal`);
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
