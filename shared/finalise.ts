// Before a panel is finalised: what the rules refuse (finaliseProblems, which the service enforces) and
// what the room should look at first (the pre-flight checklist, which only warns). One definition, shown
// by the window before the chair signs, printed by `modpanel finalise`, enforced by db/service.ts. Pure.

import { FLAG_LABELS, type AuditAction, type Person, type Role } from './domain';
import { CONTRIBUTION_RULE_MESSAGE, breaksFinanceRule, hasCorporateContribution } from './rules';

/** One thing to resolve or check, about one person, in words that say what to do. */
export interface FinaliseItem {
  staffId: string;
  name: string;
  /** Without the person's name, so the window can show it with initials on the projector. */
  text: string;
}

type FinalisePerson = Pick<
  Person,
  | 'staffId'
  | 'name'
  | 'eligible'
  | 'moderatedMarking'
  | 'provisionalMarking'
  | 'financeObjective'
  | 'changeReason'
  | 'corporateContribution'
  | 'corporateContributionEvidence'
  | 'flags'
>;

/**
 * What stops a panel being finalised, one item per problem, each saying what to do:
 * - everyone eligible is moderated and counted (paras 81, 91-92): a moderated marking;
 * - not above Achieving with the finance/efficiency objective not met (Annex D 4.a);
 * - a recorded reason for every change from the provisional marking (para 81: recommendations "should not be
 *   unduly changed");
 * - Exceeding only with a significant corporate contribution evidenced (para 34: staff "must demonstrate" one
 *   "to be eligible").
 */
export function finaliseRefusals(people: readonly FinalisePerson[]): FinaliseItem[] {
  const items: FinaliseItem[] = [];
  const item = (p: FinalisePerson, text: string) => items.push({ staffId: p.staffId, name: p.name, text });
  for (const p of people) {
    if (!p.eligible) continue;
    if (p.moderatedMarking === null) {
      item(p, 'is eligible but has no moderated marking: place them in a box');
      continue;
    }
    if (breaksFinanceRule(p.financeObjective, p.moderatedMarking)) {
      item(p, `is ${p.moderatedMarking} but did not meet the finance objective: move them to Achieving or below`);
    } else if (p.moderatedMarking !== p.provisionalMarking && !(p.changeReason ?? '').trim()) {
      item(p, `was moved from ${p.provisionalMarking ?? 'not marked'} to ${p.moderatedMarking} with no recorded reason: give a reason`);
    }
    if (p.moderatedMarking === 'Exceeding' && !hasCorporateContribution(p)) {
      item(p, `${CONTRIBUTION_RULE_MESSAGE}: record the contribution the panel saw, or move them`);
    }
  }
  return items;
}

/** The refusals as the service words them: "Name (id) is …", one sentence each. */
export function finaliseProblems(people: readonly FinalisePerson[]): string[] {
  return finaliseRefusals(people).map((item) => `${item.name} (${item.staffId}) ${item.text}`);
}

/** The role names the window uses as a default actor: a sign-off needs a person, not a role. */
export const ROLE_LABEL_NAMES = ['Panel chair', 'Chair', 'Panel member', 'Finance partner', 'HR', 'System', 'Moderation Panel'] as const;

/**
 * Why `name` cannot sign the panel off, or null when it can. The sign-off is recorded in the outcome file
 * and the history as the chair's own name (Annex D 5: truthful, specific explanations need someone to
 * answer for them), so a role label or a blank is refused.
 */
export function signerProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter the chair’s name: it is recorded in the outcome file and the history.';
  const lower = trimmed.toLocaleLowerCase('en-GB');
  if (ROLE_LABEL_NAMES.some((label) => label.toLocaleLowerCase('en-GB') === lower)) {
    return `“${trimmed}” is a role, not a person: enter the chair’s own name, as it should appear on the sign-off.`;
  }
  return null;
}

/** How recent a change must be for the pre-flight to point it out: the room may not have seen it settle. */
export const RECENT_CHANGE_MINUTES = 10;

/** Changes to a person that the room decides; imports and discussions are not among them. */
const ROOM_CHANGES: readonly AuditAction[] = ['move', 'reorder', 'flag', 'unflag', 'finance', 'contribution', 'undo', 'redo'];

export interface PreflightEvent {
  at: string;
  action: AuditAction;
  staffId: string | null;
  actor: string;
  role: Role;
}

export interface PreflightInput {
  people: readonly FinalisePerson[];
  /** Staff ids in the discussion queue (suggested, flagged or questioned), in its order. */
  queue: readonly string[];
  /** Staff ids the panel has opened a discussion on. */
  discussed: ReadonlySet<string>;
  /** Recent audit events, any order. */
  events: readonly PreflightEvent[];
  /** ISO time the checklist is drawn up. */
  now: string;
  recentMinutes?: number;
}

export type PreflightKind = 'undiscussed' | 'borderline' | 'finance_not_assessed' | 'recent_change';

export interface PreflightSection {
  kind: PreflightKind;
  title: string;
  /** Why it is worth a look: the framework's words where it has them. */
  why: string;
  items: FinaliseItem[];
}

/**
 * The pre-flight checklist before finalising: it warns, it never refuses (only finaliseRefusals does). Each
 * section lists the people it is about, so the chair can go to each before signing.
 */
export function finalisePreflight(input: PreflightInput): PreflightSection[] {
  const byId = new Map(input.people.map((p) => [p.staffId, p]));
  const item = (p: FinalisePerson, text: string): FinaliseItem => ({ staffId: p.staffId, name: p.name, text });
  const eligible = input.people.filter((p) => p.eligible);

  const undiscussed = input.queue
    .filter((id) => !input.discussed.has(id))
    .flatMap((id) => {
      const p = byId.get(id);
      return p && p.eligible ? [item(p, 'is in the discussion queue and was not discussed')] : [];
    });

  const borderline = eligible.flatMap((p) =>
    p.flags
      .filter((f) => f.kind === 'borderline_up' || f.kind === 'borderline_down')
      .map((f) => item(p, `still has the ${FLAG_LABELS[f.kind]} flag: decide and clear it`)),
  );

  const notAssessed = eligible.filter((p) => p.financeObjective === 'Not assessed').map((p) => item(p, 'has a finance objective still “Not assessed”'));

  const minutes = input.recentMinutes ?? RECENT_CHANGE_MINUTES;
  const since = Date.parse(input.now) - minutes * 60_000;
  const latest = new Map<string, PreflightEvent>();
  for (const event of input.events) {
    if (event.staffId === null || !ROOM_CHANGES.includes(event.action) || Date.parse(event.at) < since) continue;
    const seen = latest.get(event.staffId);
    if (!seen || Date.parse(event.at) > Date.parse(seen.at)) latest.set(event.staffId, event);
  }
  const recent = [...latest.values()]
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .flatMap((event) => {
      const p = byId.get(event.staffId!);
      if (!p) return [];
      const ago = Math.max(0, Math.round((Date.parse(input.now) - Date.parse(event.at)) / 60_000));
      return [item(p, `was changed ${ago === 0 ? 'less than a minute' : `${ago} minute${ago === 1 ? '' : 's'}`} ago (${CHANGE_WORDS[event.action] ?? event.action}, by ${event.actor})`)];
    });

  return [
    {
      kind: 'undiscussed',
      title: 'Cases in the discussion queue not discussed',
      why: 'Borderline cases are identified and discussed (para 88).',
      items: undiscussed,
    },
    {
      kind: 'borderline',
      title: 'Borderline flags still open',
      why: 'A borderline flag marks a decision the panel has still to take (para 88).',
      items: borderline,
    },
    {
      kind: 'finance_not_assessed',
      title: 'Finance objective “Not assessed”',
      why: 'Someone who did not meet the finance/efficiency objective cannot be above Achieving (Annex D 4.a); an unassessed objective has not been checked.',
      items: notAssessed,
    },
    {
      kind: 'recent_change',
      title: `Changed in the last ${minutes} minutes`,
      why: 'Recent changes the room may not have seen settle.',
      items: recent,
    },
  ];
}

const CHANGE_WORDS: Partial<Record<AuditAction, string>> = {
  move: 'moved',
  reorder: 'reordered',
  flag: 'flagged',
  unflag: 'flag cleared',
  finance: 'finance annotation',
  contribution: 'corporate contribution',
  undo: 'undone',
  redo: 'redone',
};

/** How many people a section names before "and N more": a department-sized panel stays readable. */
export const PREFLIGHT_NAMED = 50;

/** The checklist as plain lines, for the command line. */
export function preflightLines(sections: readonly PreflightSection[], named = PREFLIGHT_NAMED): string[] {
  const lines: string[] = [];
  for (const section of sections) {
    if (section.items.length === 0) continue;
    lines.push(`${section.title} (${section.items.length}): ${section.why}`);
    for (const item of section.items.slice(0, named)) lines.push(`  - ${item.name} (${item.staffId}) ${item.text}`);
    if (section.items.length > named) lines.push(`  - and ${section.items.length - named} more`);
  }
  return lines;
}
