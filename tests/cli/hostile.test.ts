// `modpanel` with hostile input and a reader that goes away: every failure is one readable line on stderr
// (no stack trace, no NUL byte, no megabyte cell), and a closed output pipe ends the command quietly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { modpanel } from './runModpanel';
import { ensureDemoPanel } from '../../db/demo';
import { workbookBytes } from '../import/workbookBytes';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-hostile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));


/** No stack frames, no control characters but line breaks, no line longer than a screenful or two. */
function expectReadable(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at .*:\d+/);
  // eslint-disable-next-line no-control-regex
  expect(stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  for (const line of stderr.split('\n')) expect(line.length).toBeLessThan(2_100);
}

describe('modpanel import of a hostile file', () => {
  it('a damaged workbook settles with one line naming the file, and no panel is created', async () => {
    const good = workbookBytes([['staff_id', 'name'], ['S1', 'Ada']]);
    const file = join(dir, 'damaged.xlsx');
    writeFileSync(file, good.subarray(0, good.length - 30));
    const panel = join(dir, 'damaged.modpanel');
    const result = await modpanel('import', file, '--panel', panel);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toMatch(/^damaged\.xlsx: expected a workbook Excel can open; this one is damaged or cut short \(it is not a complete zip archive\)$/);
    expectReadable(result.stderr);
    expect(existsSync(panel)).toBe(false);
  });

  it('a NUL byte and a megabyte cell are shown escaped and cut', async () => {
    const file = join(dir, 'nul.csv');
    writeFileSync(file, `staff_id,name,provisional_marking\nS1,Ada,Exc\u0000eeding\nS2,${'B'.repeat(1_000_000)},Achieving\n`);
    const result = await modpanel('import', file, '--panel', join(dir, 'nul.modpanel'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('value "Exc\\u0000eeding"');
    expect(result.stderr).toContain(`value "${'B'.repeat(80)}… (1,000,000 characters)"`);
    expectReadable(result.stderr);
  });

  it('an unexpected failure is one line, not a stack trace', async () => {
    const file = join(dir, 'ok.csv');
    writeFileSync(file, 'staff_id,name\nS1,Ada\n');
    const result = await modpanel('import', file, '--panel', join(dir, 'no-such-folder', 'p.modpanel'));
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expectReadable(result.stderr);
  });
});

describe('the modpanel bin writing into a closed pipe', () => {
  // Retried: tests/cli/bin.test.ts makes the shared bundle stale on purpose, and a bin started meanwhile rebuilds it.
  it('exits quietly with 0 when the reader stops reading (modpanel list --json | head)', { retry: 2, timeout: 30_000 }, async () => {
    const panel = join(dir, 'demo.modpanel');
    ensureDemoPanel(panel);
    const child = spawn(process.execPath, [resolve('cli/modpanel.mjs'), 'list', panel, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -c 100`: read the first chunk, then close the pipe.
    const closed = new Promise<number | null>((done) => child.on('close', (exitCode) => done(exitCode)));
    await Promise.race([new Promise<void>((done) => child.stdout.once('data', () => done())), closed]);
    child.stdout.destroy();
    const code = await closed;
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
