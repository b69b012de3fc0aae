// Which groups a breakdown has, which of them are compared, their order, and the reference group.

import { NOT_RECORDED } from '../domain';

/**
 * Answers that are not a group of people with something in common: shown in every table,
 * but left out of the reference, the highest rate and the tests. Matched case-insensitively.
 */
export const DEFAULT_NOT_COMPARED_GROUPS: readonly string[] = [NOT_RECORDED, 'Prefer not to say', 'Unknown', 'Not declared'];

/** The group a raw characteristic value belongs to: trimmed; blank or missing is "Not recorded". */
export function groupName(raw: string | null | undefined): string {
  const trimmed = (raw ?? '').trim();
  return trimmed === '' ? NOT_RECORDED : trimmed;
}

export function isComparedGroup(group: string, notCompared: readonly string[] = DEFAULT_NOT_COMPARED_GROUPS): boolean {
  const key = group.trim().toLowerCase();
  return !notCompared.some((name) => name.trim().toLowerCase() === key);
}

/**
 * Alphabetical by lower-cased UTF-16 code units, then by exact text. Deliberately not
 * localeCompare: the same data must pick the same reference on every machine.
 */
export function compareGroupNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Display order: compared groups alphabetically, then the not-compared ones alphabetically. */
export function compareGroupOrder(a: { group: string; compared: boolean }, b: { group: string; compared: boolean }): number {
  if (a.compared !== b.compared) return a.compared ? -1 : 1;
  return compareGroupNames(a.group, b.group);
}

export interface ReferenceChoice {
  reference: string | null;
  /** Set when the requested reference could not be used, saying what was used instead. */
  note: string | null;
}

/**
 * The reference group: the one requested if it is a compared group here, otherwise the largest
 * compared group. Ties for largest go to the first alphabetically (compareGroupNames), so the
 * choice never depends on input order.
 */
export function chooseReferenceGroup(
  groups: readonly { group: string; n: number; compared: boolean }[],
  requested: string | null | undefined,
): ReferenceChoice {
  const compared = groups.filter((g) => g.compared).sort((a, b) => compareGroupNames(a.group, b.group));
  let largest: { group: string; n: number } | null = null;
  for (const g of compared) if (largest === null || g.n > largest.n) largest = g;
  const fallback = largest?.group ?? null;
  if (requested === null || requested === undefined || requested.trim() === '') return { reference: fallback, note: null };
  const wanted = requested.trim();
  if (compared.some((g) => g.group === wanted)) return { reference: wanted, note: null };
  const why = groups.some((g) => g.group === wanted) ? 'is not a compared group' : 'has nobody in this breakdown';
  return {
    reference: fallback,
    note:
      fallback === null
        ? `The chosen reference group "${wanted}" ${why}, and there is no compared group to use instead.`
        : `The chosen reference group "${wanted}" ${why}, so the largest group, "${fallback}", is the reference instead.`,
  };
}
