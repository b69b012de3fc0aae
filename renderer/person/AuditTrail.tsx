// This person's audit trail, newest first: who did what, when, in which role, and the recorded reason.

import type { AuditEvent } from '../../shared/domain';
import { describeEvent } from './describeEvent';
import { when } from './NotesSection';

/** `hideReasons`: on the projector with names as initials, the recorded reasons stay off screen unless shown. */
export function AuditTrail({ events, hideReasons = false }: { events: AuditEvent[]; hideReasons?: boolean }) {
  return (
    <section className="person-section" aria-labelledby="audit-trail-h">
      <h3 id="audit-trail-h">Audit trail</h3>
      {events.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <ol className="audit-trail">
          {events.map((event) => (
            <li key={event.id}>
              <p className="audit-what">{hideReasons && event.action === 'note' ? 'Note added' : describeEvent(event)}</p>
              {event.reason && !hideReasons ? <p className="audit-reason">Reason: {event.reason}</p> : null}
              <p className="audit-meta">
                {event.actor} ({event.role}), <time dateTime={event.at}>{when(event.at)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
