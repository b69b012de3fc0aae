// The JSON mapping file that adapts an HR extract to the template: which column feeds each target, value
// translations, date formats, defaults and rows to skip. Validated with zod so a mistake names the file and
// the JSON path. The import wizard writes the same file (its fixes to values and skipped rows included), so
// `modpanel import --mapping` repeats what was decided there.

import { z } from 'zod';
import { editDistance, JsonFileError, parseJsonText, readJsonText, validateJson, type JsonProblem } from '../jsonFile';
import { isValidDateFormat } from './dates';
import { recogniseHeader } from './headers';
import { TEMPLATE_COLUMNS, isKnownTarget, targetKind } from './targets';

const TARGET_HINT =
  'a template column (staff_id, name, grade, business_unit, job_title, line_manager, job_weight, provisional_marking, ' +
  'q1_marking, q2_marking, q3_marking, mid_year_marking, finance_objective, corporate_contribution, cs_start_date, ' +
  'poor_performance_measures, joined_department_date, left_date, grade_for_year, in_year_payments, end_year_payment, ' +
  'previous_marking_1, previous_marking_2, countersigning_officer, sex, ethnicity, disability, age_band, sexual_orientation, religion_or_belief, ' +
  'gender_identity, working_pattern), date_of_birth, age, or a pc_ name in lower snake case such as pc_marital_status';

const SECTIONS = ['columns', 'values', 'dateFormats', 'defaults'] as const;

export const mappingFileSchema = z
  .strictObject(
    {
      /** Free text for whoever maintains the mapping (JSON has no comments). */
      description: z.string({ error: 'text' }).optional(),
      /** target → header in the file; null leaves a target out even if a header would be recognised. */
      columns: z
        .record(z.string(), z.string({ error: 'a column header (text), or null to leave this target out' }).min(1).nullable())
        .optional(),
      /** target → { value in the file → value to use }; "" as the value to use means blank. */
      values: z
        .record(z.string(), z.record(z.string(), z.string({ error: 'the value to use instead (text; "" for blank)' })))
        .optional(),
      /** date target → format such as DD/MM/YYYY, MM/DD/YY or M/D/YYYY. */
      dateFormats: z.record(z.string(), z.string({ error: 'a date format such as DD/MM/YYYY (text)' })).optional(),
      /** target → value used when the cell is blank or the column is missing. */
      defaults: z.record(z.string(), z.string({ error: 'the value to use (text)' })).optional(),
      /**
       * Rows not to import, each a rule: target → the cell's value as the file has it (matched ignoring case and
       * padding), optionally "row" (the spreadsheet row number) and a "note" saying why. A row is skipped when
       * every condition of a rule holds. Each skipped row, and each rule that matched nothing, is a warning.
       */
      skipRows: z
        .array(
          z.record(z.string(), z.union([z.string(), z.number().int().min(1, { error: 'a row number such as 17 (the header is row 1)' })], { error: 'the value as the file has it (text), or for "row" a row number' }), {
            error: 'a rule: an object such as { "staff_id": "S100234", "note": "test account" }',
          }),
          { error: 'a list of rules such as [{ "staff_id": "S100234", "note": "test account" }]' },
        )
        .max(1_000, { error: 'at most 1,000 rules' })
        .optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `only the sections description, columns, values, dateFormats, defaults and skipRows (found ${issue.keys.map((k) => `"${k}"`).join(', ')})`
          : issue.code === 'invalid_type'
            ? 'a JSON object with sections such as "columns", "values", "dateFormats", "defaults"'
            : undefined,
    },
  )
  // Target names and date formats are checked even when other parts are wrong, so one run lists every problem.
  .superRefine(
    (mapping, ctx) => {
      for (const section of SECTIONS) {
        for (const target of Object.keys(objectOrEmpty(mapping[section]))) {
          if (!isKnownTarget(target)) {
            ctx.addIssue({ code: 'custom', path: [section, target], message: unknownTargetMessage(target) });
          }
        }
      }
      const rules = Array.isArray(mapping.skipRows) ? mapping.skipRows : [];
      rules.forEach((rule, index) => {
        if (!isObject(rule)) return;
        const conditions = Object.entries(objectOrEmpty(rule)).filter(([key]) => key !== 'note');
        if (conditions.length === 0) {
          ctx.addIssue({ code: 'custom', path: ['skipRows', index], message: 'at least one condition, such as "staff_id": "S100234" (a note alone would skip nothing)' });
        }
        for (const [key, value] of conditions) {
          if (key === 'row') {
            if (typeof value !== 'number') ctx.addIssue({ code: 'custom', path: ['skipRows', index, key], message: 'a row number such as 17 (the header is row 1)' });
          } else if (!isKnownTarget(key)) {
            ctx.addIssue({ code: 'custom', path: ['skipRows', index, key], message: unknownTargetMessage(key) });
          } else if (typeof value !== 'string') {
            ctx.addIssue({ code: 'custom', path: ['skipRows', index, key], message: 'the value as the file has it, in quotes' });
          }
        }
        if (typeof objectOrEmpty(rule).note !== 'string' && 'note' in objectOrEmpty(rule)) {
          ctx.addIssue({ code: 'custom', path: ['skipRows', index, 'note'], message: 'text saying why the row is skipped' });
        }
      });
      for (const [target, format] of Object.entries(objectOrEmpty(mapping.dateFormats))) {
        const kind = isKnownTarget(target) ? targetKind(target) : null;
        if (kind !== null && kind !== 'date' && kind !== 'date_of_birth') {
          ctx.addIssue({
            code: 'custom',
            path: ['dateFormats', target],
            message: `a date format applies only to cs_start_date, joined_department_date, left_date or date_of_birth, not ${target}`,
          });
        } else if (typeof format === 'string' && !isValidDateFormat(format)) {
          ctx.addIssue({
            code: 'custom',
            path: ['dateFormats', target],
            message: `"${format}" is not a date format; write day, month and year as DD, MM and YYYY (or D, M, YY) with / - . or a space between, e.g. DD/MM/YYYY or M/D/YY`,
          });
        }
      }
    },
    { when: (payload) => isObject(payload.value) },
  );

/** Points at the likely intended target (a typo, or a header name used as a target), else lists them all. */
function unknownTargetMessage(target: string): string {
  const recognised = recogniseHeader(target)?.target;
  const close = recognised ?? KNOWN_TARGETS.find((known) => editDistance(known, target.toLowerCase()) <= 2);
  return close !== undefined
    ? `"${target}" is not a target; did you mean ${close}?`
    : `"${target}" is not a target; use ${TARGET_HINT}`;
}

const KNOWN_TARGETS = [...TEMPLATE_COLUMNS, 'date_of_birth', 'age'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a section defensively: the refinement may run on input whose other parts failed validation. */
function objectOrEmpty(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

export type MappingFile = z.infer<typeof mappingFileSchema>;

/** A mapping file that cannot be used, with every problem and where it is in the JSON. */
export class MappingFileError extends JsonFileError {
  constructor(file: string, problems: readonly JsonProblem[]) {
    super('Mapping file', file, problems);
    this.name = 'MappingFileError';
  }
}

const mappingFailure = (file: string, problems: JsonProblem[]) => new MappingFileError(file, problems);

/** Validates mapping JSON text (the wizard uploads text; the CLI reads a path). Throws MappingFileError. */
export function parseMappingJson(text: string, fileName: string): MappingFile {
  return validateJson(mappingFileSchema, parseJsonText(text, fileName, mappingFailure), fileName, mappingFailure);
}

export function readMappingFile(path: string): MappingFile {
  return parseMappingJson(readJsonText(path, mappingFailure), path);
}
