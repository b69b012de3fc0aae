// Schema versions, one function each, applied in order in a single transaction and recorded in
// PRAGMA user_version. A file written by a newer version of the app is refused untouched.

// The package's typings are not reachable through its "exports"; tsconfig maps this type-only name to them.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers/types';
import { PanelFileError } from './errors';
import { startChain } from './auditChain';

type Migration = (db: BetterSqlite3.Database) => void;

/**
 * `CHECK (column = 'a' OR column = 'b' …)`. Written out rather than as `IN (…)`, which SQLite evaluates
 * by building a small table on every row checked: with eight such checks a 100,000-row import took
 * twice as long. NULL passes, as with IN.
 */
const oneOf = (column: string, values: readonly (string | number)[]) =>
  `CHECK (${values.map((v) => `${column} = ${typeof v === 'number' ? v : `'${v}'`}`).join(' OR ')})`;
const MARKINGS = ['Exceeding', 'High Performing', 'Achieving', 'Partially Met'];
const MARKING_CHECK = (column: string) => `${column} TEXT ${oneOf(column, MARKINGS)}`;
const BOOLEAN = (column: string, fallback: 0 | 1) => `${column} INTEGER NOT NULL DEFAULT ${fallback} ${oneOf(column, [0, 1])}`;

const migrations: Migration[] = [
  // 1: the panel, its people with their markings, flags, notes and the append-only audit log.
  (db) => {
    db.exec(`
      CREATE TABLE panel (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        business_unit TEXT NOT NULL,
        performance_year INTEGER NOT NULL,
        stage TEXT NOT NULL ${oneOf('stage', ['mid_year', 'local', 'overall'])},
        eligibility_cutoff TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' ${oneOf('status', ['open', 'finalised'])},
        finalised_at TEXT,
        finalised_by TEXT,
        suppression_threshold INTEGER NOT NULL DEFAULT 5,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE person (
        id INTEGER PRIMARY KEY,
        staff_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        grade TEXT NOT NULL DEFAULT '',
        business_unit TEXT NOT NULL DEFAULT '',
        job_title TEXT NOT NULL DEFAULT '',
        line_manager TEXT NOT NULL DEFAULT '',
        job_weight REAL,
        cs_start_date TEXT,
        ${BOOLEAN('poor_performance_measures', 0)},
        ${BOOLEAN('corporate_contribution', 0)},
        ${BOOLEAN('eligible', 1)},
        -- markings: provisional (line manager), quarterly and mid-year indicative, moderated (the panel)
        ${MARKING_CHECK('provisional_marking')},
        ${MARKING_CHECK('q1_marking')},
        ${MARKING_CHECK('q2_marking')},
        ${MARKING_CHECK('q3_marking')},
        ${MARKING_CHECK('mid_year_marking')},
        ${MARKING_CHECK('moderated_marking')},
        change_reason TEXT,
        -- order inside the box: starts as the default order (job weight, name); manual reorders keep a key of their own
        sort_key REAL NOT NULL DEFAULT 0,
        default_rank INTEGER NOT NULL DEFAULT 0,
        ${BOOLEAN('manual_order', 0)},
        finance_objective TEXT NOT NULL DEFAULT 'Not assessed' ${oneOf('finance_objective', ['Met', 'Not met', 'Not assessed'])},
        finance_note TEXT NOT NULL DEFAULT '',
        -- protected and diversity characteristics: a JSON object of name -> value (special category data)
        characteristics TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(characteristics))
      ) STRICT;
      CREATE INDEX person_box ON person (moderated_marking, sort_key);

      CREATE TABLE flag (
        person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        kind TEXT NOT NULL ${oneOf('kind', ['borderline_up', 'borderline_down', 'discuss', 'other'])},
        text TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        PRIMARY KEY (person_id, kind)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE note (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        author TEXT NOT NULL,
        role TEXT NOT NULL,
        ${BOOLEAN('deleted', 0)}
      ) STRICT;
      CREATE INDEX note_person ON note (person_id);

      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        role TEXT NOT NULL,
        action TEXT NOT NULL,
        staff_id TEXT,
        before TEXT,
        after TEXT,
        reason TEXT,
        refers_to INTEGER REFERENCES audit (id)
      ) STRICT;
      CREATE INDEX audit_staff ON audit (staff_id);

      -- The audit log is append-only: history is never edited or deleted, undo is a new event.
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `);
  },
  // 2: which groups a panel shows but does not compare in its breakdowns, configurable per panel.
  (db) => {
    db.exec(`
      ALTER TABLE panel ADD COLUMN not_compared_groups TEXT NOT NULL
        DEFAULT '["Not recorded","Prefer not to say","Unknown","Not declared"]'
        CHECK (json_valid(not_compared_groups) AND json_type(not_compared_groups) = 'array');
    `);
  },
  // 3: what leaves the room (issue 7): why someone is listed apart, movers and leavers, the grade for the
  // year, payments for the return, the panel's recorded corporate contribution, and the panel's
  // High Performing award setting. Existing people keep their eligibility: eligible stays eligible, and
  // anyone listed apart was listed apart for joining on or after the cut-off.
  (db) => {
    db.exec(`
      ALTER TABLE person ADD COLUMN eligibility TEXT NOT NULL DEFAULT 'eligible'
        ${oneOf('eligibility', ['eligible', 'joined_after_cutoff', 'moved_in_after_cutoff', 'start_date_unknown'])};
      UPDATE person SET eligibility = 'joined_after_cutoff' WHERE eligible = 0;
      ALTER TABLE person ADD COLUMN joined_department_date TEXT;
      ALTER TABLE person ADD COLUMN left_date TEXT;
      ALTER TABLE person ADD COLUMN grade_for_year TEXT;
      ALTER TABLE person ADD COLUMN in_year_payments INTEGER CHECK (in_year_payments >= 0);
      ALTER TABLE person ADD COLUMN end_year_payment INTEGER ${oneOf('end_year_payment', [0, 1])};
      ALTER TABLE person ADD COLUMN corporate_contribution_evidence TEXT;
      ALTER TABLE panel ADD COLUMN high_performing_award TEXT NOT NULL DEFAULT 'discretion'
        ${oneOf('high_performing_award', ['yes', 'no', 'discretion'])};
    `);
  },
  // 4 (issue 8, the moderation cycle): who was in the room and in which role, whether a panel member who
  // manages the person discussed stepped out, and last year's and the year before's markings.
  (db) => {
    db.exec(`
      ALTER TABLE person ADD COLUMN ${MARKING_CHECK('previous_marking_1')};
      ALTER TABLE person ADD COLUMN ${MARKING_CHECK('previous_marking_2')};
      ALTER TABLE person ADD COLUMN countersigning_officer TEXT;

      CREATE TABLE attendee (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (trim(name) != ''),
        role TEXT NOT NULL ${oneOf('role', ['chair', 'member', 'finance', 'hr', 'observer'])},
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX attendee_name ON attendee (lower(trim(name)));

      -- Latest word on whether a panel member stepped out while someone they manage was discussed.
      CREATE TABLE step_out (
        staff_id TEXT NOT NULL,
        member TEXT NOT NULL,
        ${BOOLEAN('stepped_out', 1)},
        at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        PRIMARY KEY (staff_id, member)
      ) STRICT, WITHOUT ROWID;
    `);
  },
  // Panel members' previews (issue 8): each member's verdict on each case, taken from the workbook they
  // returned; a member's next workbook replaces their verdicts (the audit log keeps the earlier ones).
  (db) => {
    db.exec(`
      CREATE TABLE member_verdict (
        member TEXT NOT NULL COLLATE NOCASE CHECK (trim(member) != ''),
        person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        verdict TEXT NOT NULL ${oneOf('verdict', ['agree', 'question', 'abstain'])},
        comment TEXT NOT NULL DEFAULT '',
        workbook_written_at TEXT,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        PRIMARY KEY (member, person_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX member_verdict_person ON member_verdict (person_id);
    `);
  },
  // The overall moderation meeting (issue 8, paras 82-84): for someone merged from a unit panel, where they
  // came from (db/merge.ts writes it as JSON: the unit panel's file, name, chair, when finalised, and its
  // markings and reason). NULL for people moderated in the panel itself.
  (db) => {
    db.exec(`ALTER TABLE person ADD COLUMN unit_source TEXT CHECK (unit_source IS NULL OR json_valid(unit_source));`);
  },
  // Tamper-evident history (issue 9, db/auditChain.ts): each audit event carries the hash of the one before it
  // and its own, and the session it came from (undo is per person and session); bulk changes save the panel's
  // tracked state with their event, append-only like the log. A panel made before this starts its chain
  // here, in one event that seals the earlier log. open_session names who else has the panel open.
  (db) => {
    db.exec(`
      ALTER TABLE audit ADD COLUMN session TEXT;
      ALTER TABLE audit ADD COLUMN prev_hash TEXT CHECK (prev_hash IS NULL OR length(prev_hash) = 64);
      ALTER TABLE audit ADD COLUMN hash TEXT CHECK (hash IS NULL OR length(hash) = 64);
      ALTER TABLE audit ADD COLUMN state_digest TEXT CHECK (state_digest IS NULL OR length(state_digest) = 64);
      CREATE TABLE audit_state (
        event_id INTEGER PRIMARY KEY REFERENCES audit (id),
        state BLOB NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_state_no_update BEFORE UPDATE ON audit_state
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_state_no_delete BEFORE DELETE ON audit_state
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TABLE open_session (
        session TEXT PRIMARY KEY,
        program TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        opened_at TEXT NOT NULL
      ) STRICT;
    `);
    startChain(db, SCHEMA_VERSION, new Date().toISOString());
  },
  // Roles the service enforces (issue 9, db/roleAccess.ts): a PIN per role that HR may set, kept as a salted
  // scrypt hash (never the PIN); and the breakdowns as HR last shared them with the room (the room's figures
  // change only at such a checkpoint, so comparing them before and after one move reveals nobody's group).
  (db) => {
    db.exec(`
      CREATE TABLE role_pin (
        role TEXT PRIMARY KEY ${oneOf('role', ['chair', 'member', 'finance', 'hr'])},
        salt BLOB NOT NULL,
        hash BLOB NOT NULL,
        params TEXT NOT NULL CHECK (json_valid(params)),
        set_at TEXT NOT NULL,
        set_by TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE shared_breakdown (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        shared_at TEXT NOT NULL,
        shared_by TEXT NOT NULL,
        people BLOB NOT NULL
      ) STRICT;
    `);
  },
];

export const SCHEMA_VERSION = migrations.length;

export function migrate(db: BetterSqlite3.Database, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new PanelFileError(
      `${path} was written by a newer version of Moderation Panel (schema ${current}; this app reads up to ${SCHEMA_VERSION}). ` +
        'Update the app to open it; the file has not been changed.',
    );
  }
  if (current === SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let version = current; version < SCHEMA_VERSION; version++) {
      migrations[version]!(db);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
