// Encrypted panels in the desktop app, as its main process wires them (electron/main.ts): the window is asked
// for the passphrase (the contract's lockState / unlockPanel), which may be remembered per file with a
// safeStorage stand-in — never on Linux without a keyring, where Electron's documentation says safeStorage
// protects nothing — and a new panel from HR's file is encrypted unless HR explicitly opts out.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPanelApi } from '../../db/api';
import { fileKind } from '../../db/connection';
import { demoRecordsImport } from '../../db/demo';
import { createPanelWithImport } from '../../db/newPanel';
import { PanelLock } from '../../db/panelLock';
import { SafeStoragePassphrases, type SafeStorageLike } from '../../electron/passphrases';
import { DesktopPanelSession, createPreparedPanel, prepareNewPanel } from '../../electron/session';

const hr = { name: 'Hana HR', role: 'hr' as const };
const dirs: string[] = [];
const sessions: DesktopPanelSession[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-pass-'));
  dirs.push(dir);
  return dir;
}

/** Stands in for Electron's safeStorage: "encrypts" by reversing and tagging, so tests can see it was used. */
function fakeSafeStorage(backend: string, available = true): SafeStorageLike & { encrypted: string[] } {
  const encrypted: string[] = [];
  return {
    encrypted,
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (plain) => {
      encrypted.push(plain);
      return Buffer.from(`sealed:${[...plain].reverse().join('')}`);
    },
    decryptStringAsync: async (sealed) => ({ result: [...sealed.toString().replace(/^sealed:/, '')].reverse().join(''), shouldReEncrypt: false }),
    getSelectedStorageBackend: () => backend,
  };
}

/** The desktop session and its lock exactly as electron/main.ts wires them. */
function desktop(memoryFile: string, storage: SafeStorageLike | undefined, platform: NodeJS.Platform = 'linux') {
  const session = new DesktopPanelSession();
  sessions.push(session);
  const opened: string[] = [];
  session.locks = new PanelLock({
    open: (path, key) => {
      session.open(path, key);
    },
    current: () => (session.path === null ? null : { path: session.path, encrypted: session.service().encrypted }),
    memory: new SafeStoragePassphrases(memoryFile, storage, platform),
    unlocked: (path) => opened.push(path),
  });
  return { session, api: createPanelApi(session), opened };
}

function encryptedPanel(dir: string, passphrase: string): string {
  const path = join(dir, 'policy.modpanel');
  createPanelWithImport(path, { name: 'Policy SCS', businessUnit: 'Policy', performanceYear: 2025 }, demoRecordsImport(12), hr, { key: passphrase });
  return path;
}

describe('opening an encrypted panel in the desktop app', () => {
  it('asks the window for the passphrase, says when it is wrong, and opens with the right one', async () => {
    const dir = tempDir();
    const path = encryptedPanel(dir, 'Correct Horse');
    const { session, api, opened } = desktop(join(dir, 'passphrases.json'), fakeSafeStorage('gnome_libsecret'));
    expect(await session.locks!.open(path)).toBe(false);
    const lock = await api.lockState({});
    expect(lock).toMatchObject({ ok: true, value: { locked: true, waitingFor: 'passphrase', fileName: 'policy.modpanel', canCancel: false, canRemember: true } });
    const wrong = await api.unlockPanel({ passphrase: 'correct horse' });
    expect(wrong).toMatchObject({ ok: false, error: { message: expect.stringMatching(/does not open this panel.*case-sensitive/) } });
    const right = await api.unlockPanel({ passphrase: 'Correct Horse' });
    expect(right).toEqual({ ok: true, value: { fileName: 'policy.modpanel' } });
    expect(opened).toEqual([path]);
    const snapshot = await api.getPanel({});
    expect(snapshot.ok && snapshot.value.encrypted).toBe(true);
    expect(snapshot.ok && snapshot.value.people).toHaveLength(12);
  });

  it('remembers the passphrase per file with safeStorage, never in plain text, and forgets it on request', async () => {
    const dir = tempDir();
    const path = encryptedPanel(dir, 'Correct Horse');
    const memoryFile = join(dir, 'passphrases.json');
    const storage = fakeSafeStorage('kwallet5');
    const first = desktop(memoryFile, storage);
    await first.session.locks!.open(path);
    await first.api.unlockPanel({ passphrase: 'Correct Horse', remember: true });
    expect(storage.encrypted).toEqual(['Correct Horse']);
    expect(readFileSync(memoryFile, 'utf8')).not.toContain('Correct Horse');
    first.session.close();

    const second = desktop(memoryFile, storage);
    expect(await second.session.locks!.open(path)).toBe(true);
    expect((await second.api.lockState({})).ok && (await second.api.lockState({}))).toMatchObject({ value: { locked: false, remembered: true, encrypted: true } });
    expect(await second.api.forgetPassphrase({})).toEqual({ ok: true, value: { forgotten: true } });
    second.session.close();

    const third = desktop(memoryFile, storage);
    expect(await third.session.locks!.open(path)).toBe(false);
  });

  it('does not offer to remember on Linux without a keyring (safeStorage would use a hard-coded password)', async () => {
    const dir = tempDir();
    const path = encryptedPanel(dir, 'Correct Horse');
    const memoryFile = join(dir, 'passphrases.json');
    const { session, api } = desktop(memoryFile, fakeSafeStorage('basic_text'));
    await session.locks!.open(path);
    const lock = await api.lockState({});
    expect(lock).toMatchObject({ ok: true, value: { canRemember: false, rememberNote: expect.stringMatching(/no keyring .* cannot be remembered safely/) } });
    await api.unlockPanel({ passphrase: 'Correct Horse', remember: true });
    expect(() => readFileSync(memoryFile)).toThrow();
  });

  it('asks again when a remembered passphrase no longer opens the file (it was re-keyed)', async () => {
    const dir = tempDir();
    const path = encryptedPanel(dir, 'Correct Horse');
    const memoryFile = join(dir, 'passphrases.json');
    const storage = fakeSafeStorage('gnome_libsecret');
    writeFileSync(memoryFile, JSON.stringify({ version: 1, panels: { [path]: Buffer.from('sealed:ssap dlo').toString('base64') } }));
    const { session, api } = desktop(memoryFile, storage);
    expect(await session.locks!.open(path)).toBe(false);
    expect((await api.lockState({})).ok).toBe(true);
    expect(JSON.parse(readFileSync(memoryFile, 'utf8')).panels).toEqual({});
  });
});

describe('a new panel made in the window from HR\'s file', () => {
  const header = 'staff_id,name,grade,business_unit,job_title,provisional_marking,job_weight,finance_objective,cs_start_date';
  const rows = ['S1,Ada Lovelace,SCS1,Digital,Director,Exceeding,1200,Met,2010-04-01', 'S2,Alan Turing,SCS2,Digital,Director,Achieving,900,Met,2011-04-01'];

  async function waiting(dir: string) {
    const source = join(dir, 'digital.csv');
    writeFileSync(source, [header, ...rows].join('\n'));
    const target = join(dir, 'digital.modpanel');
    const prepared = await prepareNewPanel(source, target);
    const desk = desktop(join(dir, 'passphrases.json'), fakeSafeStorage('gnome_libsecret'));
    desk.session.locks!.waitForNewPanel(target, async (key) => {
      const made = createPreparedPanel(prepared, hr, key ? { key } : {});
      desk.session.open(made.path, key);
      return made.path;
    });
    return { ...desk, target };
  }

  it('is encrypted with the passphrase HR gives', async () => {
    const dir = tempDir();
    const { api, target } = await waiting(dir);
    expect(await api.lockState({})).toMatchObject({ ok: true, value: { locked: true, waitingFor: 'new_panel', fileName: 'digital.modpanel' } });
    expect(await api.protectNewPanel({ passphrase: 'Strong one' })).toEqual({ ok: true, value: { fileName: 'digital.modpanel', encrypted: true } });
    expect(fileKind(target)).toBe('other');
    const snapshot = await api.getPanel({});
    expect(snapshot.ok && snapshot.value.encrypted).toBe(true);
  });

  it('is made without encryption only when HR explicitly chooses so, and never from an empty passphrase', async () => {
    const dir = tempDir();
    const { api, target } = await waiting(dir);
    expect(await api.protectNewPanel({ passphrase: '' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(() => readFileSync(target)).toThrow();
    expect(await api.protectNewPanel({ passphrase: null })).toEqual({ ok: true, value: { fileName: 'digital.modpanel', encrypted: false } });
    expect(fileKind(target)).toBe('plaintext');
    const snapshot = await api.getPanel({});
    expect(snapshot.ok && snapshot.value.encrypted).toBe(false);
  });
});
