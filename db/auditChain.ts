// The audit log's hash chain and its replay: what makes an edit to the panel file outside the app visible.
// Every event carries the SHA-256 of the event before it (prev_hash) and its own (hash), each over the
// event's canonical encoding. Events that change the panel in bulk (an import, a merge, a settings change
// that re-decides eligibility, the start of the chain in a panel made before it existed) also save the
// panel's tracked state — markings, annotations, flags, notes — compressed, its hash part of the event, so
// the log can be replayed from there. verifyHistory checks the chain and compares the replay with the panel.
//
// An action that changes markings, annotations, flags or notes without recording them as a person patch
// ({ person }, { flag }, { note } in before/after) must be listed in CHECKPOINT_ACTIONS, or verification will
// (rightly) report the panel as disagreeing with its history.

import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
// The package's typings are not reachable through its "exports"; tsconfig maps this type-only name to them.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers/types';
import type { HistoryProblem, HistoryVerification } from '../shared/historyVerification';

type Db = BetterSqlite3.Database;

/** The link before the first event of a panel chained from its creation. */
export const GENESIS_HASH = '0'.repeat(64);
const ENCODING_TAG = 'modpanel-audit-1';
const STATE_FORMAT = 1;
const MAX_PROBLEMS = 20;

/** Bulk changes after which the panel's tracked state is saved with the event. */
export const CHECKPOINT_ACTIONS = ['import', 'merge', 'chain_start'] as const;

/** The person columns the replay follows (the ones undoable events patch). */
export const TRACKED_PERSON_COLUMNS = [
  'moderated_marking',
  'change_reason',
  'sort_key',
  'manual_order',
  'finance_objective',
  'finance_note',
  'corporate_contribution_evidence',
] as const;
type TrackedColumn = (typeof TRACKED_PERSON_COLUMNS)[number];

const COLUMN_WORDS: Record<TrackedColumn, string> = {
  moderated_marking: 'moderated marking',
  change_reason: 'reason for the change',
  sort_key: 'place in the box',
  manual_order: 'place in the box (kept by hand)',
  finance_objective: 'finance objective',
  finance_note: 'finance note',
  corporate_contribution_evidence: 'recorded corporate contribution',
};

/** One audit row as stored. `before` and `after` are the stored JSON text, hashed exactly as written. */
export interface ChainRow {
  id: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  staff_id: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  refers_to: number | null;
  session: string | null;
  prev_hash: string | null;
  hash: string | null;
  state_digest: string | null;
}

export type NewChainRow = Omit<ChainRow, 'id' | 'prev_hash' | 'hash' | 'state_digest'>;

/** The canonical encoding of an event: every stored field except its own hash, in a fixed order. */
export function canonicalEncoding(row: ChainRow): string {
  return JSON.stringify([
    ENCODING_TAG,
    row.id,
    row.at,
    row.actor,
    row.role,
    row.action,
    row.staff_id,
    row.before,
    row.after,
    row.reason,
    row.refers_to,
    row.session,
    row.prev_hash,
    row.state_digest,
  ]);
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function eventHash(row: ChainRow): string {
  return sha256(canonicalEncoding(row));
}

/** Whether an event saves the panel's state: the bulk actions, and settings that re-decided eligibility. */
export function isCheckpoint(action: string, after: unknown): boolean {
  if ((CHECKPOINT_ACTIONS as readonly string[]).includes(action)) return true;
  return (
    action === 'settings' &&
    after !== null &&
    typeof after === 'object' &&
    Array.isArray((after as { eligibilityChanges?: unknown }).eligibilityChanges) &&
    (after as { eligibilityChanges: unknown[] }).eligibilityChanges.length > 0
  );
}

// --- the tracked state -------------------------------------------------------------------------------

interface FlagState {
  text: string;
  createdAt: string;
  createdBy: string;
}

interface PersonState {
  /** Undefined for a column the replay has no value for (someone it first meets in a patch). */
  values: Partial<Record<TrackedColumn, unknown>>;
  flags: Map<string, FlagState>;
  /** The last event that changed this person, for messages. */
  lastEventId: number | null;
  /** False for someone the replay first met in a patch: their other values and flags are not known. */
  known: boolean;
}

interface TrackedState {
  people: Map<string, PersonState>;
  notes: Map<number, { staffId: string; text: string | undefined; deleted: boolean }>;
}

interface StateFile {
  v: number;
  columns: string[];
  people: unknown[][];
  flags: [string, string, string, string, string][];
  notes: [number, string, string, number][];
}

/** The panel's tracked state as it is in the file now (in table order: the replay keys it by staff id). */
function readStateFile(db: Db): StateFile {
  const people = db
    .prepare(`SELECT staff_id, ${TRACKED_PERSON_COLUMNS.join(', ')} FROM person`)
    .raw()
    .all() as unknown[][];
  const flags = db
    .prepare('SELECT p.staff_id, f.kind, f.text, f.created_at, f.created_by FROM flag f JOIN person p ON p.id = f.person_id')
    .raw()
    .all() as StateFile['flags'];
  const notes = db
    .prepare('SELECT n.id, p.staff_id, n.text, n.deleted FROM note n JOIN person p ON p.id = n.person_id')
    .raw()
    .all() as StateFile['notes'];
  return { v: STATE_FORMAT, columns: [...TRACKED_PERSON_COLUMNS], people, flags, notes };
}

function toTrackedState(file: StateFile, eventId: number | null): TrackedState {
  const people = new Map<string, PersonState>();
  for (const row of file.people) {
    const values: Partial<Record<TrackedColumn, unknown>> = {};
    file.columns.forEach((column, i) => {
      if ((TRACKED_PERSON_COLUMNS as readonly string[]).includes(column)) values[column as TrackedColumn] = row[i + 1];
    });
    people.set(String(row[0]), { values, flags: new Map(), lastEventId: eventId, known: true });
  }
  for (const [staffId, kind, text, createdAt, createdBy] of file.flags) {
    people.get(staffId)?.flags.set(kind, { text, createdAt, createdBy });
  }
  const notes: TrackedState['notes'] = new Map();
  for (const [id, staffId, text, deleted] of file.notes) notes.set(id, { staffId, text, deleted: deleted === 1 });
  return { people, notes };
}

export function encodeState(file: StateFile): Buffer {
  return deflateRawSync(Buffer.from(JSON.stringify(file), 'utf8'));
}

function decodeState(blob: Uint8Array): StateFile {
  return JSON.parse(inflateRawSync(blob).toString('utf8')) as StateFile;
}

// --- appending ------------------------------------------------------------------------------------------

interface Statements {
  tip: BetterSqlite3.Statement<[], { id: number; hash: string | null }>;
  insert: BetterSqlite3.Statement;
  insertState: BetterSqlite3.Statement;
}
const statements = new WeakMap<Db, Statements>();

function prepared(db: Db): Statements {
  let s = statements.get(db);
  if (!s) {
    s = {
      tip: db.prepare('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1'),
      insert: db.prepare(
        `INSERT INTO audit (id, at, actor, role, action, staff_id, before, after, reason, refers_to, session, prev_hash, hash, state_digest)
         VALUES (@id, @at, @actor, @role, @action, @staff_id, @before, @after, @reason, @refers_to, @session, @prev_hash, @hash, @state_digest)`,
      ),
      insertState: db.prepare('INSERT INTO audit_state (event_id, state) VALUES (?, ?)'),
    };
    statements.set(db, s);
  }
  return s;
}

/** The hash the next event links to when the newest event carries none (the log from before the chain). */
function unchainedTipHash(db: Db): string {
  let previous = GENESIS_HASH;
  for (const row of db.prepare('SELECT * FROM audit ORDER BY id').iterate() as Iterable<ChainRow>) {
    previous = row.hash ?? eventHash({ ...row, prev_hash: row.prev_hash ?? previous });
  }
  return previous;
}

/**
 * Appends one event linked to the newest one, inside the caller's transaction (which holds the write lock,
 * so the newest event cannot change underneath). Saves the tracked state with a checkpoint event.
 */
export function appendChained(db: Db, event: NewChainRow, checkpoint: boolean): number {
  const s = prepared(db);
  const tip = s.tip.get();
  const prevHash = tip === undefined ? GENESIS_HASH : (tip.hash ?? unchainedTipHash(db));
  const id = (tip?.id ?? 0) + 1;
  let blob: Buffer | null = null;
  if (checkpoint) blob = encodeState(readStateFile(db));
  const row: ChainRow = { ...event, id, prev_hash: prevHash, hash: null, state_digest: blob ? sha256(blob) : null };
  row.hash = eventHash(row);
  s.insert.run(row);
  if (blob) s.insertState.run(id, blob);
  return id;
}

/** The newest event's id and hash (null for an empty log): what an export carries. */
export function historyTip(db: Db): { eventId: number; hash: string } | null {
  const tip = prepared(db).tip.get();
  if (!tip) return null;
  return { eventId: tip.id, hash: tip.hash ?? unchainedTipHash(db) };
}

/**
 * For a panel made before the log was chained: one event that seals the history so far (its link is the
 * hash of the old events chained in order) and saves the panel's state, so later events replay from it.
 * A new, empty file needs none: its first event links to the genesis hash.
 */
export function startChain(db: Db, schemaVersion: number, at: string): void {
  const legacy = (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
  if (legacy === 0) return;
  appendChained(
    db,
    {
      at,
      actor: 'Moderation Panel',
      role: 'system',
      action: 'chain_start',
      staff_id: null,
      before: null,
      after: JSON.stringify({
        legacyEvents: legacy,
        schemaVersion,
        note: `From this event on, every event carries the hash of the one before it. The ${legacy} earlier event(s) were recorded before the history was chained: they are sealed as they stood at this migration, and what happened before it cannot be checked.`,
      }),
      reason: 'The panel file was upgraded to a tamper-evident history',
      refers_to: null,
      session: 'migration',
    },
    true,
  );
}

// --- verifying --------------------------------------------------------------------------------------------

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeEvent(row: Pick<ChainRow, 'id' | 'action' | 'staff_id' | 'at' | 'actor'>): string {
  return `event #${row.id} (${row.action.replace(/_/g, ' ')}${row.staff_id ? ` for ${row.staff_id}` : ''}, ${row.at.slice(0, 16).replace('T', ' ')} by ${row.actor})`;
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'nothing';
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function sameFlag(a: FlagState | null | undefined, b: FlagState | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.text === b.text && a.createdAt === b.createdAt && a.createdBy === b.createdBy;
}

function flagOf(value: unknown): FlagState | null {
  if (value === null || typeof value !== 'object') return null;
  const v = value as Partial<FlagState>;
  return { text: String(v.text ?? ''), createdAt: String(v.createdAt ?? ''), createdBy: String(v.createdBy ?? '') };
}

interface Patch {
  person?: Record<string, unknown>;
  flag?: { kind: string; value: unknown };
  note?: { id: number; deleted: boolean; text?: string };
}

function patchOf(value: unknown): Patch | null {
  if (value === null || typeof value !== 'object') return null;
  const v = value as Patch;
  return v.person || v.flag || v.note ? v : null;
}

class ProblemList {
  readonly list: HistoryProblem[] = [];
  count = 0;
  add(problem: HistoryProblem): void {
    this.count += 1;
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
  }
}

/** Applies one event's patch to the replay; checks its "before" against the replay first (not for undo/redo). */
function replayEvent(state: TrackedState, row: ChainRow, problems: ProblemList): void {
  if (!row.staff_id) return;
  const after = patchOf(parseJson(row.after));
  if (!after) return;
  let person = state.people.get(row.staff_id);
  if (!person) {
    // Someone the replay has not met (an import's own flag, written before the import saves the state).
    person = { values: {}, flags: new Map(), lastEventId: null, known: false };
    state.people.set(row.staff_id, person);
  }
  const reversal = row.action === 'undo' || row.action === 'redo';
  const before = reversal ? null : patchOf(parseJson(row.before));
  if (before?.person) {
    for (const [column, value] of Object.entries(before.person)) {
      if (!(TRACKED_PERSON_COLUMNS as readonly string[]).includes(column)) continue;
      const known = person.values[column as TrackedColumn];
      if (known !== undefined && known !== value) {
        problems.add({
          kind: 'inconsistent_event',
          eventId: row.id,
          staffId: row.staff_id,
          message: `${describeEvent(row)} says ${row.staff_id}'s ${COLUMN_WORDS[column as TrackedColumn]} was ${show(value)}, but the history before it says ${show(known)}: an event is missing or was altered.`,
        });
        break;
      }
    }
  }
  if (before?.flag && person.known) {
    if (!sameFlag(person.flags.get(before.flag.kind), flagOf(before.flag.value))) {
      problems.add({
        kind: 'inconsistent_event',
        eventId: row.id,
        staffId: row.staff_id,
        message: `${describeEvent(row)} does not follow from the flags the history gives ${row.staff_id}: an event is missing or was altered.`,
      });
    }
  }
  if (after.person) {
    for (const [column, value] of Object.entries(after.person)) {
      if ((TRACKED_PERSON_COLUMNS as readonly string[]).includes(column)) person.values[column as TrackedColumn] = value;
    }
  }
  if (after.flag) {
    const value = flagOf(after.flag.value);
    if (value) person.flags.set(after.flag.kind, value);
    else person.flags.delete(after.flag.kind);
  }
  if (after.note && typeof after.note.id === 'number') {
    const known = state.notes.get(after.note.id);
    state.notes.set(after.note.id, {
      staffId: row.staff_id,
      text: after.note.text ?? known?.text,
      deleted: after.note.deleted === true,
    });
  }
  person.lastEventId = row.id;
}

/** Compares the replay with the file, person by person in staff id order; reports each disagreement. */
function compareState(db: Db, replay: TrackedState, problems: ProblemList): number {
  const current = toTrackedState(readStateFile(db), null);
  const names = new Map(
    (db.prepare('SELECT staff_id, name FROM person').raw().all() as [string, string][]).map(([id, name]) => [id, name]),
  );
  const who = (staffId: string) => (names.has(staffId) ? `${names.get(staffId)} (${staffId})` : staffId);
  const since = (person: PersonState | undefined) => (person?.lastEventId ? ` (last changed by event #${person.lastEventId})` : '');
  const ids = [...new Set([...current.people.keys(), ...replay.people.keys()])].sort();
  for (const staffId of ids) {
    const now = current.people.get(staffId);
    const history = replay.people.get(staffId);
    if (!history || !history.known) {
      problems.add({ kind: 'state_disagrees', staffId, message: `${who(staffId)} is in the panel, but the history never added them.` });
      continue;
    }
    if (!now) {
      problems.add({ kind: 'state_disagrees', staffId, message: `${staffId} is in the history${since(history)}, but not in the panel: they were removed outside the app.` });
      continue;
    }
    for (const column of TRACKED_PERSON_COLUMNS) {
      const expected = history.values[column];
      if (expected === undefined || expected === now.values[column]) continue;
      problems.add({
        kind: 'state_disagrees',
        staffId,
        message: `${who(staffId)}: the ${COLUMN_WORDS[column]} is ${show(now.values[column])} in the panel, but the history says ${show(expected)}${since(history)}.`,
      });
    }
    for (const kind of new Set([...now.flags.keys(), ...history.flags.keys()])) {
      if (sameFlag(now.flags.get(kind), history.flags.get(kind))) continue;
      const nowFlag = now.flags.get(kind);
      const historyFlag = history.flags.get(kind);
      problems.add({
        kind: 'state_disagrees',
        staffId,
        message: `${who(staffId)}: the "${kind.replace(/_/g, ' ')}" flag is ${nowFlag ? `set (${show(nowFlag.text)})` : 'not set'} in the panel, but the history says ${historyFlag ? `set (${show(historyFlag.text)})` : 'not set'}${since(history)}.`,
      });
    }
  }
  for (const id of [...new Set([...current.notes.keys(), ...replay.notes.keys()])].sort((a, b) => a - b)) {
    const now = current.notes.get(id);
    const history = replay.notes.get(id);
    const nowShown = now && !now.deleted;
    const historyShown = history && !history.deleted;
    const staffId = now?.staffId ?? history?.staffId ?? '';
    if (!nowShown && !historyShown) continue;
    if (nowShown && historyShown && (history.text === undefined || history.text === now.text)) continue;
    problems.add({
      kind: 'state_disagrees',
      staffId,
      message: `${who(staffId)}: note ${id} ${nowShown ? (historyShown ? 'reads differently from the history' : 'is in the panel, but the history has no such note') : 'is in the history, but not in the panel'}.`,
    });
  }
  return current.people.size;
}

const GUARDS = ['audit_no_update', 'audit_no_delete', 'audit_state_no_update', 'audit_state_no_delete'];

/**
 * Checks the whole log: each event's hash, each link, each saved state; replays the events since the last
 * saved state and compares the result with the panel's markings, annotations, flags and notes.
 */
export function verifyHistory(db: Db, now: Date = new Date()): HistoryVerification {
  const problems = new ProblemList();

  const stateOf = db.prepare<[number], { state: Buffer }>('SELECT state FROM audit_state WHERE event_id = ?');
  let previous = GENESIS_HASH;
  let previousRow: ChainRow | null = null;
  let legacy = 0;
  let chained = false;
  let chainStart: number | null = null;
  let events = 0;
  let replay: TrackedState | null = null;
  let started = false;

  for (const row of db.prepare('SELECT * FROM audit ORDER BY id').iterate() as Iterable<ChainRow>) {
    events += 1;
    if (!started) {
      started = true;
      // A log chained from its first event replays from an empty panel; an older log waits for its chain start.
      if (row.hash !== null || row.prev_hash !== null) replay = { people: new Map(), notes: new Map() };
    }
    if (row.hash === null && row.prev_hash === null) {
      const virtual = eventHash({ ...row, prev_hash: previous });
      if (chained) {
        problems.add({ kind: 'unlinked_event', eventId: row.id, message: `${describeEvent(row)} was added without a link to the history: it was written outside the app.` });
      } else {
        legacy += 1;
      }
      previous = virtual;
      previousRow = row;
      continue;
    }
    chained = true;
    if (row.action === 'chain_start' && chainStart === null) chainStart = row.id;
    if (row.prev_hash !== previous) {
      problems.add({
        kind: 'link_broken',
        eventId: row.id,
        message: previousRow
          ? `${describeEvent(row)} does not follow from ${describeEvent(previousRow)}: that event was altered, or events between them were removed or inserted.`
          : `${describeEvent(row)} does not follow from the start of the history: earlier events were removed or altered.`,
      });
    }
    const computed = eventHash(row);
    if (row.hash !== computed) {
      problems.add({ kind: 'event_altered', eventId: row.id, message: `${describeEvent(row)} has been altered since it was recorded.` });
    }
    // Follow the stored hash, so one altered event is reported once rather than at every later link.
    previous = row.hash ?? computed;
    previousRow = row;

    if (row.state_digest !== null) {
      const saved = stateOf.get(row.id);
      if (!saved || sha256(saved.state) !== row.state_digest) {
        problems.add({
          kind: 'saved_state_altered',
          eventId: row.id,
          message: `The panel's state saved with ${describeEvent(row)} has been altered or removed.`,
        });
        replay = null;
      } else {
        try {
          replay = toTrackedState(decodeState(saved.state), row.id);
        } catch {
          problems.add({ kind: 'saved_state_altered', eventId: row.id, message: `The panel's state saved with ${describeEvent(row)} cannot be read.` });
          replay = null;
        }
      }
      continue;
    }
    if (replay) replayEvent(replay, row, problems);
  }

  const checkedPeople = replay ? compareState(db, replay, problems) : 0;
  // Reported after what it let through, so the summary names the event or the person first.
  const triggers = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]);
  const missing = GUARDS.filter((name) => !triggers.has(name));
  if (missing.length > 0) {
    problems.add({
      kind: 'guard_removed',
      message: `The guard that keeps the audit log append-only has been removed (${missing.join(', ')}): the file was changed outside the app.`,
    });
  }
  const finalHash = events === 0 ? null : previous;
  const finalEventId = previousRow?.id ?? null;
  const first = problems.list[0];
  const summary = first
    ? `The history does not match the panel (${problems.count} problem${problems.count === 1 ? '' : 's'}): ${first.message}`
    : events === 0
      ? 'The history is empty.'
      : `The history is intact: ${events} event${events === 1 ? '' : 's'}, each linked to the one before${
          legacy > 0 ? ` (the ${legacy} recorded before the history was chained are sealed by event #${chainStart})` : ''
        }, and the markings, annotations and flags of ${checkedPeople} ${checkedPeople === 1 ? 'person' : 'people'} equal the replay of the log.`;
  return {
    intact: problems.count === 0,
    events,
    legacyEvents: legacy,
    chainStartEventId: chainStart,
    finalEventId,
    finalHash,
    checkedPeople,
    problems: problems.list,
    problemCount: problems.count,
    summary,
    checkedAt: now.toISOString(),
  };
}

/** The ids and hashes of every event, for tying an earlier export to a point in the history. */
export function findHashInHistory(db: Db, hash: string): number | null {
  const wanted = hash.trim().toLowerCase();
  let previous = GENESIS_HASH;
  for (const row of db.prepare('SELECT * FROM audit ORDER BY id').iterate() as Iterable<ChainRow>) {
    const current = row.hash ?? eventHash({ ...row, prev_hash: row.prev_hash ?? previous });
    if (current === wanted || (wanted.length >= 12 && current.startsWith(wanted))) return row.id;
    previous = current;
  }
  return null;
}
