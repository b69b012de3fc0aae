// Who may do what on a panel (issue 9): each operation that changes a panel, or shows more than the room
// may see, names the roles that may do it. The moderation service checks these before anything else;
// the window uses the same table to offer only what the person's role may do. Pure.
//
// The framework names the people in the room (Annex D 1-3; DOMAIN.md "The people in the room"): the chair
// runs the panel and moves people, members challenge, the finance partner annotates sound financial
// management (Annex D 3.a.ii), HR prepares the data, watches the distribution and keeps the record.
// Which role may do which of the app's operations is the product's reading of those duties.

import type { AuditAction, Role } from './domain';

/** Roles a person can take; 'system' is the app's own (closing a discussion left open), never a person's. */
export const PERSON_ROLES = ['chair', 'member', 'finance', 'hr', 'observer'] as const satisfies readonly Role[];
export type PersonRole = (typeof PERSON_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  chair: 'Panel chair',
  member: 'Panel member',
  finance: 'Finance partner',
  hr: 'HR',
  observer: 'Observer',
  system: 'Moderation Panel',
};

/** What a role may do, in the words a refusal uses ("…cannot move people between boxes"). */
export const OPERATIONS = {
  move: { roles: ['chair'], words: 'move people between boxes' },
  reorder: { roles: ['chair'], words: 'reorder people within a box' },
  flag: { roles: ['chair', 'member'], words: 'flag or unflag people' },
  note: { roles: ['chair', 'member', 'finance'], words: 'add notes' },
  finance: { roles: ['finance'], words: 'edit finance annotations' },
  contribution: { roles: ['chair'], words: 'record the corporate contribution the panel saw' },
  discussion: { roles: ['chair'], words: 'run the discussions (start, end, who stepped out)' },
  /** Undo and redo: then also checked as the change they reverse (UNDO_OPERATION), so each role undoes only its own kind of work. */
  undo: { roles: ['chair', 'member', 'finance'], words: 'undo or redo changes' },
  finalise: { roles: ['chair'], words: 'finalise the panel' },
  attendance: { roles: ['chair', 'hr'], words: 'record who was in the room' },
  import: { roles: ['hr'], words: 'import people or last year’s markings' },
  export: { roles: ['hr'], words: 'export the outcome' },
  settings: { roles: ['hr'], words: 'change the panel’s settings' },
  role_pins: { roles: ['hr'], words: 'set or remove a role’s PIN' },
  share_breakdowns: { roles: ['hr'], words: 'share the breakdowns with the room' },
  unsuppressed: { roles: ['hr'], words: 'see breakdowns with small groups and every characteristic shown' },
  write_sheets: { roles: ['hr'], words: 'write workbooks for contributors' },
  finance_workbook: { roles: ['finance'], words: 'take back the finance partner’s workbook' },
  member_preview: { roles: ['member'], words: 'take back a panel member’s preview' },
  merge: { roles: ['hr'], words: 'merge unit panels into the overall panel' },
  rekey: { roles: ['hr'], words: 'change the panel’s passphrase' },
} as const satisfies Record<string, { roles: readonly PersonRole[]; words: string }>;

export type Operation = keyof typeof OPERATIONS;
export const OPERATION_NAMES = Object.keys(OPERATIONS) as Operation[];

export function may(role: Role, operation: Operation): boolean {
  return (OPERATIONS[operation].roles as readonly Role[]).includes(role);
}

/** The operation an undo or redo of an event repeats: undoing is making that change again, backwards. */
export const UNDO_OPERATION: Partial<Record<AuditAction, Operation>> = {
  move: 'move',
  reorder: 'reorder',
  flag: 'flag',
  unflag: 'flag',
  finance: 'finance',
  note: 'note',
  contribution: 'contribution',
};

const SUBJECT: Record<Role, string> = {
  chair: 'The panel chair',
  member: 'A panel member',
  finance: 'The finance partner',
  hr: 'HR',
  observer: 'An observer',
  system: 'Moderation Panel',
};

const WHO: Record<PersonRole, string> = {
  chair: 'the panel chair',
  member: 'a panel member',
  finance: 'the finance partner',
  hr: 'HR',
  observer: 'an observer',
};

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** "The finance partner cannot move people between boxes: only the panel chair can." */
export function refusalMessage(role: Role, operation: Operation): string {
  const allowed = OPERATIONS[operation].roles as readonly PersonRole[];
  return `${SUBJECT[role]} cannot ${OPERATIONS[operation].words}: only ${list(allowed.map((r) => WHO[r]))} can.`;
}

/**
 * The most sensitive characteristics stay in HR's view only: the room never sees them broken down, even
 * suppressed, so no comparison of the room's figures can reveal anyone's sexual orientation, religion or
 * belief, or gender identity (issue 9, "Special-category data cannot be inferred").
 */
export const HR_ONLY_CHARACTERISTICS = ['sexual_orientation', 'religion_or_belief', 'gender_identity'] as const;

export function isHrOnlyCharacteristic(characteristic: string): boolean {
  return (HR_ONLY_CHARACTERISTICS as readonly string[]).includes(characteristic);
}

/** A PIN a person can type: 4 to 64 characters, no surrounding spaces (the window and the CLI check alike). */
export function pinProblem(pin: string): string | null {
  if (pin.length < 4) return 'A PIN has at least 4 characters';
  if (pin.length > 64) return 'A PIN has at most 64 characters';
  if (pin.trim() !== pin) return 'A PIN cannot start or end with a space';
  return null;
}
