// fast-check generators for breakdown tables: a few groups, compared or not, with counts per box.

import fc from 'fast-check';

export const COMPARED_NAMES = ['Asian', 'Black', 'Mixed', 'White', 'Other', '16-29', '30-39', '40-49'] as const;
export const NOT_COMPARED_NAMES = ['Not recorded', 'Prefer not to say', 'Unknown', 'Not declared'] as const;

export type CountsTable = Record<string, [number, number, number, number]>;

const counts = (max: number): fc.Arbitrary<[number, number, number, number]> =>
  fc.tuple(fc.nat(max), fc.nat(max), fc.nat(max), fc.nat(max)).filter((c) => c[0] + c[1] + c[2] + c[3] > 0);

/** 1–8 groups; `max` bounds each cell, so small values exercise suppression and ties. */
export function countsTable(max = 12): fc.Arbitrary<CountsTable> {
  return fc
    .uniqueArray(fc.tuple(fc.constantFrom(...COMPARED_NAMES, ...NOT_COMPARED_NAMES), counts(max)), {
      minLength: 1,
      maxLength: 8,
      selector: ([name]) => name,
    })
    .map((rows) => Object.fromEntries(rows));
}
