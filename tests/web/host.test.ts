// The local web host's guards, over real HTTP on 127.0.0.1: loopback Host only (DNS rebinding), the per-run
// token on every request, payloads validated by the contract's schemas, no file outside the build ever
// served, and a real API round trip against a temporary panel file.

import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPanelApi } from '../../db/api';
import { ModerationService } from '../../db/service';
import type { PanelSnapshot, Result } from '../../shared/contract';
import type { Person } from '../../shared/domain';
import { isPackedPeople, unpackPeople, type PeopleColumns } from '../../shared/peopleColumns';
import { isLoopbackHost, resolveStaticPath, startWebHost, type WebHost } from '../../web/host';
import { makeTempPanel, type TempPanel } from '../electron/fakes';

const TOKEN = 'test-token-0123456789abcdef';
const SECRET = 'SECRET-OUTSIDE-THE-BUILD';
const chair = { name: 'Pat Chair', role: 'chair' as const };

let base: string;
let staticDir: string;
let panel: TempPanel;
let host: WebHost;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so the Host header and the path go out exactly as written (fetch would normalise both). */
function raw(path: string, options: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: options.host ?? `127.0.0.1:${host.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** An API call; the token travels in the query (web/host.ts says why), `token: null` sends none. */
function api(name: string, payload: unknown, headers: Record<string, string> = {}, token: string | null = TOKEN): Promise<Reply> {
  return raw(`/api/${name}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'modpanel-host-'));
  staticDir = join(base, 'dist', 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>fake window</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("window")');
  writeFileSync(join(base, 'dist', 'secret.txt'), SECRET);
  writeFileSync(join(base, 'package.json'), SECRET);
  panel = makeTempPanel(30);
  const service = panel.service;
  host = await startWebHost({ api: createPanelApi({ service: () => service }), staticDir, token: TOKEN });
});

afterAll(async () => {
  await host?.close();
  panel?.cleanup();
  rmSync(base, { recursive: true, force: true });
});

describe('Host header (DNS rebinding)', () => {
  it('answers 127.0.0.1 and localhost at its own port', async () => {
    expect((await raw(`/?token=${TOKEN}`)).status).toBe(200);
    expect((await raw(`/?token=${TOKEN}`, { host: `localhost:${host.port}` })).status).toBe(200);
    expect((await raw(`/?token=${TOKEN}`, { host: `LOCALHOST:${host.port}` })).status).toBe(200);
  });

  it.each(['evil.com', 'evil.com:PORT', 'localhost.evil.com:PORT', '127.0.0.1.nip.io:PORT', 'localhost', '127.0.0.1:1', '0.0.0.0:PORT'])(
    'refuses Host %s with 421, for pages and the API',
    async (value) => {
      const hostHeader = value.replace('PORT', String(host.port));
      const page = await raw(`/?token=${TOKEN}`, { host: hostHeader });
      expect(page.status).toBe(421);
      expect(page.body).not.toContain('fake window');
      const call = await raw(`/api/getPanel?token=${TOKEN}`, { method: 'POST', host: hostHeader, body: '{}' });
      expect(call.status).toBe(421);
      expect(call.body).not.toContain('"ok":true');
    },
  );

  it('isLoopbackHost matches the exact host and port only', () => {
    expect(isLoopbackHost('127.0.0.1:8080', 8080)).toBe(true);
    expect(isLoopbackHost('[::1]:8080', 8080)).toBe(true);
    expect(isLoopbackHost('localhost:8081', 8080)).toBe(false);
    expect(isLoopbackHost(undefined, 8080)).toBe(false);
    expect(isLoopbackHost('', 8080)).toBe(false);
  });
});

describe('per-run token', () => {
  it('refuses the API without the token header, with a wrong one, or with only the cookie', async () => {
    expect((await api('getPanel', {}, {}, null)).status).toBe(403);
    expect((await api('getPanel', {}, {}, 'wrong')).status).toBe(403);
    expect((await api('getPanel', {}, {}, `${TOKEN}x`)).status).toBe(403);
    // A cookie rides along on any page's request, so it must not be enough for the API.
    expect((await api('getPanel', {}, { Cookie: `modpanel_token=${TOKEN}` }, null)).status).toBe(403);
  });

  it('refuses static files without the token, pointing to the printed address', async () => {
    const page = await raw('/');
    expect(page.status).toBe(403);
    expect(page.body).toContain('npm run web');
    expect((await raw('/index.html?token=wrong')).status).toBe(403);
    expect((await raw('/assets/app.js')).status).toBe(403);
  });

  it('accepts the token in the address once, then from its cookie', async () => {
    const first = await raw(`/?token=${TOKEN}`);
    expect(first.status).toBe(200);
    expect(first.body).toContain('fake window');
    const cookie = String(first.headers['set-cookie'] ?? '');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const asset = await raw('/assets/app.js', { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('sends the security headers with every answer', async () => {
    for (const reply of [await raw(`/?token=${TOKEN}`), await raw('/'), await api('getPanel', {})]) {
      expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

describe('API requests', () => {
  it('validates the payload and names the field that is wrong', async () => {
    const reply = await api('move', { actor: chair, to: 'Achieving' });
    expect(reply.status).toBe(200);
    const result = JSON.parse(reply.body) as Result<unknown>;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_request');
      expect(result.error.message).toContain('staffId');
    }
    const noActor = JSON.parse((await api('addNote', { staffId: 'x', text: 'hello' })).body) as Result<unknown>;
    expect(!noActor.ok && noActor.error.message).toContain('actor');
  });

  it('refuses bodies that are not JSON, other methods and unknown operations', async () => {
    const notJson = await api('getPanel', '{ nope');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect((await raw(`/api/getPanel?token=${TOKEN}`)).status).toBe(405);
    expect((await api('dropTables', {})).status).toBe(404);
    expect((await api('__proto__', {})).status).toBe(404);
    expect((await api('constructor', {})).status).toBe(404);
  });

  it('round-trips a real move into the panel file', async () => {
    const before = JSON.parse((await api('getPanel', {})).body) as Result<PanelSnapshot>;
    if (!before.ok) throw new Error(before.error.message);
    // The opening answer's people come as columns, which the window unpacks (shared/peopleColumns.ts).
    expect(isPackedPeople(before.value.people)).toBe(true);
    const people = unpackPeople<Person>(before.value.people as unknown as PeopleColumns);
    expect(people).toHaveLength(30);
    const direct = await createPanelApi({ service: () => panel.service }).getPanel({});
    if (!direct.ok) throw new Error(direct.error.message);
    expect(people).toEqual(direct.value.people);
    const person = people.find(
      (p) => p.eligible && p.moderatedMarking === 'Achieving' && p.provisionalMarking === 'Achieving' && p.financeObjective !== 'Not met',
    );
    if (!person) throw new Error('No one in Achieving can move');
    const moved = JSON.parse(
      (await api('move', { actor: chair, staffId: person.staffId, to: 'High Performing', reason: 'Cross-government lead on net zero' })).body,
    ) as Result<{ people: { moderatedMarking: string }[] }>;
    if (!moved.ok) throw new Error(moved.error.message);
    expect(moved.value.people[0]?.moderatedMarking).toBe('High Performing');
    const reader = ModerationService.open(panel.path);
    try {
      expect(reader.person(person.staffId)).toMatchObject({ moderatedMarking: 'High Performing', changeReason: 'Cross-government lead on net zero' });
    } finally {
      reader.close();
    }
  });
});

describe('static files never come from outside the build', () => {
  it.each([
    '/../package.json',
    '/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/%2E%2E/package.json',
    '/%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/..%2F..%2Fpackage.json',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/%252e%252e/secret.txt',
    '/%00index.html',
    '/index.html%00.js',
    '/%E0%A4%A',
    '/assets',
    '/assets/',
    '/missing.js',
  ])('answers %s with 404', async (path) => {
    const reply = await raw(`${path}${path.includes('?') ? '&' : '?'}token=${TOKEN}`);
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain(SECRET);
  });

  it('resolveStaticPath keeps every path inside the build folder', () => {
    expect(resolveStaticPath(staticDir, '/')).toBe(join(staticDir, 'index.html'));
    expect(resolveStaticPath(staticDir, '/assets/app.js')).toBe(join(staticDir, 'assets', 'app.js'));
    expect(resolveStaticPath(staticDir, '/..%2fsecret.txt')).toBeNull();
    expect(resolveStaticPath(staticDir, '/../../package.json')).toBeNull();
    expect(resolveStaticPath(staticDir, '/%00')).toBeNull();
    expect(resolveStaticPath(staticDir, '/%E0%A4%A')).toBeNull();
    expect(resolveStaticPath(staticDir, '/..')).toBeNull();
  });
});
