// Hard limits on every import (provisional markings and lists of changes), so that a hostile or broken file
// is refused with a clear message in bounded memory and time; and how a cell's value is shown in a message.
// docs/import-format.md lists the same numbers: change both together.

export const IMPORT_LIMITS = {
  /** The file as uploaded or read from disk. A 100,000-person CSV with every column is about 25 MB. */
  fileBytes: 64 * 1024 * 1024,
  /** XLSX: the parts read (workbook, relationships, styles, shared strings, the first sheet), unpacked, in all. */
  uncompressedBytes: 512 * 1024 * 1024,
  /** XLSX: the shared strings, which are held in memory while the sheet is read. */
  sharedStringsBytes: 128 * 1024 * 1024,
  /** XLSX: entries in the zip (a workbook has a few dozen). */
  zipEntries: 10_000,
  /** XLSX: more unpacked than packed by this factor is a zip bomb (real sheets pack 5-20 times). */
  compressionRatio: 1_000,
  /** Rows below the header, blank ones included. */
  rows: 200_000,
  columns: 1_000,
  /** Excel's own limit on the characters in a cell. */
  cellCharacters: 32_767,
  /** Problems listed one by one; the rest are counted in a last line. Warnings likewise. */
  issuesListed: 1_000,
} as const;

/** 12,345,678 */
export function count(n: number): string {
  return n.toLocaleString('en-GB');
}

/** 64 MB */
export function megabytes(bytes: number): string {
  return `${count(Math.round(bytes / (1024 * 1024)))} MB`;
}

/** The words for a file with more rows than an import takes (CSV and XLSX alike). */
export function tooManyRows(): string {
  return `a file of at most ${count(IMPORT_LIMITS.rows)} rows below the header; this one has more, so it was not read past row ${count(IMPORT_LIMITS.rows + 1)} and nothing was imported (split it, or remove rows that are not people)`;
}

const SHOWN_CHARACTERS = 80;

/**
 * A value as a message may show it: control characters (a NUL, a line break inside a cell) written as
 * visible escapes, and a long value cut to its start with its length, so no message carries a megabyte
 * cell or a byte that a terminal acts on.
 */
export function shownValue(value: string): string {
  const head = value.length > SHOWN_CHARACTERS ? value.slice(0, SHOWN_CHARACTERS) : value;
  // eslint-disable-next-line no-control-regex
  const visible = head.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return value.length > SHOWN_CHARACTERS ? `${visible}… (${count(value.length)} characters)` : visible;
}

/**
 * Text bound for a terminal or a log line: control characters other than line breaks and tabs escaped, and
 * each line cut to `maxLine` characters.
 */
export function safeText(text: string, maxLine = 2_000): string {
  return text
    .split('\n')
    .map((line) => {
      // eslint-disable-next-line no-control-regex
      const visible = line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      return visible.length > maxLine ? `${visible.slice(0, maxLine)}… (${count(visible.length - maxLine)} more characters)` : visible;
    })
    .join('\n');
}
