// A seeded corpus of hostile CSV and XLSX files, and the check every one of them must pass: the import
// settles, every problem is one readable line, every record holds only text, numbers, booleans and null, and
// applying it to a panel either succeeds or is refused whole (nothing written). tests/import/fuzz.test.ts runs
// a CI-sized corpus; `npm run bench` runs the full size.

import { ModerationError } from '../../db/errors';
import { parseImportBuffer } from '../../db/import';
import { ModerationService } from '../../db/service';
import type { Actor } from '../../shared/domain';
import type { ImportRecord, ParsedImport } from '../../shared/importTypes';
import { type SheetCell, workbookParts, zipBytes } from './workbookBytes';

const HR: Actor = { name: 'Fuzz HR', role: 'hr' };

/** mulberry32: small, fast and the same on every machine, so a failing seed can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  name: string;
  bytes: Uint8Array;
}

const COLUMNS = ['staff_id', 'name', 'grade', 'provisional_marking', 'corporate_contribution', 'finance_objective', 'job_weight', 'cs_start_date', 'sex', 'end_year_payment'];
const HOSTILE_CELLS = [
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', '=1+1', '@SUM(A1)', '-0', 'NaN', 'Infinity', '1e309', '1.23457E+19', '12345678901234567890',
  '\u0000', 'a\u0000b', '\u200B', '\uFEFF', '\uFFFD', 'Ѕ100', 'ｓ１００', '"', '""', '","', '\r', '\n', '\r\n', ';', '\t', ' ', 'Siân', 'Zoë', '😀', '\uD800',
  'yes', 'no', 'E', 'HP', 'Achieving', 'Met', 'Not met', '31/02/2024', '2024-13-01', '0000-00-00', '1,250', '£-5', '99999999999999999999999',
];
const MARKINGS = ['Exceeding', 'High Performing', 'Achieving', 'Partially Met', ''];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function validCell(random: () => number, column: string, row: number): string {
  switch (column) {
    case 'staff_id':
      return `S${1000 + row}`;
    case 'name':
      return pick(random, ['Ada Lovelace', 'Siân Jones', 'Zoë Ó Briain', 'Grace Hopper', 'Alan Turing']) + ` ${row}`;
    case 'grade':
      return pick(random, ['SCS1', 'SCS2', 'SCS3']);
    case 'provisional_marking':
      return pick(random, MARKINGS);
    case 'corporate_contribution':
      return pick(random, ['yes', 'no', '']);
    case 'finance_objective':
      return pick(random, ['Met', 'Not met', 'Not assessed', '']);
    case 'job_weight':
      return String(Math.floor(random() * 2000));
    case 'cs_start_date':
      return pick(random, ['2010-04-01', '01/09/2015', '2025-03-01', '']);
    case 'sex':
      return pick(random, ['Female', 'Male', 'Prefer not to say', '']);
    default:
      return pick(random, ['yes', 'no', '£3,000', '']);
  }
}

function table(random: () => number, rows: number): string[][] {
  const columns = COLUMNS.filter((c, i) => i < 2 || random() < 0.8);
  const body = Array.from({ length: rows }, (_, r) => columns.map((c) => (random() < 0.15 ? pick(random, HOSTILE_CELLS) : validCell(random, c, r))));
  // Repeat a row, or change an id's case, now and then.
  if (rows > 2 && random() < 0.2) body.push([...(body[0] as string[])]);
  if (rows > 2 && random() < 0.2) body[1]![0] = body[0]![0]!.toLowerCase();
  return [columns, ...body];
}

function csvText(random: () => number, cells: string[][]): string {
  const delimiter = pick(random, [',', ',', ';', '\t']);
  const quote = (cell: string) => (/[",;\t\r\n]/.test(cell) || random() < 0.1 ? `"${cell.replace(/"/g, '""')}"` : cell);
  const newline = pick(random, ['\n', '\r\n', '\r']);
  return cells.map((row) => row.map(quote).join(delimiter)).join(newline) + (random() < 0.8 ? newline : '');
}

function mutateBytes(random: () => number, bytes: Uint8Array): Uint8Array {
  const copy = Buffer.from(bytes);
  const roll = random();
  if (roll < 0.25) return copy.subarray(0, Math.floor(random() * copy.length));
  if (roll < 0.5) {
    for (let i = 0; i < 1 + random() * 8; i++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
    return copy;
  }
  if (roll < 0.65) {
    const at = Math.floor(random() * copy.length);
    return Buffer.concat([copy.subarray(0, at), Buffer.from(pick(random, ['\u0000', '"', '\n\n\n', '\xff\xfe', ',,,,,,,,', '"unterminated']), 'latin1'), copy.subarray(at)]);
  }
  return copy;
}

function csvCase(random: () => number, rows: number, index: number): FuzzCase {
  const text = csvText(random, table(random, rows));
  const encoding = pick(random, ['utf8', 'utf8', 'utf8-bom', 'latin1', 'utf16le'] as const);
  const bytes =
    encoding === 'utf8-bom'
      ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
      : encoding === 'utf16le'
        ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
        : Buffer.from(text, encoding);
  return { name: `csv-${index} (${encoding})`, bytes: random() < 0.5 ? mutateBytes(random, bytes) : bytes };
}

function xlsxCase(random: () => number, rows: number, index: number): FuzzCase {
  const cells: SheetCell[][] = table(random, rows).map((row) =>
    row.map((cell): SheetCell => {
      const roll = random();
      if (roll < 0.03) return { attributes: 't="e"', xml: '<v>#DIV/0!</v>' };
      if (roll < 0.05) return { xml: '<f>A1+1</f>' };
      if (roll < 0.07) return { attributes: 't="s"', xml: `<v>${Math.floor(random() * 20)}</v>` };
      if (roll < 0.09) return { xml: `<v>${pick(random, ['1.2345678901234567E+19', '12345678901234567890', 'abc', '', '1e999'])}</v>` };
      if (roll < 0.1) return { attributes: 't="b"', xml: '<v>1</v>' };
      // XML cannot hold most control characters at all.
      return /^\d+$/.test(cell) && random() < 0.5 ? Number(cell) : cell.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uD800-\uDFFF\uFFFE\uFFFF]/g, '');
    }),
  );
  let parts = workbookParts(cells, ['S1000', 'Shared name', 'Achieving']);
  const roll = random();
  if (roll < 0.15) parts = parts.map((p) => (p.name.includes('sheet1') ? { ...p, data: String(p.data).slice(0, Math.floor(random() * String(p.data).length)) } : p));
  else if (roll < 0.25) parts = parts.map((p) => (p.name.includes('sheet1') ? { ...p, declaredSize: Math.floor(random() * 100) } : p));
  else if (roll < 0.3) parts = parts.filter((p) => p.name !== pick(random, parts).name);
  const bytes = zipBytes(parts);
  return { name: `xlsx-${index}`, bytes: random() < 0.3 ? mutateBytes(random, bytes) : bytes };
}

/** `count` hostile files from `seed`, each of up to `maxRows` people. */
export function* fuzzCorpus(seed: number, count: number, maxRows: number): Generator<FuzzCase> {
  const random = prng(seed);
  for (let i = 0; i < count; i++) {
    const rows = 1 + Math.floor(random() ** 2 * maxRows);
    yield random() < 0.7 ? csvCase(random, rows, i) : xlsxCase(random, rows, i);
  }
}

const SCALAR = new Set(['string', 'number', 'boolean']);

function recordProblem(record: ImportRecord): string | null {
  for (const [field, value] of Object.entries(record)) {
    if (field === 'characteristics') {
      for (const [name, text] of Object.entries(value as Record<string, unknown>)) if (typeof text !== 'string') return `characteristic ${name} is ${typeof text}`;
    } else if (value !== null && value !== undefined && !SCALAR.has(typeof value)) return `${field} is ${typeof value}`;
    else if (typeof value === 'number' && !Number.isFinite(value)) return `${field} is ${value}`;
  }
  return null;
}

function issueProblem(parsed: ParsedImport): string | null {
  for (const issue of [...parsed.errors, ...parsed.warnings]) {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(issue.expected)) return `a problem's words hold a control character: ${JSON.stringify(issue.expected.slice(0, 120))}`;
    if (/\n\s+at /.test(issue.expected)) return 'a problem holds a stack trace';
    // eslint-disable-next-line no-control-regex
    if (issue.value !== null && (issue.value.length > 200 || /[\u0000-\u001f]/.test(issue.value))) return `a problem's value is not shortened or escaped: ${JSON.stringify(issue.value.slice(0, 120))}`;
  }
  return null;
}

/**
 * Runs one case against a panel that already has two people. Returns what went wrong, or null. A crash
 * (anything but a ModerationError), a partial write or an unreadable problem is wrong.
 */
export async function checkCase(fuzzCase: FuzzCase): Promise<string | null> {
  const name = fuzzCase.name.startsWith('xlsx') ? 'people.xlsx' : 'people.csv';
  let parsed: ParsedImport;
  try {
    parsed = await parseImportBuffer(name, fuzzCase.bytes, { cutoff: '2026-01-01' });
  } catch (error) {
    return `parsing threw ${String(error)}`;
  }
  const wrongIssue = issueProblem(parsed);
  if (wrongIssue !== null) return wrongIssue;
  for (const record of parsed.records) {
    const wrong = recordProblem(record);
    if (wrong !== null) return `row ${record.row}: ${wrong}`;
  }
  const panel = ModerationService.create(':memory:', { name: 'Fuzz', businessUnit: '', performanceYear: 2025 }, HR);
  try {
    panel.applyImport((await parseImportBuffer('seed.csv', new TextEncoder().encode('staff_id,name\nS1000,Ada\nS1001,Grace\n'), { cutoff: '2026-01-01' })), HR);
    const before = JSON.stringify([panel.people(), panel.audit().length]);
    try {
      panel.applyImport(parsed, HR, { removeMissing: true });
      if (parsed.errors.length > 0) return 'an import with problems was applied';
    } catch (error) {
      if (!(error instanceof ModerationError)) return `applying threw ${String(error)}`;
      if (error.message.includes('\n')) return 'the refusal is more than one line';
      if (JSON.stringify([panel.people(), panel.audit().length]) !== before) return 'a refused import changed the panel';
    }
    return null;
  } finally {
    panel.close();
  }
}
