// Opening an encrypted panel in a window: the host (the desktop app, the browser host) asks the window for
// the passphrase rather than failing. A panel waiting for its passphrase, or a new panel waiting to be told
// how to protect it, is "locked"; the window shows a prompt (lockState), then unlocks it (unlockPanel) or
// protects the new one (protectNewPanel). A passphrase may be remembered per file where the host has a
// safe store for it (the desktop app's Electron safeStorage); never in plain text.

import { basename } from 'node:path';
import type { LockState } from '../shared/trust';
import { ModerationError, PanelFileError } from './errors';

/** Somewhere to keep passphrases on this computer, encrypted by the operating system (electron/passphrases.ts). */
export interface PassphraseMemory {
  /** Whether passphrases can be kept safely here; if not, a sentence saying why (shown by the checkbox). */
  availability(): Promise<{ available: boolean; note: string | null }>;
  recall(path: string): Promise<string | null>;
  remember(path: string, passphrase: string): Promise<void>;
  forget(path: string): Promise<void>;
  has(path: string): boolean;
}

/** What the host does with a passphrase: open the panel with it and make it the one the window sees. */
export interface LockHost {
  open(path: string, passphrase: string | undefined): void | Promise<void>;
  /** The panel open now, if any, and whether it is encrypted. */
  current(): { path: string; encrypted: boolean } | null;
  memory?: PassphraseMemory;
  /** Told when the window's passphrase (or a new panel's protection) opened a panel: recent files, the title. */
  unlocked?(path: string): void;
}

type Waiting =
  | { kind: 'passphrase'; path: string }
  | { kind: 'new_panel'; target: string; create: (passphrase: string | undefined) => Promise<string> };

export class PanelLock {
  private waiting: Waiting | null = null;
  private problem: string | null = null;

  constructor(private readonly host: LockHost) {}

  get locked(): boolean {
    return this.waiting !== null;
  }

  /** The file waiting for its passphrase or its protection, if any. */
  get waitingPath(): string | null {
    return this.waiting === null ? null : this.waiting.kind === 'passphrase' ? this.waiting.path : this.waiting.target;
  }

  /** The panel at `path` needs a passphrase the host does not have: the window will ask for it. */
  waitForPassphrase(path: string, problem: string | null = null): void {
    this.waiting = { kind: 'passphrase', path };
    this.problem = problem;
  }

  /** A new panel at `target` waits for its passphrase (or the explicit choice of none); `create` makes and opens it. */
  waitForNewPanel(target: string, create: (passphrase: string | undefined) => Promise<string>): void {
    this.waiting = { kind: 'new_panel', target, create };
    this.problem = null;
  }

  /**
   * Opens `path`: without a passphrase if it needs none, else with the one remembered for it; otherwise the
   * panel waits for the window's prompt. Returns whether it opened. Other failures are thrown.
   */
  async open(path: string, passphrase?: string): Promise<boolean> {
    try {
      await this.host.open(path, passphrase);
      this.clear();
      return true;
    } catch (error) {
      if (!(error instanceof PanelFileError) || (error.problem !== 'passphrase_required' && error.problem !== 'wrong_passphrase')) throw error;
      if (passphrase === undefined && this.host.memory) {
        const remembered = await this.host.memory.recall(path).catch(() => null);
        if (remembered !== null) {
          try {
            await this.host.open(path, remembered);
            this.clear();
            return true;
          } catch {
            // Changed since it was remembered (modpanel rekey): forget it and ask.
            await this.host.memory.forget(path).catch(() => undefined);
          }
        }
      }
      this.waitForPassphrase(path, passphrase === undefined ? null : 'That passphrase does not open this panel.');
      return false;
    }
  }

  async state(): Promise<LockState> {
    const current = this.host.current();
    const memory = this.host.memory;
    const availability = memory ? await memory.availability().catch(() => ({ available: false, note: 'Passphrases cannot be remembered on this computer.' })) : null;
    return {
      locked: this.waiting !== null,
      waitingFor: this.waiting?.kind ?? null,
      fileName: this.waitingPath ? basename(this.waitingPath) : current ? basename(current.path) : null,
      canCancel: this.waiting !== null && current !== null,
      canRemember: availability?.available ?? false,
      rememberNote: availability ? availability.note : 'This host does not remember passphrases: enter it each time, or start it with MODPANEL_KEY set.',
      remembered: current !== null && memory !== undefined && memory.has(current.path),
      encrypted: current?.encrypted ?? null,
      problem: this.problem,
    };
  }

  async unlock(passphrase: string, remember: boolean): Promise<{ fileName: string }> {
    const waiting = this.waiting;
    if (waiting?.kind !== 'passphrase') throw new ModerationError('invalid', 'No panel is waiting for a passphrase');
    try {
      await this.host.open(waiting.path, passphrase);
    } catch (error) {
      if (error instanceof PanelFileError && error.problem === 'wrong_passphrase') {
        this.problem = 'That passphrase does not open this panel. Check it (passphrases are case-sensitive) and try again.';
        throw new PanelFileError(this.problem, 'wrong_passphrase');
      }
      throw error;
    }
    this.clear();
    if (remember) await this.rememberFor(waiting.path, passphrase);
    this.host.unlocked?.(waiting.path);
    return { fileName: basename(waiting.path) };
  }

  async protectNew(passphrase: string | null, remember: boolean): Promise<{ fileName: string; encrypted: boolean }> {
    const waiting = this.waiting;
    if (waiting?.kind !== 'new_panel') throw new ModerationError('invalid', 'No new panel is waiting to be made');
    const path = await waiting.create(passphrase ?? undefined);
    this.clear();
    if (passphrase !== null && remember) await this.rememberFor(path, passphrase);
    this.host.unlocked?.(path);
    return { fileName: basename(path), encrypted: passphrase !== null };
  }

  cancel(): boolean {
    const was = this.waiting !== null;
    this.clear();
    return was;
  }

  async forget(): Promise<boolean> {
    const current = this.host.current();
    if (!current || !this.host.memory?.has(current.path)) return false;
    await this.host.memory.forget(current.path);
    return true;
  }

  private clear(): void {
    this.waiting = null;
    this.problem = null;
  }

  private async rememberFor(path: string, passphrase: string): Promise<void> {
    const memory = this.host.memory;
    if (!memory) return;
    const { available } = await memory.availability();
    if (available) await memory.remember(path, passphrase);
  }
}

/** What service() throws while the window has yet to give the passphrase. */
export function lockedError(fileName: string): ModerationError {
  return new ModerationError('locked', `${fileName} is encrypted: enter its passphrase to open it`);
}
