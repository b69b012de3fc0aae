// `modpanel discussion <panel> [--role chair|hr]`: the discussion queue as the window's rail shows it, from the
// API's discussionQueue: who, why, and the panel members' verdicts from their previews, questioned cases first
// after rule breaches. Each member's verdict and comment reach only the chair and HR, as in the window.

import type { DiscussionQueue } from '../shared/contract';
import { MEMBER_VERDICT_LABELS, commentsVisibleTo, type MemberVerdictTally } from '../shared/contributions';
import type { Role } from '../shared/domain';
import type { ModerationService } from '../db/service';
import { viaApi } from './viaApi';

export const DISCUSSION_HELP = `  discussion <panel> [--role chair|hr]
                                    The discussion queue, as the window's rail shows it: who is suggested
                                    or flagged for discussion and why, and the panel members' verdicts from
                                    their previews (the cases most questioned first, after rule breaches);
                                    who said what, with comments, for the chair and HR (--role chair or
                                    hr). --json gives the API's queue.`;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 questioned, 1 agreed": the tally in the rail's words. */
export function tallyText(tally: MemberVerdictTally): string {
  return [
    tally.question ? `${tally.question} questioned` : null,
    tally.agree ? `${tally.agree} agreed` : null,
    tally.abstain ? `${tally.abstain} abstained` : null,
  ]
    .filter(Boolean)
    .join(', ');
}

/** Each member's verdict, questions first (what the chair puts to the room), with the comment where given. */
function verdictLines(tally: MemberVerdictTally): string[] {
  const ordered = [...tally.verdicts].sort((a, b) => Number(b.verdict === 'question') - Number(a.verdict === 'question'));
  return ordered.map((v) => `      ${v.member}: ${MEMBER_VERDICT_LABELS[v.verdict]}${v.comment ? ` — “${v.comment}”` : ''}`);
}

export function formatDiscussionQueue(queue: DiscussionQueue, role: Role | undefined): string {
  if (queue.queue.length === 0) return 'No one is suggested for discussion.';
  const discussed = new Set(queue.discussed ?? []);
  const lines: string[] = [];
  let hiddenComments = false;
  for (const entry of queue.queue) {
    const state = queue.current?.staffId === entry.staffId ? '  (being discussed)' : discussed.has(entry.staffId) ? '  (discussed)' : '';
    lines.push(`${entry.staffId}  ${entry.name}${state}`);
    for (const reason of entry.reasons) lines.push(`    - ${reason}`);
    if (entry.members) {
      lines.push(`    Members’ previews: ${tallyText(entry.members)}`);
      // Who said what is the chair's and HR's; everyone else sees the tally, as in the window.
      if (commentsVisibleTo(role)) lines.push(...verdictLines(entry.members));
      else hiddenComments = true;
    }
  }
  lines.push('', `${plural(queue.queue.length, 'case', 'cases')} to discuss, ${discussed.size} discussed.`);
  if (hiddenComments) lines.push('Each member’s verdict and comment are shown to the chair and HR: add --role chair (or --role hr).');
  return lines.join('\n');
}

/** The queue through the API (the role's PIN is checked where HR set one); JSON is the API's DiscussionQueue. */
export async function discussionCommand(service: ModerationService, role: Role | undefined, json: boolean): Promise<string> {
  const queue = await viaApi(service, 'discussionQueue', role ? { role } : {});
  return json ? JSON.stringify(queue, null, 2) : formatDiscussionQueue(queue, role);
}
