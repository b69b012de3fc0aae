// Mid-year against end-year (paras 85, 90) on a built pair of panel files: the same people's indicative
// and final distributions by characteristic, who moved and by how many boxes, small groups suppressed
// outside HR as in the Breakdowns view, and the "Mid-year vs end-year" sheet of the outcome pack.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createPanelApi } from '../../db/api';
import { readMidYearPanel } from '../../db/midYear';
import { MID_YEAR_QUOTES, boxSteps, midYearComparison } from '../../shared/midYear';
import type { BoxMarking } from '../../shared/domain';
import type { ImportRecord } from '../../shared/importTypes';
import { CHAIR, HR, record, modpanel, tempPanelsForEachTest } from './helpers';

const panels = tempPanelsForEachTest();

// Twelve people: eight women, four men. Mid-year markings (the mid-year panel's) and end-year ones.
const CASES: [string, 'Female' | 'Male', BoxMarking, BoxMarking][] = [
  ['S01', 'Female', 'Achieving', 'High Performing'],
  ['S02', 'Female', 'Achieving', 'Achieving'],
  ['S03', 'Female', 'High Performing', 'High Performing'],
  ['S04', 'Female', 'Exceeding', 'Achieving'],
  ['S05', 'Female', 'Achieving', 'Achieving'],
  ['S06', 'Female', 'Partially Met', 'Achieving'],
  ['S07', 'Female', 'Achieving', 'Achieving'],
  ['S08', 'Female', 'High Performing', 'Exceeding'],
  ['S09', 'Male', 'Achieving', 'Partially Met'],
  ['S10', 'Male', 'High Performing', 'High Performing'],
  ['S11', 'Male', 'Achieving', 'Achieving'],
  ['S12', 'Male', 'Exceeding', 'Exceeding'],
];

function endYear(): ImportRecord[] {
  return CASES.map(([id, sex, , final]) => record(id, { name: `Person ${id}`, provisionalMarking: final, characteristics: { sex }, midYearMarking: null }));
}
function midYear(): ImportRecord[] {
  // S12 is not in the mid-year file (joined since); S99 is in it but left before the end of the year.
  return [
    ...CASES.filter(([id]) => id !== 'S12').map(([id, sex, mid]) => record(id, { name: `Person ${id}`, provisionalMarking: mid, characteristics: { sex } })),
    record('S99', { name: 'Person S99', provisionalMarking: 'Achieving' }),
  ];
}

describe('mid-year against end-year', () => {
  it('quotes paras 85 and 90', () => {
    expect(MID_YEAR_QUOTES.para85).toContain("at least one 'consistency check' mid-year is recommended to evaluate the distribution of indicative markings across protected characteristics");
    expect(MID_YEAR_QUOTES.para90).toContain(
      'It is recommended that a record is kept of this meeting so that comparisons can be made between the distribution of indicative markings during, and at the end, of the performance year.',
    );
    expect(boxSteps('Achieving', 'High Performing')).toBe(1);
    expect(boxSteps('Exceeding', 'Achieving')).toBe(-2);
  });

  it('compares a mid-year panel file with the end-year panel, matched by staff id', () => {
    const end = panels.create('end.modpanel', endYear());
    const mid = panels.create('mid.modpanel', midYear(), { name: 'Policy mid-year check', stage: 'mid_year' });
    mid.close();
    const markings = readMidYearPanel(join(panels.dir, 'mid.modpanel'), { expectedYear: 2025 });
    expect(markings.panelName).toBe('Policy mid-year check');
    const comparison = midYearComparison(end.people(), { threshold: 5, audience: 'hr', fromFile: markings });

    expect(comparison.compared).toBe(11);
    expect(comparison.withoutMidYear).toBe(1); // S12
    expect(comparison.notInThisPanel).toBe(1); // S99
    expect(comparison.midYearCounts).toEqual({ Exceeding: 1, 'High Performing': 3, Achieving: 6, 'Partially Met': 1 });
    expect(comparison.finalCounts).toEqual({ Exceeding: 1, 'High Performing': 3, Achieving: 6, 'Partially Met': 1 });
    expect([comparison.movedUp, comparison.movedDown, comparison.unchanged]).toEqual([3, 2, 6]);
    expect(comparison.steps.filter((s) => s.people > 0)).toEqual([
      { steps: 1, people: 3 },
      { steps: 0, people: 6 },
      { steps: -1, people: 1 },
      { steps: -2, people: 1 },
    ]);
    // The largest moves first, up before down, then by name.
    expect(comparison.movers.map((m) => [m.staffId, m.midYear, m.final, m.steps])).toEqual([
      ['S04', 'Exceeding', 'Achieving', -2],
      ['S01', 'Achieving', 'High Performing', 1],
      ['S06', 'Partially Met', 'Achieving', 1],
      ['S08', 'High Performing', 'Exceeding', 1],
      ['S09', 'Achieving', 'Partially Met', -1],
    ]);

    const bySex = comparison.byCharacteristic.find((c) => c.characteristic === 'sex')!;
    const women = (r: typeof bySex.midYear) => r.groups.find((g) => g.group === 'Female')!;
    expect(women(bySex.midYear).counts).toEqual({ Exceeding: 1, 'High Performing': 2, Achieving: 4, 'Partially Met': 1 });
    expect(women(bySex.final).counts).toEqual({ Exceeding: 1, 'High Performing': 2, Achieving: 5, 'Partially Met': 0 });
    const menMoved = bySex.movement.groups.find((g) => g.group === 'Male')!;
    expect([menMoved.n, menMoved.moved_up, menMoved.moved_down]).toEqual([3, 0, 1]);
    expect(comparison.byCharacteristic.map((c) => c.characteristic)).not.toContain('line_manager');
  });

  it('suppresses small groups outside HR, as the Breakdowns view does, and falls back to the mid_year_marking column', () => {
    const records = endYear().map((r, i) => ({ ...r, midYearMarking: CASES[i]![2] }));
    const end = panels.create('end.modpanel', records);
    const shared = midYearComparison(end.people(), { threshold: 5, audience: 'shared' });
    expect(shared.source.kind).toBe('column');
    expect(shared.compared).toBe(12);
    const bySex = shared.byCharacteristic.find((c) => c.characteristic === 'sex')!;
    const men = bySex.midYear.groups.find((g) => g.group === 'Male')!;
    expect([men.suppressed, men.n, men.counts]).toEqual([true, null, null]);
    expect(bySex.movement.groups.find((g) => g.group === 'Male')!.moved_down).toBeNull();
    expect(bySex.midYear.withheld.join(' ')).toMatch(/Groups of fewer than 5 people show \[c\]/);
    const hr = midYearComparison(end.people(), { threshold: 5, audience: 'hr' });
    expect(hr.byCharacteristic.find((c) => c.characteristic === 'sex')!.midYear.groups.find((g) => g.group === 'Male')!.n).toBe(4);
  });

  it('refuses a file that is not a mid-year check, or is for another year', () => {
    panels.create('other.modpanel', midYear(), { name: 'Another local panel' }).close();
    panels.create('old.modpanel', midYear(), { name: 'Last year’s check', stage: 'mid_year', performanceYear: 2024 }).close();
    expect(() => readMidYearPanel(join(panels.dir, 'other.modpanel'))).toThrow(
      'other.modpanel is a local moderation panel ("Another local panel"), not a mid-year consistency check (stage mid_year); open the mid-year panel file instead',
    );
    expect(() => readMidYearPanel(join(panels.dir, 'old.modpanel'), { expectedYear: 2025 })).toThrow(
      'old.modpanel is the mid-year check for 2024/25, but this panel is for 2025/26; open the mid-year file for the same year',
    );
  });

  it('is served to the window (opened as an upload) and in the XLSX outcome pack', async () => {
    const end = panels.create('end.modpanel', endYear());
    panels.create('mid.modpanel', midYear(), { name: 'Policy mid-year check', stage: 'mid_year' }).close();
    const api = createPanelApi({ service: () => end });
    const bytes = readFileSync(join(panels.dir, 'mid.modpanel')).toString('base64');
    const opened = await api.openMidYear({ actor: CHAIR, fileName: 'mid.modpanel', bytesBase64: bytes });
    expect(opened.ok && [opened.value.source.kind, opened.value.source.panelName, opened.value.compared]).toEqual(['file', 'Policy mid-year check', 11]);
    // The opened file stays beside the panel: a move at the panel shows at once.
    end.move({ staffId: 'S02', to: 'High Performing', reason: 'Led the spending review' }, CHAIR);
    const live = await api.midYearComparison({ actor: HR });
    expect(live.ok && live.value.movers.some((m) => m.staffId === 'S02' && m.steps === 1)).toBe(true);

    const xlsx = await api.exportOutcome({ actor: HR, format: 'xlsx' });
    expect(xlsx.ok).toBe(true);
    if (!xlsx.ok) return;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.value.bytesBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Mid-year vs end-year')!;
    const text = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((row) => row.slice(1).map((c) => String(c ?? '')).join('|'));
    expect(text).toContain(MID_YEAR_QUOTES.para90);
    expect(text.some((line) => line.startsWith('Mid-year markings from Policy mid-year check (mid.modpanel)'))).toBe(true);
    expect(text).toContain('High Performing|3|27%|4|36%|1');
    expect(text).toContain('S04|Person S04|SCS1|Exceeding|Achieving|-2');
    expect(text).toContain('S02|Person S02|SCS1|Achieving|High Performing|1');
    // The pack is sent on: the shared copy, with small groups as [c].
    // A hidden group is not named (issue 9): one "Other groups" row stands for them.
    expect(text).toContain('sex|Other groups|[c]|[c]|[c]|[c]|[c]|[c]|[c]');
    expect(text).not.toContain('sex|Male|');

    const bad = await api.openMidYear({ actor: CHAIR, fileName: 'notes.modpanel', bytesBase64: Buffer.from('not a panel').toString('base64') });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/^notes\.modpanel .*not a panel file/);
  });

  it('works from the command line', async () => {
    panels.create('end.modpanel', endYear()).close();
    panels.create('mid.modpanel', midYear(), { stage: 'mid_year' }).close();
    const result = await modpanel('midyear', join(panels.dir, 'end.modpanel'), '--mid-year', join(panels.dir, 'mid.modpanel'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/11 people have both a mid-year and a final marking: 3 moved up, 2 moved down, 6 unchanged\./);
    expect(result.stdout).toMatch(/S04 +Person S04 +Exceeding → Achieving \(2 boxes down\)/);
    const json = JSON.parse((await modpanel('midyear', join(panels.dir, 'end.modpanel'), '--mid-year', join(panels.dir, 'mid.modpanel'), '--json', '--role', 'hr')).stdout) as {
      audience: string;
      compared: number;
    };
    expect([json.audience, json.compared]).toEqual(['hr', 11]);
  });
});
