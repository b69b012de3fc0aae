// The discussion queue's order in the room: rule breaches first (finalise refuses them), then flagged cases,
// then cases panel members questioned in their previews, then the rest the tool suggests; within each, the
// queue's own order. Cases already discussed move to "done"; the one under discussion is apart. Pure.

import type { DiscussionQueue } from '../../shared/contract';
import type { Person } from '../../shared/domain';
import { finaliseRefusals } from '../../shared/finalise';

export type RailCategory = 'breach' | 'flagged' | 'questioned' | 'suggested';

export const RAIL_CATEGORY_LABELS: Record<RailCategory, string> = {
  breach: 'Rule to resolve',
  flagged: 'Flagged',
  questioned: 'Questioned by members',
  suggested: 'Suggested',
};

const RANK: Record<RailCategory, number> = { breach: 0, flagged: 1, questioned: 2, suggested: 3 };

export type QueueEntry = DiscussionQueue['queue'][number];

export interface RailCase extends QueueEntry {
  category: RailCategory;
}

export interface RailCases {
  /** Not yet discussed, in priority order (the case under discussion is not among them). */
  toDiscuss: RailCase[];
  /** Discussed at least once and not under discussion now. */
  done: RailCase[];
  /** The case under discussion, when it is in the queue. */
  current: RailCase | null;
}

export function railCategory(entry: QueueEntry, person: Person | undefined): RailCategory {
  if (person && finaliseRefusals([person]).length > 0) return 'breach';
  if (person && person.flags.length > 0) return 'flagged';
  if ((entry.members?.question ?? 0) > 0) return 'questioned';
  return 'suggested';
}

export function railCases(queue: DiscussionQueue, peopleById: Readonly<Record<string, Person>>): RailCases {
  const discussed = new Set(queue.discussed ?? []);
  const currentId = queue.current?.staffId ?? null;
  const cases = queue.queue
    .map((entry, index) => ({ entry: { ...entry, category: railCategory(entry, peopleById[entry.staffId]) }, index }))
    .sort((a, b) => RANK[a.entry.category] - RANK[b.entry.category] || a.index - b.index)
    .map(({ entry }) => entry);
  return {
    toDiscuss: cases.filter((c) => c.staffId !== currentId && !discussed.has(c.staffId)),
    done: cases.filter((c) => c.staffId !== currentId && discussed.has(c.staffId)),
    current: cases.find((c) => c.staffId === currentId) ?? null,
  };
}

/** "12 to discuss, 3 done" (the case under discussion counts as still to discuss). */
export function railCounts(cases: RailCases): string {
  const left = cases.toDiscuss.length + (cases.current ? 1 : 0);
  return `${left} to discuss, ${cases.done.length} done`;
}
