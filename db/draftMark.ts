// A draft export says so on every sheet: while the panel is open its outcome may still change, and a file
// forwarded or printed must not pass for the final one. A marked row goes above each sheet's own first
// row (the header moves to row 2); a finalised panel's workbook has no mark. The CSV outcome carries no
// row of its own (it is read by position and by header), so its file name says "DRAFT" instead.

import type ExcelJS from 'exceljs';
import { formatLocalTime } from '../shared/auditWords';

export const DRAFT_MARK = 'Draft — panel not finalised';

/** The words of the mark: what it is, why it matters, when the file was written (local time and zone). */
export function draftMarkText(writtenAt: Date, timeZone?: string): string {
  return `${DRAFT_MARK}: the outcome may still change (exported ${formatLocalTime(writtenAt.toISOString(), timeZone)})`;
}

const MARK_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FF9C0006' } };
const MARK_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

/** Puts the mark above every visible sheet, frozen in view with the sheet's own frozen rows below it. */
export function markDraftWorkbook(workbook: ExcelJS.Workbook, text: string): void {
  for (const sheet of workbook.worksheets) {
    if (sheet.state === 'hidden' || sheet.state === 'veryHidden') continue;
    sheet.spliceRows(1, 0, [text]);
    const row = sheet.getRow(1);
    row.font = MARK_FONT;
    row.getCell(1).fill = MARK_FILL;
    // The mark stays in view as the sheet scrolls: above a frozen header, or frozen on its own.
    const frozen = sheet.views.find((view) => view.state === 'frozen') as ExcelJS.WorksheetViewFrozen | undefined;
    sheet.views = [{ state: 'frozen', xSplit: frozen?.xSplit ?? 0, ySplit: (frozen?.ySplit ?? 0) + 1 }];
  }
}

/** A row that is only the mark: readers of outcome files (last year's outcome) skip it to find the header. */
export function isDraftMarkRow(cells: readonly string[]): boolean {
  const filled = cells.filter((cell) => cell.trim() !== '');
  return filled.length === 1 && filled[0]!.trim().startsWith(DRAFT_MARK);
}
