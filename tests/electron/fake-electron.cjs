// A stand-in for the 'electron' module, just big enough to run the built dist-electron/main.cjs under plain
// Node (the real runtime cannot be downloaded here). It records what main asks of Electron so the smoke
// test can check the window's settings, the protocol, IPC, permissions and menus.
'use strict';

const { EventEmitter } = require('node:events');
const { fork } = require('node:child_process');
const { join } = require('node:path');

const recorded = {
  privilegedSchemes: [],
  protocolHandlers: new Map(),
  ipcHandlers: new Map(),
  windows: [],
  menus: [],
  messageBoxes: [],
  saveDialogs: [],
  permissionRequest: null,
  permissionCheck: null,
  beforeRequest: null,
  sessionEvents: new Map(),
  appEvents: new Map(),
  externalOpened: [],
  recentDocuments: [],
  utilityForks: [],
  errorBoxes: [],
  exitCode: null,
};

const paths = new Map([
  ['appData', process.env.FAKE_ELECTRON_APPDATA],
  ['documents', process.env.FAKE_ELECTRON_DOCUMENTS],
  ['logs', process.env.FAKE_ELECTRON_LOGS],
]);

class FakeWebContents extends EventEmitter {
  constructor() {
    super();
    this.sent = [];
    this.reloads = 0;
    this.openHandler = null;
    this.url = '';
  }
  send(channel, ...args) {
    this.sent.push([channel, ...args]);
  }
  undo() {
    this.edits = [...(this.edits ?? []), 'undo'];
  }
  redo() {
    this.edits = [...(this.edits ?? []), 'redo'];
  }
  reload() {
    this.reloads += 1;
  }
  getURL() {
    return this.url;
  }
  setWindowOpenHandler(handler) {
    this.openHandler = handler;
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    this.titles = [];
    this.loaded = [];
    this.maximised = false;
    recorded.windows.push(this);
    for (const listener of recorded.appEvents.get('web-contents-created') ?? []) listener({}, this.webContents);
  }
  static getAllWindows() {
    return recorded.windows.filter((window) => !window.destroyed);
  }
  loadURL(url) {
    this.loaded.push(url);
    this.webContents.url = url;
    return Promise.resolve();
  }
  setTitle(title) {
    this.titles.push(title);
  }
  setRepresentedFilename() {}
  maximize() {
    this.maximised = true;
  }
  isMaximized() {
    return this.maximised;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  show() {}
  getNormalBounds() {
    const { x, y, width, height } = this.options;
    return { x, y, width, height };
  }
}

/**
 * Electron's UtilityProcess, stood in for by a Node child process (child_process.fork) that runs the same
 * module with a process.parentPort like Electron's (fake-parent-port.cjs), messages crossing by structured clone.
 */
class FakeUtilityProcess extends EventEmitter {
  constructor(modulePath, args, options) {
    super();
    this.child = fork(modulePath, args ?? [], {
      execArgv: ['--require', join(__dirname, 'fake-parent-port.cjs')],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: options?.env ?? process.env,
    });
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('spawn', () => this.emit('spawn'));
    this.child.on('exit', (code, signal) => this.emit('exit', code ?? (signal ? 1 : 0)));
  }
  get pid() {
    return this.child.pid;
  }
  postMessage(message) {
    this.child.send(message);
  }
  kill() {
    return this.child.kill();
  }
}

const app = {
  isPackaged: false,
  name: 'moderation-panel',
  setName(name) {
    this.name = name;
  },
  getPath(name) {
    const value = paths.get(name);
    if (!value) throw new Error(`fake electron: no path for ${name}`);
    return value;
  },
  setPath(name, value) {
    paths.set(name, value);
  },
  setAppLogsPath() {},
  getAppPath: () => process.env.FAKE_ELECTRON_APP_PATH,
  getVersion: () => '0.1.0',
  enableSandbox() {
    recorded.sandboxEnabled = true;
  },
  requestSingleInstanceLock: () => true,
  on(event, listener) {
    const list = recorded.appEvents.get(event) ?? [];
    list.push(listener);
    recorded.appEvents.set(event, list);
    return this;
  },
  emit(event, ...args) {
    for (const listener of recorded.appEvents.get(event) ?? []) listener(...args);
  },
  whenReady: () => Promise.resolve(),
  isReady: () => true,
  addRecentDocument(path) {
    recorded.recentDocuments.push(path);
  },
  clearRecentDocuments() {},
  quit() {},
  exit(code) {
    recorded.exitCode = code;
    if (process.env.FAKE_ELECTRON_KEEP_RUNNING_ON_EXIT !== '1') process.exit(code);
  },
};

const defaultSession = {
  protocol: {
    handle(scheme, handler) {
      // A broken install (the window's files unreadable) is simulated here to test how start-up reports it.
      if (process.env.FAKE_ELECTRON_FAIL_PROTOCOL) throw new Error(process.env.FAKE_ELECTRON_FAIL_PROTOCOL);
      recorded.protocolHandlers.set(scheme, handler);
    },
  },
  setPermissionRequestHandler(handler) {
    recorded.permissionRequest = handler;
  },
  setPermissionCheckHandler(handler) {
    recorded.permissionCheck = handler;
  },
  setDevicePermissionHandler(handler) {
    recorded.devicePermission = handler;
  },
  webRequest: {
    onBeforeRequest(handler) {
      recorded.beforeRequest = handler;
    },
  },
  on(event, listener) {
    recorded.sessionEvents.set(event, listener);
  },
};

module.exports = {
  recorded,
  app,
  BrowserWindow,
  protocol: {
    registerSchemesAsPrivileged(schemes) {
      recorded.privilegedSchemes.push(...schemes);
    },
  },
  session: { defaultSession },
  ipcMain: {
    handle(channel, listener) {
      if (recorded.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
      recorded.ipcHandlers.set(channel, listener);
    },
    removeHandler(channel) {
      recorded.ipcHandlers.delete(channel);
    },
  },
  screen: {
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
  },
  Menu: {
    buildFromTemplate: (template) => ({ template }),
    setApplicationMenu(menu) {
      recorded.menus.push(menu);
    },
  },
  utilityProcess: {
    fork(modulePath, args, options) {
      const child = new FakeUtilityProcess(modulePath, args, options);
      recorded.utilityForks.push({ modulePath, args, options, child });
      return child;
    },
  },
  safeStorage: {
    isAsyncEncryptionAvailable: async () => false,
    getSelectedStorageBackend: () => 'basic_text',
    encryptStringAsync: async () => {
      throw new Error('fake electron: no safe storage');
    },
    decryptStringAsync: async () => {
      throw new Error('fake electron: no safe storage');
    },
  },
  dialog: {
    showErrorBox(title, content) {
      recorded.errorBoxes.push({ title, content });
    },
    async showMessageBox(...args) {
      recorded.messageBoxes.push(args.length > 1 ? args[1] : args[0]);
      return { response: 0 };
    },
    async showOpenDialog() {
      const chosen = recorded.nextOpenDialog ?? [];
      recorded.nextOpenDialog = null;
      return { canceled: chosen.length === 0, filePaths: chosen };
    },
    async showSaveDialog(...args) {
      recorded.saveDialogs.push(args.length > 1 ? args[1] : args[0]);
      const target = recorded.nextSaveTo ?? process.env.FAKE_ELECTRON_SAVE_TO;
      recorded.nextSaveTo = null;
      return { canceled: false, filePath: target };
    },
  },
  shell: {
    async openExternal(url) {
      recorded.externalOpened.push(url);
    },
  },
};
