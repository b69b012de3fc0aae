// The desktop window's security rules: which URLs are our own content, which files app:// may serve
// (never anything outside the build), the response policy, and which links may leave the app.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  RESPONSE_HEADERS,
  isAllowedExternal,
  isAllowedRequest,
  isAppFrame,
  isAppUrl,
  mimeTypeFor,
  resolveAppFile,
} from '../../electron/security';

const base = mkdtempSync(join(tmpdir(), 'modpanel-security-'));
const root = join(base, 'dist', 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(base, 'dist', 'secret.txt'), 'outside the build');
writeFileSync(join(base, 'package.json'), '{}');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('isAppUrl / isAppFrame', () => {
  it('accepts only app://panel/…', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://panel/assets/app.js?x=1#y')).toBe(true);
    for (const url of [
      'app://panel.evil/index.html',
      'app://evil/panel',
      'app://user:pw@panel/',
      'app://panel:1234/',
      'https://panel/',
      'file:///app://panel/',
      'http://127.0.0.1/app://panel/',
      'javascript:alert(1)',
      'not a url',
      '',
      null,
      undefined,
    ]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });

  it('reads the sending frame, refusing events without one', () => {
    expect(isAppFrame({ senderFrame: { url: APP_ENTRY_URL } })).toBe(true);
    expect(isAppFrame({ senderFrame: { url: 'https://evil.example/' } })).toBe(false);
    expect(isAppFrame({ senderFrame: null })).toBe(false);
    expect(isAppFrame({})).toBe(false);
  });
});

describe('resolveAppFile', () => {
  it('serves files inside the build, and index.html for the root', () => {
    expect(resolveAppFile(root, 'app://panel/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://panel/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://panel/assets/app.js?v=2')).toBe(join(root, 'assets', 'app.js'));
  });

  it.each([
    'app://panel/../package.json',
    'app://panel/../../package.json',
    'app://panel/%2e%2e/secret.txt',
    'app://panel/%2E%2E/%2E%2E/package.json',
    'app://panel/assets/..%2f..%2fsecret.txt',
    'app://panel/..%2F..%2Fpackage.json',
    'app://panel/..%5c..%5cpackage.json',
    'app://panel/%00index.html',
    'app://panel/%E0%A4%A',
    'app://other/index.html',
    'https://panel/index.html',
  ])('never resolves %s outside the build', (url) => {
    const file = resolveAppFile(root, url);
    expect(file === null || file.startsWith(join(root, '/'))).toBe(true);
    expect(file).not.toBe(join(base, 'package.json'));
    expect(file).not.toBe(join(base, 'dist', 'secret.txt'));
  });

  it('refuses the traversal attempts outright rather than serving something else', () => {
    expect(resolveAppFile(root, 'app://panel/..%2f..%2fsecret.txt')).toBeNull();
    expect(resolveAppFile(root, 'app://panel/%00index.html')).toBeNull();
    expect(resolveAppFile(root, 'app://evil/index.html')).toBeNull();
  });
});

describe('response policy', () => {
  it('is strict: nothing loads from anywhere but the app itself', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
    expect(RESPONSE_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(RESPONSE_HEADERS['X-Content-Type-Options']).toBe('nosniff');
  });

  it('labels the build’s files with their types', () => {
    expect(mimeTypeFor('/x/index.html')).toMatch(/^text\/html/);
    expect(mimeTypeFor('/x/a.JS')).toMatch(/^text\/javascript/);
    expect(mimeTypeFor('/x/a.css')).toMatch(/^text\/css/);
    expect(mimeTypeFor('/x/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('links and requests', () => {
  it('opens only the published framework in the browser', () => {
    expect(isAllowedExternal('https://www.gov.uk/government/publications/senior-civil-service-performance-management-framework')).toBe(true);
    expect(isAllowedExternal('https://www.gov.uk/government/publications/senior-civil-service-performance-management-framework/')).toBe(true);
    expect(isAllowedExternal('http://www.gov.uk/government/publications/senior-civil-service-performance-management-framework')).toBe(false);
    expect(isAllowedExternal('https://www.gov.uk.evil.example/government/publications/senior-civil-service-performance-management-framework')).toBe(false);
    expect(isAllowedExternal('https://user@www.gov.uk/government/publications/senior-civil-service-performance-management-framework')).toBe(false);
    expect(isAllowedExternal('https://www.gov.uk/')).toBe(false);
    expect(isAllowedExternal('https://www.gov.uk/government/publications/senior-civil-service-performance-management-framework-fake')).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternal('not a url')).toBe(false);
  });

  it('lets the window request only its own content and in-memory data', () => {
    expect(isAllowedRequest('app://panel/assets/app.js')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequest('blob:app://panel/1234')).toBe(true);
    expect(isAllowedRequest('https://example.com/track.gif')).toBe(false);
    expect(isAllowedRequest('http://127.0.0.1:8080/api')).toBe(false);
    expect(isAllowedRequest('file:///etc/passwd')).toBe(false);
    expect(isAllowedRequest('ws://localhost:1234')).toBe(false);
  });
});
