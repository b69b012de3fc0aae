// The wizard's fixes as the mapping file says them: which problems a value read as another can fix, the rule
// that skips a row (by who it is, or by row where the id cannot say), and the mapping sent with the fixes on top.
import { describe, expect, it } from 'vitest';
import type { ImportPreviewView } from '../../shared/contract';
import type { ImportIssue } from '../../shared/importTypes';
import { NO_FIXES, skipRuleFor, valueChoices, valueProblems, withFixes, withSkip, withValueFix, withoutSkip, withoutValueFix } from '../../renderer/views/importFixes';

const issue = (row: number, column: string, value: string, expected = 'a box marking: Exceeding, High Performing, Achieving or Partially Met'): ImportIssue => ({
  file: 'people.csv',
  row,
  column,
  value,
  expected,
});

function preview(errors: ImportIssue[]): ImportPreviewView {
  return {
    columns: [
      { source: 'Box', target: 'provisional_marking', via: 'synonym' },
      { source: 'Employee', target: 'staff_id', via: 'synonym' },
      { source: 'Weight', target: 'job_weight', via: 'synonym' },
      { source: 'Cost centre', target: null, via: 'ignored' },
    ],
    errors,
  } as unknown as ImportPreviewView;
}

describe('problems a value read as another can fix', () => {
  it('are grouped by column and value, whatever the case, with their rows', () => {
    const problems = valueProblems(preview([issue(2, 'Box', 'Strong'), issue(5, 'Box', 'strong'), issue(7, 'Weight', 'lots', 'a number (read as "x")')]));
    expect(problems).toEqual([
      { target: 'provisional_marking', header: 'Box', value: 'Strong', rows: [2, 5], expected: 'a box marking: Exceeding, High Performing, Achieving or Partially Met' },
      { target: 'job_weight', header: 'Weight', value: 'lots', rows: [7], expected: 'a number' },
    ]);
  });

  it('leave out who a row is, cells the reader refused, values shown escaped or cut, and whole-file problems', () => {
    const problems = valueProblems(
      preview([
        issue(2, 'Employee', 'S1', 'a staff id used only once, but row 1 already has it'),
        issue(3, 'Box', '#DIV/0!', "a value; this cell holds Excel's error #DIV/0! (cell C3)"),
        issue(4, 'Box', 'Exc\\u0000eeding'),
        issue(5, 'Box', `${'A'.repeat(80)}… (1,000 characters)`),
        { file: 'people.csv', row: null, column: null, value: null, expected: 'a staff id column' },
      ]),
    );
    expect(problems).toEqual([]);
  });

  it('offer the values a column can hold, or any text', () => {
    expect(valueChoices('provisional_marking')!.map((c) => c.value)).toEqual(['Exceeding', 'High Performing', 'Achieving', 'Partially Met', '']);
    expect(valueChoices('finance_objective')!.map((c) => c.value)).toEqual(['Met', 'Not met', 'Not assessed']);
    expect(valueChoices('corporate_contribution')!.map((c) => c.value)).toEqual(['yes', 'no']);
    expect(valueChoices('job_weight')).toBeNull();
  });
});

describe('skipping a row', () => {
  it('names the person by staff id, so the rule holds next month; by row, id and name where the id cannot say', () => {
    expect(skipRuleFor({ row: 7, staffId: 'S999', name: 'Test Account', staffIdInQuestion: false })).toEqual({ staff_id: 'S999' });
    expect(skipRuleFor({ row: 9, staffId: 'S4', name: 'Katherine Johnson', staffIdInQuestion: true })).toEqual({ row: 9, staff_id: 'S4', name: 'Katherine Johnson' });
    expect(skipRuleFor({ row: 12, staffId: '', name: 'Total', staffIdInQuestion: true })).toEqual({ row: 12, staff_id: '', name: 'Total' });
  });
});

describe('the mapping sent', () => {
  it('is the wizard’s mapping with the fixes on top, and each fix undone leaves no trace', () => {
    const base = { columns: { staff_id: 'Employee' }, values: { sex: { m: 'Male' } }, skipRows: [{ staff_id: 'S0' }] };
    let fixes = withValueFix(NO_FIXES, 'provisional_marking', 'Strong', 'High Performing');
    fixes = withValueFix(fixes, 'provisional_marking', 'strong', 'Exceeding');
    fixes = withSkip(withSkip(fixes, { staff_id: 'S999' }), { staff_id: 'S999' });
    expect(withFixes(base, fixes)).toEqual({
      columns: { staff_id: 'Employee' },
      values: { sex: { m: 'Male' }, provisional_marking: { strong: 'Exceeding' } },
      skipRows: [{ staff_id: 'S0' }, { staff_id: 'S999' }],
    });
    fixes = withoutSkip(withoutValueFix(fixes, 'provisional_marking', 'strong'), 0);
    expect(fixes).toEqual(NO_FIXES);
    expect(withFixes(base, fixes)).toBe(base);
    expect(withFixes(undefined, NO_FIXES)).toBeUndefined();
  });
});
