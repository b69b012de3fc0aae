// The room's copy of the panel for breakdowns (issue 9, "Special-category data cannot be inferred").
//
// Every figure by group that anyone but HR sees — Breakdowns, the grid's fairness check, mid-year against
// end-year, the department view — is computed from this copy, never from the live panel, so that:
//   - it changes only when HR shares it (a checkpoint), and HR can share only once at least the panel's
//     small-number threshold of people differ from the last shared copy: comparing the figures before and
//     after one move (or one discussion) shows nothing, because they are the same figures;
//   - every stage is computed over the same people (those eligible with a marking at every stage the panel
//     holds), so comparing Q2 with Q3 cannot single out the one person with no Q3 marking;
//   - the most sensitive characteristics (shared/roles.ts HR_ONLY_CHARACTERISTICS) are not in it at all.
// Until HR first shares, the copy is the panel as imported: the provisional markings stand as moderated.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Actor, BoxMarking, Person } from '../shared/domain';
import { isHrOnlyCharacteristic } from '../shared/roles';
import type { RoomCopyState } from '../shared/rolesContract';
import { ModerationError } from './errors';
import type { ModerationService } from './service';

/** What the room's figures need of a person, and nothing else. */
export interface RoomMember {
  staffId: string;
  eligible: boolean;
  grade: string;
  lineManager: string;
  businessUnit: string;
  characteristics: Record<string, string>;
  provisionalMarking: BoxMarking | null;
  moderatedMarking: BoxMarking | null;
  midYearMarking: BoxMarking | null;
  q1Marking: BoxMarking | null;
  q2Marking: BoxMarking | null;
  q3Marking: BoxMarking | null;
  /** Seconds the panel spent discussing them, as of the share (null: not discussed). */
  discussedSeconds: number | null;
}

/** A room member in the shape the shared statistics take (a Person's fields, names left blank). */
export type RoomPerson = RoomMember & Pick<Person, 'name' | 'previousMarking1' | 'previousMarking2'>;

export interface RoomCopy {
  /** The people every room figure is computed over (see `leftOut`). */
  people: RoomPerson[];
  discussionSeconds: Map<string, number>;
  sharedAt: string | null;
  sharedBy: string | null;
  /** Eligible people left out of every room figure: without a marking at one of the stages the panel holds. */
  leftOut: number;
}

const STAGE_FIELDS = ['provisionalMarking', 'moderatedMarking', 'midYearMarking', 'q1Marking', 'q2Marking', 'q3Marking'] as const;

function memberOf(p: Person, seconds: ReadonlyMap<string, number> | null): RoomMember {
  const characteristics: Record<string, string> = {};
  for (const [key, value] of Object.entries(p.characteristics)) if (!isHrOnlyCharacteristic(key)) characteristics[key] = value;
  return {
    staffId: p.staffId,
    eligible: p.eligible,
    grade: p.grade,
    lineManager: p.lineManager,
    businessUnit: p.businessUnit,
    characteristics,
    provisionalMarking: p.provisionalMarking,
    // Before HR first shares, the room sees the panel as imported: the provisional marking stands.
    moderatedMarking: seconds === null ? (p.eligible ? p.provisionalMarking : null) : p.moderatedMarking,
    midYearMarking: p.midYearMarking,
    q1Marking: p.q1Marking,
    q2Marking: p.q2Marking,
    q3Marking: p.q3Marking,
    discussedSeconds: seconds?.get(p.staffId) ?? null,
  };
}

interface Stored {
  sharedAt: string;
  sharedBy: string;
  members: RoomMember[];
}

const cache = new WeakMap<ModerationService, Stored>();

function hasTable(service: ModerationService): boolean {
  return service.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'shared_breakdown'").get() !== undefined;
}

/** The copy HR last shared, or null before the first share. Read once per share (it can be large). */
function stored(service: ModerationService): Stored | null {
  if (!hasTable(service)) return null;
  const head = service.db.prepare<[], { shared_at: string; shared_by: string }>('SELECT shared_at, shared_by FROM shared_breakdown WHERE id = 1').get();
  if (!head) return null;
  const known = cache.get(service);
  if (known && known.sharedAt === head.shared_at && known.sharedBy === head.shared_by) return known;
  const row = service.db.prepare<[], { people: Buffer }>('SELECT people FROM shared_breakdown WHERE id = 1').get()!;
  const members = JSON.parse(inflateRawSync(row.people).toString('utf8')) as RoomMember[];
  const copy = { sharedAt: head.shared_at, sharedBy: head.shared_by, members };
  cache.set(service, copy);
  return copy;
}

/** Eligible members with a marking at every stage any of them has one at: one population for every stage. */
export function commonPopulation<T extends Pick<RoomMember, 'eligible' | (typeof STAGE_FIELDS)[number]>>(members: readonly T[]): { people: T[]; leftOut: number } {
  const eligible = members.filter((m) => m.eligible);
  const held = STAGE_FIELDS.filter((field) => eligible.some((m) => m[field] !== null));
  const people = eligible.filter((m) => held.every((field) => m[field] !== null));
  return { people, leftOut: eligible.length - people.length };
}

function asPeople(members: readonly RoomMember[]): RoomPerson[] {
  return members.map((m) => ({ ...m, name: '', previousMarking1: null, previousMarking2: null }));
}

/** The copy every figure shown outside HR is computed from. */
export function roomCopy(service: ModerationService): RoomCopy {
  const shared = stored(service);
  const members = shared ? shared.members : service.people().map((p) => memberOf(p, null));
  const { people, leftOut } = commonPopulation(members);
  const discussionSeconds = new Map<string, number>();
  for (const m of people) if (m.discussedSeconds !== null) discussionSeconds.set(m.staffId, m.discussedSeconds);
  return { people: asPeople(people), discussionSeconds, sharedAt: shared?.sharedAt ?? null, sharedBy: shared?.sharedBy ?? null, leftOut };
}

function sameMember(a: RoomMember, b: RoomMember): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** How many people's figures differ between the room's copy and the panel as it is now (added and removed count). */
function changedSince(service: ModerationService, shared: Stored | null): number {
  const seconds = service.discussionSeconds();
  const now = new Map(service.people().map((p) => [p.staffId, memberOf(p, seconds)]));
  const then = new Map((shared ? shared.members : service.people().map((p) => memberOf(p, null))).map((m) => [m.staffId, m]));
  let changed = 0;
  for (const [id, member] of now) {
    const before = then.get(id);
    if (!before || !sameMember(before, member)) changed += 1;
  }
  for (const id of then.keys()) if (!now.has(id)) changed += 1;
  return changed;
}

export function roomCopyState(service: ModerationService): RoomCopyState {
  const shared = stored(service);
  const threshold = service.panel().suppressionThreshold;
  const changed = changedSince(service, shared);
  return {
    sharedAt: shared?.sharedAt ?? null,
    sharedBy: shared?.sharedBy ?? null,
    changedSince: changed,
    threshold,
    canShare: changed >= threshold,
    leftOut: roomCopy(service).leftOut,
  };
}

/**
 * HR shares the panel as it is now with the room (service.shareBreakdowns checks the role first). Refused
 * while fewer than the small-number threshold of people differ from the last shared copy: the difference
 * between two copies would then be about too few people to be safe to show.
 */
export function writeRoomCopy(service: ModerationService, actor: Actor): RoomCopyState {
  const shared = stored(service);
  const threshold = service.panel().suppressionThreshold;
  const changed = changedSince(service, shared);
  if (changed === 0) throw new ModerationError('invalid', 'Nothing has changed since the breakdowns were last shared with the room.');
  if (changed < threshold) {
    throw new ModerationError(
      'rule',
      `Only ${changed} ${changed === 1 ? 'person has' : 'people have'} changed since the breakdowns were last shared: comparing the two would show ${changed === 1 ? 'their' : 'those people’s'} groups. Share again once at least ${threshold} (the small-number threshold) have changed.`,
    );
  }
  const seconds = service.discussionSeconds();
  const members = service.people().map((p) => memberOf(p, seconds));
  const at = new Date().toISOString();
  service.db
    .transaction(() => {
      service.db
        .prepare('INSERT OR REPLACE INTO shared_breakdown (id, shared_at, shared_by, people) VALUES (1, ?, ?, ?)')
        .run(at, actor.name, deflateRawSync(Buffer.from(JSON.stringify(members), 'utf8')));
      service.repo.appendAudit(
        {
          actor: actor.name,
          role: actor.role,
          action: 'share_breakdowns',
          before: shared ? { sharedAt: shared.sharedAt, sharedBy: shared.sharedBy } : null,
          after: { sharedAt: at, changed, people: members.length },
        },
        at,
      );
    })
    .immediate();
  cache.set(service, { sharedAt: at, sharedBy: actor.name, members });
  return roomCopyState(service);
}
