// XLSX → rows of text cells, read with exceljs's streaming reader so a large workbook is never held whole.
// Only the first worksheet (in tab order) is read; cell values become the strings a CSV would have held.

import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export interface SheetRow {
  /** Spreadsheet row number, as Excel shows it. */
  rowNumber: number;
  cells: string[];
}

/** The parts of exceljs's streaming reader objects that its type declarations leave out. */
interface StreamedWorkbook {
  model?: { sheets?: { id: number }[] };
}
interface StreamedWorksheet extends AsyncIterable<ExcelJS.Row> {
  id?: number;
}

/** Yields the first worksheet's non-empty rows. The input is a file path or the file's bytes. */
export async function* readFirstWorksheet(input: string | Uint8Array): AsyncGenerator<SheetRow> {
  const stream = typeof input === 'string' ? input : Readable.from([Buffer.from(input.buffer, input.byteOffset, input.byteLength)]);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles say which numbers are dates.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let done = false;
  for await (const worksheet of workbook as AsyncIterable<StreamedWorksheet>) {
    // Later sheets still have to be walked past: leaving the zip stream half read would hold the file open.
    if (done) continue;
    const firstId = (workbook as unknown as StreamedWorkbook).model?.sheets?.[0]?.id;
    if (firstId !== undefined && worksheet.id !== undefined && Number(worksheet.id) !== Number(firstId)) continue;
    done = true;
    for await (const row of worksheet) {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        while (cells.length < column - 1) cells.push('');
        cells.push(cellText(cell.value, cell.numFmt));
      });
      yield { rowNumber: row.number, cells };
    }
  }
}

/** Excel counts days from 30 December 1899 (its 1900 leap-year bug folded in). */
function excelSerialToIso(serial: number): string {
  return new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 10);
}

// Mirrors exceljs's own test: after dropping quoted text and [colour] codes, a date format has d, m or y.
function isDateFormat(numFmt: string | undefined): boolean {
  if (numFmt === undefined || numFmt === '' || numFmt === 'General') return false;
  return /[dmy]/i.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** A cell value as the text a CSV export would hold; dates become ISO yyyy-mm-dd. */
export function cellText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return isDateFormat(numFmt) ? excelSerialToIso(value) : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    return cellText((value as { result?: ExcelJS.CellValue }).result ?? null, numFmt);
  }
  if ('hyperlink' in value) return cellText((value as { text?: ExcelJS.CellValue }).text ?? '', numFmt);
  if ('error' in value) return String(value.error);
  return '';
}
