// Panels of a given shape for the room's end-to-end tests and screenshots: the generated demo people, with
// everyone eligible and exactly the number asked for in each box (Exceeding, High Performing, Achieving,
// Partially Met), so "the whole panel on one screen" is checked on the panel the issue names.
import { demoRecordsImport } from '../../db/demo';
import { BOX_MARKINGS, type BoxMarking } from '../../shared/domain';
import type { ParsedImport } from '../../shared/importTypes';

export function panelOfShape(counts: readonly [number, number, number, number]): ParsedImport {
  const total = counts.reduce((a, b) => a + b, 0);
  const base = demoRecordsImport(total);
  const markings: BoxMarking[] = counts.flatMap((n, i) => Array.from({ length: n }, () => BOX_MARKINGS[i]!));
  return {
    ...base,
    records: base.records.map((record, i) => {
      const marking = markings[i]!;
      return {
        ...record,
        provisionalMarking: marking,
        // In the Civil Service and the department well before the cut-off: all moderated here (paras 69-70).
        csStartDate: '2015-04-01',
        joinedDepartmentDate: null,
        // The finance rule is not what these panels are about: no one above Achieving has it broken.
        financeObjective: marking === 'Exceeding' || marking === 'High Performing' ? 'Met' : record.financeObjective,
      };
    }),
  };
}
