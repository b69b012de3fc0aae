// A stand-in for the 'electron' module, just big enough to run the built dist-electron/main.cjs under plain
// Node (the real runtime cannot be downloaded here). It records what main asks of Electron so the smoke
// test can check the window's settings, the protocol, IPC, permissions and menus.
'use strict';

const { EventEmitter } = require('node:events');

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
};

const paths = new Map([
  ['appData', process.env.FAKE_ELECTRON_APPDATA],
  ['documents', process.env.FAKE_ELECTRON_DOCUMENTS],
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
    process.exit(code);
  },
};

const defaultSession = {
  protocol: {
    handle(scheme, handler) {
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
  dialog: {
    async showMessageBox(...args) {
      recorded.messageBoxes.push(args.length > 1 ? args[1] : args[0]);
      return { response: 0 };
    },
    async showOpenDialog() {
      return { canceled: true, filePaths: [] };
    },
    async showSaveDialog(...args) {
      recorded.saveDialogs.push(args.length > 1 ? args[1] : args[0]);
      return { canceled: false, filePath: process.env.FAKE_ELECTRON_SAVE_TO };
    },
  },
  shell: {
    async openExternal(url) {
      recorded.externalOpened.push(url);
    },
  },
};
