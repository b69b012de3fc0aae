// The history's words for contributions: a workbook written, the finance partner's workbook taken back,
// a member's preview recorded — read as a record a person can follow.
import { describe, expect, it } from 'vitest';
import { ACTION_LABELS, describeChange } from '../../renderer/views/auditWords';

describe('history words for contributions', () => {
  it('says who a workbook was written for and how many people were in it', () => {
    expect(describeChange({ action: 'contribution_sheet', before: null, after: { kind: 'finance', file: 'policy-finance.xlsx', people: 59 }, refersTo: null })).toEqual([
      'Finance partner’s workbook written for 59 people: policy-finance.xlsx',
    ]);
    expect(
      describeChange({ action: 'contribution_sheet', before: null, after: { kind: 'member_preview', member: 'Ann Member', file: 'ann.xlsx', people: 1 }, refersTo: null }),
    ).toEqual(['Preview workbook written for Ann Member, 1 person: ann.xlsx']);
    expect(ACTION_LABELS.member_preview).toBe('Panel member’s preview recorded');
  });

  it('says what the finance workbook changed, what the panel kept and who is now for discussion', () => {
    const after = { file: 'back.xlsx', writtenAt: null, rows: 59, changed: 4, laterEditsKeptPanel: ['S1'], laterEditsTookWorkbook: [], ruleConflicts: ['S2', 'S3'], applied: [] };
    expect(describeChange({ action: 'finance_workbook', before: null, after, refersTo: null })).toEqual([
      'back.xlsx: 4 of 59 annotations changed',
      'Changed in the panel since it was written: 1 kept the panel’s value, 0 took the workbook’s',
      '2 people Not met above Achieving (Annex D 4.a), for discussion',
    ]);
  });

  it('tallies a member’s verdicts', () => {
    const after = { member: 'Bo Member', file: 'bo.xlsx', counts: { agree: 3, question: 2, abstain: 1 }, verdicts: [] };
    expect(describeChange({ action: 'member_preview', before: { member: 'Bo Member', verdicts: [] }, after, refersTo: null })).toEqual([
      'Bo Member’s preview (bo.xlsx): 3 agree, 2 question, 1 abstain',
    ]);
  });
});
