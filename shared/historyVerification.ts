// What checking a panel's history finds: whether the chain of audit events is unbroken, and whether the
// panel's markings, annotations and flags are what replaying the log gives. Shared by the CLI, the
// History view and the panel record; computed in db/auditChain.ts.

export type HistoryProblemKind =
  /** An event's content no longer matches the hash it was recorded with. */
  | 'event_altered'
  /** An event does not carry the hash of the one before it: an event before it was altered, removed or inserted. */
  | 'link_broken'
  /** An event was added after the chain started without a link (written outside the app). */
  | 'unlinked_event'
  /** The saved state of the panel at an import (or the chain's start) no longer matches its hash. */
  | 'saved_state_altered'
  /** The triggers that keep the log append-only have been removed. */
  | 'guard_removed'
  /** An event's "before" does not match what the history says was there. */
  | 'inconsistent_event'
  /** A person's current state is not what the history says. */
  | 'state_disagrees';

export interface HistoryProblem {
  kind: HistoryProblemKind;
  message: string;
  eventId?: number;
  staffId?: string;
}

export interface HistoryVerification {
  /** True when the chain is unbroken and everyone's state equals the replay of the log. */
  intact: boolean;
  /** Events in the log. */
  events: number;
  /** Events recorded before this panel's history was chained (sealed by the chain-start event). */
  legacyEvents: number;
  /** The chain-start event of a panel made before the log was chained; null when chained from creation. */
  chainStartEventId: number | null;
  /** The newest event and its hash: what exports and the panel record carry. */
  finalEventId: number | null;
  finalHash: string | null;
  /** People whose markings, annotations and flags were compared with the replay. */
  checkedPeople: number;
  /** The first problems found (at most 20), in the order found. */
  problems: HistoryProblem[];
  /** How many problems there were in all. */
  problemCount: number;
  /** One sentence for the person reading the result. */
  summary: string;
  checkedAt: string;
}

/** The first 12 hex digits, for screens; the full hash goes in files. */
export function shortHash(hash: string | null): string {
  return hash ? hash.slice(0, 12) : '—';
}
