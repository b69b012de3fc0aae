// electron-builder.yml is checked against electron-builder's own schema (an installer cannot be built
// here), and against what the desktop app relies on: the bundles, the unpacked native driver, the file
// association, the security fuses and an Electron version matching the one in package.json.

import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(__dirname, '../..');
const require = createRequire(join(repo, 'package.json'));

interface BuilderConfig {
  appId: string;
  productName: string;
  electronVersion: string;
  extraMetadata?: { main?: string };
  files: (string | { filter: string[] })[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  fileAssociations: { ext: string; name: string; role?: string }[];
  electronFuses: Record<string, boolean>;
  directories: { buildResources: string; output: string };
  linux: { target: string[]; icon: string };
  win: { target: string[] };
  mac: { target: string[]; entitlements: string };
}

let loaded: Promise<BuilderConfig> | null = null;
function loadConfig(): Promise<BuilderConfig> {
  loaded ??= readConfig();
  return loaded;
}

async function readConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig: (dir: string, path: string | null, extra: unknown) => Promise<BuilderConfig>;
    validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(repo, join(repo, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema', async () => {
    await expect(loadConfig()).resolves.toMatchObject({ appId: 'uk.gov.moderationpanel', productName: 'Moderation Panel' });
  });

  it('a misspelt option would be caught by the same check', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration({ electronFuses: { runAsNodee: false } }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object[\s\S]*electronFuses/);
  });

  it('packs the bundles and unpacks the native SQLite driver', async () => {
    const config = await loadConfig();
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist-electron/main.cjs');
    expect(config.extraMetadata?.main).toBe(pkg.main);
    const files = config.files.flatMap((entry) => (typeof entry === 'string' ? [entry] : entry.filter));
    expect(files).toEqual(expect.arrayContaining(['dist/renderer/**/*', 'dist-electron/**/*', 'package.json']));
    // Everything else is bundled into main.cjs: only the driver ships, with just this platform's binaries.
    expect(files).toEqual(expect.arrayContaining(['!node_modules/**/*', 'node_modules/better-sqlite3-multiple-ciphers/prebuilds/${platform}-*.node']));
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3-multiple-ciphers/prebuilds/**');
    expect(config.npmRebuild).toBe(false);
  });

  it('opens .modpanel files and targets every desktop', async () => {
    const config = await loadConfig();
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'modpanel', name: 'Moderation panel' })]);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.directories.buildResources).toBe('build');
    expect(existsSync(join(repo, config.linux.icon))).toBe(true);
    expect(existsSync(join(repo, config.mac.entitlements))).toBe(true);
  });

  it('burns in the security fuses', async () => {
    const config = await loadConfig();
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('pins the same Electron version package.json installs', async () => {
    const config = await loadConfig();
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const range = pkg.devDependencies.electron ?? '';
    expect(range.replace(/^\^/, '').split('.')[0]).toBe(config.electronVersion.split('.')[0]);
    const installed = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(config.electronVersion);
  });

  it('ships an icon big enough for every platform', () => {
    const png = readFileSync(join(repo, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(png.readUInt32BE(20)).toBe(png.readUInt32BE(16));
  });
});
