// Which panel file the desktop app was asked to open: `--panel <file>`, `--panel=<file>`, or a bare
// `.modpanel` path (how the OS passes a double-clicked file). Chromium switches are skipped.

import { isAbsolute, resolve } from 'node:path';

const PANEL_EXTENSION = /\.modpanel$/i;

export function panelPathFromArgv(argv: readonly string[], cwd: string): string | null {
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--panel') {
      const next = argv[index + 1];
      if (next && !next.startsWith('-')) return absolute(next);
      continue;
    }
    if (arg.startsWith('--panel=')) {
      const value = arg.slice('--panel='.length);
      if (value) return absolute(value);
      continue;
    }
  }
  // argv[0] is the executable (and in development argv[1] is the app folder), so only later arguments.
  for (const arg of argv.slice(1)) {
    if (!arg.startsWith('-') && PANEL_EXTENSION.test(arg)) return absolute(arg);
  }
  return null;
}
