// The import wizard's column choices: which target each file column feeds, and the mapping JSON
// (the same format as the CLI's --mapping file, see db/import/mappingFile.ts) that expresses them.

import type { ColumnMappingEntry } from '../../shared/importTypes';

export const IGNORE = 'ignore';

/** Template targets in template order, with what each one means. */
export const TARGET_LABELS: Record<string, string> = {
  staff_id: 'Staff id',
  name: 'Name',
  grade: 'Grade',
  business_unit: 'Business unit',
  job_title: 'Job title',
  line_manager: 'Line manager',
  job_weight: 'Job weight',
  provisional_marking: 'Provisional marking',
  q1_marking: 'Q1 marking',
  q2_marking: 'Q2 marking',
  q3_marking: 'Q3 marking',
  mid_year_marking: 'Mid-year marking',
  finance_objective: 'Finance objective',
  corporate_contribution: 'Corporate contribution',
  cs_start_date: 'Civil Service start date',
  poor_performance_measures: 'Poor performance measures',
  sex: 'Sex (diversity data)',
  ethnicity: 'Ethnicity (diversity data)',
  disability: 'Disability (diversity data)',
  age_band: 'Age band (diversity data)',
  date_of_birth: 'Date of birth (gives the age band)',
  age: 'Age in years (gives the age band)',
  sexual_orientation: 'Sexual orientation (diversity data)',
  religion_or_belief: 'Religion or belief (diversity data)',
  gender_identity: 'Gender identity (diversity data)',
  working_pattern: 'Working pattern (diversity data)',
};

export const CANONICAL_TARGETS = Object.keys(TARGET_LABELS);

export const VIA_LABELS: Record<ColumnMappingEntry['via'], string> = {
  template: 'template name',
  synonym: 'known synonym',
  mapping: 'your mapping',
  ignored: 'not recognised',
};

/** Source header → target (or IGNORE). */
export type ColumnChoices = Record<string, string>;

export interface MappingJson {
  description?: string;
  columns?: Record<string, string | null>;
  values?: Record<string, Record<string, string>>;
  dateFormats?: Record<string, string>;
  defaults?: Record<string, string>;
  /** Rows not to import (importFixes.ts). */
  skipRows?: Record<string, string | number>[];
}

/** The `pc_` name a further characteristic column is known by (lower snake case). */
export function characteristicTarget(header: string): string {
  const snake = header
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const name = snake.startsWith('pc_') ? snake.slice(3) : snake;
  return `pc_${name || 'other'}`;
}

export function targetLabel(target: string): string {
  if (target === IGNORE) return 'Ignore this column';
  if (TARGET_LABELS[target]) return `${TARGET_LABELS[target]} (${target})`;
  if (target.startsWith('pc_')) return `Other characteristic: ${target.slice(3).replace(/_/g, ' ')} (${target})`;
  return target;
}

/** What the preview detected, one choice per source column (the first target when it feeds several). */
export function choicesFrom(columns: readonly ColumnMappingEntry[]): ColumnChoices {
  const choices: ColumnChoices = {};
  for (const entry of columns) {
    if (entry.source in choices && choices[entry.source] !== IGNORE) continue;
    choices[entry.source] = entry.target ?? IGNORE;
  }
  return choices;
}

/**
 * Assigns `target` to `source`. A target can be fed by one column only, so any other column that fed it
 * is set to ignore; its header is returned so the wizard can say so.
 */
export function assignTarget(choices: ColumnChoices, source: string, target: string): { choices: ColumnChoices; displaced: string | null } {
  const next: ColumnChoices = { ...choices, [source]: target };
  let displaced: string | null = null;
  if (target !== IGNORE) {
    for (const [other, chosen] of Object.entries(choices)) {
      if (other !== source && chosen === target) {
        next[other] = IGNORE;
        displaced = other;
      }
    }
  }
  return { choices: next, displaced };
}

/**
 * The mapping to send with the file: each column whose choice differs from what was detected names its
 * target, and every target recognised somewhere but now fed by no column is switched off (null), so
 * "ignore" really ignores. Choices that match the detection are left to the importer.
 */
export function mappingFrom(
  choices: ColumnChoices,
  detected: ColumnChoices,
  knownTargets: Iterable<string>,
  base: MappingJson | null,
): MappingJson {
  const columns: Record<string, string | null> = { ...(base?.columns ?? {}) };
  const fed = new Set(Object.values(choices).filter((t) => t !== IGNORE));
  for (const [source, target] of Object.entries(choices)) {
    if (target !== IGNORE && detected[source] !== target) columns[target] = source;
  }
  for (const target of knownTargets) {
    if (!fed.has(target) && target !== IGNORE) columns[target] = null;
  }
  return { ...(base ?? {}), columns };
}

/** Targets to offer in a column's select: the template ones, any pc_ already in use, and this column's own pc_ name. */
export function targetOptions(source: string, choices: ColumnChoices): string[] {
  const inUse = Object.values(choices).filter((t) => t.startsWith('pc_'));
  const own = characteristicTarget(source);
  return [...new Set([...CANONICAL_TARGETS, ...inUse, own])];
}
