// What the importer hands to the moderation service: validated records plus every problem found.
// The parser (db/import) produces this; the service applies it whole or not at all.

import type { BoxMarking, FinanceObjective } from './domain';

/** One validated row of a provisional-markings file. */
export interface ImportRecord {
  /** Row number as a spreadsheet shows it: the header is row 1, the first person row 2. */
  row: number;
  staffId: string;
  name: string;
  grade: string;
  businessUnit: string;
  jobTitle: string;
  lineManager: string;
  jobWeight: number | null;
  provisionalMarking: BoxMarking | null;
  q1Marking: BoxMarking | null;
  q2Marking: BoxMarking | null;
  q3Marking: BoxMarking | null;
  midYearMarking: BoxMarking | null;
  financeObjective: FinanceObjective;
  corporateContribution: boolean;
  /** ISO yyyy-mm-dd, or null when not given. */
  csStartDate: string | null;
  poorPerformanceMeasures: boolean;
  /** ISO date the person joined this department (movers, para 70), or null. */
  joinedDepartmentDate: string | null;
  /** ISO date the person left the Civil Service (leavers, FAQ), or null. */
  leftDate: string | null;
  /** Grade held for most of the year (temporary promotion, FAQ), or null when the same as `grade`. */
  gradeForYear: string | null;
  /** Number of in-year payments made (para 92c), or null when the file does not say. */
  inYearPayments: number | null;
  /** Whether an end-year payment was made (para 92c), or null when the file does not say. */
  endYearPayment: boolean | null;
  /** Last year's and the year before's moderated marking (issue 8); absent or null when the file does not say. */
  previousMarking1?: BoxMarking | null;
  previousMarking2?: BoxMarking | null;
  /** The countersigning officer's name, where the file gives one (issue 8). */
  countersigningOfficer?: string | null;
  /** Characteristic name (template name, or the `pc_` column name) → value; blank becomes "Not recorded". */
  characteristics: Record<string, string>;
}

/** A problem with the file, precise enough to fix it: file, row, column, value and what was expected. */
export interface ImportIssue {
  file: string;
  /** Spreadsheet row number (header = 1); null for problems with the file as a whole. */
  row: number | null;
  column: string | null;
  value: string | null;
  expected: string;
}

export interface ColumnMappingEntry {
  /** Header as written in the file. */
  source: string;
  /** Canonical field it feeds (`staff_id`, `sex`, `pc_…`), or null when ignored. */
  target: string | null;
  /** How it was recognised: exact template name, a known synonym, or the mapping file. */
  via: 'template' | 'synonym' | 'mapping' | 'ignored';
}

/** A row left out because a mapping's skipRows rule matched it (db/import/skipRows.ts). */
export interface SkippedRow {
  row: number;
  /** The row's staff id as the file has it ('' when blank). */
  staffId: string;
  name: string;
  /** Which rule, in words: 'rule 1: staff_id "S100234" (test account)'. */
  rule: string;
}

/** A row with a problem, and who it is: the wizard offers to skip it by these. */
export interface ProblemRow {
  row: number;
  staffId: string;
  name: string;
  /** The staff id is the problem (blank, or another row has it), so it cannot name the row alone. */
  staffIdInQuestion: boolean;
}

export interface ParsedImport {
  file: string;
  /** Canonical targets the file has a column for (or a mapping default): a field it lacks is left as it was. */
  targets: string[];
  format: 'csv' | 'xlsx';
  records: ImportRecord[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
  columns: ColumnMappingEntry[];
  ignoredColumns: string[];
  /** Rows the mapping's skipRows left out (each is also a warning). */
  skipped?: SkippedRow[];
  /** The rows with listed problems, with their staff id and name. */
  problemRows?: ProblemRow[];
}
