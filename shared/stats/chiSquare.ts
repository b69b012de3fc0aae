// Pearson's chi-square test of independence on a table of counts (no continuity correction),
// as scipy.stats.chi2_contingency(table, correction=False).

import { chiSquareSurvival } from './gamma';

export interface ChiSquareResult {
  statistic: number;
  df: number;
  p_value: number;
  /** The smallest expected count; below 5 the chi-square approximation is poor. */
  min_expected: number;
}

/**
 * Rows and columns that are empty throughout are left out first (an empty box says nothing about
 * the groups, and its expected count of 0 would divide by zero). Null when fewer than two rows or
 * two columns remain: there is nothing to compare.
 */
export function pearsonChiSquare(table: readonly (readonly number[])[]): ChiSquareResult | null {
  for (const row of table) {
    for (const cell of row) {
      if (!Number.isSafeInteger(cell) || cell < 0) {
        throw new RangeError(`chi-square needs whole, non-negative counts; got ${cell}`);
      }
    }
  }
  const width = Math.max(0, ...table.map((row) => row.length));
  const columnTotals = Array.from({ length: width }, (_, j) => table.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const keptColumns = columnTotals.flatMap((total, j) => (total > 0 ? [j] : []));
  const rows = table
    .map((row) => keptColumns.map((j) => row[j] ?? 0))
    .filter((row) => row.some((cell) => cell > 0));
  if (rows.length < 2 || keptColumns.length < 2) return null;

  const rowTotals = rows.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  const keptTotals = keptColumns.map((j) => columnTotals[j] ?? 0);
  const grandTotal = rowTotals.reduce((sum, total) => sum + total, 0);

  let statistic = 0;
  let minExpected = Infinity;
  rows.forEach((row, i) => {
    row.forEach((observed, j) => {
      const expected = ((rowTotals[i] ?? 0) * (keptTotals[j] ?? 0)) / grandTotal;
      statistic += ((observed - expected) * (observed - expected)) / expected;
      minExpected = Math.min(minExpected, expected);
    });
  });
  const df = (rows.length - 1) * (keptColumns.length - 1);
  return { statistic, df, p_value: chiSquareSurvival(statistic, df), min_expected: minExpected };
}
