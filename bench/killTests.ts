// Kill tests: SIGKILL a process while it writes a panel — during an import into a new panel, a re-import
// into an existing one, and a burst of moves — then open the file as the next user would and count what
// went wrong: a partial import, a damaged file, or a history that no longer matches the markings. Used by
// `npm run bench` at full size (hundreds of kills on 100k people) and by tests/db/killSafety.test.ts at a
// size CI can afford. Run alone with `npx tsx bench/killTests.ts [imports] [moves] [people]`.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generatePeople, peopleToCsv } from '../shared/sampleData';
import type { BoxMarking } from '../shared/domain';
import { ModerationService } from '../db/service';

const WORKER = resolve(fileURLToPath(new URL('./killWorker.ts', import.meta.url)));

export type KillMode = 'import-new' | 'import-existing' | 'moves';

export interface KillFigures {
  mode: KillMode;
  people: number;
  kills: number;
  /** Killed while writing (the others had finished before the signal). */
  killed_mid_write: number;
  finished_first: number;
  /** A panel holding part of an import (some people, or a mix of two files). */
  partial: number;
  /** A panel that would not open or failed its integrity check. */
  corrupt: number;
  /** A panel whose markings, annotations or flags differ from the replay of its audit log. */
  audit_mismatch: number;
  /** Hidden temporary files left beside the panel once the next import had run. */
  leftovers_after_next_run: number;
}

interface Outcome {
  killed: boolean;
  writingAt: number | null;
  endedAt: number;
}

function runWorker(args: string[], killAfterMs: number | null): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let writingAt: number | null = null;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (writingAt === null && chunk.toString().includes('writing')) {
        writingAt = performance.now();
        if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') return done({ killed: true, writingAt, endedAt: performance.now() });
      if (code !== 0) return fail(new Error(`kill-test worker ${args[0]} failed (${code}): ${stderr}`));
      done({ killed: false, writingAt, endedAt: performance.now() });
    });
  });
}

/** Kill delays spread over the write (with a little past its end), in a shuffled order. */
function delays(count: number, writeMs: number): number[] {
  const spread = Array.from({ length: count }, (_, i) => ((i + 0.5) / count) * writeMs * 1.05);
  let seed = 20261202;
  for (let i = spread.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [spread[i], spread[j]] = [spread[j]!, spread[i]!];
  }
  return spread;
}

function partials(folder: string): number {
  return readdirSync(folder).filter((name) => name.endsWith('.partial') || name.endsWith('.backup-partial')).length;
}

/** Opens the panel as the next user would; classifies what the kill left. */
function inspect(path: string, expectPeople: number | null): { corrupt: boolean; mismatch: boolean; people: number; imports: number; service: ModerationService | null } {
  let service: ModerationService;
  try {
    service = ModerationService.open(path, { program: 'cli' });
  } catch {
    return { corrupt: true, mismatch: false, people: 0, imports: 0, service: null };
  }
  const people = service.people().length;
  const mismatch = !service.verifyHistory().intact || (expectPeople !== null && people !== expectPeople);
  return { corrupt: false, mismatch, people, imports: service.audit({ action: 'import' }).length, service };
}

export async function runKillTests(options: { imports: number; moves: number; people: number; movePeople?: number; log?: (line: string) => void }): Promise<KillFigures[]> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-kill-'));
  try {
    const people = generatePeople(options.people, { seed: 99 });
    const fileA = join(dir, 'a.csv');
    const fileB = join(dir, 'b.csv');
    writeFileSync(fileA, peopleToCsv(people));
    // File B moves every seventh person's provisional marking: a re-import that changes a seventh of the panel.
    const changed = new Set<string>();
    const flip = (m: BoxMarking | null): BoxMarking | null => (m === 'Achieving' ? 'High Performing' : m === null ? null : 'Achieving');
    writeFileSync(
      fileB,
      peopleToCsv(
        people.map((p, i) => {
          if (i % 7 !== 0 || p.provisionalMarking === null) return p;
          changed.add(p.staffId);
          return { ...p, provisionalMarking: flip(p.provisionalMarking) };
        }),
      ),
    );
    const results: KillFigures[] = [];
    const newKills = Math.ceil(options.imports / 2);
    const existingKills = options.imports - newKills;

    // 1. A new panel: the file must not exist, or exist whole.
    {
      const target = join(dir, 'new.modpanel');
      const calibration = await runWorker(['import-new', fileA, target], null);
      const writeMs = calibration.endedAt - calibration.writingAt!;
      rmSync(target);
      const figures: KillFigures = { mode: 'import-new', people: options.people, kills: newKills, killed_mid_write: 0, finished_first: 0, partial: 0, corrupt: 0, audit_mismatch: 0, leftovers_after_next_run: 0 };
      for (const [i, delay] of delays(newKills, writeMs).entries()) {
        const outcome = await runWorker(['import-new', fileA, target], delay);
        if (outcome.killed) figures.killed_mid_write += 1;
        else figures.finished_first += 1;
        if (existsSync(target)) {
          const seen = inspect(target, options.people);
          seen.service?.close();
          if (seen.corrupt) figures.corrupt += 1;
          else if (seen.people !== options.people) figures.partial += 1;
          else if (seen.mismatch) figures.audit_mismatch += 1;
          rmSync(target);
        }
        log(`kill test: new panel ${i + 1}/${newKills}${outcome.killed ? ' (killed)' : ''}`);
      }
      await runWorker(['import-new', fileA, target], null);
      figures.leftovers_after_next_run = partials(dir);
      results.push(figures);
    }

    // 2. An existing panel re-imported: before or after, never a mix of the two files.
    {
      const panel = join(dir, 'new.modpanel');
      const figures: KillFigures = { mode: 'import-existing', people: options.people, kills: existingKills, killed_mid_write: 0, finished_first: 0, partial: 0, corrupt: 0, audit_mismatch: 0, leftovers_after_next_run: 0 };
      const calibration = await runWorker(['import-existing', fileB, panel], null);
      const writeMs = calibration.endedAt - calibration.writingAt!;
      let next = fileA;
      for (const [i, delay] of delays(existingKills, writeMs).entries()) {
        const outcome = await runWorker(['import-existing', next, panel], delay);
        if (outcome.killed) figures.killed_mid_write += 1;
        else figures.finished_first += 1;
        const seen = inspect(panel, options.people);
        if (seen.corrupt) figures.corrupt += 1;
        else {
          const fromB = seen.service!.people().filter((p) => changed.has(p.staffId) && p.provisionalMarking === flip(people.find((q) => q.staffId === p.staffId)!.provisionalMarking)).length;
          if (fromB !== 0 && fromB !== changed.size) figures.partial += 1;
          else if (seen.mismatch) figures.audit_mismatch += 1;
          // The next import goes the other way from wherever this one left the panel.
          next = fromB === 0 ? fileB : fileA;
        }
        seen.service?.close();
        log(`kill test: re-import ${i + 1}/${existingKills}${outcome.killed ? ' (killed)' : ''}`);
      }
      await runWorker(['import-existing', next, panel], null);
      figures.leftovers_after_next_run = partials(dir);
      results.push(figures);
    }

    // 3. A burst of moves: each move is whole, and the log matches the markings after any kill.
    {
      const movePeople = options.movePeople ?? options.people;
      const panel = join(dir, 'moves.modpanel');
      const csv = join(dir, 'moves.csv');
      writeFileSync(csv, peopleToCsv(generatePeople(movePeople, { seed: 7 })));
      await runWorker(['import-new', csv, panel], null);
      const burst = 200;
      const calibration = await runWorker(['moves', panel, String(burst)], null);
      const writeMs = calibration.endedAt - calibration.writingAt!;
      const figures: KillFigures = { mode: 'moves', people: movePeople, kills: options.moves, killed_mid_write: 0, finished_first: 0, partial: 0, corrupt: 0, audit_mismatch: 0, leftovers_after_next_run: 0 };
      for (const [i, delay] of delays(options.moves, writeMs).entries()) {
        const outcome = await runWorker(['moves', panel, String(burst)], delay);
        if (outcome.killed) figures.killed_mid_write += 1;
        else figures.finished_first += 1;
        const seen = inspect(panel, movePeople);
        seen.service?.close();
        if (seen.corrupt) figures.corrupt += 1;
        else if (seen.mismatch) figures.audit_mismatch += 1;
        log(`kill test: moves ${i + 1}/${options.moves}${outcome.killed ? ' (killed)' : ''}`);
      }
      results.push(figures);
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printKillFigures(figures: KillFigures[]): void {
  console.log(JSON.stringify({ kill_tests: figures }, null, 2));
  console.log('\nKill tests (SIGKILL while writing; each panel then opened as the next user would):');
  console.table(figures);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [imports = '60', moves = '200', people = '100000'] = process.argv.slice(2);
  runKillTests({ imports: Number(imports), moves: Number(moves), people: Number(people), movePeople: Math.min(Number(people), 10_000), log: (line) => process.stderr.write(`${line}\n`) })
    .then(printKillFigures)
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
