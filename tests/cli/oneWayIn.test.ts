// Every modpanel command opens a panel the same way (cli/panels.ts): one passphrase from MODPANEL_KEY,
// --passphrase-env or --key (warned), and the command line's one session, so `modpanel undo --actor X --role R`
// reverses X's change whichever command made it: a move, an applied finance workbook, a changes file.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { modpanel } from './runModpanel';

const HEADER = 'staff_id,name,grade,business_unit,job_title,line_manager,job_weight,provisional_marking,finance_objective,corporate_contribution,cs_start_date';
const PEOPLE = [
  'S1,Ann Able,SCS1,Policy,DD,Mo Manager,12,Achieving,Met,Yes,2015-04-01',
  'S2,Ben Best,SCS2,Policy,Director,Mo Manager,18,High Performing,Met,No,2012-01-01',
  'S3,Cy Cole,SCS1,Policy,DD,Jo Manager,11,Partially Met,Met,No,2019-09-01',
];

let dir: string;
let panel: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-one-way-'));
  panel = join(dir, 'policy.modpanel');
  writeFileSync(join(dir, 'people.csv'), [HEADER, ...PEOPLE].join('\n'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});


async function makePanel(): Promise<void> {
  const made = await modpanel('import', join(dir, 'people.csv'), '--panel', panel, '--name', 'Policy SCS', '--year', '2025');
  expect(made.code).toBe(0);
}

async function person(staffId: string, ...extra: string[]) {
  const list = JSON.parse((await modpanel('list', panel, '--json', ...extra)).stdout) as { staffId: string; financeObjective: string; financeNote: string }[];
  return list.find((p) => p.staffId === staffId)!;
}

/** The finance partner's workbook as they return it: objective and note set by staff id. */
async function financeReturned(edits: Record<string, { finance_objective?: string; finance_note?: string }>, ...extra: string[]): Promise<string> {
  const sheet = join(dir, 'finance.xlsx');
  expect((await modpanel('finance-sheet', panel, sheet, '--actor', 'Hana HR', '--role', 'hr', ...extra)).code).toBe(0);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(sheet);
  const worksheet = workbook.getWorksheet('Finance')!;
  const headers: string[] = [];
  worksheet.getRow(1).eachCell((cell, column) => (headers[column] = String(cell.value)));
  worksheet.eachRow((row, n) => {
    if (n === 1) return;
    for (const [header, value] of Object.entries(edits[String(row.getCell(1).value)] ?? {})) row.getCell(headers.indexOf(header)).value = value;
  });
  const returned = join(dir, 'finance-returned.xlsx');
  await workbook.xlsx.writeFile(returned);
  return returned;
}

describe('one way into a panel for every command', () => {
  it('undoes an applied finance workbook as the finance partner, one annotation at a time, as a move is undone', async () => {
    await makePanel();
    const returned = await financeReturned({ S2: { finance_objective: 'Not met', finance_note: 'Overspent by 12%' }, S3: { finance_note: 'Sound' } });
    const applied = await modpanel('finance-import', panel, returned, '--actor', 'Fay Finance', '--role', 'finance', '--apply');
    expect(applied.code).toBe(0);
    expect(await person('S2')).toMatchObject({ financeObjective: 'Not met', financeNote: 'Overspent by 12%' });

    // Someone else has nothing of theirs to undo: undo is per person.
    const other = await modpanel('undo', panel, '--actor', 'Pat Chair', '--role', 'chair');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('Pat Chair has nothing to undo here');

    // The last annotation applied is undone first (the workbook lists Cy Cole's row before Ben Best's).
    const first = await modpanel('undo', panel, '--actor', 'Fay Finance', '--role', 'finance');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('Undid finance for Ben Best.');
    expect(await person('S2')).toMatchObject({ financeObjective: 'Met', financeNote: '' });
    expect(await person('S3')).toMatchObject({ financeNote: 'Sound' });
    expect((await modpanel('undo', panel, '--actor', 'Fay Finance', '--role', 'finance')).stdout).toBe('Undid finance for Cy Cole.');
    expect(await person('S3')).toMatchObject({ financeObjective: 'Met', financeNote: '' });
    expect((await modpanel('undo', panel, '--actor', 'Fay Finance', '--role', 'finance')).stderr).toContain('Fay Finance has nothing to undo here');
    // And redone, the same way: the last undone first.
    expect((await modpanel('redo', panel, '--actor', 'Fay Finance', '--role', 'finance')).stdout).toBe('Redid finance for Cy Cole.');
    expect(await person('S3')).toMatchObject({ financeNote: 'Sound' });
  });

  it('undoes the changes of an applied changes file as their author', async () => {
    await makePanel();
    const changes = join(dir, 'changes.csv');
    writeFileSync(changes, 'staff_id,action,value,reason,text\nS1,move,High Performing,Led the spending review,\n');
    expect((await modpanel('apply', panel, changes, '--actor', 'Pat Chair', '--role', 'chair')).code).toBe(0);
    const undone = await modpanel('undo', panel, '--actor', 'Pat Chair', '--role', 'chair');
    expect(undone.code).toBe(0);
    const list = JSON.parse((await modpanel('list', panel, '--json')).stdout) as { staffId: string; moderatedMarking: string }[];
    expect(list.find((p) => p.staffId === 'S1')?.moderatedMarking).toBe('Achieving');
  });

  it('takes an encrypted panel’s passphrase the same way in the contribution and cycle commands', async () => {
    vi.stubEnv('MODPANEL_KEY', 'policy passphrase');
    await makePanel();
    // From MODPANEL_KEY: the workbook round trip, and who was in the room.
    const returned = await financeReturned({ S2: { finance_objective: 'Not met' } });
    expect((await modpanel('finance-import', panel, returned, '--actor', 'Fay Finance', '--role', 'finance', '--apply')).code).toBe(0);
    const attendance = await modpanel('attendance', panel, '--add', 'Mo Manager', '--role', 'member', '--actor', 'Hana HR', '--role', 'hr');
    expect(attendance.stderr).toBe('');
    expect(attendance.code).toBe(0);

    // From the variable --passphrase-env names, which the cycle commands did not take before.
    vi.stubEnv('MODPANEL_KEY', undefined);
    vi.stubEnv('POLICY_KEY', 'policy passphrase');
    const stepped = await modpanel('stepped-out', panel, 'S1', 'Mo Manager', '--actor', 'Pat Chair', '--passphrase-env', 'POLICY_KEY');
    expect(stepped.stderr).toBe('');
    expect(stepped.stdout).toBe('Mo Manager stepped out while Ann Able was discussed (recorded).');
    const shown = JSON.parse((await modpanel('attendance', panel, '--json', '--passphrase-env', 'POLICY_KEY')).stdout) as { conflicts: { staffId: string; links: { steppedOut: boolean | null }[] }[] };
    expect(shown.conflicts.find((c) => c.staffId === 'S1')?.links[0]?.steppedOut).toBe(true);
    expect((await modpanel('midyear', panel, '--passphrase-env', 'POLICY_KEY')).code).toBe(0);

    // --key works everywhere and is warned against everywhere.
    const visible = await modpanel('attendance', panel, '--key', 'policy passphrase');
    expect(visible.code).toBe(0);
    expect(visible.stderr).toMatch(/a passphrase given with --key can be seen by other users of this computer/);
    const keyed = await modpanel('finance-sheet', panel, join(dir, 'again.xlsx'), '--actor', 'Hana HR', '--role', 'hr', '--key', 'policy passphrase');
    expect(keyed.code).toBe(0);
    expect(keyed.stderr).toMatch(/a passphrase given with --key can be seen/);

    // Without it, each says what it needs, as any command does.
    const locked = await modpanel('stepped-out', panel, 'S1', 'Mo Manager', '--actor', 'Pat Chair');
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('set MODPANEL_KEY, or name a variable holding it with --passphrase-env');
    const lockedImport = await modpanel('finance-import', panel, returned, '--actor', 'Fay Finance', '--role', 'finance');
    expect(lockedImport.code).toBe(1);
    expect(lockedImport.stderr).toContain('set MODPANEL_KEY, or name a variable holding it with --passphrase-env');
  });

  it('notes, as every command does, that a passphrase was not needed for a panel that is not encrypted', async () => {
    await makePanel();
    vi.stubEnv('MODPANEL_KEY', 'not needed');
    const result = await modpanel('attendance', panel);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`Note: ${panel} is not encrypted, so the passphrase was not needed. \`modpanel rekey ${panel}\` encrypts it.`);
  });
});
