// The pure parts of HR's views: the import wizard's column choices → mapping JSON (accepted by the
// importer's own schema), and the history's plain words for audit events.
import { describe, expect, it } from 'vitest';
import { mappingFileSchema } from '../../db/import';
import { assignTarget, characteristicTarget, choicesFrom, IGNORE, mappingFrom } from '../../renderer/views/importMapping';
import { describeChange } from '../../renderer/views/auditWords';
import type { ColumnMappingEntry } from '../../shared/importTypes';

const detectedColumns: ColumnMappingEntry[] = [
  { source: 'Employee reference', target: null, via: 'ignored' },
  { source: 'Full name', target: 'name', via: 'synonym' },
  { source: 'Rating', target: 'provisional_marking', via: 'synonym' },
  { source: 'Pay band', target: 'grade', via: 'synonym' },
];

describe('import wizard mapping', () => {
  const detected = choicesFrom(detectedColumns);
  const known = new Set(['name', 'provisional_marking', 'grade']);

  it('reads the detected mapping, one choice per column', () => {
    expect(detected).toEqual({ 'Employee reference': IGNORE, 'Full name': 'name', Rating: 'provisional_marking', 'Pay band': 'grade' });
  });

  it('sends only what differs from the detection, and switches off targets left without a column', () => {
    let choices = assignTarget(detected, 'Employee reference', 'staff_id').choices;
    choices = assignTarget(choices, 'Pay band', IGNORE).choices;
    const mapping = mappingFrom(choices, detected, known, null);
    expect(mapping).toEqual({ columns: { staff_id: 'Employee reference', grade: null } });
    expect(mappingFileSchema.safeParse(mapping).success).toBe(true);
  });

  it('gives a target to one column only: the column that fed it becomes ignored', () => {
    const { choices, displaced } = assignTarget(detected, 'Pay band', 'provisional_marking');
    expect(displaced).toBe('Rating');
    expect(choices.Rating).toBe(IGNORE);
    const mapping = mappingFrom(choices, detected, known, null);
    expect(mapping.columns).toEqual({ provisional_marking: 'Pay band', grade: null });
    expect(mappingFileSchema.safeParse(mapping).success).toBe(true);
  });

  it('keeps a loaded mapping file and names further characteristics in the pc_ form the importer accepts', () => {
    const target = characteristicTarget('Marital status (self-declared)');
    expect(target).toBe('pc_marital_status_self_declared');
    const choices = assignTarget(detected, 'Employee reference', target).choices;
    const base = { description: 'HR system export', values: { provisional_marking: { 'Fully met': 'Achieving' } } };
    const mapping = mappingFrom(choices, detected, known, base);
    expect(mapping.values).toEqual(base.values);
    expect(mapping.columns).toEqual({ [target]: 'Employee reference' });
    expect(mappingFileSchema.safeParse(mapping).success).toBe(true);
  });
});

describe('history words', () => {
  it('describes a finance annotation as before → after', () => {
    const lines = describeChange({
      action: 'finance',
      before: { person: { finance_objective: 'Met', finance_note: '' } },
      after: { person: { finance_objective: 'Not met', finance_note: 'Overspent' } },
      refersTo: null,
    });
    expect(lines).toEqual(['Finance objective: Met → Not met', 'Resource management note: (blank) → Overspent']);
  });

  it('leaves a move’s reason to the reason column and hides bookkeeping fields', () => {
    const lines = describeChange({
      action: 'move',
      before: { person: { moderated_marking: 'Achieving', change_reason: null, sort_key: 3, manual_order: 0 } },
      after: { person: { moderated_marking: 'High Performing', change_reason: 'Led the review', sort_key: 9, manual_order: 0 } },
      refersTo: null,
    });
    expect(lines).toEqual(['Moderated marking: Achieving → High Performing']);
  });

  it('never spells out characteristics on re-import', () => {
    const lines = describeChange({
      action: 'update_person',
      before: { characteristics: '{"sex":"Female"}', grade: 'SCS1' },
      after: { characteristics: '{"sex":"Male"}', grade: 'SCS2' },
      refersTo: null,
    });
    expect(lines).toEqual(['Diversity data updated', 'Grade: SCS1 → SCS2']);
    expect(lines.join(' ')).not.toMatch(/Female|Male/);
  });
});
