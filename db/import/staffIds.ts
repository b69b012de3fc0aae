// Staff ids as HR's system knows them. A re-import matches people by staff id, so an id that only looks the
// same (a zero-width space, fullwidth digits, a Cyrillic "Ѕ", a change of case, a number Excel rounded)
// would silently make a new person and, with "remove people the file lacks", remove the real one.
// Ids are normalised where the difference is invisible, and refused or warned about where it is not.

/** Characters that render as nothing: zero-width spaces and joiners, word joiner, BOM, soft hyphen, bidi marks. */
const INVISIBLE = /[\p{Cf}]/gu;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const PRINTABLE_ASCII = /^[!-~](?:[ -~]*[!-~])?$/;
/** What Excel writes for a number too long to show: 1.23457E+19. */
const SCIENTIFIC = /^[-+]?\d+(?:\.\d+)?e[-+]?\d+$/i;

/** Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables for the letters ids use). */
const LOOK_ALIKES: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', Ѕ: 'S', І: 'I', Ј: 'J', Ү: 'Y', Ԛ: 'Q', Ԝ: 'W',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', ѕ: 's', і: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X', ο: 'o', ν: 'v',
});

export interface StaffIdReading {
  /** The id to store and match on. */
  staffId: string;
  /** Why the cell cannot be a staff id (what was expected), or null. */
  refusal: string | null;
  /** Something a person should check, or null. */
  warning: string | null;
}

/**
 * NFKC (fullwidth digits and letters become plain ones, a no-break space a space), invisible characters
 * removed, then trimmed. Refused: control characters, and numbers in scientific notation (Excel's rounding
 * of a long numeric id). Warned: letters outside plain Latin, which may be look-alikes.
 */
export function readStaffId(cell: string): StaffIdReading {
  // The usual id is printable ASCII already, and normalising it changes nothing.
  const staffId = PRINTABLE_ASCII.test(cell) ? cell : cell.normalize('NFKC').replace(INVISIBLE, '').trim();
  if (CONTROL.test(staffId)) {
    return { staffId, refusal: 'a staff id of letters, digits and punctuation; this one holds a control character', warning: null };
  }
  if (SCIENTIFIC.test(staffId)) {
    return {
      staffId,
      refusal:
        "a staff id as HR's system writes it; this is a number Excel has shortened (it keeps 15 digits), so the id is lost: format the column as Text in the source and export again",
      warning: null,
    };
  }
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(staffId)) {
    const foreign = [...staffId].filter((c) => c.charCodeAt(0) > 0x7f);
    const lookAlike = foreign.filter((c) => LOOK_ALIKES[c] !== undefined);
    return {
      staffId,
      refusal: null,
      warning:
        lookAlike.length > 0
          ? `a staff id in plain Latin letters and digits; "${lookAlike.join('')}" here ${lookAlike.length === 1 ? 'is a Cyrillic or Greek letter that looks like' : 'are Cyrillic or Greek letters that look like'} "${lookAlike.map((c) => LOOK_ALIKES[c]).join('')}", so this id will not match the same id typed in Latin letters`
          : `a staff id in plain Latin letters and digits; "${foreign.join('')}" here may not match the id in HR's system`,
    };
  }
  return { staffId, refusal: null, warning: null };
}

/** What two ids have in common when they differ only in case or look-alike letters. */
export function staffIdSkeleton(staffId: string): string {
  // Every look-alike is outside ASCII, so the usual id only needs its capitals (once a row on a 100k import).
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(staffId)) return staffId.toUpperCase();
  let skeleton = '';
  for (const c of staffId) skeleton += LOOK_ALIKES[c] ?? c;
  return skeleton.toUpperCase();
}
