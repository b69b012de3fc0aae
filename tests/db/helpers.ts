// Builders for validated import records, so service tests state only what matters to them.
import type { ImportRecord, ParsedImport } from '../../shared/importTypes';
import { TEMPLATE_COLUMNS } from '../../db/import/targets';

export function record(staffId: string, overrides: Partial<ImportRecord> = {}): ImportRecord {
  return {
    row: 2,
    staffId,
    name: `Person ${staffId}`,
    grade: 'SCS1',
    businessUnit: 'Policy',
    jobTitle: 'Deputy Director',
    lineManager: 'Morgan Manager',
    jobWeight: 10,
    provisionalMarking: 'Achieving',
    q1Marking: null,
    q2Marking: null,
    q3Marking: null,
    midYearMarking: null,
    financeObjective: 'Met',
    corporateContribution: true,
    csStartDate: '2010-04-01',
    poorPerformanceMeasures: false,
    joinedDepartmentDate: null,
    leftDate: null,
    gradeForYear: null,
    inYearPayments: null,
    endYearPayment: null,
    characteristics: { sex: 'Female' },
    ...overrides,
  };
}

/** A validated file with every template column, unless `targets` names the columns it has. */
export function parsed(records: ImportRecord[], errors: ParsedImport['errors'] = [], targets: readonly string[] = TEMPLATE_COLUMNS): ParsedImport {
  return { file: 'people.csv', format: 'csv', targets: [...targets], records, errors, warnings: [], columns: [], ignoredColumns: [] };
}
