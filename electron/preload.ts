// The sandboxed preload: the window's only bridge to the main process. It exposes `window.modpanel` (one
// function per contract entry, each an ipcRenderer.invoke) and `window.modpanelHost` (the ModpanelHost declared
// in shared/hostBridge.ts: exports saved by the panel process, saveFile, printToPdf, onMenu, editText, platform)
// through contextBridge, and nothing else: ipcRenderer itself never reaches the page.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_NAMES } from '../shared/contract';
import type { ModpanelHost } from '../shared/hostBridge';
import { HOST_CHANNELS, panelChannel } from './ipc';
import { isMenuMessage, type MenuMessage } from './menuMessages';

const modpanel: Record<string, (request?: unknown) => Promise<unknown>> = {};
for (const name of API_NAMES) {
  const channel = panelChannel(name);
  // Only the request crosses: never the event or any other argument the page might try to slip in.
  modpanel[name] = (request?: unknown) => ipcRenderer.invoke(channel, request ?? {});
}

const modpanelHost = {
  platform: process.platform,
  exportFile: (entry, request) => ipcRenderer.invoke(HOST_CHANNELS.exportFile, String(entry), request ?? {}),
  saveFile: (fileName, bytesBase64) => ipcRenderer.invoke(HOST_CHANNELS.saveFile, String(fileName), String(bytesBase64)),
  printToPdf: () => ipcRenderer.invoke(HOST_CHANNELS.printToPdf),
  onMenu: (callback: (message: MenuMessage) => void): (() => void) => {
    if (typeof callback !== 'function') throw new TypeError('onMenu needs a function');
    const listener = (_event: IpcRendererEvent, message: unknown) => {
      if (isMenuMessage(message)) callback(message);
    };
    ipcRenderer.on(HOST_CHANNELS.menu, listener);
    return () => {
      ipcRenderer.removeListener(HOST_CHANNELS.menu, listener);
    };
  },
  editText: async (command) => {
    await ipcRenderer.invoke(HOST_CHANNELS.editText, command === 'redo' ? 'redo' : 'undo');
  },
} satisfies ModpanelHost;

contextBridge.exposeInMainWorld('modpanel', modpanel);
contextBridge.exposeInMainWorld('modpanelHost', modpanelHost);
