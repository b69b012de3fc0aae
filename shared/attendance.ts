// Who was in the room (issue 8): the panel's attendance, entered once per meeting, and which panel members
// manage the person being discussed. The tool records; it does not police. Pure; runs anywhere.

import type { Person } from './domain';

/**
 * The roles someone can attend in. Annex D 3.a.ii: "Wherever possible finance professionals should attend
 * moderation panels to provide professional insight on the degree to which job holders have demonstrated
 * sound financial management"; hence a finance role of its own, and a plain note when no one held it.
 */
export const ATTENDANCE_ROLES = ['chair', 'member', 'finance', 'hr', 'observer'] as const;
export type AttendanceRole = (typeof ATTENDANCE_ROLES)[number];
export const ATTENDANCE_ROLE_LABELS: Record<AttendanceRole, string> = {
  chair: 'Chair',
  member: 'Panel member',
  finance: 'Finance partner',
  hr: 'HR',
  observer: 'Observer',
};

export const FINANCE_ATTENDANCE_QUOTE =
  'Annex D 3.a.ii: "Wherever possible finance professionals should attend moderation panels to provide professional insight on the degree to which job holders have demonstrated sound financial management"';

export interface Attendee {
  name: string;
  role: AttendanceRole;
  addedAt: string;
  addedBy: string;
}

/** How a panel member is connected to the person discussed. */
export type ReportingRelation = 'line manager' | 'countersigning officer';

export interface PanelMemberLink {
  /** The attendee's name as entered in the attendance. */
  member: string;
  memberRole: AttendanceRole;
  relation: ReportingRelation;
}

/** A member's step-out, as recorded during the discussion: the latest word for this person and member. */
export interface StepOutRecord {
  staffId: string;
  member: string;
  steppedOut: boolean;
  at: string;
  recordedBy: string;
}

/** Names compare without case, extra spaces or full stops ("J. Smith" = "j smith"). */
export function sameName(a: string, b: string): boolean {
  const key = (name: string) => name.toLowerCase().replace(/\./g, ' ').replace(/\s+/g, ' ').trim();
  return key(a) !== '' && key(a) === key(b);
}

/**
 * The panel members the person reports to: their line manager (the `line_manager` field) and, where HR's
 * file names one, their countersigning officer. Matched by name, since that is what the files carry.
 */
export function panelMembersManaging(
  person: Pick<Person, 'lineManager' | 'countersigningOfficer'>,
  attendees: readonly Pick<Attendee, 'name' | 'role'>[],
): PanelMemberLink[] {
  const links: PanelMemberLink[] = [];
  const relations: [ReportingRelation, string | null | undefined][] = [
    ['line manager', person.lineManager],
    ['countersigning officer', person.countersigningOfficer],
  ];
  for (const [relation, name] of relations) {
    if (!name) continue;
    for (const attendee of attendees) {
      if (sameName(attendee.name, name) && !links.some((l) => l.member === attendee.name && l.relation === relation)) {
        links.push({ member: attendee.name, memberRole: attendee.role, relation });
      }
    }
  }
  return links;
}

/** One sentence for the discussion queue and the person panel. */
export function panelMemberSentence(link: PanelMemberLink): string {
  return `Reports to ${link.member} (${link.relation}), who is on the panel as ${ATTENDANCE_ROLE_LABELS[link.memberRole].toLowerCase()}`;
}

/** Each person with a panel member who manages them: the links and what was recorded about stepping out. */
export interface ConflictOfInterest {
  staffId: string;
  name: string;
  links: (PanelMemberLink & { steppedOut: boolean | null; recordedAt: string | null })[];
}

export function conflictsOfInterest(people: readonly Pick<Person, 'staffId' | 'name' | 'eligible' | 'lineManager' | 'countersigningOfficer'>[], list: readonly Attendee[], records: readonly StepOutRecord[]): ConflictOfInterest[] {
  if (list.length === 0) return [];
  const recorded = new Map(records.map((r) => [`${r.staffId}\u0000${r.member}`, r]));
  const result: ConflictOfInterest[] = [];
  for (const person of people) {
    if (!person.eligible) continue;
    const links = panelMembersManaging(person, list);
    if (links.length === 0) continue;
    result.push({
      staffId: person.staffId,
      name: person.name,
      links: links.map((link) => {
        const record = recorded.get(`${person.staffId}\u0000${link.member}`);
        return { ...link, steppedOut: record ? record.steppedOut : null, recordedAt: record?.at ?? null };
      }),
    });
  }
  return result;
}

/** What the record says about the finance partner's attendance (Annex D 3.a.ii). */
export function financeAttendanceNote(attendees: readonly Pick<Attendee, 'name' | 'role'>[]): string {
  const finance = attendees.filter((a) => a.role === 'finance').map((a) => a.name);
  if (attendees.length === 0) return 'No attendance has been recorded for this panel.';
  if (finance.length === 0) {
    return 'No finance partner attended this panel. Annex D 3.a.ii expects finance professionals to attend wherever possible.';
  }
  return `Finance partner${finance.length === 1 ? '' : 's'} present: ${finance.join(', ')} (Annex D 3.a.ii).`;
}
