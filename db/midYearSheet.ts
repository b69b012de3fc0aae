// The outcome pack's "Mid-year vs end-year" sheet (paras 85, 90): the same people's indicative and final
// distributions, by characteristic, who moved and by how many boxes. The shared (suppressed) copy, as
// the Breakdowns sheet is, because the pack is sent on.

import type ExcelJS from 'exceljs';
import { BOX_MARKINGS } from '../shared/domain';
import { MID_YEAR_QUOTES, midYearSummary, stepsText, type MidYearComparison } from '../shared/midYear';
import { SUPPRESSED_CELL, bottomCount, formatPercent, topCount } from '../shared/stats';

export const MID_YEAR_SHEET = 'Mid-year vs end-year';

const share = (count: number, n: number) => (n === 0 ? '' : formatPercent(count, n));

export function addMidYearSheet(workbook: ExcelJS.Workbook, comparison: MidYearComparison): void {
  const sheet = workbook.addWorksheet(MID_YEAR_SHEET);
  sheet.getColumn(1).width = 28;
  sheet.getColumn(2).width = 30;
  for (let c = 3; c <= 12; c++) sheet.getColumn(c).width = 16;
  const heading = (text: string) => {
    sheet.addRow([]);
    sheet.addRow([text]).font = { bold: true };
  };

  sheet.addRow(['Mid-year consistency check against the end-year outcome']).font = { bold: true, size: 13 };
  sheet.addRow([MID_YEAR_QUOTES.para85]);
  sheet.addRow([MID_YEAR_QUOTES.para90]);
  for (const line of midYearSummary(comparison)) sheet.addRow([line]);

  heading('Distribution of the same people: mid-year (indicative) and end-year (final)');
  sheet.addRow(['box', 'mid-year', 'mid-year %', 'end-year', 'end-year %', 'change']).font = { bold: true };
  for (const box of BOX_MARKINGS) {
    const mid = comparison.midYearCounts[box];
    const final = comparison.finalCounts[box];
    sheet.addRow([box, mid, share(mid, comparison.compared), final, share(final, comparison.compared), final - mid]);
  }
  sheet.addRow(['Total', comparison.compared, '', comparison.compared, '', '']);

  heading('How far people moved between mid-year and the end of the year');
  sheet.addRow(['move', 'people']).font = { bold: true };
  for (const { steps, people } of comparison.steps) sheet.addRow([stepsText(steps), people]);

  heading('By characteristic (groups of fewer than the threshold show [c])');
  sheet.addRow(['characteristic', 'group', 'people', 'mid-year top two %', 'end-year top two %', 'mid-year Partially Met %', 'end-year Partially Met %', 'moved up', 'moved down']).font = { bold: true };
  for (const c of comparison.byCharacteristic) {
    const movement = new Map(c.movement.groups.map((g) => [g.group, g]));
    for (const g of c.midYear.groups) {
      const final = c.final.groups.find((f) => f.group === g.group);
      const moved = movement.get(g.group);
      const hidden = comparison.audience === 'shared' && (g.suppressed || final?.suppressed || moved?.suppressed);
      // A hidden group is not named: one "Other groups" row after the rest stands for them all (issue 9).
      if (hidden) continue;
      const top = (group: typeof g | undefined) => (group?.counts && group.n ? share(topCount(group.counts), group.n) : '');
      const bottom = (group: typeof g | undefined) => (group?.counts && group.n ? share(bottomCount(group.counts), group.n) : '');
      sheet.addRow([
        c.label,
        g.group,
        g.n ?? '',
        top(g),
        top(final),
        bottom(g),
        bottom(final),
        moved?.moved_up ?? '',
        moved?.moved_down ?? '',
      ]);
    }
    const movementOf = new Map(c.movement.groups.map((g) => [g.group, g]));
    const anyHidden = comparison.audience === 'shared' && c.midYear.groups.some((g) => g.suppressed || c.final.groups.find((f) => f.group === g.group)?.suppressed || movementOf.get(g.group)?.suppressed);
    if (anyHidden) sheet.addRow([c.label, 'Other groups', ...Array(7).fill(SUPPRESSED_CELL)]);
    for (const note of c.notes) sheet.addRow([c.label, note]).font = { italic: true };
  }

  heading('Who moved (largest moves first)');
  sheet.addRow(['staff_id', 'name', 'grade', 'mid-year', 'end-year', 'boxes moved (+ up, − down)']).font = { bold: true };
  for (const m of comparison.movers) {
    sheet.addRow([m.staffId, m.name, m.grade, m.midYear, m.final, m.steps]);
  }
  if (comparison.movers.length === 0) sheet.addRow(['No one moved between mid-year and the end of the year.']);
}
