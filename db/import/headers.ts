// Header recognition: which file column feeds which target, from the template names, common synonyms
// and the mapping file. Produces the column plan the record builder follows, plus header-level problems.

import type { ColumnMappingEntry, ImportIssue } from '../../shared/importTypes';
import type { MappingFile } from './mappingFile';
import { REQUIRED_TARGETS, TEMPLATE_COLUMNS, isCharacteristicTarget } from './targets';

/** Case, spaces, underscores and punctuation do not matter when matching headers. */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The lower snake case a `pc_` column is known by in the characteristics map. */
export function snakeCase(header: string): string {
  return header
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

// Spellings HR systems and hand-made spreadsheets use besides the template names (which always match).
// Sensible, not exhaustive: a mapping file covers the rest.
const SYNONYMS: Record<string, readonly string[]> = {
  staff_id: ['Staff number', 'Staff no', 'Employee number', 'Employee no', 'Employee ID', 'EmpID', 'Emp no', 'Person ID', 'Personnel number', 'Payroll number', 'ID'],
  name: ['Full name', 'Employee name', 'Staff name', 'Person name'],
  grade: ['Pay grade', 'Pay band'],
  business_unit: ['Department', 'Dept', 'Directorate', 'Division', 'Business area', 'Unit'],
  job_title: ['Position', 'Role', 'Post', 'Post title', 'Job role'],
  line_manager: ['Manager', 'Manager name', 'Reporting manager'],
  job_weight: ['JE score', 'Job evaluation score', 'Job size', 'JESP score'],
  provisional_marking: ['Box marking', 'Performance rating', 'End of year marking', 'End year marking', 'Year end marking', 'Performance marking', 'Marking', 'Rating', 'Performance score'],
  q1_marking: ['Q1', 'Quarter 1 marking', 'Q1 rating'],
  q2_marking: ['Q2', 'Quarter 2 marking', 'Q2 rating'],
  q3_marking: ['Q3', 'Quarter 3 marking', 'Q3 rating'],
  mid_year_marking: ['Mid year', 'Mid year rating', 'Mid-year indicative marking'],
  finance_objective: ['Finance/efficiency objective', 'Efficiency objective', 'Financial objective'],
  corporate_contribution: ['Corporate'],
  cs_start_date: ['Start date', 'Civil Service start date', 'Date joined', 'Date of hire', 'Hire date'],
  poor_performance_measures: ['Poor performance', 'Formal poor performance measures', 'On poor performance measures'],
  joined_department_date: ['Joined department', 'Date joined department', 'Department start date'],
  left_date: ['Left Civil Service', 'Date left Civil Service', 'Civil Service leaving date'],
  grade_for_year: ['Grade held for most of the year', 'Grade for the year'],
  in_year_payments: ['In-year awards', 'In-year payments made', 'Number of in-year payments'],
  end_year_payment: ['End-year award paid', 'End-year bonus paid', 'End-year payment made'],
  previous_marking_1: ['Last year marking', "Last year's marking", 'Previous marking', 'Previous year marking', 'Marking last year', 'Last year box marking', 'Prior year marking'],
  previous_marking_2: ['Marking two years ago', 'Two years ago marking', 'Marking the year before last', 'Year before last marking'],
  countersigning_officer: ['Countersigning manager', 'Countersigner', 'Second line manager', 'CSO'],
  sex: ['Gender'],
  ethnicity: ['Race', 'Ethnic group', 'Ethnic origin'],
  disability: ['Disabled', 'Disability status'],
  age_band: ['Age group', 'Age range'],
  religion_or_belief: ['Religion', 'Religion/belief', 'Belief'],
  gender_identity: ['Gender reassignment', 'Trans status'],
  working_pattern: ['Part time/full time', 'Full time/part time', 'FT/PT', 'PT/FT', 'Work pattern', 'Full time or part time'],
  date_of_birth: ['DOB', 'Birth date'],
  age: ['Age in years'],
};

const TEMPLATE_BY_KEY = new Map<string, string>();
for (const target of [...TEMPLATE_COLUMNS, 'date_of_birth', 'age']) TEMPLATE_BY_KEY.set(headerKey(target), target);

const SYNONYM_BY_KEY = new Map<string, string>();
for (const [target, spellings] of Object.entries(SYNONYMS)) {
  for (const spelling of spellings) SYNONYM_BY_KEY.set(headerKey(spelling), target);
}

/** How a header is recognised without a mapping file, or null when it means nothing to the panel. */
export function recogniseHeader(header: string): { target: string; via: 'template' | 'synonym' } | null {
  const key = headerKey(header);
  const template = TEMPLATE_BY_KEY.get(key);
  if (template !== undefined) return { target: template, via: 'template' };
  const snake = snakeCase(header);
  if (snake.startsWith('pc_') && isCharacteristicTarget(snake)) return { target: snake, via: 'template' };
  const synonym = SYNONYM_BY_KEY.get(key);
  if (synonym !== undefined) return { target: synonym, via: 'synonym' };
  return null;
}

/** Where one target's values come from: a column (by index) or, with index null, only the mapping's default. */
export interface TargetSource {
  target: string;
  index: number | null;
  header: string | null;
}

export interface ColumnPlan {
  sources: TargetSource[];
  columns: ColumnMappingEntry[];
  ignoredColumns: string[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

/** Decides which column feeds each target. `headers` are as written in the file (already trimmed). */
export function planColumns(
  file: string,
  headers: readonly string[],
  mapping: MappingFile | undefined,
  headerRow = 1,
): ColumnPlan {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const headerIssue = (column: string | null, expected: string): ImportIssue => ({
    file,
    row: headerRow,
    column,
    value: column,
    expected,
  });

  // Targets fed per header index. The mapping's choices come first; recognition then fills the targets
  // the mapping did not mention, so a mapping only has to describe what recognition gets wrong.
  const targetsByIndex = new Map<number, { target: string; via: ColumnMappingEntry['via'] }[]>();
  const indexByTarget = new Map<string, number>();
  const settledByMapping = new Set<string>();

  for (const [target, source] of Object.entries(mapping?.columns ?? {})) {
    settledByMapping.add(target);
    if (source === null) continue;
    const index = findHeader(headers, source);
    if (index === 'none') {
      errors.push(headerIssue(source, `a column headed "${source}" (the mapping file takes ${target} from it)`));
    } else if (index === 'several') {
      errors.push(headerIssue(source, `exactly one column headed "${source}" (the mapping file takes ${target} from it), but there are several`));
    } else {
      indexByTarget.set(target, index);
      const fed = targetsByIndex.get(index) ?? [];
      fed.push({ target, via: 'mapping' });
      targetsByIndex.set(index, fed);
    }
  }

  headers.forEach((header, index) => {
    if (header === '') return;
    const recognised = recogniseHeader(header);
    if (recognised === null || settledByMapping.has(recognised.target)) return;
    const earlier = indexByTarget.get(recognised.target);
    if (earlier !== undefined) {
      errors.push(
        headerIssue(
          header,
          `only one column for ${recognised.target}, but "${headers[earlier]}" (column ${columnLetter(earlier)}) already feeds it; remove one, or name the one to use in a mapping file`,
        ),
      );
      return;
    }
    indexByTarget.set(recognised.target, index);
    const fed = targetsByIndex.get(index) ?? [];
    fed.push(recognised);
    targetsByIndex.set(index, fed);
  });

  const columns: ColumnMappingEntry[] = [];
  const ignoredColumns: string[] = [];
  headers.forEach((header, index) => {
    if (header === '') return;
    const fed = targetsByIndex.get(index);
    if (fed === undefined) {
      columns.push({ source: header, target: null, via: 'ignored' });
      ignoredColumns.push(header);
      return;
    }
    for (const { target, via } of fed) columns.push({ source: header, target, via });
  });

  const sources: TargetSource[] = [];
  for (const [target, index] of indexByTarget) sources.push({ target, index, header: headers[index] ?? null });
  for (const target of Object.keys(mapping?.defaults ?? {})) {
    if (!indexByTarget.has(target) && mapping?.columns?.[target] !== null) sources.push({ target, index: null, header: null });
  }

  const fedTargets = new Set(sources.map((s) => s.target));
  for (const target of REQUIRED_TARGETS) {
    if (!fedTargets.has(target)) {
      errors.push({
        file,
        row: headerRow,
        column: null,
        value: null,
        expected:
          target === 'staff_id'
            ? 'a staff id column ("staff_id", or e.g. "Staff ID", "Employee number", "EmpID"), or a mapping file naming it'
            : 'a name column ("name", or e.g. "Full name", "Employee name"), or a mapping file naming it',
      });
    }
  }
  if (!fedTargets.has('provisional_marking') && headers.length > 0) {
    warnings.push({
      file,
      row: headerRow,
      column: null,
      value: null,
      expected: 'a provisional_marking column (without one, everyone starts not marked)',
    });
  }
  const ageSources = ['age_band', 'date_of_birth', 'age'].filter((t) => fedTargets.has(t));
  if (ageSources.length > 1) {
    warnings.push({
      file,
      row: headerRow,
      column: null,
      value: null,
      expected: `one source for the age band; ${ageSources.join(', ')} are all present, so they are used in that order where a cell is blank`,
    });
  }

  return { sources, columns, ignoredColumns, errors, warnings };
}

function findHeader(headers: readonly string[], source: string): number | 'none' | 'several' {
  const exact = indicesWhere(headers, (h) => h === source.trim());
  if (exact.length === 1) return exact[0] as number;
  if (exact.length > 1) return 'several';
  const key = headerKey(source);
  const loose = indicesWhere(headers, (h) => h !== '' && headerKey(h) === key);
  if (loose.length === 1) return loose[0] as number;
  return loose.length > 1 ? 'several' : 'none';
}

function indicesWhere(headers: readonly string[], test: (header: string) => boolean): number[] {
  const found: number[] = [];
  headers.forEach((h, i) => {
    if (test(h)) found.push(i);
  });
  return found;
}

/** Spreadsheet column letter (0 → A, 26 → AA), so people can find the column. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
