// The command line in `npm run bench`: how fast `modpanel` starts beside a bare Node, a whole `modpanel
// import` process beside the floor, where that import's time goes, and one `modpanel apply` of 10,000
// changes beside the same changes made one `modpanel` process at a time. Everything is measured side by
// side in the same run, as figures and ratios; nothing here asserts a time.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ModerationService } from '../db/service';
import { parseImportFile } from '../db/import';
import { openCsv } from '../db/import/csvReader';
import { decodeText } from '../db/import/decodeText';
import { defaultEligibilityCutoff } from '../shared/rules';
import { createPanelWithImport } from '../db/newPanel';
import { BOX_MARKINGS } from '../shared/domain';

const BIN = resolve('cli/modpanel.mjs');
const BUNDLE = resolve('dist-cli/main.mjs');
export const CLI_TARGETS = { startupRatio: 4, importRatio: 1.5, apply10kMs: 10_000 };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The `node` a user's shell finds (PATH without node_modules, where npm puts the pinned Node 22). */
export function systemNode(): string {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder === '' || folder.includes('node_modules')) continue;
    const candidate = join(folder, 'node');
    if (existsSync(candidate)) return candidate;
  }
  return process.execPath;
}

function run(command: string, args: string[]): number {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr}`);
  return ms;
}

export interface StartupResult {
  node: string;
  node_version: string;
  bare_node_ms: number;
  modpanel_help_ms: number;
  ratio: number;
  pinned_bare_node_ms: number;
  pinned_modpanel_help_ms: number;
  pinned_ratio: number;
}

/** `node cli/modpanel.mjs --help` beside `node -e 0`, alternated, with the system's Node and the pinned one. */
export function benchStartup(rounds = 15): StartupResult {
  const node = systemNode();
  run(process.execPath, [BIN, '--help']); // builds the bundle if it is stale, outside the timing
  const measure = (binary: string) => {
    const bare: number[] = [];
    const help: number[] = [];
    for (let i = 0; i < rounds; i++) {
      bare.push(run(binary, ['-e', '0']));
      help.push(run(binary, [BIN, '--help']));
    }
    return { bare: median(bare), help: median(help) };
  };
  const system = measure(node);
  const pinned = measure(process.execPath);
  return {
    node,
    node_version: spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim(),
    bare_node_ms: Math.round(system.bare),
    modpanel_help_ms: Math.round(system.help),
    ratio: Number((system.help / system.bare).toFixed(2)),
    pinned_bare_node_ms: Math.round(pinned.bare),
    pinned_modpanel_help_ms: Math.round(pinned.help),
    pinned_ratio: Number((pinned.help / pinned.bare).toFixed(2)),
  };
}

export interface CliImportResult {
  people: number;
  /** Alternated rounds: the floor, then a whole `modpanel import` process, each round. */
  rounds: number;
  cli_import_ms: number;
  floor_ms: number;
  /** Median process ÷ median floor: the figure beside the target. */
  ratio: number;
  /** Each round's process ÷ that round's floor, measured back to back, so less at the mercy of other load. */
  round_ratios: number[];
  median_round_ratio: number;
  /** CPU time (user + system, every thread), which other work on the machine barely changes; null off Linux. */
  cli_cpu_ms: number | null;
  floor_cpu_ms: number;
  cpu_ratio: number | null;
  /** Where a whole `modpanel import` process spends its time, measured phase by phase in this process. */
  phases_ms: Record<string, number>;
}

/** CPU time of this process's finished children, from /proc (Linux; clock ticks of 10 ms). Null elsewhere. */
function childrenCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of the file (cutime, cstime); this list starts at field 3.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/**
 * A whole `modpanel import` process (new panel, file applied) beside the floor, alternated for at least
 * seven rounds: the machine may be shared, and a median of back-to-back pairs is what stays steady.
 */
export async function benchCliImport(
  csvPath: string,
  people: number,
  dir: string,
  floorImport: (csvPath: string, dbPath: string) => void,
  repeats: number,
): Promise<CliImportResult> {
  const rounds = Math.max(repeats, 7);
  const cli: number[] = [];
  const floor: number[] = [];
  const cliCpu: number[] = [];
  const floorCpu: number[] = [];
  // The bin rebuilds its bundle when a source file is newer; on a tree being edited that would land inside a
  // round, so the bundle is brought up to date first, and a round in which it was rebuilt is measured again.
  run(process.execPath, [BIN, '--help']);
  const bundleBuiltAt = () => (existsSync(BUNDLE) ? statSync(BUNDLE).mtimeMs : 0);
  for (let attempt = 0; cli.length < rounds; attempt++) {
    const floorStart = performance.now();
    const floorCpuStart = cpuMs();
    const floorDb = join(dir, `cli-floor-${attempt}.db`);
    floorImport(csvPath, floorDb);
    const floorRound = [performance.now() - floorStart, cpuMs() - floorCpuStart] as const;
    const builtAt = bundleBuiltAt();
    const childCpuStart = childrenCpuMs();
    const panel = join(dir, `cli-import-${attempt}.modpanel`);
    const cliMs = run(process.execPath, [BIN, 'import', csvPath, '--panel', panel, '--name', 'Bench', '--year', '2025']);
    const childCpuEnd = childrenCpuMs();
    for (const file of [floorDb, panel]) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    if (bundleBuiltAt() !== builtAt && attempt < rounds * 2) continue;
    floor.push(floorRound[0]);
    floorCpu.push(floorRound[1]);
    cli.push(cliMs);
    if (childCpuStart !== null && childCpuEnd !== null) cliCpu.push(childCpuEnd - childCpuStart);
  }
  const roundRatios = cli.map((ms, i) => Number((ms / floor[i]!).toFixed(2)));
  const cliCpuMs = cliCpu.length === rounds ? median(cliCpu) : null;
  return {
    people,
    rounds,
    cli_import_ms: Math.round(median(cli)),
    floor_ms: Math.round(median(floor)),
    ratio: Number((median(cli) / median(floor)).toFixed(2)),
    round_ratios: roundRatios,
    median_round_ratio: median(roundRatios),
    cli_cpu_ms: cliCpuMs === null ? null : Math.round(cliCpuMs),
    floor_cpu_ms: Math.round(median(floorCpu)),
    cpu_ratio: cliCpuMs === null ? null : Number((cliCpuMs / median(floorCpu)).toFixed(2)),
    phases_ms: await importPhases(csvPath, dir, median(cli)),
  };
}

/**
 * The same import taken apart in this process, as the command runs it (parseImportFile, then
 * createPanelWithImport): reading the file phase by phase, and inside the import the phases db/importApply.ts
 * marks ("import: …" performance measures). What is left of the whole process is start-up's own work
 * beyond `--help`, garbage collection between phases, and exit.
 */
async function importPhases(csvPath: string, dir: string, wholeProcessMs: number): Promise<Record<string, number>> {
  const timed = async <T>(work: () => T | Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const result = await work();
    return [result, performance.now() - start];
  };
  const startup = median([0, 1, 2].map(() => run(process.execPath, [BIN, '--help'])));
  const cutoff = defaultEligibilityCutoff(2025);
  const [bytes, readMs] = await timed(() => readFileSync(csvPath));
  const [text, decodeMs] = await timed(() => decodeText(bytes).text);
  const [, csvMs] = await timed(() => {
    const rows = openCsv(text);
    while (rows.next() !== null);
  });
  const [parsed, parseMs] = await timed(() => parseImportFile(csvPath, { cutoff }));
  performance.clearMeasures();
  const [made, createMs] = await timed(() =>
    createPanelWithImport(join(dir, 'phases.modpanel'), { name: 'Bench', businessUnit: 'Bench', performanceYear: 2025 }, parsed, { name: 'Bench', role: 'hr' }, { program: 'cli' }),
  );
  if (made.summary.added.length !== parsed.records.length) throw new Error('the phases import did not add everyone');
  const inside = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('import: '));
  const insideMs = inside.reduce((sum, m) => sum + m.duration, 0);
  const phases: [string, number][] = [
    ['start-up (modpanel --help, Node included)', startup],
    ['read file', readMs],
    ['decode text', decodeMs],
    ['read CSV rows (the scanner; csv-parse for unusual files)', csvMs],
    ['build and validate records', parseMs - readMs - decodeMs - csvMs],
    ...inside.map((m): [string, number] => [m.name, m.duration]),
    ['make the panel file, commit, checkpoint, flush to disk, move into place', createMs - insideMs],
  ];
  const accounted = phases.reduce((sum, [, ms]) => sum + ms, 0);
  phases.push(['unaccounted (garbage collection, process exit, noise)', wholeProcessMs - accounted]);
  return Object.fromEntries(phases.map(([name, ms]) => [name, Math.round(ms)]));
}

/** The import figures beyond the target row: each round, CPU time, and where the time goes. */
export function printCliImportFigures(result: CliImportResult): void {
  console.log(
    `Whole modpanel import ÷ floor, ${result.rounds} alternated rounds: ${result.round_ratios.map((r) => `${r}×`).join(', ')} (median ${result.median_round_ratio}×)`,
  );
  if (result.cpu_ratio !== null) {
    console.log(`CPU time (user + system): ${result.cli_cpu_ms} ms ÷ ${result.floor_cpu_ms} ms = ${result.cpu_ratio}× (what other load on the machine barely moves)`);
  }
  console.log(`Where a whole modpanel import of ${result.people.toLocaleString('en-GB')} rows spends its time (ms):`);
  console.table(result.phases_ms);
}

export interface ApplyResult {
  panel_people: number;
  changes: number;
  apply_ms: number;
  per_change_ms: number;
  /** One `modpanel flag` process, the way a script would record changes one at a time. */
  one_change_process_ms: number;
  one_at_a_time_estimate_ms: number;
  one_at_a_time_to_batch_ratio: number;
}

/** 10,000 changes the rules allow (moves down with reasons, flags, notes, reorders: the chair's own list) as one `modpanel apply`. */
export function benchApply(panelPath: string, dir: string, count = 10_000): ApplyResult {
  const service = ModerationService.open(panelPath);
  const people = service.people().filter((p) => p.eligible && p.moderatedMarking !== null);
  service.close();
  const lines = ['staff_id,action,value,reason,text'];
  for (let i = 0; i < count; i++) {
    const person = people[(i * 7919) % people.length]!;
    switch (i % 4) {
      case 0: {
        // Down one box, or up to Achieving from Partially Met: never against the finance rule.
        const index = BOX_MARKINGS.indexOf(person.moderatedMarking!);
        let to = BOX_MARKINGS[index === 3 ? 2 : index + 1]!;
        if (person.financeObjective === 'Not met' && index < 2) to = 'Achieving';
        lines.push(`${person.staffId},move,${to},Bench batch ${i},`);
        break;
      }
      case 1:
        lines.push(`${person.staffId},flag,borderline_down,,Bench ${i}`);
        break;
      case 2:
        lines.push(`${person.staffId},note,,,Bench note ${i}`);
        break;
      default:
        // Finance annotations are the finance partner's, not in the chair's list (issue 9): a reorder instead.
        lines.push(`${person.staffId},reorder,top,,`);
    }
  }
  const changes = join(dir, 'changes-10k.csv');
  writeFileSync(changes, `${lines.join('\n')}\n`);
  const singles = [0, 1, 2, 3, 4].map((i) => run(process.execPath, [BIN, 'flag', panelPath, people[i]!.staffId, 'discuss', '--actor', 'Bench', '--role', 'chair']));
  const applyMs = run(process.execPath, [BIN, 'apply', panelPath, changes, '--actor', 'Bench', '--role', 'chair']);
  rmSync(changes, { force: true });
  const single = median(singles);
  return {
    panel_people: people.length,
    changes: count,
    apply_ms: Math.round(applyMs),
    per_change_ms: Number((applyMs / count).toFixed(3)),
    one_change_process_ms: Math.round(single),
    one_at_a_time_estimate_ms: Math.round(single * count),
    one_at_a_time_to_batch_ratio: Number(((single * count) / applyMs).toFixed(1)),
  };
}
