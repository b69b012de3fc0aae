// The importer on the two public HR datasets in shared/data (beside the repository), through the
// example mapping files.
// Expected counts are worked out here from the raw text by a different route (plain string splitting).

import { readFileSync } from 'node:fs';
import { sharedDataDir } from '../sharedData';
import { describe, expect, it } from 'vitest';
import { parseImportFile, readMappingFile } from '../../db/import';
import type { ParsedImport } from '../../shared/importTypes';

const DATA = sharedDataDir();
const CUTOFF = '2026-01-01';

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('HRDataset_v14.csv with examples/hrdataset_v14.mapping.json', () => {
  const rawLines = readFileSync(`${DATA}/HRDataset_v14.csv`, 'utf8').split('\r\n').slice(1).filter((l) => l !== '');
  let parsed: ParsedImport;

  it('reads all 311 people without errors', async () => {
    parsed = await parseImportFile(`${DATA}/HRDataset_v14.csv`, {
      cutoff: CUTOFF,
      mapping: readMappingFile('examples/hrdataset_v14.mapping.json'),
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.format).toBe('csv');
    expect(parsed.file).toBe('HRDataset_v14.csv');
    expect(rawLines).toHaveLength(311);
    expect(parsed.records).toHaveLength(311);
  });

  it('translates PerformanceScore into boxes, leaving High Performing empty', () => {
    // Each score appears once per line, between commas.
    const lines = (score: string) => rawLines.filter((l) => l.includes(`,${score},`)).length;
    expect(countBy(parsed.records, (r) => String(r.provisionalMarking))).toEqual({
      Exceeding: lines('Exceeds'),
      Achieving: lines('Fully Meets'),
      'Partially Met': lines('Needs Improvement') + lines('PIP'),
    });
    expect(lines('Exceeds')).toBe(37);
  });

  it('keeps the staff ids and trims padded names, departments and the "M " sex code', () => {
    const first = parsed.records[0];
    expect(first).toMatchObject({
      row: 2,
      staffId: '10026',
      name: 'Adinolfi, Wilson  K',
      jobTitle: 'Production Technician I',
      businessUnit: 'Production',
      lineManager: 'Michael Albert',
      jobWeight: 62506,
      provisionalMarking: 'Exceeding',
      csStartDate: '2011-07-05',
    });
    expect(parsed.records[1]?.name).toBe('Ait Sidi, Karthikeyan');
    expect(new Set(parsed.records.map((r) => r.staffId)).size).toBe(311);
    expect(countBy(parsed.records, (r) => r.characteristics.sex ?? '?')).toEqual({
      Male: rawLines.filter((l) => l.includes(',M ,')).length,
      Female: rawLines.filter((l) => l.includes(',F,')).length,
    });
    expect(countBy(parsed.records, (r) => r.businessUnit).Production).toBe(209);
  });

  it('derives the age band from the two-digit-year DOB at the cut-off', () => {
    // DOB is the only mm/dd/yy value on each line; all years are 19xx.
    const expected = countBy(rawLines, (line) => {
      const [mm, dd, yy] = (/,(\d\d)\/(\d\d)\/(\d\d),/.exec(line) ?? []).slice(1).map(Number) as [number, number, number];
      const age = 2025 - (1900 + yy) + (mm === 1 && dd === 1 ? 1 : 0);
      return age < 30 ? '16-29' : age < 40 ? '30-39' : age < 50 ? '40-49' : age < 60 ? '50-59' : '60+';
    });
    expect(countBy(parsed.records, (r) => r.characteristics.age_band ?? '?')).toEqual(expected);
    expect(parsed.records[0]?.characteristics.age_band).toBe('40-49'); // born 10 July 1983
  });

  it('adds pc_ characteristics and merges "no"/"No" spellings', () => {
    expect(Object.keys(parsed.records[0]?.characteristics ?? {}).sort()).toEqual(
      ['age_band', 'ethnicity', 'pc_hispanic_latino', 'pc_marital_status', 'sex'],
    );
    expect(countBy(parsed.records, (r) => r.characteristics.pc_hispanic_latino ?? '?')).toEqual({ No: 283, Yes: 28 });
    expect(countBy(parsed.records, (r) => r.characteristics.ethnicity ?? '?').Hispanic).toBe(1);
  });

  it('lists the columns the mapping did not use', () => {
    expect(parsed.ignoredColumns).toContain('EmploymentStatus');
    expect(parsed.ignoredColumns).not.toContain('Sex');
    expect(parsed.columns.find((c) => c.source === 'PerformanceScore')).toEqual({
      source: 'PerformanceScore',
      target: 'provisional_marking',
      via: 'mapping',
    });
  });
});

describe('hr_analytics_promotion_train.csv with examples/promotion.mapping.json', () => {
  const rows = readFileSync(`${DATA}/hr_analytics_promotion_train.csv`, 'utf8')
    .split('\r\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => l.split(','));
  const RATING = 8;
  const GENDER = 4;
  const AGE = 7;
  const EDUCATION = 3;
  let parsed: ParsedImport;
  const progress: [number, number][] = [];

  it('reads all 54,808 people without errors, reporting progress', async () => {
    parsed = await parseImportFile(`${DATA}/hr_analytics_promotion_train.csv`, {
      cutoff: CUTOFF,
      mapping: readMappingFile('examples/promotion.mapping.json'),
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(parsed.errors).toEqual([]);
    expect(rows).toHaveLength(54_808);
    expect(parsed.records).toHaveLength(54_808);
    expect(progress.length).toBeGreaterThanOrEqual(10);
    expect(progress.at(-1)).toEqual([54_808, 54_808]);
    expect(progress[0]?.[0]).toBe(5000);
  });

  it('warns that the file has no Civil Service start dates, so eligibility cannot be checked (para 69)', () => {
    expect(parsed.warnings[0]).toMatchObject({ row: null, column: null });
    expect(parsed.warnings[0]?.expected).toMatch(/^a Civil Service start date column .* everyone is listed apart/);
    expect(parsed.records.every((r) => r.csStartDate === null)).toBe(true);
  });

  it('turns ratings 5-1 into boxes and blanks into not marked', () => {
    const ratings = countBy(rows, (cells) => cells[RATING] ?? '?');
    expect(countBy(parsed.records, (r) => String(r.provisionalMarking))).toEqual({
      Exceeding: ratings['5'],
      'High Performing': ratings['4'],
      Achieving: ratings['3'],
      'Partially Met': (ratings['2'] ?? 0) + (ratings['1'] ?? 0),
      null: ratings[''],
    });
    expect(ratings['']).toBe(4124);
  });

  it('uses the employee id as staff id and name', () => {
    expect(parsed.records[0]).toMatchObject({ row: 2, staffId: '65438', name: '65438', businessUnit: 'Sales & Marketing' });
    expect(new Set(parsed.records.map((r) => r.staffId)).size).toBe(54_808);
    expect(parsed.records.every((r) => r.name === r.staffId)).toBe(true);
  });

  it('maps gender m/f to Male/Female and age to an age band', () => {
    const genders = countBy(rows, (cells) => cells[GENDER] ?? '?');
    expect(countBy(parsed.records, (r) => r.characteristics.sex ?? '?')).toEqual({ Male: genders.m, Female: genders.f });
    const bands = countBy(rows, (cells) => {
      const age = Number(cells[AGE]);
      return age < 30 ? '16-29' : age < 40 ? '30-39' : age < 50 ? '40-49' : age < 60 ? '50-59' : '60+';
    });
    expect(countBy(parsed.records, (r) => r.characteristics.age_band ?? '?')).toEqual(bands);
  });

  it('records blank education as Not recorded and ignores the KPI columns', () => {
    const blanks = rows.filter((cells) => cells[EDUCATION] === '').length;
    expect(parsed.records.filter((r) => r.characteristics.pc_education === 'Not recorded')).toHaveLength(blanks);
    expect(blanks).toBe(2409);
    expect(parsed.ignoredColumns).toEqual(
      expect.arrayContaining(['KPIs_met _greaterthan_80percent', 'avg_training_score', 'is_promoted']),
    );
    expect(parsed.records[0]?.characteristics).toEqual({
      sex: 'Female',
      age_band: '30-39',
      pc_education: "Master's & above",
      pc_region: 'region_7',
    });
  });
});
