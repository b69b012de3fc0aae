// Runs the built dist-electron/main.cjs under Node with the fake 'electron' module and exercises it the way
// the window and the OS would; prints one JSON line of observations for main-bundle.test.ts to check.
'use strict';

const Module = require('node:module');
const { readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
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
  for (let i = 0; i < 200; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}; message boxes: ${JSON.stringify(fake.recorded.messageBoxes)}`);
}

async function main() {
  const { recorded } = fake;
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

  // Closing the window saves its state; quitting closes the panel.
  window.emit('close');
  const stateFile = join(fake.app.getPath('userData'), 'window-state.json');
  out.state = JSON.parse(readFileSync(stateFile, 'utf8'));
  fake.app.emit('will-quit');
  out.messageBoxes = recorded.messageBoxes;
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
