// The browser host on an encrypted panel started without its passphrase: every entry says the panel is
// locked until the window gives the passphrase, over real HTTP on 127.0.0.1; then it serves the panel.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPanelApi } from '../../db/api';
import { demoRecordsImport } from '../../db/demo';
import { createPanelWithImport } from '../../db/newPanel';
import { unpackPeople } from '../../shared/peopleColumns';
import { startWebHost, type WebHost } from '../../web/host';
import { GatedWebSession } from '../../web/lockedSession';

const TOKEN = 'locked-panel-token-0123456789';
let dir: string;
let host: WebHost;
let session: GatedWebSession;

async function call(name: string, payload: unknown = {}): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }> {
  const response = await fetch(`http://127.0.0.1:${host.port}/api/${name}?token=${TOKEN}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return (await response.json()) as never;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-web-locked-'));
  const path = join(dir, 'locked.modpanel');
  createPanelWithImport(path, { name: 'Locked panel', businessUnit: 'Policy', performanceYear: 2025 }, demoRecordsImport(15), { name: 'Hana HR', role: 'hr' }, { key: 'let me in' });
  session = new GatedWebSession(path);
  expect(await session.locks.open(path)).toBe(false);
  host = await startWebHost({ api: createPanelApi(session), staticDir: dir, token: TOKEN });
});

afterAll(async () => {
  await host.close();
  session.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an encrypted panel in the browser host', () => {
  it('is locked until the window gives its passphrase, and the host never offers to remember it', async () => {
    expect(await call('getPanel')).toMatchObject({ ok: false, error: { code: 'locked', message: 'locked.modpanel is encrypted: enter its passphrase to open it' } });
    expect(await call('lockState')).toMatchObject({
      ok: true,
      value: { locked: true, waitingFor: 'passphrase', fileName: 'locked.modpanel', canRemember: false, rememberNote: expect.stringMatching(/does not remember passphrases/) },
    });
    expect(await call('unlockPanel', { passphrase: 'let me out' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/does not open this panel/) } });
    expect(await call('unlockPanel', { passphrase: 'let me in' })).toEqual({ ok: true, value: { fileName: 'locked.modpanel' } });
    const snapshot = await call('getPanel');
    expect(snapshot.ok).toBe(true);
    // The opening answer's people come as columns on the web host's wire (shared/peopleColumns.ts).
    expect(unpackPeople(snapshot.value.people)).toHaveLength(15);
    expect(snapshot.value.encrypted).toBe(true);
    expect(await call('lockState')).toMatchObject({ ok: true, value: { locked: false, encrypted: true } });
  });

  it('checks its history through the contract', async () => {
    const result = await call('verifyHistory');
    expect(result).toMatchObject({ ok: true, value: { intact: true, checkedPeople: 15, hashFoundAt: null } });
    const tied = await call('verifyHistory', { hash: result.value.finalHash.slice(0, 16) });
    expect(tied.value.hashFoundAt).toBe(result.value.finalEventId);
  });
});
