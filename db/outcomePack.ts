// The outcome pack's extra sheets: the Cabinet Office return figures (paras 91-92) and the fairness
// breakdowns for every characteristic, suppressed as they are for anyone outside HR.

import type ExcelJS from 'exceljs';
import { BOX_MARKINGS, bonusEligibility, type Panel, type Person } from '../shared/domain';
import { availableCharacteristics, fairnessReport, type FairnessReport } from '../shared/fairness';
import { displayCell, displayPercentCell } from '../shared/stats';
import { neutraliseCell } from './neutralise';

export interface ReturnFigures {
  moderated: number;
  topTwo: number;
  topTwoPercent: number;
  partiallyMet: number;
  partiallyMetPercent: number;
  endYearAwardEligible: number;
  endYearAwardDiscretionary: number;
  listedApart: number;
}

/** Number and percentage Exceeding + High Performing, Partially Met, and eligible for an end-year award. */
export function returnFigures(people: readonly Person[]): ReturnFigures {
  const moderated = people.filter((p) => p.eligible && p.moderatedMarking !== null);
  const n = moderated.length;
  const topTwo = moderated.filter((p) => p.moderatedMarking === 'Exceeding' || p.moderatedMarking === 'High Performing').length;
  const partiallyMet = moderated.filter((p) => p.moderatedMarking === 'Partially Met').length;
  const percent = (count: number) => (n === 0 ? 0 : (count * 100) / n);
  return {
    moderated: n,
    topTwo,
    topTwoPercent: percent(topTwo),
    partiallyMet,
    partiallyMetPercent: percent(partiallyMet),
    endYearAwardEligible: moderated.filter((p) => bonusEligibility(p) === 'Yes').length,
    endYearAwardDiscretionary: moderated.filter((p) => bonusEligibility(p) === 'Discretionary').length,
    listedApart: people.length - n,
  };
}

/** Shared (suppressed) breakdowns of the moderated outcome for every characteristic the panel holds. */
export function sharedBreakdowns(
  people: readonly Person[],
  threshold: number,
  discussionSeconds?: ReadonlyMap<string, number>,
  notComparedGroups?: readonly string[],
): FairnessReport[] {
  return availableCharacteristics(people)
    .filter((c) => c !== 'line_manager') // small named groups; HR looks at these in the app, not in a file sent on
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

export function addSummarySheet(workbook: ExcelJS.Workbook, figures: ReturnFigures): void {
  const sheet = workbook.addWorksheet('Summary');
  sheet.columns = [
    { header: 'Figure', key: 'figure', width: 58 },
    { header: 'Number', key: 'number', width: 12 },
    { header: 'Percent', key: 'percent', width: 12 },
  ];
  sheet.addRows([
    ['People moderated', figures.moderated, null],
    ['Exceeding and High Performing', figures.topTwo, Number(figures.topTwoPercent.toFixed(1))],
    ['Partially Met', figures.partiallyMet, Number(figures.partiallyMetPercent.toFixed(1))],
    ['Eligible for an end-year award (Exceeding)', figures.endYearAwardEligible, null],
    ["High Performing: end-year award at the department's discretion", figures.endYearAwardDiscretionary, null],
    ['Listed apart (joined after the cut-off, or not marked)', figures.listedApart, null],
  ]);
  sheet.getRow(1).font = { bold: true };
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
      if (g.suppressed) {
        sheet.addRow([neutraliseCell(report.characteristicLabel), neutraliseCell(g.group), g.compared ? 'Yes' : 'No', '[c]', ...BOX_MARKINGS.flatMap(() => ['[c]', '[c]']), '[c]', '[c]', '[c]', '[c]', '[c]']);
        continue;
      }
      sheet.addRow([
        neutraliseCell(report.characteristicLabel),
        neutraliseCell(g.group),
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
    const chi = b.chi_square;
    sheet.addRow([
      neutraliseCell(report.characteristicLabel),
      chi ? `Chi-square ${chi.statistic.toFixed(2)}, df ${chi.df}, p ${chi.p_value.toPrecision(3)}, smallest expected count ${chi.min_expected.toFixed(1)}` : 'No chi-square test (see notes)',
    ]).font = { italic: true };
    for (const sentence of report.explanations) sheet.addRow([neutraliseCell(report.characteristicLabel), neutraliseCell(sentence)]);
    sheet.addRow([]);
  }
  sheet.getColumn(1).width = 20;
  sheet.getColumn(2).width = 40;
  sheet.addRow(['[c]: fewer people than the threshold; suppressed so that no individual can be identified.']);
}

/** Everything the XLSX outcome pack adds for a panel. */
export function outcomePackExtras(people: readonly Person[], panel: Panel, discussionSeconds?: ReadonlyMap<string, number>) {
  return {
    figures: returnFigures(people),
    breakdowns: sharedBreakdowns(people, panel.suppressionThreshold, discussionSeconds, panel.notComparedGroups),
  };
}
