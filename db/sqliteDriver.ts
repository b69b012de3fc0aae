// Which entry of the SQLite driver (better-sqlite3-multiple-ciphers) to load. Under Node the package's own
// entry finds its prebuilt binary, telling glibc Linux from musl Linux by process.report's glibcVersionRuntime;
// inside Electron that detection has been reported to misdetect, and the packaged app ships only the glibc
// Linux binaries (electron-builder.yml: prebuilds/${platform}-*.node), so a wrong guess would fail to load.
// Electron runs on glibc only, so in Electron the app names the binary itself: the package's per-target entry
// (lib/linux-x64.js and its siblings) requires prebuilds/<target>.node by that exact path, with no detection —
// the same as passing that path as the driver's `nativeBinding` option to every connection, in one place.
// Plain Node (the CLI, the web host, the tests) keeps the package's default entry, unchanged.

export const SQLITE_DRIVER = 'better-sqlite3-multiple-ciphers';

/** The targets the package ships a prebuilt binary and an explicit entry for (its package.json "exports"). */
export const PREBUILT_TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'] as const;

export interface DriverRuntime {
  /** process.versions.electron: set in every Electron process (main, utility), absent under Node. */
  electron?: string | undefined;
  platform: string;
  arch: string;
}

const currentRuntime = (): DriverRuntime => ({ electron: process.versions.electron, platform: process.platform, arch: process.arch });

/** The module name to require: `better-sqlite3-multiple-ciphers`, or in Electron `…/linux-x64` (etc.). */
export function sqliteDriverModule(runtime: DriverRuntime = currentRuntime()): string {
  if (!runtime.electron) return SQLITE_DRIVER;
  const target = `${runtime.platform}-${runtime.arch}`;
  return (PREBUILT_TARGETS as readonly string[]).includes(target) ? `${SQLITE_DRIVER}/${target}` : SQLITE_DRIVER;
}
