// A desktop app that cannot start says so (electron/startupFailure.ts): a dialog naming the problem and where
// the details were written, the details in a log file, and an exit code — never a silent unhandled rejection.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reportStartFailure } from '../../electron/startupFailure';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('reportStartFailure', () => {
  it('shows the problem, keeps the details in the log, and exits with 1', () => {
    const folder = mkdtempSync(join(tmpdir(), 'modpanel-log-'));
    folders.push(folder);
    const logFile = join(folder, 'logs', 'startup.log');
    const boxes: { title: string; content: string }[] = [];
    const exits: number[] = [];
    reportStartFailure(
      new Error('The panel process could not be started'),
      { logFile, showErrorBox: (title, content) => boxes.push({ title, content }), exit: (code) => exits.push(code), now: () => new Date('2026-12-02T09:00:00Z'), stderr: () => undefined },
      'Moderation Panel',
    );
    expect(boxes).toEqual([
      { title: 'Moderation Panel could not start', content: `The panel process could not be started\n\nThe details were written to ${logFile}.` },
    ]);
    expect(exits).toEqual([1]);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('[2026-12-02T09:00:00.000Z] Moderation Panel could not start');
    expect(log).toContain('Error: The panel process could not be started');
    expect(log).toMatch(/at .*startupFailure\.test\.ts/);
  });

  it('still tells the user and exits when the log cannot be written', () => {
    const folder = mkdtempSync(join(tmpdir(), 'modpanel-log-'));
    folders.push(folder);
    // The log's folder is a file: nothing can be written there.
    writeFileSync(join(folder, 'logs'), 'not a folder');
    const boxes: string[] = [];
    const exits: number[] = [];
    reportStartFailure('no window files', { logFile: join(folder, 'logs', 'startup.log'), showErrorBox: (_t, content) => boxes.push(content), exit: (code) => exits.push(code), stderr: () => undefined }, 'Moderation Panel');
    expect(boxes).toEqual(['no window files']);
    expect(exits).toEqual([1]);
  });

  it('exits even if the dialog itself fails', () => {
    const exits: number[] = [];
    expect(() =>
      reportStartFailure(new Error('x'), { logFile: null, showErrorBox: () => { throw new Error('no display'); }, exit: (code) => exits.push(code), stderr: () => undefined }, 'Moderation Panel'),
    ).toThrow('no display');
    expect(exits).toEqual([1]);
  });
});
