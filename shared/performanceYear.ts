// The performance year (April to March, named by the year it starts: 2025 = 2025/26) and its eligibility
// cut-off. One place for parsing what people type and for the default, so the CLI and the window agree.

/**
 * "2025", "2025-26", "2025/26", "2025-2026" or "2025/2026" → 2025; null when it is none of these or the
 * second year does not follow the first.
 */
export function parsePerformanceYear(raw: string): number | null {
  const match = /^\s*(\d{4})(?:\s*[-/–]\s*(\d{2}|\d{4}))?\s*$/.exec(raw);
  if (!match) return null;
  const start = Number(match[1]);
  if (start < 2000 || start > 2100) return null;
  if (match[2] !== undefined) {
    const end = Number(match[2]);
    const expected = match[2].length === 2 ? (start + 1) % 100 : start + 1;
    if (end !== expected) return null;
  }
  return start;
}

/**
 * The year a panel most likely moderates on `today`: from April to September, the year that ended on the
 * last 31 March (end-year moderation); from October to March, the year in progress (its mid-year check
 * and, from January, its end-year panels).
 */
export function defaultPerformanceYear(today: Date = new Date()): number {
  const month = today.getMonth(); // 0 = January
  return month >= 9 ? today.getFullYear() : today.getFullYear() - 1;
}

/**
 * Para 69: "Job holders must have been employed by the Civil Service since before the 1st January to be
 * eligible for moderation in that particular performance year." The 1 January inside year Y/Y+1 is in Y+1.
 */
export function defaultEligibilityCutoff(performanceYear: number): string {
  return `${performanceYear + 1}-01-01`;
}

/** 2025 → "2025/26". */
export function performanceYearLabel(performanceYear: number): string {
  return `${performanceYear}/${String((performanceYear + 1) % 100).padStart(2, '0')}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written yyyy-mm-dd. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}
