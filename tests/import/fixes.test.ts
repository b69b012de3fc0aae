// Fixing a file without editing it, as the wizard saves it and the command line reads it: a value read as
// another for every row that has it ("Strong" as High Performing), and rows left out by skipRows rules —
// each skipped row said, a rule that matched nothing said, and the person a skipped row names kept.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { MappingFileError, parseImportBuffer, parseMappingJson, type MappingFile } from '../../db/import';
import { ModerationService } from '../../db/service';
import type { Actor } from '../../shared/domain';

const HR: Actor = { name: 'Hana HR', role: 'hr' };
const CUTOFF = '2026-01-01';
const FILE = [
  'staff_id,name,provisional_marking,finance_objective',
  'S1,Ada Lovelace,Strong,Met',
  'S2,Grace Hopper,Achieving,Met',
  'S3,Alan Turing,strong,Met',
  ',Total,,',
  'S4,Test Account,Exceeding,Met',
  'S4,Katherine Johnson,Achieving,Met',
].join('\n');

const parse = (mapping?: MappingFile, text = FILE) => parseImportBuffer('people.csv', new TextEncoder().encode(`${text}\n`), { cutoff: CUTOFF, ...(mapping ? { mapping } : {}) });

describe('the problems the wizard offers to fix', () => {
  it('come with the row, the staff id and name, and whether the id itself is in question', async () => {
    const parsed = await parse();
    expect(parsed.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, 'provisional_marking', 'Strong'],
      [4, 'provisional_marking', 'strong'],
      [5, 'staff_id', ''],
      [7, 'staff_id', 'S4'],
    ]);
    expect(parsed.problemRows).toEqual([
      { row: 2, staffId: 'S1', name: 'Ada Lovelace', staffIdInQuestion: false },
      { row: 4, staffId: 'S3', name: 'Alan Turing', staffIdInQuestion: false },
      { row: 5, staffId: '', name: 'Total', staffIdInQuestion: true },
      { row: 7, staffId: 'S4', name: 'Katherine Johnson', staffIdInQuestion: true },
    ]);
  });
});

describe('a value read as another', () => {
  it('fixes every row that has it, whatever its case', async () => {
    const parsed = await parse({ values: { provisional_marking: { Strong: 'High Performing' } } });
    expect(parsed.errors.map((e) => e.row)).toEqual([5, 7]);
    expect(parsed.records.filter((r) => r.provisionalMarking === 'High Performing').map((r) => r.staffId)).toEqual(['S1', 'S3']);
  });
});

describe('skipRows', () => {
  const fixes: MappingFile = {
    values: { provisional_marking: { Strong: 'High Performing' } },
    skipRows: [
      { staff_id: '', name: 'Total', note: 'the totals line' },
      { row: 6, staff_id: 'S4', note: 'a test account' },
    ],
  };

  it('leaves out each matching row, says so row by row, and imports the rest', async () => {
    const parsed = await parse(fixes);
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => r.staffId)).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(parsed.records.find((r) => r.staffId === 'S4')!.name).toBe('Katherine Johnson');
    expect(parsed.skipped).toEqual([
      { row: 5, staffId: '', name: 'Total', rule: 'rule 1: staff_id "", name "Total" (the totals line)' },
      { row: 6, staffId: 'S4', name: 'Test Account', rule: 'rule 2: row 6, staff_id "S4" (a test account)' },
    ]);
    expect(parsed.warnings.filter((w) => w.expected.includes('skipRows')).map((w) => [w.row, w.value, w.expected])).toEqual([
      [5, null, `a row to import; this one was skipped, as the mapping's skipRows asks (rule 1: staff_id "", name "Total" (the totals line))`],
      [6, 'S4', `a row to import; this one was skipped, as the mapping's skipRows asks (rule 2: row 6, staff_id "S4" (a test account))`],
    ]);
  });

  it('says when a rule matches nothing (made for an earlier file), and skips nothing by it', async () => {
    const parsed = await parse({ skipRows: [{ row: 3, staff_id: 'S9' }] });
    expect(parsed.skipped).toEqual([]);
    expect(parsed.warnings.map((w) => w.expected)).toContainEqual(
      `a row for the mapping's skipRows rule 1: row 3, staff_id "S9"; no row matches it, so it skipped nothing (a rule made for an earlier file?)`,
    );
  });

  it('reads XLSX rows the same way', async () => {
    const { workbookBytes } = await import('./workbookBytes');
    const rows = FILE.split('\n').map((line) => line.split(','));
    const parsed = await parseImportBuffer('people.xlsx', workbookBytes(rows), { cutoff: CUTOFF, mapping: fixes });
    expect(parsed.errors).toEqual([]);
    expect(parsed.skipped!.map((s) => s.row)).toEqual([5, 6]);
  });

  it('is checked like the rest of the mapping: every problem named by its place in the JSON', () => {
    const bad = JSON.stringify({ skipRows: [{ note: 'nothing else' }, { staf_id: 'S1' }, { row: 'seven' }, { row: 0 }, 'S1'] });
    let problems: { path: string; message: string }[] = [];
    try {
      parseMappingJson(bad, 'fixes.json');
    } catch (error) {
      problems = [...(error as MappingFileError).problems];
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'skipRows[0]', message: expect.stringMatching(/^at least one condition/) },
        { path: 'skipRows[1].staf_id', message: '"staf_id" is not a target; did you mean staff_id?' },
        { path: 'skipRows[2].row', message: 'a row number such as 17 (the header is row 1)' },
        { path: 'skipRows[3].row', message: expect.stringMatching(/row number/) },
        { path: 'skipRows[4]', message: expect.stringMatching(/^a rule/) },
      ]),
    );
  });
});

describe('a re-import with a skipped row', () => {
  it('keeps the person the skipped row names, even when HR removes people the file lacks', async () => {
    const panel = ModerationService.create(':memory:', { name: 'Skips', businessUnit: 'Test', performanceYear: 2025 }, HR);
    try {
      panel.applyImport(await parse(undefined, 'staff_id,name\nS1,Ada\nS2,Grace\nS3,Alan'), HR);
      const parsed = await parse({ skipRows: [{ staff_id: 'S2' }] }, 'staff_id,name\nS1,Ada\nS2,Grace Changed\nS3,Alan');
      const preview = panel.previewImport(parsed, { removeMissing: true });
      expect(preview.missing).toEqual([]);
      expect(preview.removed).toEqual([]);
      panel.applyImport(parsed, HR, { removeMissing: true });
      expect(panel.person('S2').name).toBe('Grace');
    } finally {
      panel.close();
    }
  });
});

describe('the same mapping file on the command line', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'modpanel-fixes-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('imports with the fixes the wizard saved, and says which rows it skipped', async () => {
    writeFileSync(join(dir, 'people.csv'), `${FILE}\n`);
    // As the wizard writes it (renderer/views/importFixes.ts).
    writeFileSync(
      join(dir, 'people-mapping.json'),
      JSON.stringify({ description: 'Made in the import wizard', values: { provisional_marking: { Strong: 'High Performing' } }, skipRows: fixes() }, null, 2),
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['import', join(dir, 'people.csv'), '--panel', join(dir, 'p.modpanel'), '--mapping', join(dir, 'people-mapping.json'), '--actor', 'Hana HR'], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    expect(err.join('\n')).not.toMatch(/Nothing was imported/);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/people\.csv: 4 people/);
    expect(out.join('\n')).toMatch(/row 5: .*skipped, as the mapping's skipRows asks/);
    const panel = ModerationService.open(join(dir, 'p.modpanel'));
    try {
      expect(panel.people().map((p) => [p.staffId, p.provisionalMarking])).toEqual(
        expect.arrayContaining([
          ['S1', 'High Performing'],
          ['S3', 'High Performing'],
          ['S4', 'Achieving'],
        ]),
      );
    } finally {
      panel.close();
    }
  });

  function fixes() {
    return [
      { staff_id: '', name: 'Total', note: 'the totals line' },
      { row: 6, staff_id: 'S4', note: 'a test account' },
    ];
  }
});
