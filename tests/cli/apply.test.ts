// `modpanel apply`: a list of agreed changes, checked whole and applied all or nothing, through the real bin.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { ModerationService } from '../../db/service';
import type { ChangesSummary } from '../../shared/changeTypes';

const BIN = resolve('cli/modpanel.mjs');
const PEOPLE_HEADER = 'staff_id,name,grade,business_unit,job_title,line_manager,job_weight,provisional_marking,finance_objective,corporate_contribution,cs_start_date';
const CHANGES_HEADER = 'staff_id,action,value,reason,text';

let dir: string;
let panel: string;

function modpanel(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const id = (n: number) => `S${String(n).padStart(3, '0')}`;

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Everything a refused batch must leave as it was: the people and the whole log. */
function snapshot() {
  const service = ModerationService.open(panel);
  try {
    return { people: JSON.stringify(service.people()), events: service.audit().length };
  } finally {
    service.close();
  }
}

function auditCount(): number {
  return snapshot().events;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-apply-'));
  panel = join(dir, 'p.modpanel');
  const people = Array.from({ length: 60 }, (_, i) => `${id(i + 1)},Person ${i + 1},SCS1,Policy,DD,Mo Manager,${10 + (i % 7)},Achieving,Met,Yes,2015-04-01`);
  people.push('S999,Nat Notmet,SCS1,Policy,DD,Mo Manager,12,Achieving,Not met,Yes,2015-04-01');
  const imported = modpanel('import', write('people.csv', [PEOPLE_HEADER, ...people]), '--panel', panel, '--name', 'Policy SCS', '--year', '2025');
  expect(imported.code, imported.stderr).toBe(0);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('modpanel apply', () => {
  it('applies a good file of 300 changes with exactly 300 audit events, one per change', () => {
    const rows: string[] = [];
    const finance: string[] = [];
    for (let n = 1; n <= 50; n++) {
      rows.push(
        `${id(n)},move,High Performing,Agreed at the panel (case ${n}),`,
        `${id(n)},flag,discuss,,Came up twice`,
        `${id(n)},unflag,Discuss,,`,
        `${id(n)},note,,,"Evidence: led the review, see minutes"`,
        `${id(n)},reorder,top,,`,
      );
      // Each row is checked as its own operation for the role (issue 9): finance annotations are the finance partner's list.
      finance.push(`${id(n)},finance,Met,,Within budget`);
    }
    const before = auditCount();
    const result = modpanel('apply', panel, write('changes.csv', [CHANGES_HEADER, ...rows]), '--actor', 'Pat Chair', '--role', 'chair');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/changes\.csv: 250 changes for 50 people \(move 50, reorder 50, flag 50, unflag 50, note 50\)/);
    expect(result.stdout).toMatch(/changed 250, already so 0; 250 audit events written \(\d+–\d+\)/);
    const annotated = modpanel('apply', panel, write('finance.csv', [CHANGES_HEADER, ...finance]), '--actor', 'Fay Finance', '--role', 'finance');
    expect(annotated.code, annotated.stderr).toBe(0);
    expect(auditCount() - before).toBe(300);

    const service = ModerationService.open(panel);
    try {
      const moved = service.person(id(7));
      expect(moved.moderatedMarking).toBe('High Performing');
      expect(moved.changeReason).toBe('Agreed at the panel (case 7)');
      expect(moved.flags).toEqual([]);
      expect(moved.financeNote).toBe('Within budget');
      const events = service.audit({ staffId: id(7) });
      expect(events.filter((e) => e.actor === 'Pat Chair' && e.role === 'chair').map((e) => e.action).sort()).toEqual(['flag', 'move', 'note', 'reorder', 'unflag']);
      expect(events.filter((e) => e.actor === 'Fay Finance' && e.role === 'finance').map((e) => e.action)).toEqual(['finance']);
      expect(service.personDetail(id(7)).notes.map((n) => n.text)).toEqual(['Evidence: led the review, see minutes']);
      expect(service.person(id(51)).moderatedMarking).toBe('Achieving');
    } finally {
      service.close();
    }
  });

  it('refuses a file with one bad row, naming it, and changes nothing', () => {
    const file = write('changes.csv', [
      CHANGES_HEADER,
      `${id(1)},move,HP,Led the review,`,
      `${id(2)},flag,borderline_up,,Close call`,
      `${id(3)},promote,Exceeding,Outstanding,`,
      `${id(4)},note,,,Strong year`,
    ]);
    const before = snapshot();
    const result = modpanel('apply', panel, file, '--actor', 'Pat Chair', '--role', 'chair');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/changes\.csv, row 4, column "action": value "promote": expected one of move, reorder, flag, unflag, finance, note/);
    expect(result.stderr).toMatch(/Nothing was changed: 1 problem in changes\.csv/);
    expect(result.stderr.match(/row \d+/g)).toEqual(['row 4']);
    expect(snapshot()).toEqual(before);
  });

  it('refuses the whole file when the rules refuse one change: the finance rule, a missing reason, an unknown person', () => {
    const file = write('changes.csv', [
      CHANGES_HEADER,
      `${id(1)},flag,discuss,,`,
      'S999,move,High Performing,Strong year,',
      `${id(2)},move,High Performing,,`,
      'S404,note,,,Who?',
      `${id(3)},move,Partially Met,Missed two objectives,`,
    ]);
    const before = snapshot();
    const result = modpanel('apply', panel, file, '--actor', 'Pat Chair', '--role', 'chair', '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/row 3, column "value": value "High Performing": expected a change the panel's rules allow: Nat Notmet .*above Achieving/);
    expect(result.stderr).toMatch(/row 4, column "reason": value "": expected a reason for the change: Moving Person 2 to High Performing/);
    expect(result.stderr).toMatch(/row 5, column "staff_id": value "S404": expected someone in this panel/);
    const summary = JSON.parse(result.stdout) as ChangesSummary;
    expect(summary.applied).toBe(false);
    expect(summary.errors.map((e) => e.row)).toEqual([3, 4, 5]);
    expect(snapshot()).toEqual(before);
  });

  it('checks a file without writing on --dry-run, and reads XLSX the same way', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Changes');
    sheet.addRow(['Staff ID', 'Action', 'Value', 'Reason', 'Text']);
    sheet.addRow([id(5), 'Move', 'Exceeding', 'Led the cross-government review', '']);
    sheet.addRow([id(6), 'Flag', 'Borderline down', '', 'Overspent by 12%']);
    const file = join(dir, 'changes.xlsx');
    await workbook.xlsx.writeFile(file);
    const before = snapshot();
    const dry = modpanel('apply', panel, file, '--actor', 'Pat Chair', '--role', 'chair', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/changes\.xlsx: 2 changes for 2 people \(move 1, flag 1\)/);
    expect(dry.stdout).toMatch(/Dry run: nothing was written/);
    expect(snapshot()).toEqual(before);
    const applied = modpanel('apply', panel, file, '--actor', 'Pat Chair', '--role', 'chair');
    expect(applied.code, applied.stderr).toBe(0);
    const service = ModerationService.open(panel);
    try {
      expect(service.person(id(5)).moderatedMarking).toBe('Exceeding');
      expect(service.person(id(6)).flags.map((f) => f.kind)).toEqual(['borderline_down']);
    } finally {
      service.close();
    }
  });

  it('applies examples/changes.csv, the example in docs/changes-file.md, to the demo panel', () => {
    const demo = join(dir, 'demo.modpanel');
    expect(modpanel('demo', demo).code).toBe(0);
    const result = modpanel('apply', demo, resolve('examples/changes.csv'), '--actor', 'Pat Chair', '--role', 'chair', '--dry-run');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/would change 6, already so 0; would write 6 audit events/);
  });

  it('refuses a finalised panel, and needs a role and an actor', () => {
    const file = write('changes.csv', [CHANGES_HEADER, `${id(1)},flag,discuss,,`]);
    expect(modpanel('apply', panel, file, '--actor', 'Pat Chair').code).toBe(2);
    const noActor = modpanel('apply', panel, file, '--role', 'chair');
    expect(noActor.code).toBe(2);
    expect(noActor.stderr).toMatch(/--actor/);
    expect(modpanel('finalise', panel, '--actor', 'Pat Chair').code).toBe(0);
    const refused = modpanel('apply', panel, file, '--actor', 'Pat Chair', '--role', 'chair');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/changes\.csv: expected an open panel: this one was finalised by Pat Chair/);
  });
});
