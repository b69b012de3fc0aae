// Export for the HR system (issue 8): an export mapping renames, reorders and maps values (Exceeding →
// "EXC"), writes dates in the system's format, and a bad mapping is refused naming its JSON path. Cells a
// spreadsheet would run as formulas are neutralised as the outcome export does.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { createPanelApi } from '../../db/api';
import { ExportMappingError, formatExportDate, mappedCsv, parseExportMappingJson, validateExportMapping } from '../../db/exportMapping';
import { outcomeRows } from '../../db/export';
import { CHAIR, HR, record, modpanel, tempPanelsForEachTest } from './helpers';

const panels = tempPanelsForEachTest();

const MAPPING = {
  columns: [
    { header: 'RATING', source: 'moderated_marking' },
    { header: 'EMP_NO', source: 'staff_id' },
    { header: 'PLAN', value: 'SCS 2025' },
    { header: 'LEFT', source: 'left_date' },
    { header: 'NOTE', source: 'change_reason' },
  ],
  values: { moderated_marking: { Exceeding: 'EXC', 'High Performing': 'HPF', Achieving: 'ACH', 'Partially Met': 'PTM' } },
  dateFormat: 'DD/MM/YYYY',
};

function people() {
  return [
    record('S1', { name: 'Ann Able', provisionalMarking: 'Achieving', leftDate: '2026-02-28' }),
    record('S2', { name: 'Ben Best', provisionalMarking: 'Partially Met' }),
    record('S3', { name: 'Cy Cole', provisionalMarking: 'Exceeding', corporateContribution: true }),
  ];
}

describe('the export mapping', () => {
  it('renames, reorders and maps values, with the date format, and neutralises formulas', () => {
    const service = panels.create('p.modpanel', people());
    service.move({ staffId: 'S2', to: 'Achieving', reason: '=HYPERLINK("http://x")' }, CHAIR);
    const mapping = validateExportMapping(MAPPING, 'hr.json');
    const text = mappedCsv(mapping, service.panel(), outcomeRows(service.panel(), service.people()));
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      'RATING,EMP_NO,PLAN,LEFT,NOTE',
      'EXC,S3,SCS 2025,,',
      'ACH,S1,SCS 2025,28/02/2026,',
      `ACH,S2,SCS 2025,,"'=HYPERLINK(""http://x"")"`,
      '',
    ]);
  });

  it('writes dates as HR systems ask', () => {
    expect(formatExportDate('2026-03-31', 'YYYYMMDD')).toBe('20260331');
    expect(formatExportDate('2026-03-31', 'DD-MON-YYYY')).toBe('31-MAR-2026');
    expect(formatExportDate('2026-03-05', 'D MMM YY')).toBe('5 Mar 26');
    expect(formatExportDate('2026-03-05', 'M/D/YYYY')).toBe('3/5/2026');
    expect(formatExportDate('', 'DD/MM/YYYY')).toBe('');
  });

  it('refuses a bad mapping, naming every problem by its JSON path', () => {
    const bad = {
      columns: [
        { header: 'RATING', source: 'moderated' },
        { header: 'EMP_NO' },
        { header: 'rating', source: 'staff_id' },
        { header: 'X', source: 'sex' },
      ],
      values: { colour: { Red: 'R' } },
      dateFormat: 'DD/MM',
      dateFormats: { staff_id: 'YYYY' },
      csv: { delimiter: '#' },
      extra: true,
    };
    let error: ExportMappingError | null = null;
    try {
      validateExportMapping(bad, '/somewhere/hr.json');
    } catch (e) {
      error = e as ExportMappingError;
    }
    expect(error).toBeInstanceOf(ExportMappingError);
    expect(error!.file).toBe('hr.json');
    const byPath = Object.fromEntries(error!.problems.map((p) => [p.path, p.message]));
    expect(byPath['']).toBe('only the sections description, columns, values, dateFormat, dateFormats, rows, csv and sheetName (found "extra")');
    expect(byPath['csv.delimiter']).toBe('one of "," ";" "|" or "\\t" (tab)');
    const again = validateOnly({ ...bad, extra: undefined, csv: undefined });
    expect(again).toEqual(
      expect.arrayContaining([
        { path: 'columns[0].source', message: '"moderated" is not an outcome column; did you mean moderated_marking?' },
        { path: 'columns[1]', message: 'a "source" (an outcome column) or a fixed "value"; this column has neither' },
        { path: 'columns[2].header', message: 'a header used once; columns[0] already writes "rating"' },
        { path: 'values.colour', message: expect.stringMatching(/^"colour" is not an outcome column; use one of staff_id, name, grade/) },
        { path: 'dateFormat', message: expect.stringMatching(/^"DD\/MM" is not a date format such as DD\/MM\/YYYY/) },
        { path: 'dateFormats.staff_id', message: 'a date format applies only to left_date and finalised_at, not staff_id' },
      ]),
    );
    // A protected characteristic is not an outcome column, so no mapping can export one.
    expect(again.find((p) => p.path === 'columns[3].source')!.message).toMatch(/^"sex" is not an outcome column/);
    expect(() => parseExportMappingJson('{ "columns": [', 'broken.json')).toThrow(/Export mapping broken\.json cannot be used:\n {2}- not valid JSON/);
  });

  it('ships an example that validates and documents every outcome column it uses', () => {
    const example = readFileSync(resolve('examples/export-mapping.example.json'), 'utf8');
    const mapping = parseExportMappingJson(example, 'export-mapping.example.json');
    const doc = readFileSync(resolve('docs/export-mapping.md'), 'utf8');
    for (const column of mapping.columns) if (column.source) expect(doc).toContain(`\`${column.source}\``);
  });

  it('is used by modpanel export --mapping and by the window’s export', async () => {
    const service = panels.create('p.modpanel', people());
    service.move({ staffId: 'S2', to: 'Achieving', reason: 'Delivered the plan' }, CHAIR);
    const api = createPanelApi({ service: () => service });
    const example = JSON.parse(readFileSync(resolve('examples/export-mapping.example.json'), 'utf8')) as unknown;

    const xlsx = await api.exportOutcome({ actor: HR, format: 'xlsx', mapping: example, mappingFileName: 'export-mapping.example.json' });
    expect(xlsx.ok).toBe(true);
    if (!xlsx.ok) return;
    // The panel is open, so the file name says it is a draft (docs/outcome-file.md).
    expect(xlsx.value.fileName).toBe('Policy-SCS-DRAFT-hr-upload.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.value.bytesBase64, 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['SCS ratings']);
    const rows = (workbook.worksheets[0]!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows[0]).toEqual(['PERSON_NUMBER', 'FULL_NAME', 'GRADE_CODE', 'REVIEW_PERIOD', 'RATING_MODEL', 'PERFORMANCE_RATING', 'RATING_CHANGED', 'END_YEAR_AWARD', 'IN_YEAR_AWARD', 'LEFT_CIVIL_SERVICE', 'EFFECTIVE_DATE']);
    expect(rows[1]!.slice(0, 9)).toEqual(['S3', 'Cy Cole', 'SCS1', '2025/26', 'SCS_PMF_2023', 'EXC', 'N', 'Y', 'Y']);
    expect(rows.find((r) => r[0] === 'S1')![9]).toBe('28-FEB-2026');

    const refused = await api.exportOutcome({ actor: HR, format: 'csv', mapping: { columns: [{ header: 'A', source: 'salary_band' }] }, mappingFileName: 'mine.json' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/^Export mapping mine\.json cannot be used:\n {2}- at columns\[0\]\.source: "salary_band" is not an outcome column; use one of staff_id, name, /);

    const path = service.path;
    service.close();
    const out = join(panels.dir, 'upload.dat');
    const cli = await modpanel('export', path, out, '--mapping', resolve('examples/export-mapping.example.json'));
    expect(cli.code).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toBe('PERSON_NUMBER|FULL_NAME|GRADE_CODE|REVIEW_PERIOD|RATING_MODEL|PERFORMANCE_RATING|RATING_CHANGED|END_YEAR_AWARD|IN_YEAR_AWARD|LEFT_CIVIL_SERVICE|EFFECTIVE_DATE');
    expect(lines).toContain('S2|Ben Best|SCS1|2025/26|SCS_PMF_2023|ACH|Y|N|Y||');

    const badFile = join(panels.dir, 'bad.json');
    writeFileSync(badFile, JSON.stringify({ columns: [{ header: 'RATING', source: 'moderated_markng' }] }));
    const refusedCli = await modpanel('export', path, join(panels.dir, 'x.csv'), '--mapping', badFile);
    expect(refusedCli.code).toBe(1);
    expect(refusedCli.stderr).toBe('modpanel: Export mapping bad.json cannot be used:\n  - at columns[0].source: "moderated_markng" is not an outcome column; did you mean moderated_marking?');
  });
});

function validateOnly(json: unknown): { path: string; message: string }[] {
  try {
    validateExportMapping(json, 'm.json');
    return [];
  } catch (error) {
    return [...(error as ExportMappingError).problems];
  }
}
