// The main process's side of the panel process: starts it (Electron's utilityProcess.fork, or a stand-in in
// tests), serves it the main-only methods (dialogs, safeStorage, the title bar), and forwards the window's
// contract calls to it. A call never throws here: if the panel process has ended, the window gets a contract
// result saying so, and the process is started again on the panel that was open. No Electron import.

import { API_NAMES, type ApiName, type PanelApi, type Result } from '../shared/contract';
import { RpcClosedError, connectRpc, type PortLike, type Remote, type RpcPeer } from './rpc';
import type { MainHostMethods, PanelProcessMethods } from './panelProtocol';

/** The part of Electron's UtilityProcess used here. */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  kill(): boolean;
  readonly pid?: number | undefined;
}

export type ForkPanelProcess = () => UtilityProcessLike;

export interface PanelProcessEvents {
  /** The panel process ended without being asked to (a crash, out of memory). */
  onUnexpectedExit(code: number): void;
}

export function processFailure(reason: string): Result<never> {
  return { ok: false, error: { code: 'panel_process', message: reason } };
}

export class PanelProcessClient {
  private child: UtilityProcessLike | null = null;
  private peer: RpcPeer<PanelProcessMethods> | null = null;
  private stopping = false;
  /** How many times the process has been started (tests; the About box could show it). */
  starts = 0;

  constructor(
    private readonly fork: ForkPanelProcess,
    private readonly mainMethods: MainHostMethods,
    private readonly events: PanelProcessEvents,
  ) {}

  /** The running process's pid, if it has one. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the panel process if it is not running. */
  start(): Remote<PanelProcessMethods> {
    if (this.peer && this.child) return this.peer.remote;
    this.stopping = false;
    const child = this.fork();
    this.starts += 1;
    const port: PortLike = {
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => {
        child.on('message', listener);
        return () => child.off('message', listener);
      },
    };
    const peer = connectRpc<PanelProcessMethods>(port, this.mainMethods);
    child.on('exit', (code) => {
      if (this.child !== child) return;
      this.child = null;
      this.peer = null;
      const expected = this.stopping;
      peer.close(expected ? 'The panel process was stopped.' : `The panel process stopped unexpectedly (exit code ${code}).`);
      if (!expected) this.events.onUnexpectedExit(code);
    });
    this.child = child;
    this.peer = peer;
    return peer.remote;
  }

  /** The panel process's methods (starting it if need be). */
  get panel(): Remote<PanelProcessMethods> {
    return this.start();
  }

  /** One contract call, forwarded; a process that has ended answers with a failure, never a throw. */
  async contract(name: string, request: unknown): Promise<Result<unknown>> {
    try {
      return await this.panel.contract(name, request);
    } catch (error) {
      if (error instanceof RpcClosedError) {
        return processFailure(`${error.message} Every change the window showed was saved. The panel is being opened again: try once more.`);
      }
      const message = error instanceof Error ? error.message : String(error);
      return processFailure(`The panel process could not answer: ${message}`);
    }
  }

  /** Closes the panel file and ends the process; resolves once it has gone (or been killed). */
  async stop(): Promise<void> {
    const child = this.child;
    const peer = this.peer;
    if (!child || !peer) return;
    this.stopping = true;
    try {
      await peer.remote.close();
    } catch {
      // Already gone: nothing to close.
    }
    if (this.child === child) child.kill();
  }
}

/** The contract as the window's IPC handlers see it, every entry answered by the panel process. */
export function forwardingApi(client: PanelProcessClient, afterCall?: (name: ApiName, result: Result<unknown>) => void): PanelApi {
  const api = {} as Record<ApiName, (request: unknown) => Promise<Result<unknown>>>;
  for (const name of API_NAMES) {
    api[name] = async (request: unknown) => {
      const result = await client.contract(name, request);
      afterCall?.(name, result);
      return result;
    };
  }
  return api as unknown as PanelApi;
}
