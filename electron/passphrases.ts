// Remembering a panel's passphrase on this computer, per file, with Electron's safeStorage: the operating
// system's own protection (macOS Keychain; Windows DPAPI for the signed-in account; on Linux the desktop's
// secret store, kwallet or gnome-libsecret). Electron's documentation warns that on Linux without a secret
// store safeStorage falls back to a hard-coded password ("basic_text"), which protects nothing: there the
// passphrase is not remembered at all. Uses the asynchronous API (the synchronous one is deprecated in
// Electron 45 and removed in 46). Written against an interface, so it is tested under Node without Electron.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { PassphraseMemory } from '../db/panelLock';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only: which secret store is in use ('basic_text' means none). */
  getSelectedStorageBackend?(): string;
}

interface StoreFile {
  version: 1;
  /** Panel path → the passphrase encrypted by safeStorage, base64. */
  panels: Record<string, string>;
}

export class SafeStoragePassphrases implements PassphraseMemory {
  private panels: Record<string, string>;

  constructor(
    private readonly file: string,
    private readonly storage: SafeStorageLike | undefined,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.panels = this.read();
  }

  async availability(): Promise<{ available: boolean; note: string | null }> {
    if (!this.storage) return { available: false, note: 'This computer offers no safe store for passphrases, so it cannot be remembered: enter it each time.' };
    if (this.platform === 'linux') {
      const backend = this.storage.getSelectedStorageBackend?.() ?? 'unknown';
      if (backend === 'basic_text' || backend === 'unknown') {
        return {
          available: false,
          note: 'This computer has no keyring (such as GNOME Keyring or KWallet) to keep the passphrase in, so it cannot be remembered safely: enter it each time.',
        };
      }
    }
    let available = false;
    try {
      available = await this.storage.isAsyncEncryptionAvailable();
    } catch {
      available = false;
    }
    if (!available) return { available: false, note: "The operating system's store for secrets is not available now, so the passphrase cannot be remembered." };
    const note =
      this.platform === 'darwin'
        ? 'Kept encrypted with your macOS Keychain: other users and other apps cannot read it without your permission.'
        : this.platform === 'win32'
          ? 'Kept encrypted for your Windows account: other users of this computer cannot read it, but programs you run could.'
          : `Kept encrypted with your desktop's keyring (${this.storage.getSelectedStorageBackend?.() ?? 'secret store'}).`;
    return { available: true, note: `${note} Anyone who can use your account on this computer can then open this panel without the passphrase.` };
  }

  has(path: string): boolean {
    return Object.hasOwn(this.panels, resolve(path));
  }

  async recall(path: string): Promise<string | null> {
    const stored = this.panels[resolve(path)];
    if (!stored || !this.storage || !(await this.availability()).available) return null;
    try {
      const { result, shouldReEncrypt } = await this.storage.decryptStringAsync(Buffer.from(stored, 'base64'));
      if (shouldReEncrypt) await this.remember(path, result);
      return result;
    } catch {
      return null;
    }
  }

  async remember(path: string, passphrase: string): Promise<void> {
    if (!this.storage || !(await this.availability()).available) return;
    const encrypted = await this.storage.encryptStringAsync(passphrase);
    this.panels = { ...this.panels, [resolve(path)]: encrypted.toString('base64') };
    this.write();
  }

  async forget(path: string): Promise<void> {
    const key = resolve(path);
    if (!Object.hasOwn(this.panels, key)) return;
    const { [key]: _gone, ...rest } = this.panels;
    this.panels = rest;
    this.write();
  }

  private read(): Record<string, string> {
    try {
      if (!existsSync(this.file)) return {};
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<StoreFile>;
      if (parsed.version !== 1 || typeof parsed.panels !== 'object' || parsed.panels === null) return {};
      return Object.fromEntries(Object.entries(parsed.panels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch {
      return {};
    }
  }

  private write(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ version: 1, panels: this.panels } satisfies StoreFile, null, 2), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}
