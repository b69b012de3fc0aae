// The outcome files HR sends on: what Excel will show, and nothing it would run as a formula.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ModerationService } from '../../db/service';
import { OUTCOME_COLUMNS, neutraliseCell, outcomeCsv, outcomeRows, outcomeXlsx } from '../../db/export';
import { parsed, record } from './helpers';

const chair = { name: 'Pat Chair', role: 'chair' as const };
let dir: string;
let service: ModerationService;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-export-'));
  service = ModerationService.create(join(dir, 'p.modpanel'), { name: 'Export panel', businessUnit: 'Ops', performanceYear: 2025 }, chair);
  service.applyImport(
    parsed([
      record('E1', { name: '=HYPERLINK("http://evil")', provisionalMarking: 'Exceeding', jobWeight: 20 }),
      record('A1', { name: 'Ada Lovelace', jobWeight: 18 }),
      record('A2', { name: '+Plus Person', jobWeight: 10 }),
      record('P1', { name: 'Pip', provisionalMarking: 'Partially Met', poorPerformanceMeasures: true }),
      record('L1', { name: 'Late Joiner', csStartDate: '2026-03-01' }),
    ]),
    chair,
  );
  service.move({ staffId: 'A1', to: 'High Performing', reason: '-Delivered the reform early' }, chair);
  service.flag('A2', 'borderline_up', '@mention', chair);
});

afterEach(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('formula injection', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+44 20', "'+44 20"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['\rCR', "'\rCR"],
    ['Plain text', 'Plain text'],
    ['Ann-Marie', 'Ann-Marie'],
  ])('%j → %j', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });
});

describe('CSV outcome', () => {
  it('opens in Excel as UTF-8 with the moderated outcome and reasons', () => {
    const csv = outcomeCsv(outcomeRows(service.panel(), service.people()));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...OUTCOME_COLUMNS]);
    const ada = rows.find((r) => r.staff_id === 'A1')!;
    expect(ada).toMatchObject({
      provisional_marking: 'Achieving',
      moderated_marking: 'High Performing',
      changed: 'Yes',
      change_reason: "'-Delivered the reform early",
      rank_in_box: '1',
      end_year_award: "At department's discretion",
      in_year_award: 'Eligible',
      panel: 'Export panel',
    });
    expect(rows.find((r) => r.staff_id === 'E1')!.name).toBe('\'=HYPERLINK("http://evil")');
    expect(rows.find((r) => r.staff_id === 'A2')!.flags).toBe("Borderline up: @mention");
    // Para 51: formal poor performance measures bar the in-year award; the framework sets no such end-year bar.
    expect(rows.find((r) => r.staff_id === 'P1')).toMatchObject({ end_year_award: 'Not eligible', in_year_award: 'Not eligible' });
    expect(rows.find((r) => r.staff_id === 'E1')).toMatchObject({ end_year_award: 'Eligible', in_year_award: 'Eligible' });
    expect(rows.find((r) => r.staff_id === 'L1')).toMatchObject({ moderated_marking: '', end_year_award: '', eligible: expect.stringMatching(/^No: Joined the Civil Service on or after the cut-off/) });
    for (const row of rows) for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('records when the panel was finalised', () => {
    service.finalise(chair);
    const rows = parse(outcomeCsv(outcomeRows(service.panel(), service.people())).slice(1), { columns: true }) as Record<string, string>[];
    expect(rows[0]!.finalised_at).toBe(service.panel().finalisedAt);
  });
});

describe('XLSX outcome', () => {
  it('has the outcome and a Changes sheet with who, when and why', async () => {
    const bytes = await outcomeXlsx(service.panel(), outcomeRows(service.panel(), service.people()), service.audit());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const outcome = workbook.getWorksheet('Outcome')!;
    expect(outcome.getRow(1).values).toEqual([undefined, ...OUTCOME_COLUMNS]);
    const names = (outcome.getColumn(2).values as unknown[]).slice(2);
    expect(names).toContain('\'=HYPERLINK("http://evil")');
    const changes = workbook.getWorksheet('Changes')!;
    const move = (changes.getSheetValues() as unknown[][]).find((r) => Array.isArray(r) && r[4] === 'move')!;
    expect(move.slice(2, 9)).toEqual(['Pat Chair', 'chair', 'move', 'A1', 'Achieving', 'High Performing', "'-Delivered the reform early"]);
  });
});
