// Members' verdicts as the chair meets them: in the discussion queue (cases most members questioned come
// first, after rule breaches) and in the person panel. Comments reach only the chair and HR.

import {
  commentsVisibleTo,
  orderDiscussionQueue,
  type MemberVerdictTally,
  type MemberVerdictView,
} from '../../shared/contributions';
import type { DiscussionQueue } from '../../shared/contract';
import type { Person, Role } from '../../shared/domain';
import { breaksFinanceRule, hasCorporateContribution } from '../../shared/rules';
import type { ModerationService } from '../service';
import { allVerdicts, verdictsOnPerson, type StoredVerdict } from './verdicts';

function view(verdict: StoredVerdict, withComments: boolean): MemberVerdictView {
  return { member: verdict.member, verdict: verdict.verdict, comment: withComments ? verdict.comment : '', recordedAt: verdict.recordedAt };
}

export function memberVerdictsFor(service: ModerationService, staffId: string, role: Role | undefined): MemberVerdictView[] {
  const withComments = commentsVisibleTo(role);
  return verdictsOnPerson(service.db, staffId).map((v) => view(v, withComments));
}

/** A rule the panel cannot finalise past: Not met above Achieving (Annex D 4.a), Exceeding with no contribution (para 34). */
function breaksARule(person: Person): boolean {
  const current = person.moderatedMarking ?? person.provisionalMarking;
  return breaksFinanceRule(person.financeObjective, current) || (current === 'Exceeding' && !hasCorporateContribution(person));
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Adds the members' verdicts to the queue: anyone a member questioned joins it, each case carries its tally
 * (and, for the chair and HR, each member's comment), and the queue is ordered rule breaches first, then by
 * how many members questioned the case, otherwise as it was.
 */
export function withMemberVerdicts(service: ModerationService, queue: DiscussionQueue, role: Role | undefined): DiscussionQueue {
  const verdicts = allVerdicts(service.db);
  const people = service.people();
  const withComments = commentsVisibleTo(role);
  const tallies = new Map<string, MemberVerdictTally>();
  for (const v of verdicts) {
    const tally = tallies.get(v.staffId) ?? { agree: 0, question: 0, abstain: 0, verdicts: [] };
    tally[v.verdict] += 1;
    tally.verdicts.push(view(v, withComments));
    tallies.set(v.staffId, tally);
  }
  const entries = [...queue.queue];
  const inQueue = new Set(entries.map((e) => e.staffId));
  // Someone questioned but not otherwise suggested joins at their place in box order.
  const questionedOnly = people.filter((p) => p.eligible && !inQueue.has(p.staffId) && (tallies.get(p.staffId)?.question ?? 0) > 0);
  if (questionedOnly.length > 0) {
    const position = new Map(people.map((p, i) => [p.staffId, i]));
    entries.push(...questionedOnly.map((p) => ({ staffId: p.staffId, name: p.name, reasons: [] as string[] })));
    entries.sort((a, b) => (position.get(a.staffId) ?? 0) - (position.get(b.staffId) ?? 0));
  }
  const withTallies = entries.map((entry) => {
    const tally = tallies.get(entry.staffId);
    if (!tally) return entry;
    const reasons = tally.question > 0 ? [...entry.reasons, `Questioned by ${plural(tally.question, 'panel member', 'panel members')} in their preview`] : entry.reasons;
    return { ...entry, reasons, members: tally };
  });
  // Only the people in the queue are looked at: the whole panel may be 100,000 people, the queue a few dozen.
  const queued = new Set(withTallies.map((e) => e.staffId));
  const breaches = new Set(people.filter((p) => queued.has(p.staffId) && breaksARule(p)).map((p) => p.staffId));
  const questions = new Map([...tallies].map(([staffId, tally]) => [staffId, tally.question]));
  return { ...queue, queue: orderDiscussionQueue(withTallies, breaches, questions) };
}
