// Cell readers for numbers, yes/no answers, box markings and the finance objective.
// Each returns null for "not a valid value"; the record builder turns that into an ImportIssue.

import { BOX_MARKINGS, FINANCE_OBJECTIVES, type BoxMarking, type FinanceObjective, parseFinanceObjective, parseMarking } from '../../shared/domain';

// Currency signs and spaces are presentation, not part of the number.
const CURRENCY_AND_SPACES = /[£$€\s]/g;
const PLAIN_NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)$/;
// A comma must group thousands (1,250 or 12,500,000): "1,5" is more likely a decimal comma than 15.
const GROUPED_NUMBER = /^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/** A job weight such as 1250, "1,250" or "£1,250.50". Null when it is not a number. */
export function parseJobWeight(raw: string): number | null {
  let stripped = raw.replace(CURRENCY_AND_SPACES, '');
  if (stripped.includes(',')) {
    if (!GROUPED_NUMBER.test(stripped)) return null;
    stripped = stripped.replaceAll(',', '');
  }
  if (!PLAIN_NUMBER.test(stripped)) return null;
  const value = Number(stripped);
  return Number.isFinite(value) ? value : null;
}

/** An age in years; decimals are allowed (some systems export 42.7) and count whole years. */
export function parseAge(raw: string): number | null {
  if (!PLAIN_NUMBER.test(raw)) return null;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? Math.floor(value) : null;
}

// A Map, not an object: "constructor" or "__proto__" in a yes/no column must not find Object's own members.
const YES_NO: ReadonlyMap<string, boolean> = new Map([
  ['yes', true],
  ['y', true],
  ['true', true],
  ['1', true],
  ['no', false],
  ['n', false],
  ['false', false],
  ['0', false],
]);

/** yes/no/y/n/true/false/1/0 in any case; blank is no. Null when it is none of those. */
export function parseYesNo(raw: string): boolean | null {
  if (raw === '') return false;
  return YES_NO.get(raw.toLowerCase()) ?? null;
}

/** An end-year payment: yes/no, or an amount (any positive amount was paid; 0 was not). Null when neither. */
export function parsePayment(raw: string): boolean | null {
  const yesNo = YES_NO.get(raw.toLowerCase());
  if (yesNo !== undefined) return yesNo;
  const amount = parseJobWeight(raw);
  return amount === null || amount < 0 ? null : amount > 0;
}

/**
 * Markings and finance objectives repeat endlessly down a column, so each column remembers what it has
 * already read instead of normalising the same few spellings a hundred thousand times.
 */
export function remembering<T>(read: (raw: string) => T): (raw: string) => T {
  const seen = new Map<string, T>();
  return (raw) => {
    let result = seen.get(raw);
    if (result === undefined && !seen.has(raw)) {
      result = read(raw);
      seen.set(raw, result);
    }
    return result as T;
  };
}

/** Blank → null (not marked); an unknown spelling → undefined so the caller can report it. */
export function readMarking(raw: string): BoxMarking | null | undefined {
  if (raw === '') return null;
  const marking = parseMarking(raw);
  // Only one of the four markings ever leaves here, whatever the spelling table holds.
  return marking !== null && BOX_MARKINGS.includes(marking) ? marking : undefined;
}

export function readFinanceObjective(raw: string): FinanceObjective | null {
  const objective = parseFinanceObjective(raw);
  return objective !== null && FINANCE_OBJECTIVES.includes(objective) ? objective : null;
}
