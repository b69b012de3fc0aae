// The same people imported from XLSX and from CSV, side by side in one run (`npx tsx bench/xlsxImport.ts`;
// `npm run bench` prints the whole-import figures in its table as xlsx_to_csv_ratio). Target: the XLSX import
// within 1.3× of the CSV one. Runs alternate so that drift on the machine falls on both alike; each figure
// is the median, with the process's CPU time beside the wall time (a busy machine stretches the wall time),
// each round's own ratio, and the machine's load average before and after (other work moves every figure).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { parseImportFile } from '../db/import';
import { ModerationService } from '../db/service';
import { generatePeople, peopleToCsv } from '../shared/sampleData';

const TARGET = 1.3;
const actor = { name: 'Bench', role: 'hr' as const };

interface Timing {
  wall_ms: number;
  cpu_ms: number;
}

async function timed(work: () => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { wall_ms: performance.now() - start, cpu_ms: (used.user + used.system) / 1000 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function writeWorkbook(path: string, csvPath: string, sharedStrings: boolean): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: sharedStrings });
  const sheet = writer.addWorksheet('People');
  for (const row of parse(readFileSync(csvPath, 'utf8')) as string[][]) sheet.addRow(row).commit();
  await writer.commit();
}

export interface XlsxImportFigures {
  people: number;
  repeats: number;
  /** Medians: parse only (reading and checking every row), and the whole import into a new panel file. */
  csv: { parse: Timing; import: Timing };
  xlsx_shared_strings: { parse: Timing; import: Timing };
  xlsx_inline_strings: { parse: Timing; import: Timing };
  ratios: { parse_wall: number; parse_cpu: number; import_wall: number; import_cpu: number; inline_import_wall: number; inline_import_cpu: number };
  /** Each round's whole-import ratios (XLSX with shared strings ÷ CSV, wall and CPU), in order. */
  rounds: { import_wall: number; import_cpu: number }[];
  cpus: number;
  /** 1-minute load average when the runs began and when they ended. */
  load_average: { before: number; after: number };
  target: number;
}

export async function benchXlsxImport(people: number, repeats: number, dir: string): Promise<XlsxImportFigures> {
  const csvPath = join(dir, `people-${people}.csv`);
  writeFileSync(csvPath, peopleToCsv(generatePeople(people, { seed: people })));
  const sstPath = join(dir, `people-${people}.xlsx`);
  const inlinePath = join(dir, `people-${people}-inline.xlsx`);
  await writeWorkbook(sstPath, csvPath, true);
  await writeWorkbook(inlinePath, csvPath, false);

  const files = { csv: csvPath, xlsx_shared_strings: sstPath, xlsx_inline_strings: inlinePath } as const;
  const loadBefore = loadavg()[0]!;
  const runs = Object.fromEntries(Object.keys(files).map((k) => [k, { parse: [] as Timing[], import: [] as Timing[] }])) as Record<keyof typeof files, { parse: Timing[]; import: Timing[] }>;
  let n = 0;
  for (let i = 0; i < repeats; i++) {
    for (const [kind, path] of Object.entries(files) as [keyof typeof files, string][]) {
      runs[kind].parse.push(await timed(() => parseImportFile(path, { cutoff: '2026-03-31' })));
      const target = join(dir, `import-${n++}.modpanel`);
      runs[kind].import.push(
        await timed(async () => {
          const service = ModerationService.create(target, { name: 'Bench', businessUnit: 'Bench', performanceYear: 2025 }, actor);
          const parsed = await parseImportFile(path, { cutoff: service.panel().eligibilityCutoff });
          if (parsed.errors.length > 0) throw new Error(`bench file invalid: ${parsed.errors[0]!.expected}`);
          service.applyImport(parsed, actor);
          service.close();
        }),
      );
      rmSync(target, { force: true });
    }
  }
  const mid = (timings: Timing[]): Timing => ({ wall_ms: Math.round(median(timings.map((t) => t.wall_ms))), cpu_ms: Math.round(median(timings.map((t) => t.cpu_ms))) });
  const figures = Object.fromEntries(Object.entries(runs).map(([kind, r]) => [kind, { parse: mid(r.parse), import: mid(r.import) }])) as Record<keyof typeof files, { parse: Timing; import: Timing }>;
  const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
  const rounds = runs.csv.import.map((csv, i) => ({
    import_wall: ratio(runs.xlsx_shared_strings.import[i]!.wall_ms, csv.wall_ms),
    import_cpu: ratio(runs.xlsx_shared_strings.import[i]!.cpu_ms, csv.cpu_ms),
  }));
  return {
    people,
    repeats,
    ...figures,
    ratios: {
      parse_wall: ratio(figures.xlsx_shared_strings.parse.wall_ms, figures.csv.parse.wall_ms),
      parse_cpu: ratio(figures.xlsx_shared_strings.parse.cpu_ms, figures.csv.parse.cpu_ms),
      import_wall: ratio(figures.xlsx_shared_strings.import.wall_ms, figures.csv.import.wall_ms),
      import_cpu: ratio(figures.xlsx_shared_strings.import.cpu_ms, figures.csv.import.cpu_ms),
      inline_import_wall: ratio(figures.xlsx_inline_strings.import.wall_ms, figures.csv.import.wall_ms),
      inline_import_cpu: ratio(figures.xlsx_inline_strings.import.cpu_ms, figures.csv.import.cpu_ms),
    },
    rounds,
    cpus: cpus().length,
    load_average: { before: Number(loadBefore.toFixed(1)), after: Number(loadavg()[0]!.toFixed(1)) },
    target: TARGET,
  };
}

export function printXlsxImportFigures(f: XlsxImportFigures): void {
  console.log(JSON.stringify({ xlsx_import: f }, null, 2));
  console.log(
    `\nXLSX import beside CSV, ${f.people.toLocaleString('en-GB')} people, medians of ${f.repeats} alternated runs (wall ms / CPU ms; ${f.cpus} CPUs, load average ${f.load_average.before.toFixed(1)} → ${f.load_average.after.toFixed(1)}):`,
  );
  console.table([
    { file: 'CSV', parse: `${f.csv.parse.wall_ms} / ${f.csv.parse.cpu_ms}`, import: `${f.csv.import.wall_ms} / ${f.csv.import.cpu_ms}` },
    { file: 'XLSX, shared strings (as Excel writes)', parse: `${f.xlsx_shared_strings.parse.wall_ms} / ${f.xlsx_shared_strings.parse.cpu_ms}`, import: `${f.xlsx_shared_strings.import.wall_ms} / ${f.xlsx_shared_strings.import.cpu_ms}` },
    { file: 'XLSX, inline strings', parse: `${f.xlsx_inline_strings.parse.wall_ms} / ${f.xlsx_inline_strings.parse.cpu_ms}`, import: `${f.xlsx_inline_strings.import.wall_ms} / ${f.xlsx_inline_strings.import.cpu_ms}` },
  ]);
  console.table([
    { figure: 'whole import, XLSX ÷ CSV (wall)', measured: `${f.ratios.import_wall}×`, target: `within ${f.target}×`, met: f.ratios.import_wall <= f.target },
    { figure: 'whole import, XLSX ÷ CSV (CPU)', measured: `${f.ratios.import_cpu}×`, target: `within ${f.target}×`, met: f.ratios.import_cpu <= f.target },
    {
      figure: 'each round, XLSX ÷ CSV (wall)',
      measured: `${f.rounds.map((r) => `${r.import_wall}×`).join(' ')} (median ${median(f.rounds.map((r) => r.import_wall))}×)`,
      target: '—',
      met: '—',
    },
    { figure: 'whole import, XLSX with inline strings ÷ CSV (wall / CPU)', measured: `${f.ratios.inline_import_wall}× / ${f.ratios.inline_import_cpu}×`, target: '—', met: '—' },
    { figure: 'reading and checking only, XLSX ÷ CSV (CPU)', measured: `${f.ratios.parse_cpu}×`, target: '—', met: '—' },
  ]);
}

// Alone: `npx tsx bench/xlsxImport.ts [people] [repeats]`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-xlsx-bench-'));
  try {
    printXlsxImportFigures(await benchXlsxImport(Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 3), dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
