// Who was in the room (issue 8): the attendance list and the step-out record, read and written here and
// called by the moderation service inside its transaction, so every change lands with its audit event.
// The tool records who attended and whether a member stepped out; it does not police either.

import {
  ATTENDANCE_ROLES,
  ATTENDANCE_ROLE_LABELS,
  panelMembersManaging,
  sameName,
  type AttendanceRole,
  type Attendee,
  type StepOutRecord,
} from '../shared/attendance';
import type { Actor, Person } from '../shared/domain';
import { ModerationError } from './errors';
import type { PanelRepository } from './repository';

export interface AttendanceChange {
  /** People to add (or whose role to change) with the role they attend in. */
  add?: { name: string; role: AttendanceRole }[];
  /** Names to take off the list. */
  remove?: string[];
}

interface AttendeeRow {
  name: string;
  role: AttendanceRole;
  added_at: string;
  added_by: string;
}

export function attendees(repo: PanelRepository): Attendee[] {
  return repo.db
    .prepare<[], AttendeeRow>('SELECT name, role, added_at, added_by FROM attendee ORDER BY id')
    .all()
    .map((r) => ({ name: r.name, role: r.role, addedAt: r.added_at, addedBy: r.added_by }));
}

export function stepOuts(repo: PanelRepository): StepOutRecord[] {
  return repo.db
    .prepare<[], { staff_id: string; member: string; stepped_out: number; at: string; recorded_by: string }>(
      'SELECT staff_id, member, stepped_out, at, recorded_by FROM step_out ORDER BY at, staff_id',
    )
    .all()
    .map((r) => ({ staffId: r.staff_id, member: r.member, steppedOut: r.stepped_out === 1, at: r.at, recordedBy: r.recorded_by }));
}

/**
 * Adds, re-roles and removes attendees in one change, audited as one event. A name already on the list
 * (ignoring case and spacing) takes the new role rather than appearing twice.
 */
export function changeAttendance(repo: PanelRepository, change: AttendanceChange, actor: Actor, at: string): Attendee[] {
  const before = attendees(repo);
  const additions = change.add ?? [];
  const removals = change.remove ?? [];
  if (additions.length === 0 && removals.length === 0) throw new ModerationError('invalid', 'Say who to add to the attendance or who to remove');
  for (const { name, role } of additions) {
    if (name.trim() === '') throw new ModerationError('invalid', 'An attendee needs a name');
    if (name.trim().length > 200) throw new ModerationError('invalid', `"${name.slice(0, 40)}…" is too long for a name (200 characters at most)`);
    if (!ATTENDANCE_ROLES.includes(role)) {
      throw new ModerationError('invalid', `"${String(role)}" is not an attendance role: use ${ATTENDANCE_ROLES.join(', ')}`);
    }
  }
  for (const name of removals) {
    const present = before.find((a) => sameName(a.name, name)) ?? additions.find((a) => sameName(a.name, name));
    if (!present) {
      throw new ModerationError(
        'not_found',
        `${name} is not on the attendance${before.length ? ` (it lists ${before.map((a) => a.name).join(', ')})` : ', which is empty'}`,
      );
    }
  }
  const update = repo.db.prepare('UPDATE attendee SET role = ?, added_at = ?, added_by = ? WHERE lower(trim(name)) = lower(trim(?))');
  const insert = repo.db.prepare('INSERT INTO attendee (name, role, added_at, added_by) VALUES (?, ?, ?, ?)');
  const current = () => attendees(repo);
  for (const { name, role } of additions) {
    const existing = current().find((a) => sameName(a.name, name));
    if (existing) {
      if (existing.role !== role) update.run(role, at, actor.name, existing.name);
    } else {
      insert.run(name.trim().replace(/\s+/g, ' '), role, at, actor.name);
    }
  }
  const remove = repo.db.prepare('DELETE FROM attendee WHERE name = ?');
  for (const name of removals) {
    const existing = current().find((a) => sameName(a.name, name));
    if (existing) remove.run(existing.name);
  }
  const after = current();
  const summary = (list: Attendee[]) => list.map((a) => ({ name: a.name, role: a.role }));
  repo.appendAudit({ actor: actor.name, role: actor.role, action: 'attendance', before: { attendees: summary(before) }, after: { attendees: summary(after) } }, at);
  return after;
}

/**
 * Records whether a panel member who manages the person stepped out while they were discussed. The member
 * must be on the attendance and be the person's line manager or countersigning officer.
 */
export function recordStepOut(
  repo: PanelRepository,
  person: Pick<Person, 'staffId' | 'name' | 'lineManager' | 'countersigningOfficer'>,
  member: string,
  steppedOut: boolean,
  actor: Actor,
  at: string,
): StepOutRecord {
  const links = panelMembersManaging(person, attendees(repo));
  const link = links.find((l) => sameName(l.member, member));
  if (!link) {
    const onPanel = links.map((l) => `${l.member} (${l.relation})`);
    throw new ModerationError(
      'invalid',
      onPanel.length
        ? `${member} is not a panel member who manages ${person.name}; ${onPanel.join(' and ')} ${onPanel.length === 1 ? 'is' : 'are'}`
        : `No one on the attendance manages ${person.name} (line manager ${person.lineManager || 'not given'}), so there is no step-out to record`,
    );
  }
  const previous = repo.db
    .prepare<[string, string], { stepped_out: number }>('SELECT stepped_out FROM step_out WHERE staff_id = ? AND member = ?')
    .get(person.staffId, link.member);
  repo.db
    .prepare(
      `INSERT INTO step_out (staff_id, member, stepped_out, at, recorded_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (staff_id, member) DO UPDATE SET stepped_out = excluded.stepped_out, at = excluded.at, recorded_by = excluded.recorded_by`,
    )
    .run(person.staffId, link.member, steppedOut ? 1 : 0, at, actor.name);
  repo.appendAudit(
    {
      actor: actor.name,
      role: actor.role,
      action: 'step_out',
      staffId: person.staffId,
      before: previous ? { member: link.member, relation: link.relation, steppedOut: previous.stepped_out === 1 } : null,
      after: { member: link.member, relation: link.relation, steppedOut },
    },
    at,
  );
  return { staffId: person.staffId, member: link.member, steppedOut, at, recordedBy: actor.name };
}

/** Words for the CLI and the record: "Sam Lee — Finance partner". */
export function attendeeLine(attendee: Pick<Attendee, 'name' | 'role'>): string {
  return `${attendee.name} — ${ATTENDANCE_ROLE_LABELS[attendee.role]}`;
}
