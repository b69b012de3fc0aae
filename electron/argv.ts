// Which panel file the desktop app was asked to open: `--panel <file>`, `--panel=<file>`, or a bare
// `.modpanel` path or `file://` URL (how the OS passes a double-clicked file). Chromium switches are skipped.
// Linux launchers run the .desktop entry's `Exec=… %U`, and file managers then pass a `file://` URL
// (percent-encoded: `file:///home/pat/Policy%20panel.modpanel`), which must become that file's path, not a
// path relative to the working folder.

import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PANEL_EXTENSION = /\.modpanel$/i;

/**
 * An argument as a path on this computer: a `file:` URL decoded (null when it names another host or is not a
 * valid file URL, which cannot be opened here), anything else resolved against `cwd`.
 */
export function argumentPath(arg: string, cwd: string): string | null {
  if (/^file:/i.test(arg)) {
    try {
      return fileURLToPath(arg);
    } catch {
      return null;
    }
  }
  return isAbsolute(arg) ? arg : resolve(cwd, arg);
}

export function panelPathFromArgv(argv: readonly string[], cwd: string): string | null {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--panel') {
      const next = argv[index + 1];
      if (next && !next.startsWith('-')) return argumentPath(next, cwd);
      continue;
    }
    if (arg.startsWith('--panel=')) {
      const value = arg.slice('--panel='.length);
      if (value) return argumentPath(value, cwd);
      continue;
    }
  }
  // argv[0] is the executable (and in development argv[1] is the app folder), so only later arguments.
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    const path = argumentPath(arg, cwd);
    if (path !== null && PANEL_EXTENSION.test(path)) return path;
  }
  return null;
}
