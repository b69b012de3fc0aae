// Smoke test of the built desktop main process: dist-electron/main.cjs is bundled exactly as `npm start`
// builds it, then run under Node with a fake 'electron' module (the real runtime cannot be downloaded here)
// to check what it asks of Electron: hardened window, app:// protocol with CSP, IPC, permissions, menus,
// panel switching and remembered state. The panel process (dist-electron/panel-process.cjs) runs for real as
// a Node child process standing in for Electron's utility process, so every contract call crosses a process.

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
let third: TempPanel;
let out: Record<string, any>;
let launched: Record<string, any>;
let failed: Record<string, any>;

/** Runs drive-main.cjs in a scenario and returns its observations. */
function drive(scenario: string, appPath: string, extraEnv: Record<string, string> = {}): Record<string, any> {
  const appData = mkdtempSync(join(work, `appData-${scenario}-`));
  const run = spawnSync(process.execPath, [join(__dirname, 'drive-main.cjs')], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 90_000,
    env: {
      ...process.env,
      DRIVE_SCENARIO: scenario,
      MAIN_BUNDLE: join(buildDir, 'main.cjs'),
      FAKE_ELECTRON_APP_PATH: appPath,
      FAKE_ELECTRON_APPDATA: appData,
      FAKE_ELECTRON_DOCUMENTS: join(work, 'documents'),
      FAKE_ELECTRON_LOGS: join(appData, 'logs'),
      FAKE_ELECTRON_SAVE_TO: join(work, 'documents', 'saved-outcome.csv'),
      FAKE_ELECTRON_EXPORT_TO: join(work, 'documents', `exported-${scenario}.csv`),
      SECOND_PANEL: second.path,
      THIRD_PANEL: third.path,
      ...extraEnv,
    },
  });
  const line = run.stdout.split('\n').find((entry) => entry.startsWith('RESULT '));
  if (run.status !== 0 || !line) throw new Error(`main.cjs did not run (${scenario}):\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(line.slice('RESULT '.length)) as Record<string, any>;
}

beforeAll(async () => {
  await buildElectron({ quiet: true, outDir: buildDir });
  const appPath = join(work, 'app');
  mkdirSync(join(appPath, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>fake window</title>');
  writeFileSync(join(appPath, 'dist', 'secret.txt'), 'outside the build');
  writeFileSync(join(appPath, 'package.json'), '{}');
  mkdirSync(join(work, 'documents'));
  second = makeTempPanel(12);
  second.service.close();
  third = makeTempPanel(7);
  third.service.close();
  out = drive('full', appPath);
  launched = drive('launch-with-file', appPath);
  failed = drive('start-fails', appPath, { FAKE_ELECTRON_FAIL_PROTOCOL: 'The window files could not be read', FAKE_ELECTRON_KEEP_RUNNING_ON_EXIT: '1' });
}, 240_000);

afterAll(() => {
  second?.cleanup();
  third?.cleanup();
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
    expect(out.channels).toEqual(
      [...API_NAMES.map((name) => `modpanel:${name}`), 'modpanelHost:saveFile', 'modpanelHost:exportFile', 'modpanelHost:editText', 'modpanelHost:printToPdf'].sort(),
    );
    expect(out.getPanel).toEqual({ ok: true, people: 240, name: 'Demo panel: Policy Group SCS', fileName: 'demo.modpanel' });
    // The demo panel is not encrypted, and the title bar says so.
    expect(out.titles).toContain('Demo panel: Policy Group SCS — Not encrypted — Moderation Panel');
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
    expect(out.titleAfterSwitch).toBe('Electron test panel — Not encrypted — Moderation Panel');
    // Most recent first: the file:// URL opened after it (below), then this one, then the demo.
    expect(out.state.recentPanels[0]).toBe(third.path);
    expect(out.state.recentPanels[1]).toBe(second.path);
    expect(out.state.recentPanels[2]).toMatch(/demo\.modpanel$/);
    expect(out.state.window.bounds).toMatchObject({ width: 1400, height: 900 });
    expect(out.messageBoxes).toEqual([]);
  });

  it('keeps the panel file in its own process: the main process never loads SQLite', () => {
    expect(out.panelProcess.forks[0]).toBe('panel-process.cjs');
    expect(out.panelProcess.pid).toEqual(expect.any(Number));
    expect(out.panelProcess.pid).not.toBe(out.panelProcess.mainPid);
    expect(out.panelProcess.driverLoadedInMain).toEqual([]);
    // Nothing from db/ is even bundled into the main process.
    const map = JSON.parse(readFileSync(join(buildDir, 'main.cjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.filter((source) => /(^|\/)db\//.test(source))).toEqual([]);
    const panelMap = JSON.parse(readFileSync(join(buildDir, 'panel-process.cjs.map'), 'utf8')) as { sources: string[] };
    expect(panelMap.sources.some((source) => source.endsWith('db/service.ts'))).toBe(true);
  });

  it('saves an export from the panel process: the window gets its details, not its bytes', () => {
    expect(out.exportFile).toMatchObject({ ok: true, value: { savedTo: join(work, 'documents', 'exported-full.csv'), file: { mimeType: expect.stringContaining('csv') } } });
    expect(out.exportFile.value.file).not.toHaveProperty('bytesBase64');
    expect(out.exportFile.value.file.byteLength).toBeGreaterThan(1000);
    expect(out.exportDialog).toBe(join(work, 'documents', out.exportFile.value.file.fileName));
    expect(out.exportedHead).toMatch(/staff_id/i);
    expect(out.exportNotAnExport).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(out.exportOtherOrigin).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(out.exportInvalid).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('gives a text field its own undo when the Edit menu asks for it', () => {
    expect(out.editText).toEqual({ ok: true, value: null });
    expect(out.editTextBad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(out.edits).toEqual(['undo']);
  });

  it('opens a file:// URL from a Linux launcher as the file it names', () => {
    expect(out.afterFileUrl).toEqual({ people: 7, name: 'Electron test panel', fileName: 'test.modpanel' });
  });

  it('starts the panel process again when it stops unexpectedly, on the same panel', () => {
    expect(out.crashBox).toEqual(['The panel stopped unexpectedly']);
    expect(out.afterCrash).toEqual({ people: 7, name: 'Electron test panel', fileName: 'test.modpanel' });
  });

  it('closes the panel file cleanly before quitting', () => {
    expect(out.quit).toEqual({ prevented: true, quitCalls: 1 });
    expect(out.walAfterQuit).toBe(false);
  });

  it('opens the file macOS launched it with, and one opened with no window open', () => {
    expect(launched.first).toEqual({ people: 12, name: 'Electron test panel', fileName: 'test.modpanel' });
    expect(launched.second).toEqual({ people: 7, name: 'Electron test panel', fileName: 'test.modpanel' });
    expect(launched.secondTitle).toBe('Electron test panel — Not encrypted — Moderation Panel');
    expect(launched.messageBoxes).toEqual([]);
  });

  it('reports a failure to start in a dialog and a log, and exits', () => {
    expect(failed.exitCode).toBe(1);
    expect(failed.windows).toBe(0);
    expect(failed.errorBoxes).toEqual([
      { title: 'Moderation Panel could not start', content: expect.stringContaining('The window files could not be read') },
    ]);
    expect(failed.errorBoxes[0].content).toContain('startup.log');
    expect(failed.log).toContain('Moderation Panel could not start');
    expect(failed.log).toContain('The window files could not be read');
  });
});
