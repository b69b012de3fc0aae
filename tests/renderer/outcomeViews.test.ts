// The pure parts of issue 7's window: the wizard's decisions as the contract takes them (accepted by its
// own schema), a finalise refusal split one line per person, and the history's words for the new events.
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../renderer/api', () => ({ api: {} }));

import { requestSchemas } from '../../shared/contract';
import { NO_DECISIONS, decisionsRequest } from '../../renderer/views/ImportDecisions';
import { splitRefusal } from '../../renderer/views/FinaliseDialog';
import { describeChange } from '../../renderer/views/auditWords';

describe('import decisions', () => {
  it('sends nothing by default: the panel keeps its work and its people', () => {
    expect(decisionsRequest(NO_DECISIONS)).toEqual({});
  });

  it('groups the conflicts HR takes by field, per person, and the contract accepts them', () => {
    const request = decisionsRequest({
      removeMissing: true,
      takeFile: ['finance_objective:S1', 'moderated_marking:S2', 'finance_objective:S3'],
      assumeEligibleWithoutStartDate: true,
      performanceYear: 2026,
      eligibilityCutoff: '2027-01-01',
    });
    expect(request).toEqual({
      removeMissing: true,
      takeFileValues: [
        { field: 'finance_objective', staffIds: ['S1', 'S3'] },
        { field: 'moderated_marking', staffIds: ['S2'] },
      ],
      assumeEligibleWithoutStartDate: true,
      performanceYear: 2026,
      eligibilityCutoff: '2027-01-01',
    });
    const parsed = requestSchemas.previewImport.safeParse({ fileName: 'a.csv', bytesBase64: '', ...request });
    expect(parsed.success).toBe(true);
  });
});

describe('finalise refusals', () => {
  it('puts each person on a line of their own', () => {
    const message =
      'The panel cannot be finalised yet (7 to resolve): Ann (S1) is eligible but has no moderated marking: place them in a box; Bo (S2) is in Exceeding, but none: record it; c; d; e; and 2 more.';
    expect(splitRefusal(message)).toEqual({
      lead: 'The panel cannot be finalised yet (7 to resolve):',
      items: ['Ann (S1) is eligible but has no moderated marking: place them in a box.', 'Bo (S2) is in Exceeding, but none: record it.', 'C.', 'D.', 'E.', '…and 2 more.'],
    });
  });

  it('shows any other message as it came', () => {
    expect(splitRefusal('The panel host did not answer')).toEqual({ lead: 'The panel host did not answer', items: [] });
  });
});

describe('history words for issue 7', () => {
  it('says what a settings change did, in the panel’s words', () => {
    const lines = describeChange({
      action: 'settings',
      before: { highPerformingAward: 'discretion', performanceYear: 2025, eligibilityCutoff: '2026-01-01' },
      after: { highPerformingAward: 'no', performanceYear: 2025, eligibilityCutoff: '2026-12-01', eligibilityChanges: [{ staffId: 'S1' }] },
      refersTo: null,
    });
    expect(lines).toEqual([
      "High Performing receives end-year awards: At the department's discretion → No",
      'Eligibility cut-off: 2026-01-01 → 2026-12-01',
      'Eligibility re-decided for 1 person',
    ]);
  });

  it('says a contribution was recorded', () => {
    const lines = describeChange({
      action: 'contribution',
      before: { person: { corporate_contribution_evidence: null } },
      after: { person: { corporate_contribution_evidence: 'Led the data strategy' } },
      refersTo: null,
    });
    expect(lines).toEqual(['Corporate contribution seen by the panel: (blank) → Led the data strategy']);
  });
});
