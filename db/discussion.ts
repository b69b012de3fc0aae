// Discussion time: when the panel starts and stops discussing each person, kept only as audit events.
// One case at a time: opening the next closes the last. Durations are derived from the log.

import type { PanelRepository } from './repository';

export interface OpenDiscussion {
  staffId: string;
  startedAt: string;
}

interface DiscussionEventRow {
  action: 'discussion_start' | 'discussion_end';
  staff_id: string;
  at: string;
}

function discussionEvents(repo: PanelRepository): DiscussionEventRow[] {
  return repo.db
    .prepare<[], DiscussionEventRow>(
      `SELECT action, staff_id, at FROM audit WHERE action IN ('discussion_start', 'discussion_end') AND staff_id IS NOT NULL ORDER BY id`,
    )
    .all();
}

export function openDiscussion(repo: PanelRepository): OpenDiscussion | null {
  const last = repo.db
    .prepare<[], DiscussionEventRow>(
      `SELECT action, staff_id, at FROM audit WHERE action IN ('discussion_start', 'discussion_end') ORDER BY id DESC LIMIT 1`,
    )
    .get();
  return last && last.action === 'discussion_start' ? { staffId: last.staff_id, startedAt: last.at } : null;
}

/** Total seconds each person was discussed (an open discussion counts up to `now`). */
export function discussionSeconds(repo: PanelRepository, now: string): Map<string, number> {
  const totals = new Map<string, number>();
  let open: OpenDiscussion | null = null;
  const close = (at: string) => {
    if (!open) return;
    const seconds = Math.max(0, (Date.parse(at) - Date.parse(open.startedAt)) / 1000);
    totals.set(open.staffId, (totals.get(open.staffId) ?? 0) + seconds);
    open = null;
  };
  for (const event of discussionEvents(repo)) {
    if (event.action === 'discussion_start') {
      close(event.at);
      open = { staffId: event.staff_id, startedAt: event.at };
    } else {
      close(event.at);
    }
  }
  close(now);
  return totals;
}
