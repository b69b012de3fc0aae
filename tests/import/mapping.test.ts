// The mapping file: validation errors that name the file and the JSON path, and what a valid mapping does
// (columns by target, one column feeding two targets, value translations, date formats, defaults).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MappingFileError, type MappingFile, parseImportBuffer, parseMappingJson, readMappingFile } from '../../db/import';

const CUTOFF = '2026-01-01';
const parseWith = (text: string, mapping: MappingFile) =>
  parseImportBuffer('hr-extract.csv', new TextEncoder().encode(text), { cutoff: CUTOFF, mapping });

function mappingProblems(json: string): { message: string; problems: readonly { path: string; message: string }[] } {
  try {
    parseMappingJson(json, '/somewhere/team.mapping.json');
  } catch (error) {
    if (error instanceof MappingFileError) return { message: error.message, problems: error.problems };
    throw error;
  }
  throw new Error('expected the mapping to be refused');
}

describe('mapping file validation', () => {
  it('accepts the two example mappings', () => {
    expect(readMappingFile('examples/hrdataset_v14.mapping.json').columns?.staff_id).toBe('EmpID');
    expect(readMappingFile('examples/promotion.mapping.json').values?.provisional_marking?.['5']).toBe('Exceeding');
  });

  it('names the file and reports JSON syntax errors with their position', () => {
    const { message } = mappingProblems('{ "columns": { "staff_id": "EmpID", } }');
    expect(message).toMatch(/^Mapping file team\.mapping\.json cannot be used:/);
    expect(message).toContain('not valid JSON');
    expect(message).toContain('line 1');
  });

  it.each<[string, string, string, RegExp]>([
    ['an unknown target', '{ "columns": { "colour": "Gender" } }', 'columns.colour', /"colour" is not a target; use a template column \(staff_id, name/],
    ['a misspelt target', '{ "columns": { "sexx": "Gender" } }', 'columns.sexx', /"sexx" is not a target; did you mean sex\?/],
    ['a header name used as a target', '{ "columns": { "Employee number": "Ref" } }', 'columns["Employee number"]', /did you mean staff_id\?/],
    ['a pc_ name not in snake case', '{ "columns": { "pc_Marital Status": "M" } }', 'columns["pc_Marital Status"]', /is not a target/],
    ['a number where text belongs', '{ "values": { "provisional_marking": { "5": 5 } } }', 'values.provisional_marking["5"]', /the value to use instead/],
    ['a bad date format', '{ "dateFormats": { "cs_start_date": "DD/MM/YYY" } }', 'dateFormats.cs_start_date', /is not a date format/],
    ['a date format on a non-date target', '{ "dateFormats": { "grade": "DD/MM/YYYY" } }', 'dateFormats.grade', /applies only to cs_start_date, joined_department_date, left_date or date_of_birth/],
    ['an unknown section', '{ "column": { "staff_id": "EmpID" } }', '', /only the sections description, columns, values, dateFormats, defaults and skipRows \(found "column"\)/],
    ['not an object', '[1, 2]', '', /a JSON object/],
    ['an empty header', '{ "columns": { "name": "" } }', 'columns.name', /./],
  ])('refuses %s, pointing at %s', (_name, json, path, message) => {
    const { problems } = mappingProblems(json);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe(path);
    expect(problems[0]?.message).toMatch(message);
  });

  it('lists every problem, not just the first', () => {
    const { problems, message } = mappingProblems(
      '{ "columns": { "staf_id": "EmpID", "name": 3 }, "defaults": { "gradee": "G7" } }',
    );
    expect(problems.map((p) => p.path)).toEqual(['columns.name', 'columns.staf_id', 'defaults.gradee']);
    expect(message.split('\n')).toHaveLength(4);
  });

  it('says when the mapping file cannot be read', () => {
    expect(() => readMappingFile('/no/such/mapping.json')).toThrow(/Mapping file mapping\.json cannot be used:\n {2}- cannot be read/);
  });
});

describe('what a mapping does', () => {
  const csv = 'Ref,Who,Score,Hired,Born,Team,Gender,Shift\n' + '7,Ann Lee,Fully Meets,12/31/19,07/10/83,,F,FT\n' + '8,Bob Hart,N/A,1/2/20,02/29/00,Ops,M,\n';
  const mapping: MappingFile = {
    columns: { staff_id: 'Ref', name: 'Who', provisional_marking: 'score', cs_start_date: 'Hired', date_of_birth: 'Born', business_unit: 'Team', sex: 'Gender', pc_shift: 'Shift' },
    values: {
      provisional_marking: { 'fully meets': 'Achieving', 'N/A': '' },
      sex: { F: 'Female', M: 'Male' },
      pc_shift: { FT: 'Full time' },
    },
    dateFormats: { cs_start_date: 'M/D/YY', date_of_birth: 'MM/DD/YY' },
    defaults: { business_unit: 'Unassigned', grade: 'SCS1', pc_shift: 'Unknown' },
  };

  it('takes columns by target, translates values, reads declared date formats and fills defaults', async () => {
    const parsed = await parseWith(csv, mapping);
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => [r.staffId, r.name, r.provisionalMarking, r.csStartDate, r.businessUnit, r.grade])).toEqual([
      ['7', 'Ann Lee', 'Achieving', '2019-12-31', 'Unassigned', 'SCS1'],
      ['8', 'Bob Hart', null, '2020-01-02', 'Ops', 'SCS1'],
    ]);
    expect(parsed.records.map((r) => r.characteristics)).toEqual([
      { sex: 'Female', pc_shift: 'Full time', age_band: '40-49' },
      { sex: 'Male', pc_shift: 'Unknown', age_band: '16-29' },
    ]);
    expect(parsed.columns.every((c) => c.via === 'mapping')).toBe(true);
  });

  it('lets one column feed two targets', async () => {
    const parsed = await parseWith('employee_id,rating\n65438,5\n', {
      columns: { staff_id: 'employee_id', name: 'employee_id', provisional_marking: 'rating' },
      values: { provisional_marking: { '5': 'Exceeding' } },
    });
    expect(parsed.records[0]).toMatchObject({ staffId: '65438', name: '65438', provisionalMarking: 'Exceeding' });
    expect(parsed.columns).toEqual([
      { source: 'employee_id', target: 'staff_id', via: 'mapping' },
      { source: 'employee_id', target: 'name', via: 'mapping' },
      { source: 'rating', target: 'provisional_marking', via: 'mapping' },
    ]);
  });

  it('only needs to describe what recognition gets wrong', async () => {
    const parsed = await parseWith('Employee ID,Gender\n42,f\n', {
      columns: { name: 'Employee ID' },
      values: { sex: { f: 'Female' } },
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.records[0]).toMatchObject({ staffId: '42', name: '42', characteristics: { sex: 'Female' } });
    expect(parsed.columns).toEqual([
      { source: 'Employee ID', target: 'name', via: 'mapping' },
      { source: 'Employee ID', target: 'staff_id', via: 'synonym' },
      { source: 'Gender', target: 'sex', via: 'synonym' },
    ]);
  });

  it('shows the translated value when a translation leads to an invalid one', async () => {
    const parsed = await parseWith('id,name,score\n1,Ann,Exceeds\n', {
      columns: { staff_id: 'id', provisional_marking: 'score' },
      values: { provisional_marking: { Exceeds: 'Exceding' } },
    });
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ row: 2, column: 'score', value: 'Exceeds' });
    expect(parsed.errors[0]?.expected).toMatch(/\(read as "Exceding"\)$/);
  });

  it('reports a mapped column the file does not have', async () => {
    const parsed = await parseWith('staff_id,name\n1,Ann\n', { columns: { sex: 'Gender' } });
    expect(parsed.errors).toEqual([
      {
        file: 'hr-extract.csv',
        row: 1,
        column: 'Gender',
        value: 'Gender',
        expected: 'a column headed "Gender" (the mapping file takes sex from it)',
      },
    ]);
  });

  it('wins over a recognised header, and null leaves a target out', async () => {
    const parsed = await parseWith('Staff ID,Payroll number,name,Gender\nA1,P9,Ann,F\n', {
      columns: { staff_id: 'Payroll number', sex: null },
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.records[0]).toMatchObject({ staffId: 'P9', characteristics: {} });
    expect(parsed.ignoredColumns).toEqual(['Staff ID', 'Gender']);
  });

  it('reads a mapping file from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modpanel-mapping-'));
    const path = join(dir, 'm.json');
    writeFileSync(path, '\uFEFF{ "columns": { "staff_id": "Ref" } }');
    expect(readMappingFile(path)).toEqual({ columns: { staff_id: 'Ref' } });
  });
});
