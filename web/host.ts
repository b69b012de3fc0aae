// The local web host: serves the built renderer and the same typed contract over HTTP on 127.0.0.1.
// Guards: loopback Host header only (DNS rebinding), a per-run token on every request (other local
// pages), compared byte for byte, every API call refused when a browser says it comes from another site
// (Origin, Sec-Fetch-Site), every payload validated by the contract's schemas, and no file outside the
// build is served.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { API_NAMES, type ApiName, type PanelApi } from '../shared/contract';
import { packPeople } from '../shared/peopleColumns';
import { IMPORT_LIMITS, megabytes } from '../db/import/limits';

/**
 * Kept for reference: the API token no longer travels in this header. HTTP strips the spaces and tabs
 * around a header's value before any code sees it (Node's parser does, as RFC 9110 allows), so " token "
 * arrived as "token" and was accepted. The token now travels in the request's query (`/api/<name>?token=…`),
 * which arrives exactly as sent.
 */
export const TOKEN_HEADER = 'x-modpanel-token';
/** The API's token: the `token` query parameter of every `/api/` request, exactly once. */
export const TOKEN_PARAM = 'token';
const TOKEN_COOKIE = 'modpanel_token';
// The largest request is a file upload: the largest file an import takes, as base64, inside a little JSON.
const MAX_BODY_BYTES = Math.ceil(IMPORT_LIMITS.fileBytes / 3) * 4 + 1024 * 1024;

class RequestTooLarge extends Error {}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export interface WebHostOptions {
  api: PanelApi;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

/** Host header must name this machine's loopback at our port: anything else may be a rebinding attack. */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  return allowed.includes(hostHeader.toLowerCase());
}

/** Byte for byte: no trimming, no case folding; the same length and the same bytes. */
export function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined || given === '') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The query's token, when it is given exactly once (two would leave which one counts to chance). */
function queryToken(url: URL): string | undefined {
  const all = url.searchParams.getAll(TOKEN_PARAM);
  return all.length === 1 ? all[0] : undefined;
}

/**
 * The cookie's token as sent: pairs are separated by ";" and one space (RFC 6265 5.4), so only that one
 * space is dropped; a value with spaces around it is not the token. Two token cookies count as none.
 */
function cookieToken(req: IncomingMessage): string | undefined {
  const cookie = req.headers.cookie ?? '';
  const found: string[] = [];
  for (const raw of cookie.split(';')) {
    const part = raw.startsWith(' ') ? raw.slice(1) : raw;
    const equals = part.indexOf('=');
    if (equals > 0 && part.slice(0, equals) === TOKEN_COOKIE) found.push(part.slice(equals + 1));
  }
  return found.length === 1 ? found[0] : undefined;
}

/** The origins this host serves the window from. */
function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

/**
 * Why a request is refused as cross-site, or null. Browsers say where a request comes from: Sec-Fetch-Site
 * ("same-origin" from the window itself) and Origin (sent with every POST). A request with neither is
 * not from a browser page (a test, curl): the token alone guards it.
 */
export function crossSiteProblem(req: Pick<IncomingMessage, 'headers'>, port: number): string | null {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return `a request from another site (Sec-Fetch-Site: ${String(site)})`;
  const origin = req.headers.origin;
  if (origin !== undefined && !ownOrigins(port).includes(origin)) return `a request from another origin (${origin})`;
  return null;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, ...extra });
  res.end(body);
}

/** The request body, refused past MAX_BODY_BYTES: the rest is read and dropped so the refusal reaches the window. */
async function readBody(req: IncomingMessage): Promise<string> {
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) {
    req.resume();
    throw new RequestTooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) chunks.length = 0;
    else chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) throw new RequestTooLarge();
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves a URL path inside the build folder, or null when it would step outside it. */
export function resolveStaticPath(staticDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = resolve(staticDir);
  const target = resolve(join(root, decoded === '/' ? 'index.html' : decoded));
  return target === root || target.startsWith(root + sep) ? target : null;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  let port = options.port ?? 0;
  const apiNames = new Set<string>(API_NAMES);

  const server = createServer(async (req, res) => {
    try {
      if (!isLoopbackHost(req.headers.host, port)) return send(res, 421, 'This host answers only on 127.0.0.1');
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, 'Use POST', 'text/plain', { Allow: 'POST' });
        // Every API call may change the panel: refused from another site whatever it carries, then the token.
        const crossSite = crossSiteProblem(req, port);
        if (crossSite) return send(res, 403, `Refused ${crossSite}: this host answers only its own window.`);
        if (!sameToken(queryToken(url), token)) return send(res, 403, 'Missing or wrong token');
        const name = url.pathname.slice('/api/'.length);
        if (!apiNames.has(name)) return send(res, 404, `No operation called ${name}`);
        let payload: unknown;
        try {
          const body = await readBody(req);
          payload = body === '' ? {} : JSON.parse(body);
        } catch (error) {
          if (error instanceof RequestTooLarge) {
            const message = `The file is too large: an import takes a file of at most ${megabytes(IMPORT_LIMITS.fileBytes)}.`;
            return send(res, 413, JSON.stringify({ ok: false, error: { code: 'invalid', message } }), 'application/json', { Connection: 'close' });
          }
          return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid_request', message: `The request was not valid JSON: ${String(error)}` } }), 'application/json');
        }
        const handler = options.api[name as ApiName] as (request: unknown) => Promise<unknown>;
        const result = await handler(payload);
        // The opening answer carries everyone: its people go as columns (shared/peopleColumns.ts).
        if (name === 'getPanel') {
          const answer = result as { ok: boolean; value?: { people?: object[] } };
          if (answer.ok && Array.isArray(answer.value?.people)) {
            return send(res, 200, JSON.stringify({ ...answer, value: { ...answer.value, people: packPeople(answer.value.people) } }), 'application/json');
          }
        }
        return send(res, 200, JSON.stringify(result), 'application/json');
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      const pageToken = queryToken(url);
      const hasToken = sameToken(pageToken, token) || sameToken(cookieToken(req), token);
      if (!hasToken) return send(res, 403, 'Open the address printed by `npm run web` (it carries the access token).');
      const file = resolveStaticPath(options.staticDir, url.pathname);
      if (!file) return send(res, 404, 'Not found');
      let body: Buffer;
      try {
        if (!(await stat(file)).isFile()) return send(res, 404, 'Not found');
        body = await readFile(file);
      } catch {
        return send(res, 404, 'Not found');
      }
      const extra: Record<string, string> = {};
      if (sameToken(pageToken, token)) extra['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      return send(res, 200, body, MIME[extname(file)] ?? 'application/octet-stream', extra);
    } catch (error) {
      return send(res, 500, `Unexpected error: ${String(error)}`);
    }
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  if (address && typeof address === 'object') port = address.port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    // A browser keeps connections open (keep-alive, or a request still in flight when the window goes):
    // closing drops them rather than waiting for them, so stopping the host never hangs.
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
