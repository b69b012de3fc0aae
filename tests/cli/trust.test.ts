// The command line and the panel file's trust: `audit --verify` catching edits made with SQL, exports tied
// to the history by their hash and saying they are not encrypted, where passphrases come from (and never
// an empty one), `rekey`, files that are not panels left alone, and a busy panel waited for.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modpanel } from './runModpanel';
import { fileKind } from '../../db/connection';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3-multiple-ciphers') as typeof import('better-sqlite3-multiple-ciphers/types');

const HEADER = 'staff_id,name,grade,business_unit,job_title,line_manager,job_weight,provisional_marking,finance_objective,corporate_contribution,cs_start_date,sex';
const PEOPLE = [
  'S1,Ann Able,SCS1,Policy,DD,Mo Manager,12,Achieving,Met,Yes,2015-04-01,Female',
  'S2,Ben Best,SCS2,Policy,Director,Mo Manager,18,High Performing,Met,No,2012-01-01,Male',
  'S3,Cy Cole,SCS1,Policy,DD,Jo Manager,11,Achieving,Met,No,2019-09-01,Male',
];

let dir: string;
const savedEnv = { ...process.env };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-cli-trust-'));
  delete process.env.MODPANEL_KEY;
  delete process.env.MODPANEL_NEW_KEY;
});
afterEach(() => {
  process.env = { ...savedEnv };
  rmSync(dir, { recursive: true, force: true });
});


async function newPanel(name = 'p.modpanel'): Promise<string> {
  const csv = join(dir, 'people.csv');
  writeFileSync(csv, [HEADER, ...PEOPLE].join('\n'));
  const panel = join(dir, name);
  const result = await modpanel('import', csv, '--panel', panel, '--year', '2025');
  expect(result.code).toBe(0);
  return panel;
}

function sqlite(path: string, sql: string): void {
  const db = new Database(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

describe('modpanel audit --verify', () => {
  it('says an untouched history is intact, with its final hash', async () => {
    const panel = await newPanel();
    await modpanel('move', panel, 'S1', 'HP', '--reason', 'Led the review', '--actor', 'Pat Chair');
    const result = await modpanel('audit', panel, '--verify');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^The history is intact: \d+ events, each linked to the one before, and the markings, annotations and flags of 3 people equal the replay of the log\./);
    expect(result.stdout).toMatch(/Final event #\d+, history hash [0-9a-f]{64}/);
  });

  it('names the audit event edited with the sqlite3 shell after dropping the triggers', async () => {
    const panel = await newPanel();
    await modpanel('move', panel, 'S1', 'HP', '--reason', 'Led the review', '--actor', 'Pat Chair');
    sqlite(panel, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'Someone Else' WHERE action = 'move';");
    const result = await modpanel('audit', panel, '--verify');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^The history does not match the panel \(2 problems\): event #\d+ \(move for S1, .* by Someone Else\) has been altered since it was recorded\./);
    expect(result.stderr).toContain('The guard that keeps the audit log append-only has been removed (audit_no_update)');
  });

  it('names the person whose marking was edited with SQL', async () => {
    const panel = await newPanel();
    sqlite(panel, "UPDATE person SET moderated_marking = 'Exceeding' WHERE staff_id = 'S3'");
    const result = await modpanel('audit', panel, '--verify', '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { intact: boolean; problems: { kind: string; staffId: string; message: string }[] };
    expect(report.intact).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'state_disagrees', staffId: 'S3' });
    expect(report.problems[0]!.message).toMatch(/^Cy Cole \(S3\): the moderated marking is "Exceeding" in the panel, but the history says "Achieving"/);
  });
});

describe('modpanel export', () => {
  it('says the file is not encrypted and carries the history hash, which --verify --hash ties back', async () => {
    const panel = await newPanel();
    const out = join(dir, 'outcome.csv');
    const exported = await modpanel('export', panel, out);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('outcome.csv: This file is not encrypted and holds personal data about named people');
    const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    const column = lines[0]!.split(',').indexOf('history_hash');
    const hash = lines[1]!.split(',')[column]!;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // Later changes do not untie the file from the history it was written from.
    await modpanel('move', panel, 'S1', 'HP', '--reason', 'Led the review', '--actor', 'Pat Chair');
    const tied = await modpanel('audit', panel, '--verify', '--hash', hash);
    expect(tied.code).toBe(0);
    expect(tied.stdout).toMatch(/The hash [0-9a-f]{12} is event #\d+'s: a file carrying it was written from this history when it ended at event #\d+ \(of \d+\)\./);
    const stranger = await modpanel('audit', panel, '--verify', '--hash', 'ab'.repeat(32));
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(/is not in this panel's history/);
  });
});

describe('passphrases on the command line', () => {
  it('encrypts a new panel from MODPANEL_KEY, and warns when a new panel is not encrypted', async () => {
    const plain = await newPanel('plain.modpanel');
    expect(fileKind(plain)).toBe('plaintext');
    process.env.MODPANEL_KEY = 'from the environment';
    const csv = join(dir, 'people.csv');
    const secret = join(dir, 'secret.modpanel');
    const made = await modpanel('import', csv, '--panel', secret, '--year', '2025');
    expect(made.code).toBe(0);
    expect(made.stderr).not.toMatch(/not encrypted/);
    expect(fileKind(secret)).toBe('other');
    expect((await modpanel('list', secret)).code).toBe(0);
    delete process.env.MODPANEL_KEY;
    const locked = await modpanel('list', secret);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/is encrypted and needs its passphrase .*set MODPANEL_KEY, or name a variable holding it with --passphrase-env/);
  });

  it('warns about a new unencrypted panel', async () => {
    const csv = join(dir, 'people.csv');
    writeFileSync(csv, [HEADER, ...PEOPLE].join('\n'));
    const result = await modpanel('import', csv, '--panel', join(dir, 'p.modpanel'), '--year', '2025');
    expect(result.stderr).toMatch(/Warning: .*p\.modpanel is not encrypted: anyone who can read the file can read the people in it/);
  });

  it('refuses an empty MODPANEL_KEY rather than making a panel that is not encrypted', async () => {
    process.env.MODPANEL_KEY = '';
    const csv = join(dir, 'people.csv');
    writeFileSync(csv, [HEADER, ...PEOPLE].join('\n'));
    const result = await modpanel('import', csv, '--panel', join(dir, 'p.modpanel'), '--year', '2025');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/MODPANEL_KEY is set but empty: an empty passphrase cannot protect a panel/);
    expect(readdirSync(dir)).toEqual(['people.csv']);
  });

  it('takes the passphrase from the variable --passphrase-env names, and warns that --key is visible to others', async () => {
    process.env.PANEL_SECRET = 'named variable';
    const csv = join(dir, 'people.csv');
    writeFileSync(csv, [HEADER, ...PEOPLE].join('\n'));
    const panel = join(dir, 'p.modpanel');
    expect((await modpanel('import', csv, '--panel', panel, '--year', '2025', '--passphrase-env', 'PANEL_SECRET')).code).toBe(0);
    expect((await modpanel('info', panel, '--passphrase-env', 'PANEL_SECRET')).code).toBe(0);
    const visible = await modpanel('info', panel, '--key', 'named variable');
    expect(visible.code).toBe(0);
    expect(visible.stderr).toMatch(/a passphrase given with --key can be seen by other users of this computer/);
    expect((await modpanel('info', panel, '--passphrase-env', 'NOT_SET_ANYWHERE')).stderr).toMatch(/NOT_SET_ANYWHERE is not set/);
  });

  it('rekeys in place: the old passphrase stops working, the new one opens it, the history stays intact', async () => {
    process.env.MODPANEL_KEY = 'first passphrase';
    const panel = await newPanel();
    process.env.MODPANEL_NEW_KEY = 'second passphrase';
    const result = await modpanel('rekey', panel, '--actor', 'Hana HR');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/is now encrypted with the new passphrase\.\nA backup was made first: p \(backup .* before passphrase change\)\.modpanel\./);
    expect((await modpanel('list', panel)).stderr).toMatch(/could not be opened with that passphrase/);
    process.env.MODPANEL_KEY = 'second passphrase';
    const verified = await modpanel('audit', panel, '--verify');
    expect(verified.code).toBe(0);
    expect((await modpanel('audit', panel, '--action', 'rekey')).stdout).toMatch(/rekey/);
  });
});

describe('files and processes', () => {
  it('leaves an SQLite file that is not a panel exactly as it was', async () => {
    const other = join(dir, 'other.db');
    sqlite(other, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');");
    const before = createHash('sha256').update(readFileSync(other)).digest('hex');
    const result = await modpanel('list', other);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not a panel file .* it has not been changed/);
    expect(createHash('sha256').update(readFileSync(other)).digest('hex')).toBe(before);
    expect(readdirSync(dir)).toEqual(['other.db']);
  });

  it('says who is busy writing the panel and tries again, rather than "database is locked"', async () => {
    const panel = await newPanel();
    const holder = new Database(panel);
    holder.pragma('busy_timeout = 5000');
    holder.prepare('BEGIN IMMEDIATE').run();
    // Released during the command's first pause between attempts.
    setTimeout(() => {
      holder.prepare('ROLLBACK').run();
      holder.close();
    }, 200);
    const result = await modpanel('move', panel, 'S1', 'HP', '--reason', 'Led the review', '--actor', 'Pat Chair');
    expect(result.stderr).toMatch(/modpanel: The panel .*p\.modpanel is busy in another program: it is writing to the file .* Trying again \(1 of 3\)…/);
    expect(result.stderr).not.toMatch(/database is locked/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Ann Able \(S1\) is now High Performing\./);
  }, 30_000);
});
