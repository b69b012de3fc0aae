// Reads tests/stats/expected.json, written by scipy_expected.py. CI has no scipy: only the JSON is read.

import { readFileSync } from 'node:fs';

export interface ExpectedChiSquare {
  statistic: number;
  df: number;
  p_value: number;
  min_expected: number;
}

export interface ExpectedFile {
  versions: Record<string, string>;
  breakdowns: Record<
    string,
    {
      groups: Record<string, [number, number, number, number]>;
      chi_square: ExpectedChiSquare | null;
      fisher: Record<string, { top_p: number; bottom_p: number }>;
    }
  >;
  fisher_tables: { table: [[number, number], [number, number]]; p: number }[];
  chi_square_tables: ({ table: number[][] } & ExpectedChiSquare)[];
  chi2_survival: { x: number; df: number; sf: number }[];
}

export const expected = JSON.parse(readFileSync(new URL('./expected.json', import.meta.url), 'utf-8')) as ExpectedFile;
