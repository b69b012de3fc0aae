// Smoke test of the built desktop main process: dist-electron/main.cjs is bundled exactly as `npm start`
// builds it, then run under Node with a fake 'electron' module (the real runtime cannot be downloaded here)
// to check what it asks of Electron: hardened window, app:// protocol with CSP, IPC, permissions, menus,
// panel switching and remembered state.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_NAMES } from '../../shared/contract';
import { buildElectron } from '../../scripts/build-electron.mjs';
import { makeTempPanel, type TempPanel } from './fakes';

const repo = resolve(__dirname, '../..');
const buildDir = join(repo, '.tmp', `electron-bundle-${process.pid}`);
const work = mkdtempSync(join(tmpdir(), 'modpanel-main-'));
let second: TempPanel;
let out: Record<string, any>;

beforeAll(async () => {
  await buildElectron({ quiet: true, outDir: buildDir });
  const appPath = join(work, 'app');
  mkdirSync(join(appPath, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>fake window</title>');
  writeFileSync(join(appPath, 'dist', 'secret.txt'), 'outside the build');
  writeFileSync(join(appPath, 'package.json'), '{}');
  mkdirSync(join(work, 'appData'));
  mkdirSync(join(work, 'documents'));
  second = makeTempPanel(12);
  second.service.close();
  const run = spawnSync(process.execPath, [join(__dirname, 'drive-main.cjs')], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      MAIN_BUNDLE: join(buildDir, 'main.cjs'),
      FAKE_ELECTRON_APP_PATH: appPath,
      FAKE_ELECTRON_APPDATA: join(work, 'appData'),
      FAKE_ELECTRON_DOCUMENTS: join(work, 'documents'),
      FAKE_ELECTRON_SAVE_TO: join(work, 'documents', 'saved-outcome.csv'),
      SECOND_PANEL: second.path,
    },
  });
  const line = run.stdout.split('\n').find((entry) => entry.startsWith('RESULT '));
  if (run.status !== 0 || !line) throw new Error(`main.cjs did not run:\n${run.stdout}\n${run.stderr}`);
  out = JSON.parse(line.slice('RESULT '.length));
}, 120_000);

afterAll(() => {
  second?.cleanup();
  rmSync(work, { recursive: true, force: true });
  rmSync(buildDir, { recursive: true, force: true });
});

describe('dist-electron/main.cjs', () => {
  it('bundles a preload that needs nothing but electron', () => {
    const preload = readFileSync(join(buildDir, 'preload.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld("modpanel"');
    expect(preload).toContain('exposeInMainWorld("modpanelHost"');
    for (const name of API_NAMES) expect(preload).toContain(`"${name}"`);
  });

  it('opens a hardened window on app://', () => {
    expect(out.sandboxEnabled).toBe(true);
    expect(out.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(out.preloadExists).toBe(true);
    expect(out.loaded).toEqual(['app://panel/index.html']);
    expect(out.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('serves only the built renderer, always with the strict policy', () => {
    expect(out.index).toMatchObject({ status: 200, body: '<!doctype html><title>fake window</title>' });
    expect(out.index.type).toMatch(/^text\/html/);
    expect(out.index.csp).toContain("default-src 'none'");
    expect(out.root.status).toBe(200);
    expect(out.traversal).toEqual([404, 404, 404, 404, 404]);
    expect(out.post).toBe(404);
  });

  it('opens the demo panel when no panel is named, and serves the contract to the window only', () => {
    expect(out.channels).toEqual([...API_NAMES.map((name) => `modpanel:${name}`), 'modpanelHost:saveFile', 'modpanelHost:printToPdf'].sort());
    expect(out.getPanel).toEqual({ ok: true, people: 240, name: 'Demo panel: Policy Group SCS', fileName: 'demo.modpanel' });
    expect(out.titles).toContain('Demo panel: Policy Group SCS — Moderation Panel');
    expect(out.otherContents).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(out.otherOrigin).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(out.invalid).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(out.invalid.error.message).toContain('staffId');
  });

  it('saves an exported file through the native save dialog', () => {
    expect(out.saveFile).toEqual({ ok: true, value: join(work, 'documents', 'saved-outcome.csv') });
    expect(out.savedContents).toBe('staff_id,marking\n1,Achieving\n');
    expect(out.saveDialog).toEqual({
      defaultPath: join(work, 'documents', 'outcome.csv'),
      filters: [{ name: 'CSV file', extensions: ['csv'] }],
    });
  });

  it('refuses permissions, outside requests, downloads, navigation and new windows', () => {
    expect(out.permissions).toEqual({
      media: false,
      notifications: false,
      fullscreenApp: true,
      fullscreenOther: false,
      checkGeolocation: false,
      device: false,
    });
    expect(out.cancelled).toEqual({ app: false, https: true, file: true });
    expect(out.downloadPrevented).toBe(true);
    expect(out.navigationPrevented).toBe(true);
    expect(out.openEvil).toEqual({ action: 'deny' });
    expect(out.openFramework).toEqual({ action: 'deny' });
    expect(out.externalOpened).toEqual([
      'https://www.gov.uk/government/publications/senior-civil-service-performance-management-framework',
    ]);
  });

  it('builds the menus and sends menu commands to the window', () => {
    expect(out.menu.map((menu: { label: string }) => menu.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(out.menu[2].items).toContain('toggleDevTools');
    expect(out.menuSent).toEqual([['modpanelHost:menu', 'view:grid']]);
  });

  it('switches to a panel named by a second launch, reloads the window and remembers it', () => {
    expect(out.afterSwitch).toEqual({ people: 12, name: 'Electron test panel' });
    expect(out.titleAfterSwitch).toBe('Electron test panel — Moderation Panel');
    expect(out.state.recentPanels[0]).toBe(second.path);
    expect(out.state.recentPanels[1]).toMatch(/demo\.modpanel$/);
    expect(out.state.window.bounds).toMatchObject({ width: 1400, height: 900 });
    expect(out.messageBoxes).toEqual([]);
  });
});
