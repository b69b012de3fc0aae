// Roles on the command line (issue 9): `--role` is checked by the service, as in the window, so HR cannot
// move people and the finance partner cannot finalise; a role with a PIN needs MODPANEL_PIN; output goes
// through the API layer, so `list --json` never prints anyone's characteristics, whatever the role.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modpanel } from './runModpanel';

const HEADER = 'staff_id,name,grade,business_unit,job_title,line_manager,job_weight,provisional_marking,finance_objective,corporate_contribution,cs_start_date,sex,ethnicity,sexual_orientation';
const PEOPLE = Array.from({ length: 12 }, (_, i) => {
  const id = `S${i + 1}`;
  return `${id},Person ${id},SCS1,Policy,DD,Mo Manager,${20 - i},Achieving,Met,No,2015-04-01,${i % 2 ? 'Female' : 'Male'},SECRET-ETHNICITY-${i},SECRET-ORIENTATION-${i}`;
});

let dir: string;
let panel: string;


beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-cli-roles-'));
  panel = join(dir, 'policy.modpanel');
  writeFileSync(join(dir, 'people.csv'), [HEADER, ...PEOPLE].join('\n'));
  expect((await modpanel('import', join(dir, 'people.csv'), '--panel', panel, '--name', 'Policy SCS', '--year', '2025', '--actor', 'Hana HR')).code).toBe(0);
});
afterEach(() => {
  delete process.env.MODPANEL_PIN;
  delete process.env.MODPANEL_NEW_PIN;
  rmSync(dir, { recursive: true, force: true });
});

describe('roles on the command line', () => {
  it('refuses `move --role hr` and `finalise --role finance` with exit 1, naming the role that may', async () => {
    const move = await modpanel('move', panel, 'S1', 'High Performing', '--reason', 'Led the review', '--actor', 'Hana HR', '--role', 'hr');
    expect(move.code).toBe(1);
    expect(move.stderr).toBe('modpanel: HR cannot move people between boxes: only the panel chair can.');
    const finalise = await modpanel('finalise', panel, '--actor', 'Fay Finance', '--role', 'finance');
    expect(finalise.code).toBe(1);
    expect(finalise.stderr).toMatch(/^modpanel: The finance partner cannot finalise the panel: only the panel chair can\.$/m);
    // Nothing changed, and both attempts are in the history.
    const list = JSON.parse((await modpanel('list', panel, '--json')).stdout) as { staffId: string; moderatedMarking: string }[];
    expect(list.find((p) => p.staffId === 'S1')!.moderatedMarking).toBe('Achieving');
    const refused = JSON.parse((await modpanel('audit', panel, '--action', 'refused', '--json')).stdout) as { actor: string; role: string }[];
    expect(refused.map((e) => `${e.actor} (${e.role})`)).toEqual(['Fay Finance (finance)', 'Hana HR (hr)']);
    // The chair can.
    expect((await modpanel('move', panel, 'S1', 'High Performing', '--reason', 'Led the review', '--actor', 'Cat Chair')).code).toBe(0);
  });

  it('never prints a person’s characteristics, whatever the role', async () => {
    for (const role of ['hr', 'chair', 'observer']) {
      const list = await modpanel('list', panel, '--json', '--role', role);
      expect(list.code).toBe(0);
      expect(list.stdout).not.toMatch(/SECRET|Female|Male/);
      expect((JSON.parse(list.stdout) as { characteristics: object }[]).every((p) => Object.keys(p.characteristics).length === 0)).toBe(true);
    }
    const moved = await modpanel('move', panel, 'S2', 'High Performing', '--reason', 'Led the review', '--actor', 'Cat Chair', '--json');
    expect(moved.stdout).not.toMatch(/SECRET|Female/);
    const reimport = [HEADER, ...PEOPLE.map((line) => line.replace('SECRET-ETHNICITY-3', 'SECRET-ETHNICITY-CHANGED'))].join('\n');
    writeFileSync(join(dir, 'people-2.csv'), reimport);
    const preview = await modpanel('import', join(dir, 'people-2.csv'), '--panel', panel, '--json', '--actor', 'Hana HR');
    expect(preview.stdout).toMatch(/\(diversity data\)/);
    expect(preview.stdout).not.toMatch(/SECRET/);
  });

  it('keeps the most sensitive characteristics to HR’s breakdowns', async () => {
    const asChair = await modpanel('breakdown', panel, '--by', 'sexual_orientation', '--role', 'chair');
    expect(asChair.code).toBe(1);
    expect(asChair.stderr).toMatch(/HR’s view only/);
    const asHr = await modpanel('breakdown', panel, '--by', 'sexual_orientation', '--role', 'hr', '--json');
    expect(asHr.code).toBe(0);
    const lowered = await modpanel('breakdown', panel, '--by', 'sex', '--threshold', '1', '--json');
    expect(JSON.parse(lowered.stdout)).toMatchObject({ threshold: 5, audience: 'shared' });
  });

  it('needs MODPANEL_PIN for a role HR gave a PIN, and refuses without it', async () => {
    process.env.MODPANEL_NEW_PIN = '2468';
    const set = await modpanel('pin', panel, '--for', 'chair', '--actor', 'Hana HR');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/Panel chair: PIN set/);
    const refused = await modpanel('move', panel, 'S1', 'High Performing', '--reason', 'Led the review', '--actor', 'Cat Chair');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/has a PIN: .*set MODPANEL_PIN/);
    process.env.MODPANEL_PIN = '1111';
    expect((await modpanel('move', panel, 'S1', 'High Performing', '--reason', 'Led the review', '--actor', 'Cat Chair')).stderr).toMatch(/PIN given .* is not right/);
    process.env.MODPANEL_PIN = '2468';
    expect((await modpanel('move', panel, 'S1', 'High Performing', '--reason', 'Led the review', '--actor', 'Cat Chair')).code).toBe(0);
    expect((await modpanel('pin', panel)).stdout).toBe('Roles with a PIN on this panel: Panel chair.');
  });

  it('shares the breakdowns with the room as HR, once enough people have changed', async () => {
    await modpanel('move', panel, 'S1', 'High Performing', '--reason', 'Led the review', '--actor', 'Cat Chair');
    const early = await modpanel('share', panel, '--actor', 'Hana HR');
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/Only 1 person has changed since/);
    for (const id of ['S2', 'S3', 'S4', 'S5']) await modpanel('move', panel, id, 'High Performing', '--reason', 'Agreed', '--actor', 'Cat Chair');
    const shared = await modpanel('share', panel, '--actor', 'Hana HR');
    expect(shared.code, shared.stderr).toBe(0);
    expect(shared.stdout).toMatch(/Shared with the room\. Breakdowns for the room: last shared by Hana HR/);
    expect((await modpanel('share', panel, '--actor', 'Cat Chair', '--role', 'chair')).stderr).toMatch(/only HR can/);
  });
});
