// The export mapping (issue 8): the mirror of the import mapping. A JSON file says which outcome columns an
// HR system (Oracle, SAP, Workday) takes, in which order, under which headers, with which values (Exceeding
// → "EXC") and dates written how. Validated with zod so every mistake names its JSON path; applied to the
// outcome rows (db/export.ts), so nothing the outcome file would not hold can leave, and every text cell is
// neutralised against formula injection as the outcome export does.

import ExcelJS from 'exceljs';
import { z } from 'zod';
import { editDistance, JsonFileError, parseJsonText, readJsonText, validateJson, type JsonProblem } from './jsonFile';
import { performanceYearLabel } from '../shared/performanceYear';
import type { Panel } from '../shared/domain';
import { OUTCOME_COLUMNS, neutraliseCell, type OutcomeRow } from './export';

/** Columns a mapping may take from: every outcome column, and the panel's performance year. */
export function exportSources(): string[] {
  return [...OUTCOME_COLUMNS, 'performance_year'];
}

/** Outcome columns that hold dates (the time of day is dropped when a date format is given). */
const DATE_SOURCES = new Set(['left_date', 'finalised_at']);

const DATE_TOKEN = /YYYY|YY|MON|MMM|MM|M|DD|D/y;
const DATE_SEPARATOR = /[/.\- ]/y;

/** "DD/MM/YYYY", "YYYYMMDD", "DD-MON-YYYY": day, month and year once each, with / - . or space (or nothing) between. */
export function parseExportDateFormat(format: string): { token: string; literal: boolean }[] | null {
  const upper = format.toUpperCase();
  const parts: { token: string; literal: boolean }[] = [];
  let at = 0;
  while (at < upper.length) {
    DATE_TOKEN.lastIndex = at;
    const token = DATE_TOKEN.exec(upper);
    if (token) {
      parts.push({ token: token[0], literal: false });
      at += token[0].length;
      continue;
    }
    DATE_SEPARATOR.lastIndex = at;
    const separator = DATE_SEPARATOR.exec(upper);
    if (!separator) return null;
    parts.push({ token: separator[0], literal: true });
    at += 1;
  }
  const kinds = parts.filter((p) => !p.literal).map((p) => (p.token.startsWith('Y') ? 'Y' : p.token.startsWith('D') ? 'D' : 'M'));
  return kinds.length === 3 && new Set(kinds).size === 3 ? parts : null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Writes an ISO date (or timestamp, read as the date on this computer) in the format; blank stays blank. */
export function formatExportDate(value: string, format: string): string {
  if (value === '') return '';
  const parts = parseExportDateFormat(format);
  if (!parts) throw new RangeError(`Not a date format: ${format}`);
  let year: number;
  let month: number;
  let day: number;
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) {
    [year, month, day] = [Number(plain[1]), Number(plain[2]), Number(plain[3])];
  } else {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return value;
    [year, month, day] = [date.getFullYear(), date.getMonth() + 1, date.getDate()];
  }
  const two = (n: number) => String(n).padStart(2, '0');
  return parts
    .map(({ token, literal }) => {
      if (literal) return token;
      switch (token) {
        case 'YYYY':
          return String(year).padStart(4, '0');
        case 'YY':
          return two(year % 100);
        case 'MON':
          return MONTHS[month - 1]!.toUpperCase();
        case 'MMM':
          return MONTHS[month - 1]!;
        case 'MM':
          return two(month);
        case 'M':
          return String(month);
        case 'DD':
          return two(day);
        default:
          return String(day);
      }
    })
    .join('');
}

const DATE_FORMAT_HINT =
  'a date format such as DD/MM/YYYY, YYYY-MM-DD, YYYYMMDD or DD-MON-YYYY (DD or D for the day, MM, M, MMM or MON for the month, YYYY or YY for the year; / - . or a space between, or nothing)';

function closest(name: string, candidates: readonly string[]): string | null {
  const lower = name.toLowerCase();
  const prefixed = lower.length >= 4 ? candidates.find((c) => c.startsWith(lower)) : undefined;
  if (prefixed !== undefined) return prefixed;
  return candidates.find((c) => editDistance(lower, c) <= 2) ?? null;
}

function unknownSourceMessage(source: string): string {
  const sources = exportSources();
  const near = closest(source, sources);
  return near !== null
    ? `"${source}" is not an outcome column; did you mean ${near}?`
    : `"${source}" is not an outcome column; use one of ${sources.join(', ')}`;
}

const columnSchema = z
  .strictObject(
    {
      /** The header the HR system expects. */
      header: z.string({ error: 'the header to write (text)' }).trim().min(1, 'a header (it cannot be blank)').max(200),
      /** The outcome column it comes from… */
      source: z.string({ error: 'an outcome column name such as staff_id or moderated_marking (text)' }).optional(),
      /** …or a fixed value written on every row (a plan name, an effective date). */
      value: z.string({ error: 'the fixed value to write on every row (text)' }).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `only header, and source or value (found ${issue.keys.map((k) => `"${k}"`).join(', ')})` : issue.code === 'invalid_type' ? 'a column: { "header": "…", "source": "…" } or { "header": "…", "value": "…" }' : undefined) },
  )
  .superRefine((column, ctx) => {
    if (column.source === undefined && column.value === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a "source" (an outcome column) or a fixed "value"; this column has neither' });
    } else if (column.source !== undefined && column.value !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'either a "source" or a fixed "value", not both' });
    } else if (column.source !== undefined && !exportSources().includes(column.source)) {
      ctx.addIssue({ code: 'custom', path: ['source'], message: unknownSourceMessage(column.source) });
    }
  });

export const exportMappingSchema = z
  .strictObject(
    {
      description: z.string({ error: 'text' }).optional(),
      /** The file's columns, in order. */
      columns: z.array(columnSchema, { error: 'a list of columns, in the order the HR system wants them' }).min(1, 'at least one column'),
      /** source column → { outcome value → value to write }; values not listed are written as they are. */
      values: z.record(z.string(), z.record(z.string(), z.string({ error: 'the value to write instead (text; "" for blank)' }), { error: 'an object of outcome value → value to write' })).optional(),
      /** Every date column's format (left_date, finalised_at); dateFormats overrides it per column. */
      dateFormat: z.string({ error: DATE_FORMAT_HINT }).optional(),
      dateFormats: z.record(z.string(), z.string({ error: DATE_FORMAT_HINT })).optional(),
      /** "all" (default): everyone in the outcome; "eligible": only the people moderated by this panel. */
      rows: z.enum(['all', 'eligible'], { error: '"all" or "eligible"' }).optional(),
      csv: z
        .strictObject(
          {
            delimiter: z.enum([',', ';', '\t', '|'], { error: 'one of "," ";" "|" or "\\t" (tab)' }).optional(),
            bom: z.boolean({ error: 'true or false' }).optional(),
            lineEnding: z.enum(['crlf', 'lf'], { error: '"crlf" (Windows, the default) or "lf"' }).optional(),
          },
          { error: (issue) => (issue.code === 'unrecognized_keys' ? `only delimiter, bom and lineEnding (found ${issue.keys.map((k) => `"${k}"`).join(', ')})` : undefined) },
        )
        .optional(),
      /** The worksheet's name when the output is .xlsx (Excel allows 31 characters). */
      sheetName: z
        .string({ error: 'text' })
        .min(1, 'a sheet name (it cannot be blank)')
        .max(31, 'at most 31 characters (Excel’s limit)')
        .refine((name) => !/[\\/?*[\]:]/.test(name), 'a sheet name without \\ / ? * [ ] or :')
        .optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `only the sections description, columns, values, dateFormat, dateFormats, rows, csv and sheetName (found ${issue.keys.map((k) => `"${k}"`).join(', ')})`
          : issue.code === 'invalid_type'
            ? 'a JSON object with a "columns" list'
            : undefined,
    },
  )
  .superRefine(
    (mapping, ctx) => {
      const sources = exportSources();
      for (const section of ['values', 'dateFormats'] as const) {
        for (const source of Object.keys(mapping[section] ?? {})) {
          if (!sources.includes(source)) ctx.addIssue({ code: 'custom', path: [section, source], message: unknownSourceMessage(source) });
          else if (section === 'dateFormats' && !DATE_SOURCES.has(source)) {
            ctx.addIssue({ code: 'custom', path: [section, source], message: `a date format applies only to ${[...DATE_SOURCES].join(' and ')}, not ${source}` });
          }
        }
      }
      if (typeof mapping.dateFormat === 'string' && parseExportDateFormat(mapping.dateFormat) === null) {
        ctx.addIssue({ code: 'custom', path: ['dateFormat'], message: `"${mapping.dateFormat}" is not ${DATE_FORMAT_HINT}` });
      }
      for (const [source, format] of Object.entries(mapping.dateFormats ?? {})) {
        if (parseExportDateFormat(format) === null) ctx.addIssue({ code: 'custom', path: ['dateFormats', source], message: `"${format}" is not ${DATE_FORMAT_HINT}` });
      }
      const seen = new Map<string, number>();
      mapping.columns.forEach((column, index) => {
        const key = column.header.trim().toLowerCase();
        const first = seen.get(key);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['columns', index, 'header'], message: `a header used once; columns[${first}] already writes "${column.header}"` });
        else seen.set(key, index);
      });
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null && Array.isArray((payload.value as { columns?: unknown }).columns) },
  );

export type ExportMapping = z.infer<typeof exportMappingSchema>;

/** An export mapping that cannot be used: every problem, each with where it is in the JSON. */
export class ExportMappingError extends JsonFileError {
  constructor(file: string, problems: readonly JsonProblem[]) {
    super('Export mapping', file, problems);
    this.name = 'ExportMappingError';
  }
}

const exportMappingFailure = (file: string, problems: JsonProblem[]) => new ExportMappingError(file, problems);

/** Validates already-parsed JSON (the window sends the object). Throws ExportMappingError. */
export function validateExportMapping(json: unknown, fileName: string): ExportMapping {
  return validateJson(exportMappingSchema, json, fileName, exportMappingFailure);
}

export function parseExportMappingJson(text: string, fileName: string): ExportMapping {
  return validateExportMapping(parseJsonText(text, fileName, exportMappingFailure), fileName);
}

export function readExportMappingFile(path: string): ExportMapping {
  return parseExportMappingJson(readJsonText(path, exportMappingFailure), path);
}

/** The mapped table: headers in order, then one row of text cells per person. Cells are not yet neutralised. */
export function mappedTable(mapping: ExportMapping, panel: Panel, rows: readonly OutcomeRow[]): { headers: string[]; rows: string[][] } {
  const chosen = mapping.rows === 'eligible' ? rows.filter((r) => r.eligible === 'Yes') : rows;
  const cellOf = (row: OutcomeRow, source: string): string => {
    const raw = source === 'performance_year' ? performanceYearLabel(panel.performanceYear) : row[source as keyof OutcomeRow];
    let text = raw === null || raw === undefined ? '' : String(raw);
    const format = mapping.dateFormats?.[source] ?? (DATE_SOURCES.has(source) ? mapping.dateFormat : undefined);
    if (format !== undefined) text = formatExportDate(text, format);
    const map = mapping.values?.[source];
    if (map) {
      // Exact first; then ignoring case, so "exceeding" in a hand-written mapping still matches.
      const key = Object.hasOwn(map, text) ? text : Object.keys(map).find((k) => k.toLowerCase() === text.toLowerCase());
      if (key !== undefined) text = map[key]!;
    }
    return text;
  };
  return {
    headers: mapping.columns.map((c) => c.header),
    rows: chosen.map((row) => mapping.columns.map((c) => (c.source !== undefined ? cellOf(row, c.source) : (c.value ?? '')))),
  };
}

function csvCell(text: string, delimiter: string): string {
  const safe = neutraliseCell(text);
  return safe.includes(delimiter) || /["\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The mapped outcome as CSV text, with the mapping's delimiter, byte order mark and line ends. */
export function mappedCsv(mapping: ExportMapping, panel: Panel, rows: readonly OutcomeRow[]): string {
  const table = mappedTable(mapping, panel, rows);
  const delimiter = mapping.csv?.delimiter ?? ',';
  const eol = mapping.csv?.lineEnding === 'lf' ? '\n' : '\r\n';
  const lines = [table.headers, ...table.rows].map((cells) => cells.map((c) => csvCell(c, delimiter)).join(delimiter));
  return `${mapping.csv?.bom === false ? '' : '\uFEFF'}${lines.join(eol)}${eol}`;
}

/** The mapped outcome as a one-sheet workbook, every cell text (an HR upload should not have Excel guess types). */
export async function mappedXlsx(mapping: ExportMapping, panel: Panel, rows: readonly OutcomeRow[]): Promise<Uint8Array> {
  const table = mappedTable(mapping, panel, rows);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Moderation Panel';
  const sheet = workbook.addWorksheet(mapping.sheetName ?? 'Outcome', { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text cells, as they are: a text cell is never run as a formula (db/neutralise.ts); CSV is neutralised.
  sheet.columns = table.headers.map((h) => ({ header: h, width: Math.max(12, h.length + 2) }));
  for (const row of table.rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
