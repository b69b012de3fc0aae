// When the desktop app cannot start (the window's files missing, the panel process failing to spawn, a broken
// install), the user is told in a dialog and the details are kept in a log file they can send to support,
// rather than the app vanishing with an unhandled rejection. No Electron import, so it is unit-tested.

import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface StartFailureReporter {
  /** Where the details are appended (Electron's logs folder), or null when it is not known. */
  logFile: string | null;
  /** dialog.showErrorBox: safe to call before the app is ready (on Linux it then writes to stderr). */
  showErrorBox(title: string, content: string): void;
  /** app.exit: ends the app with this code. */
  exit(code: number): void;
  now?: () => Date;
  /** Where the details are also written for whoever started the app from a terminal (default: stderr). */
  stderr?: (text: string) => void;
}

function describe(error: unknown): { message: string; detail: string } {
  if (error instanceof Error) return { message: error.message, detail: error.stack ?? `${error.name}: ${error.message}` };
  return { message: String(error), detail: String(error) };
}

/** Writes the failure to the log (and stderr), tells the user, and exits with 1. */
export function reportStartFailure(error: unknown, reporter: StartFailureReporter, productName: string): void {
  const { message, detail } = describe(error);
  const when = (reporter.now?.() ?? new Date()).toISOString();
  const entry = `[${when}] ${productName} could not start\n${detail}\n\n`;
  let loggedTo: string | null = null;
  if (reporter.logFile) {
    try {
      mkdirSync(dirname(reporter.logFile), { recursive: true });
      appendFileSync(reporter.logFile, entry);
      loggedTo = reporter.logFile;
    } catch {
      loggedTo = null;
    }
  }
  (reporter.stderr ?? ((text: string) => process.stderr.write(text)))(entry);
  const where = loggedTo ? `\n\nThe details were written to ${loggedTo}.` : '';
  try {
    reporter.showErrorBox(`${productName} could not start`, `${message}${where}`);
  } finally {
    reporter.exit(1);
  }
}
