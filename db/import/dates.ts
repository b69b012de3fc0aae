// Date cells → ISO yyyy-mm-dd: ISO and UK day-first by default, or the file's own format from the mapping.
// Formats are compiled once per column so no cell compiles a pattern.

export type DateParser = (raw: string) => string | null;

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const UK_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** A format is day, month and year tokens (DD or D, MM or M, YYYY or YY, any case) with / - . or a space between. */
const FORMAT_SHAPE = /^(DD?|MM?|YYYY|YY)([/.\- ])(DD?|MM?|YYYY|YY)\2(DD?|MM?|YYYY|YY)$/;

export function isValidDateFormat(format: string): boolean {
  const parts = FORMAT_SHAPE.exec(format.toUpperCase());
  if (!parts) return false;
  const letters = [parts[1], parts[3], parts[4]].map((t) => (t as string)[0]).sort().join('');
  return letters === 'DMY';
}

/**
 * Two-digit years pivot on the current year: a year above this year's last two digits is in the
 * 1900s (83 → 1983), anything else in the 2000s (07 → 2007). Dates of birth and start dates are in
 * the past, so this reads them right for anyone under 100.
 */
export function expandTwoDigitYear(twoDigits: number, today: Date = new Date()): number {
  const pivot = today.getFullYear() % 100;
  return twoDigits > pivot ? 1900 + twoDigits : 2000 + twoDigits;
}

function isoFrom(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parseIso(raw: string): string | null {
  const m = ISO_DATE.exec(raw);
  return m ? isoFrom(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** The default reading: ISO yyyy-mm-dd (also with a time), or UK dd/mm/yyyy (also - or . between). */
export function parseDefaultDate(raw: string): string | null {
  const iso = parseIso(raw);
  if (iso !== null) return iso;
  const m = UK_DATE.exec(raw);
  return m ? isoFrom(Number(m[3]), Number(m[2]), Number(m[1])) : null;
}

/**
 * A parser for one declared format such as MM/DD/YY or M/D/YYYY. Day and month take one or two digits
 * whichever way they are written; the year must have the declared width. ISO dates are always
 * accepted too, because spreadsheet date cells arrive as ISO whatever the file's text format.
 */
export function compileDateFormat(format: string): DateParser {
  const parts = FORMAT_SHAPE.exec(format.toUpperCase());
  if (!parts || !isValidDateFormat(format)) throw new Error(`Not a date format: ${format}`);
  const tokens = [parts[1], parts[3], parts[4]] as string[];
  const separator = (parts[2] as string).replace(/[.\-/]/g, '\\$&');
  const groups = tokens.map((t) => (t === 'YYYY' ? '(\\d{4})' : t === 'YY' ? '(\\d{2})' : '(\\d{1,2})'));
  const pattern = new RegExp(`^${groups.join(separator)}$`);
  const dayAt = tokens.findIndex((t) => t.startsWith('D')) + 1;
  const monthAt = tokens.findIndex((t) => t.startsWith('M')) + 1;
  const yearAt = tokens.findIndex((t) => t.startsWith('Y')) + 1;
  const twoDigitYear = tokens[yearAt - 1] === 'YY';
  const today = new Date();
  return (raw) => {
    const m = pattern.exec(raw);
    if (!m) return parseIso(raw);
    const year = Number(m[yearAt]);
    return isoFrom(twoDigitYear ? expandTwoDigitYear(year, today) : year, Number(m[monthAt]), Number(m[dayAt]));
  };
}
