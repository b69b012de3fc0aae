// Entry of the panel process: an Electron utility process (utilityProcess.fork from the main process) that
// owns the panel file and answers over process.parentPort. Bundled on its own as dist-electron/panel-process.cjs;
// db/ and the native SQLite driver load here and nowhere else in the desktop app.

import { connectRpc, type PortLike, type RpcPeer } from './rpc';
import { createPanelHost } from './panelHost';
import type { MainHostMethods } from './panelProtocol';

/** Electron's process.parentPort, as much of it as is used here. */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  console.error('The panel process runs only as an Electron utility process, started by the desktop app.');
  process.exit(1);
}

const port: PortLike = {
  postMessage: (message) => parentPort.postMessage(message),
  onMessage: (listener) => {
    const onMessage = (event: { data: unknown }) => listener(event.data);
    // Listening on the parent port also keeps this process alive between calls.
    parentPort.on('message', onMessage);
    return () => parentPort.off('message', onMessage);
  },
};

let peer: RpcPeer<MainHostMethods> | null = null;
const host = createPanelHost(() => {
  if (!peer) throw new Error('The panel process is not connected to the app yet.');
  return peer.remote;
});
peer = connectRpc<MainHostMethods>(port, host.methods);

// The app is quitting or the process is being stopped: close the panel file cleanly (its changes are already
// committed; closing folds the write-ahead log back into the file).
process.on('SIGTERM', () => {
  host.session.close();
  process.exit(0);
});
