// How the packaged app meets the Linux desktop, checked with electron-builder's own code (an installer cannot
// be built here): the .desktop entry the AppImage and the deb carry — named after package.json's desktopName,
// matching the window's WM_CLASS, launching with %U (file:// URLs, handled by electron/argv.ts), declaring the
// .modpanel MIME type — and the shared-mime-info file the deb installs so file managers know *.modpanel. And
// that the files electron-builder packs include the SQLite binary the app names in Electron, unpacked.

import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREBUILT_TARGETS, sqliteDriverModule } from '../../db/sqliteDriver';

const repo = resolve(__dirname, '../..');
const require = createRequire(join(repo, 'package.json'));

interface FileAssociation {
  ext: string;
  name?: string;
  description?: string;
  mimeType?: string;
}
interface Config {
  productName: string;
  fileAssociations: FileAssociation[];
  files: (string | { filter: string[] })[];
  asarUnpack: string[];
  linux: Record<string, unknown> & { executableName: string; syncDesktopName?: boolean };
  electronVersion: string;
}

const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { desktopName?: string; description: string };
let config: Config;
let desktopEntry: string;
let desktopFileName: string;
let mimeXml: string;
const temp = mkdtempSync(join(tmpdir(), 'modpanel-desktop-'));

beforeAll(async () => {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig: (dir: string, path: string | null, extra: unknown) => Promise<Config>;
    validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  config = await getConfig(repo, join(repo, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));

  const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
    LinuxTargetHelper: new (packager: unknown) => {
      computeDesktopEntry(options: unknown): Promise<string>;
      getDesktopFileName(): string;
      mimeTypeFiles: Promise<string | null>;
    };
  };
  // The parts of electron-builder's LinuxPackager the helper reads, filled from the real configuration.
  let tempFiles = 0;
  const packager = {
    config,
    platformSpecificBuildOptions: config.linux,
    fileAssociations: config.fileAssociations,
    executableName: config.linux.executableName,
    appInfo: { productName: config.productName, sanitizedProductName: config.productName, description: pkg.description },
    info: { metadata: pkg },
    getTempFile: async (suffix: string) => join(temp, `${(tempFiles += 1)}${suffix}`),
  };
  const helper = new LinuxTargetHelper(packager);
  desktopEntry = await helper.computeDesktopEntry(config.linux);
  desktopFileName = helper.getDesktopFileName();
  mimeXml = readFileSync((await helper.mimeTypeFiles)!, 'utf8');
});

afterAll(() => rmSync(temp, { recursive: true, force: true }));

function entry(key: string): string | undefined {
  return desktopEntry.split('\n').find((line) => line.startsWith(`${key}=`))?.slice(key.length + 1);
}

describe('the Linux desktop entry (AppImage and deb)', () => {
  it('is named after desktopName, which is also the running window’s class', () => {
    expect(pkg.desktopName).toBe('uk.gov.moderationpanel.desktop');
    expect(config.linux.syncDesktopName).toBe(true);
    expect(desktopFileName).toBe('uk.gov.moderationpanel');
    expect(entry('StartupWMClass')).toBe('uk.gov.moderationpanel');
    expect(entry('Name')).toBe('Moderation Panel');
  });

  it('launches with %U, so a double-clicked file arrives as a file:// URL the app opens', () => {
    expect(entry('Exec')).toBe('"/opt/Moderation Panel/moderation-panel" %U');
  });

  it('declares the .modpanel MIME type, and the deb teaches it to the system', () => {
    expect(entry('MimeType')).toBe('application/x-modpanel;');
    expect(mimeXml).toContain('<mime-type type="application/x-modpanel">');
    expect(mimeXml).toContain('<glob pattern="*.modpanel"/>');
    expect(mimeXml).toContain('<comment>Moderation panel file</comment>');
  });

  it('files it under Office', () => {
    expect(entry('Categories')).toBe('Office;');
  });
});

describe('the SQLite binary the app names in Electron', () => {
  // electron-builder's own glob matcher (minimatch); its patterns apply in order, a `!` one excluding again.
  const loaded = require('minimatch') as ((path: string, pattern: string) => boolean) & { minimatch?: (path: string, pattern: string) => boolean };
  const minimatch = loaded.minimatch ?? loaded;
  const packed = (path: string, platform: string) => {
    const patterns = config.files
      .flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry as { filter: string[] }).filter))
      .map((pattern) => pattern.replace('${platform}', platform));
    let included = false;
    for (const pattern of patterns) {
      if (pattern.startsWith('!')) {
        if (minimatch(path, pattern.slice(1))) included = false;
      } else if (minimatch(path, pattern)) included = true;
    }
    return included;
  };

  it.each(PREBUILT_TARGETS.map((target) => [target]))('%s: its entry and binary are packed, the binary outside the archive', (target) => {
    const [platform, arch] = target.split('-') as [string, string];
    const module = sqliteDriverModule({ electron: config.electronVersion, platform, arch });
    expect(module).toBe(`better-sqlite3-multiple-ciphers/${target}`);
    const entryFile = `node_modules/better-sqlite3-multiple-ciphers/lib/${target}.js`;
    const binary = `node_modules/better-sqlite3-multiple-ciphers/prebuilds/${target}.node`;
    expect(packed(entryFile, platform)).toBe(true);
    expect(packed(binary, platform)).toBe(true);
    expect(config.asarUnpack.some((pattern) => minimatch(binary, pattern))).toBe(true);
  });

  it('packs the panel process beside the main process', () => {
    expect(packed('dist-electron/panel-process.cjs', 'linux')).toBe(true);
    expect(packed('dist-electron/panel-process.cjs.map', 'linux')).toBe(false);
  });
});
