// The sandboxed preload: the window's only bridge to the main process. It exposes `window.modpanel` (one
// function per contract entry, each an ipcRenderer.invoke) and `window.modpanelHost` (saveFile, printToPdf,
// onMenu, platform) through contextBridge, and nothing else: ipcRenderer itself never reaches the page.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_NAMES } from '../shared/contract';
import { HOST_CHANNELS, panelChannel } from './ipc';
import { isMenuMessage, type MenuMessage } from './menuMessages';

const modpanel: Record<string, (request?: unknown) => Promise<unknown>> = {};
for (const name of API_NAMES) {
  const channel = panelChannel(name);
  // Only the request crosses: never the event or any other argument the page might try to slip in.
  modpanel[name] = (request?: unknown) => ipcRenderer.invoke(channel, request ?? {});
}

const modpanelHost = {
  /** Shows the native save dialog and writes the bytes. Resolves to a Result: the path, or null if cancelled. */
  saveFile: (fileName: string, bytesBase64: string): Promise<unknown> =>
    ipcRenderer.invoke(HOST_CHANNELS.saveFile, String(fileName), String(bytesBase64)),
  /** Calls back with each menu command ('undo', 'view:grid', …). Returns a function that stops listening. */
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
  /** Saves the current page (the panel record) as an A4 PDF through the native save dialog. */
  printToPdf: (): Promise<unknown> => ipcRenderer.invoke(HOST_CHANNELS.printToPdf),
  platform: process.platform,
};

contextBridge.exposeInMainWorld('modpanel', modpanel);
contextBridge.exposeInMainWorld('modpanelHost', modpanelHost);
