// Reading one target's text out of a row: trimming, the mapping's value translations and defaults, and
// keeping one copy of repeated spellings. Hot code: it runs for every cell of a 100k-row file.

import type { TargetSource } from './headers';

export type Cells = readonly string[];

/**
 * Reads a target's cell: trimmed, translated through the mapping's value map (matched ignoring case and
 * padding), then the mapping's default if the result is blank or the column is missing.
 */
export function cellReader(
  source: TargetSource,
  valueMap: Record<string, string> | undefined,
  fallback: string | undefined,
): (cells: Cells) => string {
  const index = source.index;
  const blank = fallback?.trim() ?? '';
  if (index === null) return () => blank;
  if (valueMap === undefined) {
    return (cells) => {
      const text = trimmed(cells[index]);
      return text === '' ? blank : text;
    };
  }
  const translations = new Map<string, string>();
  for (const [from, to] of Object.entries(valueMap)) translations.set(from.trim().toLowerCase(), to.trim());
  return (cells) => {
    let text = trimmed(cells[index]);
    const translated = translations.get(text.toLowerCase());
    if (translated !== undefined) text = translated;
    return text === '' ? blank : text;
  };
}

/**
 * Grades, business units, job titles and managers repeat down the column: keeping one copy of each spelling
 * makes 100k records markedly smaller, which is most of what garbage collection costs on a big file.
 * A column of mostly distinct values stops being remembered so the table cannot grow without bound.
 */
export function sharedSpelling(): (value: string) => string {
  const copies = new Map<string, string>();
  return (value) => {
    const copy = copies.get(value);
    if (copy !== undefined) return copy;
    if (copies.size < 20_000) copies.set(value, value);
    return value;
  };
}

/**
 * Breakdowns group by exact value, so "female" and "Female" would split one group in two: within a column,
 * spellings that differ only in case take the first spelling seen.
 */
export function characteristicSpelling(): (value: string) => string {
  const exact = new Map<string, string>();
  const byLowerCase = new Map<string, string>();
  return (value) => {
    let spelling = exact.get(value);
    if (spelling === undefined) {
      const lower = value.toLowerCase();
      spelling = byLowerCase.get(lower) ?? value;
      byLowerCase.set(lower, spelling);
      exact.set(value, spelling);
    }
    return spelling;
  };
}

/** Trims a cell, skipping the call for the usual cell that has no padding (it adds up over millions of cells). */
export function trimmed(cell: string | undefined): string {
  if (cell === undefined || cell === '') return '';
  return isPlainEnd(cell.charCodeAt(0)) && isPlainEnd(cell.charCodeAt(cell.length - 1)) ? cell : cell.trim();
}

/** Not whitespace of any kind trim() would remove (spaces, controls, no-break space, Unicode spaces). */
function isPlainEnd(code: number): boolean {
  return code > 32 && code !== 160 && code < 0x1680;
}

export function isBlankRow(cells: Cells): boolean {
  for (const cell of cells) if (trimmed(cell) !== '') return false;
  return true;
}
