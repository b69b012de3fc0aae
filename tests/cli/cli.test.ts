// The `modpanel` command as HR and the chair use it: exit codes, messages on stderr, files on disk.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../cli/main';
import { modpanel } from './runModpanel';
import { sharedDataDir } from '../sharedData';

const HEADER =
  'staff_id,name,grade,business_unit,job_title,line_manager,job_weight,provisional_marking,finance_objective,corporate_contribution,cs_start_date,sex';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));


function csv(name: string, rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [HEADER, ...rows].join('\n'));
  return path;
}

const people = [
  'S1,Ann Able,SCS1,Policy,DD,Mo Manager,12,Achieving,Met,Yes,2015-04-01,Female',
  'S2,Ben Best,SCS2,Policy,Director,Mo Manager,18,High Performing,Not met,No,2012-01-01,Male',
  'S3,Cy Cole,SCS1,Policy,DD,Jo Manager,11,PM,Met,No,2019-09-01,Male',
  'S4,Di Late,SCS1,Policy,DD,Jo Manager,11,A,Met,No,2026-02-01,Female',
];

describe('modpanel import', () => {
  it('creates a panel and reports counts per box, people listed apart and finance conflicts', async () => {
    const panel = join(dir, 'p.modpanel');
    const result = await modpanel('import', csv('people.csv', people), '--panel', panel, '--name', 'Policy SCS', '--year', '2025');
    expect(result.code).toBe(0);
    expect(existsSync(panel)).toBe(true);
    expect(result.stdout).toMatch(/Achieving\s+1/);
    expect(result.stdout).toMatch(/High Performing\s+1/);
    expect(result.stdout).toMatch(/listed apart, not moderated by this panel: 1/);
    expect(result.stdout).toMatch(/Joined the Civil Service on or after the cut-off: not moderated this year: 1/);
    expect(result.stdout).toMatch(/performance year 2025\/26; eligibility cut-off 2026-01-01/);
    expect(result.stdout).toMatch(/S4 Di Late/);
    expect(result.stdout).toMatch(/finance objective not met.*: 1/);
    const list = JSON.parse((await modpanel('list', panel, '--json')).stdout) as { staffId: string; moderatedMarking: string | null }[];
    expect(list.map((p) => [p.staffId, p.moderatedMarking])).toContainEqual(['S3', 'Partially Met']);
  });

  it('refuses a malformed file with row-level errors and leaves no panel behind', async () => {
    const panel = join(dir, 'bad.modpanel');
    const file = csv('bad.csv', ['S1,Ann,SCS1,Policy,DD,Mo,12,Brilliant,Met,Yes,2015-04-01,F', 'S1,Ann Again,SCS1,Policy,DD,Mo,abc,Achieving,Met,Yes,31/02/2015,F']);
    const result = await modpanel('import', file, '--panel', panel, '--year', '2025');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.csv, row 2, column "provisional_marking": value "Brilliant"/);
    expect(result.stderr).toMatch(/row 3, column "staff_id"/);
    expect(result.stderr).toMatch(/row 3, column "job_weight": value "abc"/);
    expect(result.stderr).toMatch(/Nothing was imported/);
    expect(existsSync(panel)).toBe(false);
  });

  it('shows added / changed / kept on re-import, applies only with --apply, and removes only with --remove-missing', async () => {
    const panel = join(dir, 'p.modpanel');
    await modpanel('import', csv('v1.csv', people), '--panel', panel, '--year', '2025');
    const v2 = csv('v2.csv', [people[0]!.replace('Achieving', 'Exceeding'), people[1]!, people[3]!, 'S9,Nia New,SCS1,Policy,DD,Jo Manager,9,Achieving,Met,No,2010-01-01,Female']);
    const dry = await modpanel('import', v2, '--panel', panel);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/added 1, changed 1, removed 0/);
    expect(dry.stdout).toMatch(/kept though not in the file \(add --remove-missing to remove them\): 1: S3/);
    expect(dry.stdout).toMatch(/S1 Ann Able: provisional_marking "Achieving" → "Exceeding"/);
    expect(dry.stdout).toMatch(/run again with --apply/);
    expect(JSON.parse((await modpanel('list', panel, '--json')).stdout)).toHaveLength(4);
    const applied = await modpanel('import', v2, '--panel', panel, '--apply', '--json');
    expect(applied.code).toBe(0);
    const idsAfter = async () => (JSON.parse((await modpanel('list', panel, '--json')).stdout) as { staffId: string }[]).map((p) => p.staffId).sort();
    expect(await idsAfter()).toEqual(['S1', 'S2', 'S3', 'S4', 'S9']);
    expect((await modpanel('import', v2, '--panel', panel, '--apply', '--remove-missing')).code).toBe(0);
    expect(await idsAfter()).toEqual(['S1', 'S2', 'S4', 'S9']);
  });

  it('a dry run on a new panel writes no file', async () => {
    const panel = join(dir, 'never.modpanel');
    const result = await modpanel('import', csv('people.csv', people), '--panel', panel, '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Dry run/);
    expect(existsSync(panel)).toBe(false);
  });
});

describe('modpanel changes', () => {
  let panel: string;
  beforeEach(async () => {
    panel = join(dir, 'p.modpanel');
    await modpanel('import', csv('people.csv', people), '--panel', panel, '--year', '2025');
  });

  it('moves with a reason; refuses without one, and refuses the finance rule', async () => {
    const noReason = await modpanel('move', panel, 'S1', 'HP', '--actor', 'Pat Chair');
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toMatch(/give a reason/);
    const finance = await modpanel('move', panel, 'S2', 'Exceeding', '--reason', 'x', '--actor', 'Pat Chair', '--acknowledge');
    expect(finance.code).toBe(1);
    expect(finance.stderr).toMatch(/cannot be placed above Achieving/);
    const ok = await modpanel('move', panel, 'S1', 'HP', '--reason', 'Led the review', '--actor', 'Pat Chair');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Ann Able \(S1\) is now High Performing/);
    const audit = JSON.parse((await modpanel('audit', panel, '--staff-id', 'S1', '--json')).stdout) as { action: string; actor: string; reason: string }[];
    expect(audit[0]).toMatchObject({ action: 'move', actor: 'Pat Chair', reason: 'Led the review' });
  });

  it('needs an actor for every change', async () => {
    const result = await modpanel('flag', panel, 'S1', 'discuss');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--actor/);
  });

  it('flags, annotates finance, exports, and a finalised panel refuses changes', async () => {
    expect((await modpanel('flag', panel, 'S1', 'borderline_up', '--text', 'close', '--actor', 'Pat')).code).toBe(0);
    expect((await modpanel('finance', panel, 'S1', 'Not met', '--note', 'Overspent', '--actor', 'Fay', '--role', 'finance')).code).toBe(0);
    const early = await modpanel('finalise', panel, '--actor', 'Pat Chair');
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/cannot be finalised yet \(1 to resolve\): Ben Best \(S2\) is High Performing but did not meet the finance objective/);
    expect((await modpanel('move', panel, 'S2', 'Achieving', '--reason', 'Finance objective not met', '--actor', 'Pat')).code).toBe(0);
    expect((await modpanel('finalise', panel, '--actor', 'Pat Chair')).code).toBe(0);
    const refused = await modpanel('move', panel, 'S3', 'Achieving', '--reason', 'x', '--actor', 'Pat');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/finalised/);
    const out = join(dir, 'out.csv');
    expect((await modpanel('export', panel, out)).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^\uFEFFstaff_id,/);
    expect(text).toMatch(/S1,Ann Able,.*Borderline up: close,Not met,Overspent/);
  });
});

describe('the installed command', () => {
  it('runs under the pinned Node even when started by an older node', () => {
    const bin = resolve('cli/modpanel.mjs');
    const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/Usage: modpanel <command>/);
    const system = spawnSync('/usr/bin/env', ['node', bin, 'list', join(dir, 'missing.modpanel')], { encoding: 'utf8' });
    expect(system.status).toBe(1);
    expect(system.stderr).toMatch(/No panel file at/);
  });
});

describe('modpanel import on the shared public datasets', () => {
  const data = sharedDataDir();

  it('creates a panel from HRDataset_v14.csv with its mapping, listing people apart and ignoring columns', async () => {
    const panel = join(dir, 'hr.modpanel');
    const result = await main(
      ['import', join(data, 'HRDataset_v14.csv'), '--panel', panel, '--mapping', 'examples/hrdataset_v14.mapping.json', '--year', '2025', '--json'],
      { out: () => {}, err: () => {} },
    );
    expect(result).toBe(0);
    const people = JSON.parse((await modpanel('list', panel, '--json')).stdout) as { moderatedMarking: string | null; eligible: boolean }[];
    expect(people).toHaveLength(311);
    const inBoxes = people.filter((p) => p.moderatedMarking !== null);
    expect(inBoxes.filter((p) => p.moderatedMarking === 'High Performing')).toHaveLength(0);
    const rows = readFileSync(join(data, 'HRDataset_v14.csv'), 'utf8').split('\r\n').slice(1).filter(Boolean);
    expect(inBoxes.filter((p) => p.moderatedMarking === 'Exceeding').length).toBe(rows.filter((r) => r.includes(',Exceeds,')).length);
    // DateofTermination marks leavers: moderated, but not entitled to an award (FAQ).
    const figures = JSON.parse((await modpanel('return', panel, '--json')).stdout) as { population: number; leavers: number; end_year_award: { eligible: number } };
    const leavers = people.filter((p) => p.eligible && (p as { leftDate?: string | null }).leftDate);
    expect(leavers.length).toBeGreaterThan(50);
    expect(figures.leavers).toBe(leavers.length);
    const exceedingStaying = people.filter((p) => p.eligible && p.moderatedMarking === 'Exceeding' && !(p as { leftDate?: string | null }).leftDate).length;
    expect(figures.end_year_award.eligible).toBe(exceedingStaying);
  });
});

describe('what leaves the room through the CLI (issue 7)', () => {
  const rows = [
    'E1,Eve Ex,SCS1,Policy,DD,Mo,20,Exceeding,Met,Yes,2015-04-01,Female',
    'E2,Eli Ex,SCS1,Policy,DD,Mo,19,Exceeding,Met,No,2015-04-01,Male',
    'H1,Hal Hp,SCS1,Policy,DD,Mo,18,High Performing,Met,No,2015-04-01,Male',
    'A1,Ann Ach,SCS1,Policy,DD,Jo,12,Achieving,Met,No,2015-04-01,Female',
    'A2,Abe Ach,SCS2,Policy,DD,Jo,11,Achieving,Met,No,2015-04-01,Male',
    'P1,Pam Pm,SCS1,Policy,DD,Jo,10,Partially Met,Met,No,2015-04-01,Female',
    'U1,Uma Unknown,SCS1,Policy,DD,Jo,10,Achieving,Met,No,,Female',
  ];

  it('accepts --year 2025-26, states the year and cut-off, and info uses the contract\'s field names', async () => {
    const panel = join(dir, 'p.modpanel');
    const imported = await modpanel('import', csv('people.csv', rows), '--panel', panel, '--year', '2025-26');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/performance year 2025\/26; eligibility cut-off 2026-01-01/);
    expect(imported.stdout).toMatch(/Civil Service start date missing or unreadable: eligibility unknown: 1/);
    const info = JSON.parse((await modpanel('info', panel, '--json')).stdout);
    expect(info).toMatchObject({ name: 'p', performanceYear: 2025, eligibilityCutoff: '2026-01-01', stage: 'local', status: 'open', highPerformingAward: 'discretion' });
    expect(info.people).toMatchObject({ total: 7, eligible: 6, listedApart: 1 });
    expect((await modpanel('import', csv('x.csv', rows), '--panel', join(dir, 'q.modpanel'), '--year', '2025-27')).code).toBe(2);
  });

  it('gives the return as JSON, blocks finalise on Exceeding without a contribution, and follows the award setting', async () => {
    const panel = join(dir, 'p.modpanel');
    await modpanel('import', csv('people.csv', rows), '--panel', panel, '--year', '2025');
    const figures = JSON.parse((await modpanel('return', panel, '--json')).stdout);
    expect(figures.population).toBe(6);
    expect(figures.boxes).toEqual([
      { marking: 'Exceeding', n: 2, percent: 33.3 },
      { marking: 'High Performing', n: 1, percent: 16.7 },
      { marking: 'Achieving', n: 2, percent: 33.3 },
      { marking: 'Partially Met', n: 1, percent: 16.7 },
    ]);
    expect(figures.exceeding_and_high_performing).toEqual({ n: 3, percent: 50 });
    expect(figures).toMatchObject({ poor_performance_measures: 0, in_year_award_eligible: 6, end_year_award: { eligible: 2, discretionary: 1, not_eligible: 3 } });

    const blocked = await modpanel('finalise', panel, '--actor', 'Pat Chair');
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/Eli Ex \(E2\) is in Exceeding, but no significant corporate contribution/);
    expect((await modpanel('contribution', panel, 'E2', 'Ran the departmental graduate scheme', '--actor', 'Pat Chair')).code).toBe(0);
    expect((await modpanel('finalise', panel, '--actor', 'Pat Chair')).code).toBe(0);

    const out = join(dir, 'out.csv');
    expect((await modpanel('export', panel, out)).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/E2,Eli Ex,SCS1,SCS1,.*,No,Ran the departmental graduate scheme,No,,Eligible,Eligible,/);
    // Grade by grade: SCS1's boxes and ranks come first, then SCS2's Achieving at rank 1.
    expect(text).toMatch(/A2,Abe Ach,SCS2,SCS2,.*,Achieving,Achieving,No,,1,/);
  });

  it('settings change the High Performing award and the year, audited', async () => {
    const panel = join(dir, 'p.modpanel');
    await modpanel('import', csv('people.csv', rows), '--panel', panel, '--year', '2025');
    expect((await modpanel('settings', panel, '--hp-award', 'yes', '--actor', 'Hana HR')).code).toBe(0);
    expect(JSON.parse((await modpanel('return', panel, '--json')).stdout).end_year_award).toEqual({ eligible: 3, discretionary: 0, not_eligible: 3 });
    expect((await modpanel('settings', panel, '--hp-award', 'sometimes', '--actor', 'Hana HR')).code).toBe(2);
    const settings = await modpanel('settings', panel, '--year', '2024/25', '--actor', 'Hana HR');
    expect(settings.stdout).toMatch(/Performance year: 2024\/25\nEligibility cut-off: 2025-01-01/);
    const audit = JSON.parse((await modpanel('audit', panel, '--action', 'settings', '--json')).stdout);
    expect(audit).toHaveLength(2);
  });
});
