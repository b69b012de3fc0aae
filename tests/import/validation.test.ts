// Row and header validation: every problem is reported with file, row, column, value and what was expected.

import { describe, expect, it } from 'vitest';
import { parseImportBuffer, parseImportFile } from '../../db/import';
import type { ImportIssue } from '../../shared/importTypes';

const FIXTURES = 'tests/fixtures/import';
const CUTOFF = '2026-01-01';
const bytes = (text: string) => new TextEncoder().encode(text);
const parseText = (text: string, fileName = 'people.csv') => parseImportBuffer(fileName, bytes(text), { cutoff: CUTOFF });

/** Issue without the wording of `expected`, which is checked separately where it matters. */
const where = (issue: ImportIssue) => [issue.row, issue.column, issue.value];

describe('a malformed file', () => {
  it('reports every problem on every row, with exact row, column and value', async () => {
    const parsed = await parseImportFile(`${FIXTURES}/malformed.csv`, { cutoff: CUTOFF });
    expect(parsed.errors.map(where)).toEqual([
      [3, 'Full name', ''],
      [4, 'Staff ID', ''],
      [4, 'Box marking', 'Outstanding'],
      [4, 'Job weight', '1,2x0'],
      [4, 'Finance objective', 'Maybe'],
      [4, 'Corporate contribution', 'perhaps'],
      [6, 'Staff ID', '1001'],
      // "Smith, John" without quotes pushes every later value one column to the right.
      [8, 'Box marking', 'SCS1'],
      [8, 'Job weight', 'Achieving'],
      [8, 'Finance objective', '2013-01-01'],
      [8, 'Corporate contribution', 'Met'],
      [8, '(column I, no header)', 'no'],
    ]);
    expect(parsed.errors.every((e) => e.file === 'malformed.csv')).toBe(true);
    // Eligibility fails closed but visibly (paras 69-70, issue 7): an unreadable start date is a warning
    // naming the cell, and that person is listed apart rather than the whole import refused.
    expect(parsed.warnings.map(where)).toEqual([
      [3, 'Start date', '2016-02-30'],
      [4, 'Start date', '01/13/2014'],
      [8, 'Start date', '1000'],
    ]);
    expect(parsed.records.map((r) => [r.row, r.staffId])).toEqual([
      [2, '1001'],
      [7, '1003'],
    ]);
  });

  it('says in plain words what each cell should hold', async () => {
    const parsed = await parseImportFile(`${FIXTURES}/malformed.csv`, { cutoff: CUTOFF });
    const expectedFor = (row: number, column: string) =>
      parsed.errors.find((e) => e.row === row && e.column === column)?.expected;
    expect(expectedFor(4, 'Box marking')).toBe(
      'a box marking: Exceeding, High Performing, Achieving or Partially Met (or E/HP/A/PM), or blank for not marked',
    );
    expect(expectedFor(6, 'Staff ID')).toBe('a staff id used only once, but row 2 already has it');
    expect(expectedFor(3, 'Full name')).toBe("the person's name");
    expect(expectedFor(4, 'Staff ID')).toContain('staff id');
    expect(expectedFor(4, 'Job weight')).toContain('a number');
    expect(parsed.warnings.find((w) => w.row === 4 && w.column === 'Start date')?.expected).toMatch(/31\/03\/2024.*listed apart/);
    expect(expectedFor(4, 'Finance objective')).toContain('Met, Not met or Not assessed');
    expect(expectedFor(4, 'Corporate contribution')).toContain('yes or no');
    expect(expectedFor(8, '(column I, no header)')).toContain('unquoted comma');
  });

  it('reads the valid rows in full, skipping the blank line silently', async () => {
    const parsed = await parseImportFile(`${FIXTURES}/malformed.csv`, { cutoff: CUTOFF });
    expect(parsed.records[0]).toEqual({
      row: 2,
      staffId: '1001',
      name: 'Ada Lovelace',
      grade: 'SCS1',
      businessUnit: '',
      jobTitle: '',
      lineManager: '',
      jobWeight: 1200,
      provisionalMarking: 'Exceeding',
      q1Marking: null,
      q2Marking: null,
      q3Marking: null,
      midYearMarking: null,
      financeObjective: 'Met',
      corporateContribution: true,
      csStartDate: '2015-09-01',
      poorPerformanceMeasures: false,
      joinedDepartmentDate: null,
      leftDate: null,
      gradeForYear: null,
      inYearPayments: null,
      endYearPayment: null,
      characteristics: {},
    });
    expect(parsed.records[1]).toMatchObject({ provisionalMarking: 'Partially Met', financeObjective: 'Not assessed', corporateContribution: true });
    expect(parsed.errors.some((e) => e.row === 5)).toBe(false);
  });
});

describe('headers', () => {
  it('recognises synonyms whatever the case, spacing and punctuation', async () => {
    const parsed = await parseImportFile(`${FIXTURES}/synonyms.csv`, { cutoff: CUTOFF });
    expect(parsed.errors).toEqual([]);
    expect(parsed.columns).toEqual([
      { source: 'Employee Number', target: 'staff_id', via: 'synonym' },
      { source: 'Employee name', target: 'name', via: 'synonym' },
      { source: 'Department', target: 'business_unit', via: 'synonym' },
      { source: 'Position', target: 'job_title', via: 'synonym' },
      { source: 'Manager', target: 'line_manager', via: 'synonym' },
      { source: 'JE score', target: 'job_weight', via: 'synonym' },
      { source: 'Performance rating', target: 'provisional_marking', via: 'synonym' },
      { source: 'Civil Service start date', target: 'cs_start_date', via: 'synonym' },
      { source: 'Gender', target: 'sex', via: 'synonym' },
      { source: 'Race', target: 'ethnicity', via: 'synonym' },
      { source: 'Part time/full time', target: 'working_pattern', via: 'synonym' },
      { source: 'DOB', target: 'date_of_birth', via: 'synonym' },
      { source: 'Favourite colour', target: null, via: 'ignored' },
      { source: 'PC Marital Status', target: 'pc_marital_status', via: 'template' },
    ]);
    expect(parsed.ignoredColumns).toEqual(['Favourite colour']);
    expect(parsed.records.map((r) => [r.staffId, r.jobWeight, r.provisionalMarking, r.csStartDate, r.characteristics.age_band])).toEqual([
      ['E-01', 1640, 'High Performing', '2008-04-14', '40-49'],
      ['E-02', 1120, 'Achieving', '2019-03-15', '60+'],
    ]);
    expect(parsed.records[1]?.characteristics.pc_marital_status).toBe('Not recorded');
  });

  it('treats template names case- and space-insensitively', async () => {
    const parsed = await parseText('STAFF ID,Name,Provisional Marking,Q1-Marking\n1,Ann,E,pm\n');
    expect(parsed.columns.map((c) => [c.target, c.via])).toEqual([
      ['staff_id', 'template'],
      ['name', 'template'],
      ['provisional_marking', 'template'],
      ['q1_marking', 'template'],
    ]);
    expect(parsed.records[0]).toMatchObject({ provisionalMarking: 'Exceeding', q1Marking: 'Partially Met' });
  });

  it('refuses two columns that feed the same target', async () => {
    const parsed = await parseText('Staff ID,EmpID,name\n1,2,Ann\n');
    expect(parsed.errors).toEqual([
      {
        file: 'people.csv',
        row: 1,
        column: 'EmpID',
        value: 'EmpID',
        expected:
          'only one column for staff_id, but "Staff ID" (column A) already feeds it; remove one, or name the one to use in a mapping file',
      },
    ]);
  });

  it('needs a staff id column, and then says so once rather than on every row', async () => {
    const parsed = await parseText('name,grade\nAnn,G7\nBob,G6\n');
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ row: 1, column: null, value: null });
    expect(parsed.errors[0]?.expected).toContain('a staff id column');
  });

  it('warns when there is no provisional marking column', async () => {
    const parsed = await parseText('staff_id,name\n1,Ann\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.warnings.map((w) => w.expected)).toEqual([
      'a Civil Service start date column (cs_start_date, "Start date", …) to check eligibility (para 69); none was recognised, so everyone is listed apart as "start date unknown" unless HR confirms they are eligible',
      'a provisional_marking column (without one, everyone starts not marked)',
    ]);
  });
});

describe('empty and near-empty files', () => {
  it.each([
    ['an empty file', ''],
    ['a blank first line', '\nstaff_id,name\n1,Ann\n'],
    ['a header and no people', 'staff_id,name\r\n'],
    ['a header and only blank rows', 'staff_id,name\n,\n  ,  \n\n'],
  ])('%s is an error, not an empty import', async (_name, text) => {
    const parsed = await parseText(text);
    expect(parsed.records).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]?.row === null || parsed.errors[0]?.row === 1).toBe(true);
  });
});

describe('cell values', () => {
  it('accepts markings in any case and E/HP/A/PM; blank provisional is not marked, not an error', async () => {
    const parsed = await parseText(
      'staff_id,name,provisional_marking,q1_marking,q2_marking,q3_marking,mid_year_marking\n' +
        '1,Ann,exceeding,E,hp,A,PM\n2,Bob,,,,,\n',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => [r.provisionalMarking, r.q1Marking, r.q2Marking, r.q3Marking, r.midYearMarking])).toEqual([
      ['Exceeding', 'Exceeding', 'High Performing', 'Achieving', 'Partially Met'],
      [null, null, null, null, null],
    ]);
  });

  it('reads yes/no answers, the finance objective and dd/mm/yyyy dates', async () => {
    const parsed = await parseText(
      'staff_id,name,corporate_contribution,poor_performance_measures,finance_objective,cs_start_date\n' +
        '1,Ann,Yes,n,Not met,31/12/2024\n2,Bob,,TRUE,,2024-01-02\n3,Cat,0,1,met,1/2/2003\n',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => [r.corporateContribution, r.poorPerformanceMeasures, r.financeObjective, r.csStartDate])).toEqual([
      [true, false, 'Not met', '2024-12-31'],
      [false, true, 'Not assessed', '2024-01-02'],
      [false, true, 'Met', '2003-02-01'],
    ]);
  });

  it('trims padding everywhere, including non-breaking spaces', async () => {
    const parsed = await parseText('staff_id , name ,grade\n  7  ,\u00a0Ann Lee\u00a0, G7 \n');
    expect(parsed.records[0]).toMatchObject({ staffId: '7', name: 'Ann Lee', grade: 'G7' });
  });
});

describe('characteristics', () => {
  it('reads template and pc_ columns, derives the age band from date_of_birth, and records blanks as Not recorded', async () => {
    const parsed = await parseImportFile(`${FIXTURES}/characteristics.csv`, { cutoff: CUTOFF });
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => r.characteristics)).toEqual([
      { sex: 'Female', ethnicity: 'White', pc_marital_status: 'Single', pc_caring_responsibilities: 'Yes', working_pattern: 'Full time', age_band: '30-39' },
      { sex: 'Not recorded', ethnicity: 'Not recorded', pc_marital_status: 'Not recorded', pc_caring_responsibilities: 'No', working_pattern: 'part time', age_band: '16-29' },
      // "female" and "Part time" take the spelling first seen in their column, so groups do not split.
      { sex: 'Female', ethnicity: 'Asian', pc_marital_status: 'Married', pc_caring_responsibilities: 'Not recorded', working_pattern: 'part time', age_band: 'Not recorded' },
      { sex: 'Male', ethnicity: 'Mixed', pc_marital_status: 'Married', pc_caring_responsibilities: 'No', working_pattern: 'Not recorded', age_band: '60+' },
    ]);
    expect(parsed.records.map((r) => r.csStartDate)).toEqual(['2020-02-01', '2021-04-06', null, null]);
  });

  it('works the band out at the cut-off date, birthday included', async () => {
    const parsed = await parseImportBuffer(
      'dob.csv',
      bytes('staff_id,name,date_of_birth\n1,Turns 30 on the day,1996-01-01\n2,Turns 30 the day after,1996-01-02\n'),
      { cutoff: '2026-01-01' },
    );
    expect(parsed.records.map((r) => r.characteristics.age_band)).toEqual(['30-39', '16-29']);
  });

  it('warns (not errors) when a date of birth gives an age under 16', async () => {
    const parsed = await parseText('staff_id,name,date_of_birth\n1,Ann,2015-05-05\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.records[0]?.characteristics.age_band).toBe('Not recorded');
    expect(parsed.warnings.map(where)).toContainEqual([2, 'date_of_birth', '2015-05-05']);
  });

  it('reports an unparseable date of birth and age as errors', async () => {
    const parsed = await parseText('staff_id,name,DOB\n1,Ann,31/02/1980\n');
    expect(parsed.errors.map(where)).toEqual([[2, 'DOB', '31/02/1980']]);
    const byAge = await parseText('staff_id,name,age\n1,Ann,forty\n2,Bob,41\n');
    expect(byAge.errors.map(where)).toEqual([[2, 'age', 'forty']]);
    expect(byAge.records[0]?.characteristics).toEqual({ age_band: '40-49' });
  });

  it('does not invent characteristics the file does not have', async () => {
    const parsed = await parseText('staff_id,name,sex\n1,Ann,\n');
    expect(parsed.records[0]?.characteristics).toEqual({ sex: 'Not recorded' });
  });
});

describe('examples/template.csv', () => {
  it('imports cleanly: every template column recognised, nothing ignored', async () => {
    const parsed = await parseImportFile('examples/template.csv', { cutoff: CUTOFF });
    expect(parsed.errors).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.ignoredColumns).toEqual([]);
    expect(parsed.columns.every((c) => c.via === 'template')).toBe(true);
    expect(parsed.records.map((r) => [r.staffId, r.provisionalMarking, r.csStartDate])).toEqual([
      ['100231', 'High Performing', '2014-09-01'],
      ['100232', 'Achieving', '2019-01-03'],
      ['100233', 'Exceeding', '2008-04-14'],
      ['100234', null, '2025-06-30'],
    ]);
    expect(parsed.records[3]?.characteristics.sex).toBe('Not recorded');
    expect(Object.keys(parsed.records[0]?.characteristics ?? {})).toHaveLength(8);
  });
});

describe('age band sources', () => {
  it('prefers the age_band column, then date_of_birth, then age, with a warning', async () => {
    const parsed = await parseText('staff_id,name,age_band,date_of_birth,age\n1,Ann,50-59,1990-05-05,20\n2,Bob,,1990-05-05,20\n3,Cat,,,20\n');
    expect(parsed.records.map((r) => r.characteristics.age_band)).toEqual(['50-59', '30-39', '16-29']);
    expect(parsed.warnings.map((w) => w.expected)).toContainEqual(expect.stringContaining('age_band, date_of_birth, age are all present'));
  });
});
