// `modpanel merge` as HR runs it before the overall moderation meeting: conflicts refused with exit 1, each
// named with what to do, and no file written; then resolved with --prefer / --exclude and --allow-open. The
// overall panel is encrypted unless HR explicitly says --no-encryption.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { modpanel } from './runModpanel';
import { makeThreeUnits, makeUnitPanel, unitRecords, type ThreeUnits } from '../db/unitPanels';

let dir: string;
let units: ThreeUnits;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-cli-merge-'));
  units = makeThreeUnits(dir);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});


const overall = () => join(dir, 'overall.modpanel');
const asHr = ['--actor', 'Hana HR', '--role', 'hr'];
/** HR's explicit choice to make the overall panel without encryption (only where the test is about something else). */
const plain = ['--no-encryption'];

describe('modpanel merge', () => {
  it('refuses a duplicate and an unfinalised unit with exit 1, naming both, and writes no file', async () => {
    const result = await modpanel('merge', '--out', overall(), units.policy, units.ops, units.digital, ...asHr);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing was written: 2 conflicts to resolve');
    expect(result.stderr).toContain('X001 (Sam Shared) is in more than one unit panel: policy.modpanel and ops.modpanel');
    expect(result.stderr).toContain('--prefer policy.modpanel or --prefer ops.modpanel, or leave them out with --exclude X001');
    expect(result.stderr).toContain('digital.modpanel (Digital SCS) has not been finalised');
    expect(result.stderr).toContain('--allow-open');
    // No passphrase was chosen either: said after the conflicts, so HR learns it before the next run.
    expect(result.stderr).toContain('Then: the overall panel is encrypted, so set MODPANEL_KEY (or --passphrase-env VAR), or give --no-encryption');
    expect(existsSync(overall())).toBe(false);
    expect(readdirSync(dir).some((f) => f.includes('overall'))).toBe(false);
  });

  it('merges three unit panels once the duplicate is preferred and the open unit allowed', async () => {
    const result = await modpanel('merge', '--out', overall(), units.policy, units.ops, units.digital, '--prefer', 'ops.modpanel', '--allow-open', '--name', 'Department overall 2025-26', ...asHr, ...plain);
    expect(result.stderr).toBe(`Warning: ${overall()} is not encrypted: anyone who can read the file can read the people in it. Set MODPANEL_KEY (or --passphrase-env VAR) before creating a panel to encrypt it, or encrypt this one with \`modpanel rekey ${overall()}\`.`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Merged 3 unit panels into ${overall()} (Department overall 2025-26, 2025/26): 37 people`);
    expect(result.stdout).toMatch(/policy\.modpanel {2}Policy Group SCS \(Policy Group, 2025\/26\): 13 people, finalised by Pat Chair on \d{4}-\d{2}-\d{2}, 1 marking changed locally/);
    expect(result.stdout).toContain('X001 (Sam Shared) is in policy.modpanel and ops.modpanel: taken from ops.modpanel (--prefer)');
    expect(result.stdout).toContain('Merged while still open (--allow-open, recorded in the overall panel\'s history): digital.modpanel');

    const info = JSON.parse((await modpanel('info', overall(), '--json')).stdout) as { stage: string; people: { total: number } };
    expect(info).toMatchObject({ stage: 'overall', people: { total: 37 } });
    const shared = (JSON.parse((await modpanel('list', overall(), '--json')).stdout) as { staffId: string; provisionalMarking: string }[]).find((p) => p.staffId === 'X001');
    expect(shared?.provisionalMarking).toBe('High Performing'); // Operations' marking stands
  });

  it('resolves the duplicate with --exclude instead', async () => {
    const result = await modpanel('merge', '--out', overall(), units.policy, units.ops, units.digital, '--exclude', 'X001', '--allow-open', ...asHr, ...plain, '--json');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { merged: boolean; encrypted: boolean; people: number; excluded: string[]; openUnits: string[] };
    expect(summary).toMatchObject({ merged: true, encrypted: false, people: 36, excluded: ['X001'], openUnits: ['digital.modpanel'] });
  });

  it('refuses unit panels from different performance years', async () => {
    const older = makeUnitPanel(dir, { file: 'older.modpanel', name: 'Last year', businessUnit: 'Policy Group', year: 2024, records: unitRecords('L', 'Policy Group', 3, 9), finalisedBy: 'Pat Chair' });
    const result = await modpanel('merge', '--out', overall(), units.policy, older, ...asHr, ...plain);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('different performance years: policy.modpanel 2025/26, older.modpanel 2024/25');
    expect(existsSync(overall())).toBe(false);
  });

  it('names an encrypted unit panel that needs its passphrase, and merges with it, encrypting the overall panel too', async () => {
    const secret = makeUnitPanel(dir, { file: 'secret.modpanel', name: 'Secret SCS', businessUnit: 'Security', records: unitRecords('K', 'Security', 4, 3), finalisedBy: 'Kim Chair', key: 'open sesame' });
    const refused = await modpanel('merge', '--out', overall(), units.policy, secret, ...asHr, ...plain);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('secret.modpanel is encrypted (or is not a panel file) and no passphrase was given for it');
    expect(refused.stderr).toContain('Give its passphrase in MODPANEL_KEY (or in the variable --passphrase-env names');
    vi.stubEnv('MODPANEL_KEY', 'nope');
    const wrong = await modpanel('merge', '--out', overall(), units.policy, secret, ...asHr);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('secret.modpanel could not be opened with the passphrase given');
    vi.stubEnv('MODPANEL_KEY', 'open sesame');
    const merged = await modpanel('merge', '--out', overall(), units.policy, secret, ...asHr);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('The overall panel is encrypted with the passphrase from MODPANEL_KEY.');
    expect((await modpanel('info', overall())).code).toBe(0);
    vi.unstubAllEnvs();
    expect((await modpanel('info', overall())).stderr).toMatch(/passphrase/);
  });

  it('encrypts the overall panel unless HR explicitly chooses --no-encryption', async () => {
    const args = ['merge', '--out', overall(), units.policy, units.ops, units.digital, '--exclude', 'X001', '--allow-open', ...asHr];
    // No passphrase and no choice: a command mistake, said plainly, and nothing written.
    const refused = await modpanel(...args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'modpanel merge: The overall panel holds special-category data about everyone in the unit panels, so it is encrypted: set MODPANEL_KEY to its passphrase ' +
        '(or name a variable holding it with --passphrase-env VAR), or give --no-encryption to make it without encryption. Nothing was written. See `modpanel --help`.',
    );
    expect(existsSync(overall())).toBe(false);

    // The passphrase from the variable --passphrase-env names, as every command takes it.
    vi.stubEnv('OVERALL_PASSPHRASE', 'department secret');
    const encrypted = await modpanel(...args, '--passphrase-env', 'OVERALL_PASSPHRASE', '--json');
    expect(encrypted.code).toBe(0);
    expect(JSON.parse(encrypted.stdout)).toMatchObject({ merged: true, encrypted: true, people: 36 });
    expect(encrypted.stderr).toBe('');
    const locked = await modpanel('info', overall());
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/passphrase/);
    expect((await modpanel('info', overall(), '--passphrase-env', 'OVERALL_PASSPHRASE')).code).toBe(0);

    // Both a passphrase and --no-encryption: which was meant is not guessed.
    rmSync(overall());
    const both = await modpanel(...args, '--passphrase-env', 'OVERALL_PASSPHRASE', '--no-encryption');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--no-encryption was given, but so was a passphrase ($OVERALL_PASSPHRASE): give one or the other');
    expect(existsSync(overall())).toBe(false);

    // The explicit choice makes it unencrypted, with the warning every unencrypted new panel gets.
    const unencrypted = await modpanel(...args, '--no-encryption');
    expect(unencrypted.code).toBe(0);
    expect(unencrypted.stderr).toContain(`Warning: ${overall()} is not encrypted`);
    expect((await modpanel('info', overall())).code).toBe(0);
  });

  it('exports source_panel and a Changes sheet that separates local changes from the overall meeting', async () => {
    expect((await modpanel('merge', '--out', overall(), units.policy, units.ops, units.digital, '--prefer', units.policy, '--allow-open', ...asHr, ...plain)).code).toBe(0);
    const list = JSON.parse((await modpanel('list', overall(), '--json')).stdout) as { staffId: string; eligible: boolean; moderatedMarking: string; financeObjective: string }[];
    const someone = list.find((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.financeObjective !== 'Not met' && p.staffId.startsWith('D'))!;
    const move = await modpanel('move', overall(), someone.staffId, 'High Performing', '--reason', 'Consistent with peers across the department', '--actor', 'Dee Director');
    expect(move.code).toBe(0);

    const csv = join(dir, 'outcome.csv');
    expect((await modpanel('export', overall(), csv)).code).toBe(0);
    const lines = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    const header = lines[0]!.split(',');
    expect(header).toContain('source_panel');
    const moved = lines.find((l) => l.startsWith(`${units.policyMove.staffId},`))!;
    expect(moved).toContain('Policy Group SCS (policy.modpanel)');
    expect(moved).toContain('the unit moved Achieving → High Performing: Led the spending review');

    const xlsx = join(dir, 'outcome.xlsx');
    expect((await modpanel('export', overall(), xlsx)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const changes = (workbook.getWorksheet('Changes')!.getSheetValues() as unknown[][]).filter(Array.isArray).map((r) => r.slice(1));
    const meetingOf = (staffId: string) => changes.find((r) => r[3] === 'Move' && r[4] === staffId)?.[9];
    expect(meetingOf(units.policyMove.staffId)).toBe('Local panel: Policy Group SCS');
    expect(meetingOf(units.opsMove.staffId)).toBe('Local panel: Operations SCS');
    expect(meetingOf(someone.staffId)).toMatch(/^Overall moderation meeting: /);
  });

  it('is refused as a command mistake (exit 2) without --out, --role hr, or with a --prefer that is not being merged', async () => {
    expect((await modpanel('merge', units.policy, ...asHr)).code).toBe(2);
    const chair = await modpanel('merge', '--out', overall(), units.policy, '--actor', 'Pat', '--role', 'chair');
    expect(chair.code).toBe(2);
    expect(chair.stderr).toContain('--role must be hr');
    const prefer = await modpanel('merge', '--out', overall(), units.policy, units.ops, '--prefer', 'elsewhere.modpanel', ...asHr);
    expect(prefer.code).toBe(2);
    expect(prefer.stderr).toContain('--prefer elsewhere.modpanel is not one of the unit panels being merged');
    expect(existsSync(overall())).toBe(false);
  });
});
