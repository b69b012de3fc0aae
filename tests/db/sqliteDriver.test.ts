// Which SQLite driver entry loads (db/sqliteDriver.ts): under Node the package's own entry (unchanged); in
// Electron the per-target entry that requires its prebuilt binary by name, with no glibc/musl detection; and
// the packaged app ships that entry and binary, with the binary outside the asar archive.

import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PREBUILT_TARGETS, SQLITE_DRIVER, sqliteDriverModule } from '../../db/sqliteDriver';

const repo = resolve(__dirname, '../..');
const require = createRequire(join(repo, 'package.json'));
const driverFolder = dirname(require.resolve(`${SQLITE_DRIVER}/package.json`));

describe('sqliteDriverModule', () => {
  it('keeps the package’s own entry under Node', () => {
    expect(sqliteDriverModule({ platform: 'linux', arch: 'x64' })).toBe(SQLITE_DRIVER);
    expect(sqliteDriverModule({ electron: undefined, platform: 'darwin', arch: 'arm64' })).toBe(SQLITE_DRIVER);
    // This very process is Node, not Electron.
    expect(sqliteDriverModule()).toBe(SQLITE_DRIVER);
  });

  it.each([
    ['linux', 'x64', `${SQLITE_DRIVER}/linux-x64`],
    ['linux', 'arm64', `${SQLITE_DRIVER}/linux-arm64`],
    ['darwin', 'arm64', `${SQLITE_DRIVER}/darwin-arm64`],
    ['win32', 'x64', `${SQLITE_DRIVER}/win32-x64`],
  ])('names the %s-%s binary in Electron', (platform, arch, expected) => {
    expect(sqliteDriverModule({ electron: '45.5.0', platform, arch })).toBe(expected);
  });

  it('falls back to the package’s entry for a target it ships no binary for', () => {
    expect(sqliteDriverModule({ electron: '45.5.0', platform: 'linux', arch: 'ia32' })).toBe(SQLITE_DRIVER);
  });

  it('every named entry is one the package exports, requiring its binary by path (no detection)', () => {
    const pkg = JSON.parse(readFileSync(join(driverFolder, 'package.json'), 'utf8')) as { exports: Record<string, string> };
    for (const target of PREBUILT_TARGETS) {
      const entry = pkg.exports[`./${target}`];
      expect(entry, target).toBe(`./lib/${target}.js`);
      const code = readFileSync(join(driverFolder, entry!), 'utf8');
      expect(code).toContain(`require('../prebuilds/${target}.node')`);
      expect(code).not.toContain('glibcVersionRuntime');
      expect(existsSync(join(driverFolder, 'prebuilds', `${target}.node`)), target).toBe(true);
    }
  });

  it('the explicit entry for this machine opens a database like the default one', () => {
    const target = `${process.platform}-${process.arch}`;
    if (!(PREBUILT_TARGETS as readonly string[]).includes(target)) return;
    const Database = require(`${SQLITE_DRIVER}/${target}`) as new (path: string) => { prepare(sql: string): { get(): unknown }; close(): void };
    const db = new Database(':memory:');
    expect(db.prepare("SELECT sqlite_version() AS version, 'ok' AS status").get()).toMatchObject({ status: 'ok' });
    db.close();
  });
});
