// The desktop window's security rules as plain functions (no Electron import, so they are unit-tested
// under Node): which URLs count as our own content, which files app:// may serve, which links may leave.

import { extname, resolve, sep } from 'node:path';

/** Content is served only from app://panel/…: a standard, secure custom scheme with one fixed host. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'panel';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Strict policy for every app:// response. The window talks to the panel only over IPC, so nothing may be
 * fetched from anywhere; inline styles stay allowed because React and the drag layer set style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "media-src 'none'",
  "worker-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function parseUrl(url: string | undefined | null): URL | null {
  if (typeof url !== 'string' || url === '') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for app://panel/… — parsed, never prefix-matched, so app://panel.evil or app://x@panel fail. */
export function isAppUrl(url: string | undefined | null): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** The part of an IPC event the checks read: Electron's IpcMainInvokeEvent has both fields. */
export interface SenderEventLike {
  senderFrame?: { url: string } | null;
  sender?: unknown;
}

/** An IPC message is ours when the frame that sent it shows our own content. */
export function isAppFrame(event: SenderEventLike): boolean {
  return isAppUrl(event.senderFrame?.url);
}

/**
 * Maps an app:// request URL to a file inside `root` (the built renderer), or null: wrong scheme or
 * host, undecodable, NUL bytes, encoded slashes, or anything that would resolve outside the root.
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  const parsed = parseUrl(requestUrl);
  if (!parsed || !isAppUrl(requestUrl)) return null;
  const rawPath = parsed.pathname;
  // Encoded separators are never needed by the build and are the classic way round a path check.
  if (/%2f|%5c/i.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = resolve(root);
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const target = resolve(base, relative);
  return target.startsWith(base + sep) ? target : null;
}

/**
 * The only places a link in the window may open, in the person's own browser: the published framework
 * the rules come from. Everything else is refused (the app is offline by design).
 */
export const EXTERNAL_ALLOW_LIST: readonly string[] = [
  'https://www.gov.uk/government/publications/senior-civil-service-performance-management-framework',
];

export function isAllowedExternal(url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false;
  const normalised = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  return EXTERNAL_ALLOW_LIST.some((allowed) => normalised === allowed || normalised.startsWith(`${allowed}/`));
}

/** Requests the window may make at all: its own content and in-memory data; never the network or disk. */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  const parsed = parseUrl(url);
  if (!parsed) return false;
  return parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'devtools:';
}
