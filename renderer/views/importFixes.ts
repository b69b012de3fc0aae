// Fixing HR's file in the import wizard without editing it: a value the importer cannot read is read as
// another for every row that has it (the mapping's `values`), and a row with problems can be skipped (the
// mapping's `skipRows`). The fixes travel with the mapping JSON, so saving it repeats them next time, in the
// wizard or with `modpanel import --mapping` (db/import/mappingFile.ts, docs/import-format.md).

import type { ImportPreviewView } from '../../shared/contract';
import { BOX_MARKINGS, FINANCE_OBJECTIVES } from '../../shared/domain';
import type { ImportIssue, ProblemRow } from '../../shared/importTypes';
import type { MappingJson } from './importMapping';

export type SkipRule = Record<string, string | number>;

/** What HR fixed here, on top of whatever mapping the wizard was given. */
export interface ImportFixes {
  /** target → { value as the file has it → value to read instead }. */
  values: Record<string, Record<string, string>>;
  skipRows: SkipRule[];
}

export const NO_FIXES: ImportFixes = { values: {}, skipRows: [] };

const MARKING_TARGETS = new Set(['provisional_marking', 'q1_marking', 'q2_marking', 'q3_marking', 'mid_year_marking', 'previous_marking_1', 'previous_marking_2']);
const YES_NO_TARGETS = new Set(['corporate_contribution', 'poor_performance_measures', 'end_year_payment']);
/** Who a row is: fixing these by reading one value as another would make two people one. */
const IDENTITY_TARGETS = new Set(['staff_id', 'name']);

/** A value to read instead, and how the window says it. */
export interface ValueChoice {
  value: string;
  label: string;
}

/** The values a target can be read as, or null where any text may be typed (a job weight, a date). */
export function valueChoices(target: string): ValueChoice[] | null {
  if (MARKING_TARGETS.has(target)) return [...BOX_MARKINGS.map((m) => ({ value: m, label: m })), { value: '', label: 'Blank (not marked)' }];
  if (target === 'finance_objective') return FINANCE_OBJECTIVES.map((f) => ({ value: f, label: f }));
  if (YES_NO_TARGETS.has(target)) return [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }];
  return null;
}

/** One value the importer could not read in one column, with the rows (among those listed) that have it. */
export interface ValueProblem {
  target: string;
  /** The column as the file names it. */
  header: string;
  /** As the file has it (the first spelling seen; the fix matches any case). */
  value: string;
  rows: number[];
  expected: string;
}

// Cells no value map can help: the reader refused them (an Excel error, a damaged byte, an over-long cell).
const UNREADABLE = /^(a value; this cell|a value of at most|UTF-8 text|no more values than there are headers)/;
// A value shown escaped or cut in the message is not the value in the file.
const NOT_AS_IN_FILE = /\\u[0-9a-f]{4}|… \([\d,]+ characters\)$/;

function targetOf(preview: ImportPreviewView, header: string): string | null {
  return preview.columns.find((c) => c.source === header && c.target !== null)?.target ?? null;
}

function isValueProblem(issue: ImportIssue): issue is ImportIssue & { row: number; column: string; value: string } {
  return issue.row !== null && issue.column !== null && issue.value !== null && issue.value !== '' && !UNREADABLE.test(issue.expected) && !NOT_AS_IN_FILE.test(issue.value);
}

/** The preview's problems that reading one value as another would fix, grouped by column and value. */
export function valueProblems(preview: ImportPreviewView): ValueProblem[] {
  const groups = new Map<string, ValueProblem>();
  for (const issue of preview.errors) {
    if (!isValueProblem(issue)) continue;
    const target = targetOf(preview, issue.column);
    if (target === null || IDENTITY_TARGETS.has(target)) continue;
    const key = `${target}\u0000${issue.value.trim().toLowerCase()}`;
    const group = groups.get(key);
    if (group) group.rows.push(issue.row);
    else groups.set(key, { target, header: issue.column, value: issue.value, rows: [issue.row], expected: issue.expected.replace(/ \(read as "[^"]*"\)$/, '') });
  }
  return [...groups.values()];
}

/** The rule that skips `row` next time too: by its staff id; where the id is blank or in question, by row number with the id and name. */
export function skipRuleFor(row: ProblemRow): SkipRule {
  if (row.staffId !== '' && !row.staffIdInQuestion) return { staff_id: row.staffId };
  return { row: row.row, staff_id: row.staffId, name: row.name };
}

export function withValueFix(fixes: ImportFixes, target: string, value: string, readAs: string): ImportFixes {
  const forTarget = Object.fromEntries(Object.entries(fixes.values[target] ?? {}).filter(([from]) => from.trim().toLowerCase() !== value.trim().toLowerCase()));
  return { ...fixes, values: { ...fixes.values, [target]: { ...forTarget, [value]: readAs } } };
}

export function withoutValueFix(fixes: ImportFixes, target: string, value: string): ImportFixes {
  const { [value]: _dropped, ...rest } = fixes.values[target] ?? {};
  const values = { ...fixes.values, [target]: rest };
  if (Object.keys(rest).length === 0) delete values[target];
  return { ...fixes, values };
}

export function withSkip(fixes: ImportFixes, rule: SkipRule): ImportFixes {
  const same = (a: SkipRule) => JSON.stringify(a) === JSON.stringify(rule);
  return fixes.skipRows.some(same) ? fixes : { ...fixes, skipRows: [...fixes.skipRows, rule] };
}

export function withoutSkip(fixes: ImportFixes, index: number): ImportFixes {
  return { ...fixes, skipRows: fixes.skipRows.filter((_, i) => i !== index) };
}

export function hasFixes(fixes: ImportFixes): boolean {
  return fixes.skipRows.length > 0 || Object.keys(fixes.values).length > 0;
}

/** The mapping to send: the wizard's column choices and the given mapping, with the fixes made here on top. */
export function withFixes(mapping: MappingJson | undefined, fixes: ImportFixes): MappingJson | undefined {
  if (!hasFixes(fixes)) return mapping;
  const values: Record<string, Record<string, string>> = { ...(mapping?.values ?? {}) };
  for (const [target, map] of Object.entries(fixes.values)) values[target] = { ...(values[target] ?? {}), ...map };
  const skipRows = [...(mapping?.skipRows ?? []), ...fixes.skipRows];
  return { ...(mapping ?? {}), values, ...(skipRows.length > 0 ? { skipRows } : {}) };
}

/** "row 5, S4 Katherine Johnson" — how a rule reads on screen. */
export function describeSkipRule(rule: SkipRule): string {
  const parts: string[] = [];
  if (rule.row !== undefined) parts.push(`row ${rule.row}`);
  if (rule.staff_id !== undefined) parts.push(rule.staff_id === '' ? 'no staff id' : `staff id ${String(rule.staff_id)}`);
  if (rule.name !== undefined && rule.name !== '') parts.push(String(rule.name));
  for (const [key, value] of Object.entries(rule)) if (!['row', 'staff_id', 'name', 'note'].includes(key)) parts.push(`${key} "${String(value)}"`);
  return parts.join(', ');
}
