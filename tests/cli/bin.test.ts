// The installed `modpanel` bin (cli/modpanel.mjs): it runs the prebuilt bundle, answers --help on any Node,
// re-runs under the pinned Node 22 only to open a panel, and that child never outlives it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { buildCli } from '../../scripts/build-cli.mjs';

const repo = resolve(__dirname, '../..');
const BIN = join(repo, 'cli/modpanel.mjs');
let dir: string;

/** A Node older than 22.12 outside node_modules (the system's Node on these machines), or null. */
function olderNode(): string | null {
  const candidates = [...(process.env.PATH ?? '').split(delimiter).filter((d) => !d.includes('node_modules')).map((d) => join(d, 'node')), '/usr/bin/node', '/usr/local/bin/node'];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    const [major, minor] = version.split('.').map(Number);
    if (major! < 22 || (major === 22 && minor! < 12)) return candidate;
  }
  return null;
}
const oldNode = olderNode();

/** Waits for a condition without timing anything: the test's own timeout is the limit. */
async function eventually(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolvePromise) => setTimeout(resolvePromise, 25));
}

/** Alive and not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^\d+ \(.*\) /, '').split(' ')[1] === String(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-bin-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the modpanel bin', () => {
  it('answers --help from the bundle', () => {
    const help = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/Usage: modpanel <command>/);
    expect(help).toMatch(/apply <panel> <changes\.csv\|xlsx>/);
  });

  it('rebuilds a bundle older than its sources before running it', () => {
    const bundle = join(repo, 'dist-cli/main.mjs');
    execFileSync(process.execPath, [BIN, '--help']);
    utimesSync(bundle, new Date(0), new Date(0));
    expect(execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' })).toMatch(/Usage: modpanel/);
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(0);
  });

  it('bundles the command without TypeScript at run time, and leaves exceljs to load on first use', async () => {
    const outDir = join(repo, '.tmp', `cli-bundle-${process.pid}`);
    try {
      const bundle = await buildCli({ quiet: true, outDir });
      const code = readFileSync(bundle, 'utf8');
      expect(code).not.toMatch(/from ["']tsx|tsImport/);
      expect(code).not.toMatch(/WorkbookReader\s*=\s*class|class WorkbookReader/);
      const inputs = JSON.parse(readFileSync(join(outDir, 'inputs.json'), 'utf8')) as string[];
      expect(inputs).toEqual(expect.arrayContaining(['cli/main.ts', 'cli/apply.ts', 'db/batchChanges.ts', 'db/service.ts']));
      expect(inputs.some((input) => input.includes('node_modules'))).toBe(false);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  describe.skipIf(oldNode === null)('started by an older Node', () => {
    it('answers --help itself and opens panels under the pinned Node, passing exit codes through', () => {
      const help = spawnSync(oldNode!, [BIN, '--help'], { encoding: 'utf8' });
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/Usage: modpanel <command>/);
      const panel = join(dir, 'demo.modpanel');
      expect(spawnSync(oldNode!, [BIN, 'demo', panel], { encoding: 'utf8' }).status).toBe(0);
      const list = spawnSync(oldNode!, [BIN, 'list', panel, '--json'], { encoding: 'utf8' });
      expect(list.status).toBe(0);
      expect((JSON.parse(list.stdout) as unknown[]).length).toBeGreaterThan(0);
      const missing = spawnSync(oldNode!, [BIN, 'list', join(dir, 'missing.modpanel')], { encoding: 'utf8' });
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/No panel file at/);
    });

    // A named pipe nobody writes to keeps the import (and so the child) waiting for as long as we like.
    it.skipIf(process.platform !== 'linux')('passes a signal on to the child, and the child dies with its parent', async () => {
      const fifo = join(dir, 'waiting.csv');
      spawnSync('mkfifo', [fifo]);
      for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
        const parent = spawn(oldNode!, [BIN, 'import', fifo, '--panel', join(dir, `never-${signal}.modpanel`)], { stdio: 'ignore' });
        const exited = new Promise<NodeJS.Signals | null>((resolvePromise) => parent.on('exit', (_code, received) => resolvePromise(received)));
        let child: number | undefined;
        await eventually(() => (child = childrenOf(parent.pid!)[0]) !== undefined);
        parent.kill(signal);
        expect(await exited).toBe(signal);
        await eventually(() => !running(child!));
        expect(running(child!)).toBe(false);
      }
    });
  });
});
