// Builders for validated import records, so service tests state only what matters to them.
import type { ImportRecord, ParsedImport } from '../../shared/importTypes';

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
    characteristics: { sex: 'Female' },
    ...overrides,
  };
}

export function parsed(records: ImportRecord[], errors: ParsedImport['errors'] = []): ParsedImport {
  return { file: 'people.csv', format: 'csv', records, errors, warnings: [], columns: [], ignoredColumns: [] };
}
