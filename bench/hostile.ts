// Hostile files at full size, for `npm run bench` (and alone: `tsx bench/hostile.ts`): the seeded fuzz corpus
// at full size, each attack the issue measured (corrupt workbooks, a zip bomb, millions of row errors, one
// staff id repeated down a large file) with its time and the process's peak memory, and the XLSX reader beside
// exceljs's streaming reader on the same workbook, side by side in the same run.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { IMPORT_LIMITS, parseImportBuffer } from '../db/import';
import { readFirstWorksheet } from '../db/import/xlsxReader';
import { generatePeople, peopleToCsv } from '../shared/sampleData';
import { checkCase, fuzzCorpus } from '../tests/import/fuzzCorpus';
import { workbookBytes, workbookParts, zipBytes } from '../tests/import/workbookBytes';

const FUZZ_SEED = Number(process.env.BENCH_FUZZ_SEED ?? 9);
const FUZZ_CASES = Number(process.env.BENCH_FUZZ_CASES ?? 3000);

/** Runs `work`, sampling the resident set size; returns the time and the peak above the start. */
async function measured(work: () => Promise<unknown>): Promise<{ ms: number; peak_rss_mb: number; outcome: unknown }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  const outcome = await work();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms: Math.round(ms), peak_rss_mb: Math.round((peak - start) / 1e6), outcome };
}

function firstProblem(parsed: Awaited<ReturnType<typeof parseImportBuffer>>): string {
  const cut = (text: string) => (text.length > 90 ? `${text.slice(0, 90)}…` : text);
  const first = parsed.errors[0]?.expected ?? 'no problem';
  const last = parsed.errors.length > 1 ? ` … last: ${cut(parsed.errors.at(-1)!.expected)}` : '';
  return `${parsed.errors.length} problem line(s): ${cut(first)}${last}`;
}

export interface HostileFigures {
  fuzz: { cases: number; seed: number; failures: string[]; ms: number };
  attacks: { attack: string; ms: number; peak_rss_mb: number; outcome: string }[];
  xlsx_reader: { rows: number; exceljs_ms: number; ours_ms: number; ratio: number } | null;
}

/** `xlsxPath`: a large workbook (the bench's 100k-person one) to read with both readers, or null. */
export async function benchHostileFiles(xlsxPath: string | null): Promise<HostileFigures> {
  const fuzzStart = performance.now();
  const failures: string[] = [];
  for (const fuzzCase of fuzzCorpus(FUZZ_SEED, FUZZ_CASES, 400)) {
    const wrong = await checkCase(fuzzCase);
    if (wrong !== null) failures.push(`${fuzzCase.name}: ${wrong}`);
  }
  const fuzz = { cases: FUZZ_CASES, seed: FUZZ_SEED, failures, ms: Math.round(performance.now() - fuzzStart) };

  const attacks: HostileFigures['attacks'] = [];
  const attack = async (name: string, fileName: string, bytes: () => Uint8Array) => {
    const data = bytes();
    const result = await measured(() => parseImportBuffer(fileName, data, { cutoff: '2026-01-01' }));
    attacks.push({ attack: name, ms: result.ms, peak_rss_mb: result.peak_rss_mb, outcome: firstProblem(result.outcome as Awaited<ReturnType<typeof parseImportBuffer>>) });
  };
  const good = workbookBytes([['staff_id', 'name'], ['S1', 'Ada']]);
  for (const cut of [0.25, 0.5, 0.9]) await attack(`workbook cut to ${cut * 100}%`, 'cut.xlsx', () => good.subarray(0, Math.floor(good.length * cut)));
  await attack('zip bomb: a sheet declared at 4.8 GB', 'bomb.xlsx', () =>
    zipBytes(workbookParts([['staff_id', 'name']]).map((p) => (p.name.includes('sheet1') ? { ...p, declaredSize: 0xffffffff } : p))),
  );
  await attack('zip bomb: 256 MB of one byte, honestly declared', 'bomb.xlsx', () =>
    zipBytes(workbookParts([['staff_id', 'name']]).map((p) => (p.name.includes('sheet1') ? { ...p, data: Buffer.alloc(256 * 1024 * 1024, 0x20) } : p))),
  );
  const header = 'staff_id,name,provisional_marking,q1_marking,q2_marking,q3_marking,mid_year_marking,job_weight,finance_objective,corporate_contribution,poor_performance_measures,in_year_payments,end_year_payment,cs_start_date,left_date,joined_department_date,q1_marking_x,age,date_of_birth,sex\n';
  await attack(`${IMPORT_LIMITS.rows.toLocaleString('en-GB')} rows, about 4 million row problems`, 'errors.csv', () =>
    Buffer.from(header + `,,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,\n`.repeat(IMPORT_LIMITS.rows)),
  );
  await attack('every row repeats one staff id (60 MB)', 'same.csv', () => {
    const row = 'S1,Same Person With A Fairly Long Name For Size,Achieving,Achieving,Achieving,Achieving,Achieving,1200,Met,yes,no,1,yes,2010-01-01,,,,,,Female\n';
    return Buffer.from(header + row.repeat(Math.floor((60 * 1024 * 1024) / row.length)));
  });
  await attack('three times the row limit (short rows)', 'rows.csv', () => {
    const rows: string[] = [];
    for (let i = 0; i < IMPORT_LIMITS.rows * 3; i++) rows.push(`${i},a`);
    return Buffer.from(`staff_id,name\n${rows.join('\n')}\n`);
  });

  let xlsxReader: HostileFigures['xlsx_reader'] = null;
  if (xlsxPath !== null) {
    const bytes = readFileSync(xlsxPath);
    let rows = 0;
    const ours = await measured(async () => {
      for await (const row of readFirstWorksheet(new Uint8Array(bytes))) rows += row.cells.length > 0 ? 1 : 0;
    });
    const theirs = await measured(async () => {
      const workbook = new ExcelJS.stream.xlsx.WorkbookReader(xlsxPath, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
      for await (const worksheet of workbook) for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) row.eachCell(() => undefined);
    });
    xlsxReader = { rows, exceljs_ms: theirs.ms, ours_ms: ours.ms, ratio: Number((ours.ms / theirs.ms).toFixed(2)) };
  }
  return { fuzz, attacks, xlsx_reader: xlsxReader };
}

export function printHostileFigures(figures: HostileFigures): void {
  console.log(JSON.stringify({ hostile_files: figures }, null, 2));
  console.log(`\nHostile files: the fuzz corpus (seed ${figures.fuzz.seed}, ${figures.fuzz.cases.toLocaleString('en-GB')} files) in ${figures.fuzz.ms} ms, ${figures.fuzz.failures.length} failing`);
  for (const failure of figures.fuzz.failures.slice(0, 20)) console.log(`  ${failure}`);
  console.table(figures.attacks);
  if (figures.xlsx_reader) {
    const x = figures.xlsx_reader;
    console.log(`XLSX reader, ${x.rows.toLocaleString('en-GB')} rows: ours (yauzl + the hand-written sheet scanner) ${x.ours_ms} ms ÷ exceljs streaming reader ${x.exceljs_ms} ms = ${x.ratio}×`);
  }
}

// Alone: `tsx bench/hostile.ts` builds a 100,000-person workbook to read side by side.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-hostile-bench-'));
  try {
    const csvPath = join(dir, 'people.csv');
    writeFileSync(csvPath, peopleToCsv(generatePeople(100_000, { seed: 100_000 })));
    const xlsxPath = join(dir, 'people.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxPath });
    const sheet = writer.addWorksheet('People');
    for (const row of parse(readFileSync(csvPath, 'utf8')) as string[][]) sheet.addRow(row).commit();
    await writer.commit();
    printHostileFigures(await benchHostileFiles(xlsxPath));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
