// The web host's guards (issue 9): a state-changing request from another site is refused whatever it
// carries (Origin, Sec-Fetch-Site), the token is compared exactly (HTTP strips the spaces around a header's
// value, which is why " token " was accepted: the API token now travels in the query), and through the
// host's API the settings are HR's alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPanelApi } from '../../db/api';
import { ModerationService } from '../../db/service';
import { crossSiteProblem, startWebHost, type WebHost } from '../../web/host';
import { parsed, record } from '../db/helpers';

const TOKEN = 'c0ffee00c0ffee00c0ffee00c0ffee00';
let dir: string;
let host: WebHost;
let service: ModerationService;

/** Sends bytes exactly as written (no client library tidying the headers) and returns the status. */
function rawRequest(lines: string[], body = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(host.port, '127.0.0.1', () => {
      socket.write([...lines, `Host: 127.0.0.1:${host.port}`, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', body].join('\r\n'));
    });
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(reply)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

const post = (path: string, headers: string[] = [], body = '{}') => rawRequest([`POST ${path} HTTP/1.1`, 'Content-Type: application/json', ...headers], body);
const get = (path: string, headers: string[] = []) => rawRequest([`GET ${path} HTTP/1.1`, ...headers]);

async function call(name: string, payload: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const response = await fetch(`http://127.0.0.1:${host.port}/api/${name}?token=${TOKEN}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${host.port}`, 'Sec-Fetch-Site': 'same-origin' },
    body: JSON.stringify(payload),
  });
  return (await response.json()) as never;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-guards-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>window</title>');
  service = ModerationService.create(join(dir, 'p.modpanel'), { name: 'Guards', businessUnit: 'Policy', performanceYear: 2025 }, { name: 'Hana HR', role: 'hr' });
  service.applyImport(parsed([record('S1'), record('S2')]), { name: 'Hana HR', role: 'hr' });
  host = await startWebHost({ api: createPanelApi({ service: () => service }), staticDir: join(dir, 'renderer'), token: TOKEN });
});
afterAll(async () => {
  await host.close();
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a request from another site', () => {
  it('is refused whatever it carries: another Origin, a cross-site or same-site fetch, an opaque origin', async () => {
    const path = `/api/getPanel?token=${TOKEN}`;
    expect(await post(path, ['Origin: https://evil.example'])).toBe(403);
    expect(await post(path, [`Origin: http://127.0.0.1:${host.port + 1}`])).toBe(403);
    expect(await post(path, ['Origin: null'])).toBe(403);
    expect(await post(path, ['Sec-Fetch-Site: cross-site'])).toBe(403);
    expect(await post(path, ['Sec-Fetch-Site: same-site'])).toBe(403);
    expect(await post(path, [`Origin: http://127.0.0.1:${host.port}`, 'Sec-Fetch-Site: cross-site'])).toBe(403);
    // The window itself, and a client that is not a browser page (the token alone guards it).
    expect(await post(path, [`Origin: http://127.0.0.1:${host.port}`, 'Sec-Fetch-Site: same-origin'])).toBe(200);
    expect(await post(path, [`Origin: http://localhost:${host.port}`])).toBe(200);
    expect(await post(path)).toBe(200);
  });

  it('is told apart by crossSiteProblem from the headers alone', () => {
    expect(crossSiteProblem({ headers: { origin: 'https://evil.example' } }, 5180)).toMatch(/another origin/);
    expect(crossSiteProblem({ headers: { 'sec-fetch-site': 'cross-site' } }, 5180)).toMatch(/another site/);
    expect(crossSiteProblem({ headers: { origin: 'http://127.0.0.1:5180', 'sec-fetch-site': 'same-origin' } }, 5180)).toBeNull();
  });

  it('cannot change the panel: a cross-site move is refused before it reaches the service', async () => {
    const events = service.audit().length;
    const body = JSON.stringify({ actor: { name: 'Evil', role: 'chair' }, staffId: 'S1', to: 'High Performing', reason: 'x' });
    expect(await post(`/api/move?token=${TOKEN}`, ['Origin: https://evil.example'], body)).toBe(403);
    expect(service.audit()).toHaveLength(events);
    expect(service.person('S1').moderatedMarking).toBe('Achieving');
  });
});

describe('the token', () => {
  it('is compared exactly: spaces added, a longer or shorter token, or two tokens are refused', async () => {
    for (const token of [`%20${TOKEN}`, `${TOKEN}%20`, `${TOKEN}+`, `%09${TOKEN}`, `${TOKEN}0`, TOKEN.slice(1), TOKEN.toUpperCase()]) {
      expect(await post(`/api/getPanel?token=${token}`), token).toBe(403);
    }
    expect(await post(`/api/getPanel?token=${TOKEN}&token=${TOKEN}`)).toBe(403);
    expect(await post(`/api/getPanel?token=${TOKEN}`)).toBe(200);
  });

  it('is not taken from a header, where HTTP would have stripped the spaces added around it', async () => {
    expect(await post('/api/getPanel', [`X-Modpanel-Token: ${TOKEN}`])).toBe(403);
    expect(await post('/api/getPanel', [`X-Modpanel-Token:   ${TOKEN}  `])).toBe(403);
  });

  it('opens the window only with the exact token in the address or the cookie', async () => {
    expect(await get(`/?token=${TOKEN}`)).toBe(200);
    expect(await get(`/?token=${TOKEN}%20`)).toBe(403);
    expect(await get('/', [`Cookie: modpanel_token=${TOKEN}`])).toBe(200);
    expect(await get('/', [`Cookie: other=1; modpanel_token=${TOKEN}`])).toBe(200);
    // (Spaces at the very end of the Cookie header are HTTP's to strip; inside it they are the value's.)
    expect(await get('/', [`Cookie: modpanel_token=${TOKEN} ; other=1`])).toBe(403);
    expect(await get('/', [`Cookie: modpanel_token= ${TOKEN}`])).toBe(403);
    expect(await get('/', [`Cookie: modpanel_token=${TOKEN}; modpanel_token=wrong`])).toBe(403);
  });
});

describe('settings through the host’s API are HR’s alone', () => {
  it('refuses a chair lowering the small-number threshold to 1, and a finance partner editing the groups not compared', async () => {
    const lowered = await call('updateSettings', { actor: { name: 'Cat Chair', role: 'chair' }, suppressionThreshold: 1 });
    expect(lowered).toMatchObject({ ok: false, error: { code: 'not_permitted', message: 'The panel chair cannot change the panel’s settings: only HR can.' } });
    const groups = await call('updateSettings', { actor: { name: 'Fay Finance', role: 'finance' }, notComparedGroups: [] });
    expect(groups).toMatchObject({ ok: false, error: { code: 'not_permitted', message: 'The finance partner cannot change the panel’s settings: only HR can.' } });
    expect(service.panel()).toMatchObject({ suppressionThreshold: 5, notComparedGroups: ['Not recorded', 'Prefer not to say', 'Unknown', 'Not declared'] });
    expect(service.audit({ action: 'refused' }).slice(0, 2).map((e) => `${e.actor} (${e.role})`)).toEqual(['Fay Finance (finance)', 'Cat Chair (chair)']);
    const hr = await call('updateSettings', { actor: { name: 'Hana HR', role: 'hr' }, suppressionThreshold: 10 });
    expect(hr.ok).toBe(true);
    expect(service.panel().suppressionThreshold).toBe(10);
  });
});
