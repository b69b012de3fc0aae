// The finalise pre-flight for a host without a window (the command line): the discussion queue as the
// contract serves it, who was discussed, and the recent changes, handed to shared/finalise.ts.

import { finalisePreflight, type PreflightSection } from '../shared/finalise';
import { createHandlers } from './api';
import type { ModerationService } from './service';

/** Enough of the log to cover the last few minutes of even a busy room. */
const RECENT_EVENTS = 5000;

export async function finalisePreflightFor(service: ModerationService, now = new Date().toISOString()): Promise<PreflightSection[]> {
  const handlers = createHandlers({ service: () => service });
  const queue = await handlers.discussionQueue({ role: 'chair' });
  return finalisePreflight({
    people: service.people(),
    queue: queue.queue.map((item) => item.staffId),
    discussed: new Set(service.discussionSeconds().keys()),
    events: service.audit({ limit: RECENT_EVENTS }),
    now,
  });
}
