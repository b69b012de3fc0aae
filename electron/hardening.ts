// Electron-side security wiring: the app:// protocol that serves only the built renderer (with a strict CSP
// on every response), no network or disk requests, every permission refused, no downloads, and no
// navigation, redirects, new windows or webviews in any web contents.

import { readFile, stat } from 'node:fs/promises';
import { app, protocol, shell, type Session, type WebContents } from 'electron';
import {
  APP_SCHEME,
  RESPONSE_HEADERS,
  isAllowedExternal,
  isAllowedRequest,
  isAppUrl,
  mimeTypeFor,
  resolveAppFile,
} from './security';

/** Must run before the app is ready: app:// behaves like https (standard, secure origin) for the window. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false },
    },
  ]);
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { ...RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Serves app://panel/… from `rendererRoot` and nothing else. */
export function serveRenderer(session: Session, rendererRoot: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound();
    const file = resolveAppFile(rendererRoot, request.url);
    if (!file) return notFound();
    try {
      if (!(await stat(file)).isFile()) return notFound();
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
        status: 200,
        headers: { ...RESPONSE_HEADERS, 'Content-Type': mimeTypeFor(file) },
      });
    } catch {
      return notFound();
    }
  });
}

/**
 * Refuses every permission (camera, notifications, geolocation, …) except full screen for our own window,
 * which presentation mode may ask for. Blocks all requests that are not our own content, and downloads.
 */
export function lockDownSession(session: Session): void {
  const allowed = (permission: string, origin: string | undefined) => permission === 'fullscreen' && isAppUrl(origin);
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(allowed(permission, details.requestingUrl ?? contents?.getURL()));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url) });
  });
  session.on('will-download', (event) => event.preventDefault());
}

/** No navigation away from app://, no redirects, no new windows (allow-listed links open in the browser). */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Applies guardWebContents to every web contents the app ever creates, including DevTools'. */
export function guardAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}
