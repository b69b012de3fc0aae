// The finance partner's workbook in `npm run bench`: written, filled in (a tenth of the rows changed, not
// timed), read back and applied on a panel of 10,000 people, beside the floor measured in the same run: a
// plain exceljs workbook of the same rows and columns written and loaded back, with no styles, locks,
// validation or checks. Figures and a ratio only; nothing here asserts a time.

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { ModerationService } from '../db/service';
import { applyFinanceWorkbook, buildFinanceWorkbook, FINANCE_COLUMNS, readFinanceWorkbook } from '../db/workbooks/financeWorkbook';

export interface WorkbookBench {
  people: number;
  changed: number;
  write_ms: number;
  read_ms: number;
  apply_ms: number;
  round_trip_ms: number;
  floor_ms: number;
  ratio: number;
}

const since = (start: number) => performance.now() - start;

async function fillTenth(bytes: Uint8Array): Promise<{ bytes: Uint8Array; changed: number }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const sheet = workbook.getWorksheet('Finance')!;
  let changed = 0;
  sheet.eachRow((row, n) => {
    if (n === 1 || n % 10 !== 0) return;
    row.getCell(7).value = row.getCell(7).value === 'Met' ? 'Not assessed' : 'Met';
    row.getCell(8).value = 'Annotated in the bench';
    changed += 1;
  });
  return { bytes: new Uint8Array(await workbook.xlsx.writeBuffer()), changed };
}

/** The floor: the same rows in a bare workbook, written and loaded back. */
async function floor(rows: number): Promise<number> {
  const start = performance.now();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Finance');
  sheet.addRow(FINANCE_COLUMNS.map((c) => c.header));
  for (let i = 0; i < rows; i++) sheet.addRow([`S${i}`, `Person ${i}`, 'SCS1', 'Policy', 'Deputy Director', 'Achieving', 'Met', '']);
  const bytes = await workbook.xlsx.writeBuffer();
  await new ExcelJS.Workbook().xlsx.load(bytes);
  return since(start);
}

/** Runs on a copy of `panelPath`, so the panel other figures use is untouched. */
export async function benchWorkbookRoundTrip(panelPath: string, dir: string): Promise<WorkbookBench> {
  const copy = join(dir, 'workbook-bench.modpanel');
  copyFileSync(panelPath, copy);
  const service = ModerationService.open(copy);
  const actor = { name: 'Bench HR', role: 'hr' as const };
  try {
    let start = performance.now();
    const written = await buildFinanceWorkbook(service, actor);
    const writeMs = since(start);
    const filled = await fillTenth(written.bytes);
    start = performance.now();
    const parsed = await readFinanceWorkbook(service, 'bench-finance.xlsx', filled.bytes);
    const readMs = since(start);
    if (parsed.errors.length > 0) throw new Error(`bench workbook refused: ${parsed.errors[0]!.expected}`);
    start = performance.now();
    const summary = applyFinanceWorkbook(service, parsed, { name: 'Bench Finance', role: 'finance' });
    const applyMs = since(start);
    if (!summary.applied) throw new Error('bench workbook was not applied');
    const floorMs = await floor(written.people);
    const roundTrip = writeMs + readMs + applyMs;
    return {
      people: written.people,
      changed: summary.changes.length,
      write_ms: Math.round(writeMs),
      read_ms: Math.round(readMs),
      apply_ms: Math.round(applyMs),
      round_trip_ms: Math.round(roundTrip),
      floor_ms: Math.round(floorMs),
      ratio: Number((roundTrip / floorMs).toFixed(2)),
    };
  } finally {
    service.close();
  }
}
