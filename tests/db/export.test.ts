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
import { formatLocalTime } from '../../shared/auditWords';
import { readPreviousOutcome } from '../../db/previousYears';
import { createPanelApi } from '../../db/api';

const chair = { name: 'Pat Chair', role: 'chair' as const };
const hr = { name: 'Hana HR', role: 'hr' as const };
let dir: string;
let service: ModerationService;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-export-'));
  service = ModerationService.create(join(dir, 'p.modpanel'), { name: 'Export panel', businessUnit: 'Ops', performanceYear: 2025 }, hr);
  service.applyImport(
    parsed([
      record('E1', { name: '=HYPERLINK("http://evil")', provisionalMarking: 'Exceeding', jobWeight: 20 }),
      record('A1', { name: 'Ada Lovelace', jobWeight: 18 }),
      record('A2', { name: '+Plus Person', jobWeight: 10 }),
      record('P1', { name: 'Pip', provisionalMarking: 'Partially Met', poorPerformanceMeasures: true }),
      record('L1', { name: 'Late Joiner', csStartDate: '2026-03-01' }),
    ]),
    hr,
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
  const sheetRows = (workbook: ExcelJS.Workbook, name: string) =>
    (workbook.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Array.isArray).map((r) => r.slice(1));
  const load = async (bytes: Uint8Array) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    return workbook;
  };

  it('writes text as text: what was typed, with no apostrophe in front (a text cell is never run as a formula)', async () => {
    service.finalise(chair);
    const workbook = await load(await outcomeXlsx(service.panel(), outcomeRows(service.panel(), service.people()), service.audit()));
    const outcome = sheetRows(workbook, 'Outcome');
    expect(outcome[0]).toEqual([...OUTCOME_COLUMNS]);
    expect(outcome.map((r) => r[1])).toContain('=HYPERLINK("http://evil")');
    expect(outcome.map((r) => r[1])).toContain('+Plus Person');
    expect(outcome.find((r) => r[0] === 'A1')![OUTCOME_COLUMNS.indexOf('change_reason')]).toBe('-Delivered the reform early');
    // Every cell a string or a number: none is a formula.
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) => row.eachCell((cell) => expect(['string', 'number']).toContain(typeof cell.value)));
    }
  });

  it('has a Changes sheet in the words the window uses: when (local time and zone), who, the change, before and after, why', async () => {
    service.finalise(chair);
    const bytes = await outcomeXlsx(service.panel(), outcomeRows(service.panel(), service.people()), service.audit(), undefined, { timeZone: 'Europe/London' });
    const changes = sheetRows(await load(bytes), 'Changes');
    expect(changes[0]).toEqual(['When', 'By', 'Role', 'Change', 'Staff ID', 'Name', 'Before', 'After', 'Reason', 'Meeting']);
    const move = changes.find((r) => r[3] === 'Move')!;
    expect(move.slice(1, 9)).toEqual(['Pat Chair', 'Chair', 'Move', 'A1', 'Ada Lovelace', 'Achieving', 'High Performing', '-Delivered the reform early']);
    expect(move[0]).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} (GMT|BST)$/);
    expect(changes.find((r) => r[3] === 'Flag added')!.slice(4, 8)).toEqual(['A2', '+Plus Person', 'no Borderline up flag', 'Borderline up: @mention']);
    // No stored field name or action code reaches the sheet.
    expect(JSON.stringify(changes)).not.toMatch(/moderated_marking|finance_objective|"move"|"chair"/);
  });

  it('says what a re-import changed field by field in words, and who was removed', async () => {
    service.applyImport(
      parsed([
        record('E1', { name: '=HYPERLINK("http://evil")', provisionalMarking: 'Exceeding', jobWeight: 20, financeObjective: 'Not met' }),
        record('A1', { name: 'Ada Lovelace', jobWeight: 18, jobTitle: 'Chief Scientist' }),
        record('A2', { name: '+Plus Person', jobWeight: 10 }),
        record('P1', { name: 'Pip', provisionalMarking: 'Partially Met', poorPerformanceMeasures: true }),
      ]),
      { name: 'Hana HR', role: 'hr' },
      { removeMissing: true },
    );
    const changes = sheetRows(await load(await outcomeXlsx(service.panel(), outcomeRows(service.panel(), service.people()), service.audit())), 'Changes');
    const updates = changes.filter((r) => r[3] === 'Details updated').map((r) => [r[4], r[6], r[7]]);
    expect(updates).toContainEqual(['A1', 'Job title: Deputy Director', 'Job title: Chief Scientist']);
    expect(updates).toContainEqual(['E1', 'Finance objective: Met', 'Finance objective: Not met']);
    expect(changes.find((r) => r[3] === 'Person removed')!.slice(4, 8)).toEqual(['L1', '', 'In the panel', 'Removed from the panel']);
  });

  it('marks a draft on every sheet, above its header, and a finalised panel on none', async () => {
    const draft = await load(
      await outcomeXlsx(service.panel(), outcomeRows(service.panel(), service.people()), service.audit(), undefined, {
        timeZone: 'Europe/London',
        writtenAt: new Date('2026-12-02T14:05:00Z'),
      }),
    );
    expect(draft.worksheets.map((s) => s.name)).toEqual(['Outcome', 'Changes', 'Panel']);
    for (const sheet of draft.worksheets) {
      expect(sheet.getCell('A1').value).toBe('Draft — panel not finalised: the outcome may still change (exported 2 Dec 2026 14:05 GMT)');
      // The mark and the sheet's header both stay in view as it scrolls.
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: sheet.name === 'Panel' ? 1 : 2 });
    }
    expect(sheetRows(draft, 'Outcome')[1]).toEqual([...OUTCOME_COLUMNS]);
    expect(sheetRows(draft, 'Panel')).toContainEqual(['Status', 'Draft — panel not finalised']);

    // Read back as last year's outcome (modpanel import-previous), the mark is not taken for the header.
    const previous = await readPreviousOutcome('outcome.xlsx', new Uint8Array(await draft.xlsx.writeBuffer()));
    expect(previous.errors).toEqual([]);
    expect(previous.markings.get('A1')).toBe('High Performing');

    service.finalise(chair);
    const final = await load(await outcomeXlsx(service.panel(), outcomeRows(service.panel(), service.people()), service.audit()));
    for (const sheet of final.worksheets) expect(String(sheet.getCell('A1').value)).not.toMatch(/Draft/);
    expect(sheetRows(final, 'Panel')).toContainEqual(['Status', 'Finalised']);
  });
});

describe('a draft by its file name', () => {
  it('is called …-DRAFT-outcome until the panel is finalised, the CSV as much as the workbook', async () => {
    const api = createPanelApi({ service: () => service });
    const hr = { name: 'Hana HR', role: 'hr' as const };
    const names = async () => {
      const files = await Promise.all((['csv', 'xlsx'] as const).map((format) => api.exportOutcome({ actor: hr, format })));
      return files.map((file) => (file.ok ? file.value.fileName : file.error.message));
    };
    expect(await names()).toEqual(['Export-panel-DRAFT-outcome.csv', 'Export-panel-DRAFT-outcome.xlsx']);
    service.finalise(chair);
    expect(await names()).toEqual(['Export-panel-outcome.csv', 'Export-panel-outcome.xlsx']);
  });
});

describe('times in words', () => {
  it.each([
    ['2026-12-02T14:05:00Z', 'Europe/London', '2 Dec 2026 14:05 GMT'],
    ['2026-07-01T08:30:00Z', 'Europe/London', '1 Jul 2026 09:30 BST'],
    ['2026-12-02T14:05:00Z', 'UTC', '2 Dec 2026 14:05 UTC'],
    ['2026-12-02T00:05:00Z', 'Europe/Paris', '2 Dec 2026 01:05 CET'],
    ['not a time', 'UTC', 'not a time'],
  ])('%s in %s is "%s"', (iso, zone, words) => {
    expect(formatLocalTime(iso, zone)).toBe(words);
  });
});
