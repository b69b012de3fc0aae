// The outcome pack's extra sheets: the Cabinet Office return figures (paras 91-92) and the fairness
// breakdowns for every characteristic, suppressed as they are for anyone outside HR.

import type ExcelJS from 'exceljs';
import { BOX_MARKINGS, type BoxMarking, type Panel, type Person } from '../shared/domain';
import { midYearComparison, type MidYearComparison } from '../shared/midYear';
import { availableCharacteristics, fairnessReport, type FairnessReport } from '../shared/fairness';
import { displayCell, displayPercentCell } from '../shared/stats';
import { cabinetOfficeReturn, returnLines, type CabinetOfficeReturn } from '../shared/cabinetOfficeReturn';
import { isHrOnlyCharacteristic } from '../shared/roles';

/** The one row that stands for every suppressed group: their names would say that someone is in one. */
export const OTHER_GROUPS = 'Other groups';

/** Shared (suppressed) breakdowns of the moderated outcome for every characteristic the panel holds. */
export function sharedBreakdowns(
  people: readonly Person[],
  threshold: number,
  discussionSeconds?: ReadonlyMap<string, number>,
  notComparedGroups?: readonly string[],
): FairnessReport[] {
  return availableCharacteristics(people)
    .filter((c) => c !== 'line_manager') // small named groups; HR looks at these in the app, not in a file sent on
    .filter((c) => !isHrOnlyCharacteristic(c)) // the most sensitive stay in HR's view (shared/roles.ts, issue 9)
    .map((characteristic) =>
      fairnessReport(people, {
        characteristic,
        stage: 'moderated',
        threshold,
        audience: 'shared',
        ...(discussionSeconds ? { discussionSeconds } : {}),
        ...(notComparedGroups ? { notComparedGroups } : {}),
      }),
    );
}

export function addSummarySheet(workbook: ExcelJS.Workbook, figures: CabinetOfficeReturn): void {
  const sheet = workbook.addWorksheet('Summary');
  sheet.columns = [
    { header: 'Figure (Cabinet Office return, paras 91-94)', key: 'figure', width: 80 },
    { header: 'Number', key: 'number', width: 14 },
    { header: 'Percent', key: 'percent', width: 12 },
  ];
  sheet.addRows(returnLines(figures));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow(['Percentages are of the people eligible for moderation, to one decimal place, rounded half up.']);
}

export function addBreakdownsSheet(workbook: ExcelJS.Workbook, reports: readonly FairnessReport[]): void {
  const sheet = workbook.addWorksheet('Breakdowns');
  const header = [
    'characteristic',
    'group',
    'compared',
    'n',
    ...BOX_MARKINGS.flatMap((m) => [m, `${m} %`]),
    'top_impact_ratio',
    'top_relative_likelihood',
    'bottom_relative_likelihood',
    'fisher_top_p',
    'fisher_bottom_p',
  ];
  sheet.addRow(header).font = { bold: true };
  const num = (v: number | null) => (v === null ? '' : Number(v.toPrecision(6)));
  for (const report of reports) {
    const b = report.breakdown;
    for (const g of b.groups) {
      // Suppressed groups are not named: one "Other groups" row stands for all of them, below.
      if (g.suppressed) continue;
      sheet.addRow([
        report.characteristicLabel,
        g.group,
        g.compared ? 'Yes' : 'No',
        displayCell(g, g.n),
        ...BOX_MARKINGS.flatMap((m) => [g.counts?.[m] ?? '', displayPercentCell(g, m)]),
        num(g.top_impact_ratio),
        num(g.top_relative_likelihood),
        num(g.bottom_relative_likelihood),
        num(g.fisher_top_p),
        num(g.fisher_bottom_p),
      ]);
    }
    if (b.groups.some((g) => g.suppressed)) {
      sheet.addRow([report.characteristicLabel, OTHER_GROUPS, '', '[c]', ...BOX_MARKINGS.flatMap(() => ['[c]', '[c]']), '[c]', '[c]', '[c]', '[c]', '[c]']);
    }
    const chi = b.chi_square;
    sheet.addRow([
      report.characteristicLabel,
      chi ? `Chi-square ${chi.statistic.toFixed(2)}, df ${chi.df}, p ${chi.p_value.toPrecision(3)}, smallest expected count ${chi.min_expected.toFixed(1)}` : 'No chi-square test (see notes)',
    ]).font = { italic: true };
    for (const sentence of report.explanations) sheet.addRow([report.characteristicLabel, sentence]);
    sheet.addRow([]);
  }
  sheet.getColumn(1).width = 20;
  sheet.getColumn(2).width = 40;
  sheet.addRow([`[c]: fewer people than the threshold; suppressed so that no individual can be identified. "${OTHER_GROUPS}" stands for every suppressed group, unnamed.`]);
  sheet.addRow(['Sexual orientation, religion or belief and gender identity are in HR’s own view only, never in a file sent on.']);
}

function withoutHrOnly(comparison: MidYearComparison): MidYearComparison {
  return { ...comparison, byCharacteristic: comparison.byCharacteristic.filter((c) => !isHrOnlyCharacteristic(c.characteristic)) };
}

/**
 * Everything the XLSX outcome pack adds for a panel. The mid-year sheet compares with `midYear` (a mid-year
 * panel file's markings by staff id) when given, else with the panel's own mid_year_marking column.
 */
export function outcomePackExtras(
  people: readonly Person[],
  panel: Panel,
  discussionSeconds?: ReadonlyMap<string, number>,
  midYear?: { fileName: string; panelName: string; markings: ReadonlyMap<string, BoxMarking> } | null,
) {
  return {
    figures: cabinetOfficeReturn(panel, people),
    breakdowns: sharedBreakdowns(people, panel.suppressionThreshold, discussionSeconds, panel.notComparedGroups),
    midYear: withoutHrOnly(
      midYearComparison(people, {
        threshold: panel.suppressionThreshold,
        audience: 'shared',
        notComparedGroups: panel.notComparedGroups,
        ...(midYear ? { fromFile: midYear } : {}),
      }),
    ),
  };
}
