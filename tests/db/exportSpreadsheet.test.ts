// The outcome files opened in a real spreadsheet, not only read back by the library that wrote them:
// LibreOffice Calc (headless) converts each sheet to CSV as it shows it. The XLSX must show what was typed
// (no apostrophe in front, nothing evaluated); the CSV must keep its apostrophe, because Calc runs "=…" in
// a CSV as it opens it. .ci/run installs LibreOffice; without it this file is skipped, saying why.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGES_HEADERS } from '../../db/changesSheet';
import { DRAFT_MARK } from '../../db/draftMark';
import { OUTCOME_COLUMNS, outcomeCsv, outcomeRows, outcomeXlsx } from '../../db/export';
import { outcomePackExtras } from '../../db/outcomePack';
import { ModerationService } from '../../db/service';
import type { Actor } from '../../shared/domain';
import { parsed, record } from './helpers';

const run = promisify(execFile);

/** soffice from SOFFICE_PATH, the PATH, or where Debian and the LibreOffice installers put it. */
function findSoffice(): string | null {
  const candidates = [
    process.env.SOFFICE_PATH,
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'soffice')),
    '/usr/lib/libreoffice/program/soffice',
    '/opt/libreoffice/program/soffice',
    '/Applications/LibreOffice.app/Contents/MacOS/soffice',
  ];
  return candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path)) ?? null;
}

const soffice = findSoffice();
// CI must open the files in Calc: there a missing soffice fails instead of skipping.
const required = process.env.MODPANEL_REQUIRE_SOFFICE === '1';

const HR: Actor = { name: 'Hana HR', role: 'hr' };
const CHAIR: Actor = { name: 'Pat Chair', role: 'chair' };
const FINANCE: Actor = { name: 'Fay Finance', role: 'finance' };

/** Each sheet of each file as Calc shows it, by "<file>-<sheet>" (Calc's own naming of the CSVs it writes). */
type Shown = Map<string, string[][]>;

/** Converts files with Calc (every sheet of a workbook, or a CSV opened as Calc opens one) and reads the result. */
async function openInCalc(dir: string, files: readonly string[], options: { csvInput?: boolean } = {}): Promise<Shown> {
  const out = mkdtempSync(join(dir, 'calc-'));
  // Field separator, text delimiter, UTF-8, from row 1, …, and the last token: every sheet (-1) to its own file.
  const csvExport = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
  await run(
    soffice!,
    [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${join(dir, 'calc-profile')}`,
      ...(options.csvInput ? ['--infilter=CSV:44,34,76,1'] : []),
      '--convert-to',
      csvExport,
      '--outdir',
      out,
      ...files,
    ],
    { timeout: 240_000 },
  );
  const shown: Shown = new Map();
  for (const name of readdirSync(out)) {
    shown.set(name.replace(/\.csv$/, ''), parse(readFileSync(join(out, name), 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][]);
  }
  return shown;
}

// Values a spreadsheet would run as a formula if it could, in every kind of text the files carry.
const HOSTILE = {
  sum: '@SUM(1,1)',
  arithmetic: '-2+3',
  hyperlink: '=HYPERLINK("http://evil.example","click")',
  phone: '+44 20 7946 0000',
  plus: '=1+1',
};

describe.skipIf(soffice === null && !required)(
  `the outcome opened in LibreOffice Calc${soffice === null ? ' (skipped: no soffice here; .ci/run installs libreoffice-calc-nogui, or set SOFFICE_PATH)' : ''}`,
  () => {
    let dir: string;
    let draft: Shown;
    let final: Shown;
    let csv: Shown;

    beforeAll(async () => {
      if (soffice === null) throw new Error('LibreOffice (soffice) is required here (MODPANEL_REQUIRE_SOFFICE=1) but was not found: apt-get install -y --no-install-recommends libreoffice-calc-nogui');
      dir = mkdtempSync(join(tmpdir(), 'modpanel-calc-'));
      const service = ModerationService.create(join(dir, 'p.modpanel'), { name: 'Calc panel', businessUnit: HOSTILE.arithmetic, performanceYear: 2025 }, HR);
      const group = (i: number) => (i % 2 === 0 ? HOSTILE.sum : 'Female');
      service.applyImport(
        parsed([
          record('E1', { name: HOSTILE.hyperlink, provisionalMarking: 'Exceeding', jobWeight: 20, midYearMarking: 'Achieving', characteristics: { sex: group(0) } }),
          record('A1', { name: HOSTILE.sum, jobWeight: 18, midYearMarking: 'Achieving', characteristics: { sex: group(1) } }),
          record('A2', { name: HOSTILE.phone, jobWeight: 10, jobTitle: HOSTILE.plus, midYearMarking: 'Achieving', characteristics: { sex: group(2) } }),
          ...Array.from({ length: 10 }, (_, i) => record(`Z${i}`, { name: `Zoë Ó Briain ${i}`, midYearMarking: 'Achieving', characteristics: { sex: group(i + 3) } })),
        ]),
        HR,
      );
      service.move({ staffId: 'A1', to: 'High Performing', reason: HOSTILE.arithmetic }, CHAIR);
      service.flag('A2', 'borderline_up', HOSTILE.sum, CHAIR);
      service.setFinance('Z1', 'Met', HOSTILE.plus, FINANCE);
      const write = async (name: string) => {
        const panel = service.panel();
        const rows = outcomeRows(panel, service.people());
        writeFileSync(join(dir, `${name}.xlsx`), await outcomeXlsx(panel, rows, service.audit(), outcomePackExtras(service.people(), panel, service.discussionSeconds())));
        writeFileSync(join(dir, `${name}.csv`), outcomeCsv(rows), 'utf8');
      };
      await write('draft');
      service.finalise(CHAIR);
      await write('final');
      service.close();
      const workbooks = await openInCalc(dir, [join(dir, 'draft.xlsx'), join(dir, 'final.xlsx')]);
      draft = new Map([...workbooks].filter(([name]) => name.startsWith('draft-')).map(([name, rows]) => [name.slice('draft-'.length), rows]));
      final = new Map([...workbooks].filter(([name]) => name.startsWith('final-')).map(([name, rows]) => [name.slice('final-'.length), rows]));
      csv = await openInCalc(dir, [join(dir, 'draft.csv')], { csvInput: true });
    }, 300_000);

    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('shows every sheet of the pack', () => {
      expect([...final.keys()].sort()).toEqual(['Breakdowns', 'Changes', 'Mid-year vs end-year', 'Outcome', 'Panel', 'Summary']);
    });

    it('shows XLSX text exactly as typed: no apostrophe in front, nothing evaluated', () => {
      const outcome = final.get('Outcome')!;
      expect(outcome[0]).toEqual([...OUTCOME_COLUMNS]);
      const column = (name: (typeof OUTCOME_COLUMNS)[number]) => OUTCOME_COLUMNS.indexOf(name);
      const byId = new Map(outcome.slice(1).map((row) => [row[0], row]));
      expect(byId.get('E1')![column('name')]).toBe(HOSTILE.hyperlink);
      expect(byId.get('A1')![column('name')]).toBe(HOSTILE.sum);
      expect(byId.get('A1')![column('change_reason')]).toBe(HOSTILE.arithmetic);
      expect(byId.get('A2')![column('name')]).toBe(HOSTILE.phone);
      expect(byId.get('A2')![column('job_title')]).toBe(HOSTILE.plus);
      expect(byId.get('A2')![column('flags')]).toBe(`Borderline up: ${HOSTILE.sum}`);
      expect(byId.get('Z1')![column('finance_note')]).toBe(HOSTILE.plus);
      expect(byId.get('Z1')![column('name')]).toBe('Zoë Ó Briain 1');

      const changes = final.get('Changes')!;
      expect(changes[0]).toEqual([...CHANGES_HEADERS]);
      expect(changes.find((row) => row[3] === 'Move')!.slice(1, 9)).toEqual(['Pat Chair', 'Chair', 'Move', 'A1', HOSTILE.sum, 'Achieving', 'High Performing', HOSTILE.arithmetic]);
      expect(final.get('Panel')).toContainEqual(['Business unit', HOSTILE.arithmetic]);
      expect(final.get('Breakdowns')!.map((row) => row[1])).toContain(HOSTILE.sum);
      expect(final.get('Mid-year vs end-year')!.flat()).toContain(HOSTILE.sum);

      for (const [sheet, rows] of [...final, ...draft]) {
        for (const cell of rows.flat()) expect(cell, `${sheet}: ${cell}`).not.toMatch(/^'[=+\-@]/);
      }
    });

    it('marks a draft on the first row of every sheet, the header below it; a finalised pack has no mark', () => {
      for (const [sheet, rows] of draft) expect(rows[0]![0], sheet).toMatch(new RegExp(`^${DRAFT_MARK}: the outcome may still change \\(exported \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2} \\S+\\)$`));
      expect(draft.get('Outcome')![1]).toEqual([...OUTCOME_COLUMNS]);
      expect(draft.get('Changes')![1]).toEqual([...CHANGES_HEADERS]);
      for (const [sheet, rows] of final) expect(rows.flat().join(' '), sheet).not.toContain('Draft');
    });

    it('keeps the CSV apostrophe, because Calc runs a formula in a CSV as it opens it', () => {
      const [outcome] = [...csv.values()];
      const names = outcome!.slice(1).map((row) => row[OUTCOME_COLUMNS.indexOf('name')]);
      // Shown with the apostrophe as typed text, never as a link or a sum.
      expect(names).toContain(`'${HOSTILE.hyperlink}`);
      expect(names).toContain(`'${HOSTILE.sum}`);
      expect(names).not.toContain('click');
      expect(names).not.toContain('2');
    });
  },
);
