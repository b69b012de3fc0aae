// This person's audit trail, newest first: who did what, when, in which role, and the recorded reason.

import type { AuditEvent } from '../../shared/domain';
import { describeEvent } from './describeEvent';
import { when } from './NotesSection';

export function AuditTrail({ events }: { events: AuditEvent[] }) {
  return (
    <section className="person-section" aria-labelledby="audit-trail-h">
      <h3 id="audit-trail-h">Audit trail</h3>
      {events.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <ol className="audit-trail">
          {events.map((event) => (
            <li key={event.id}>
              <p className="audit-what">{describeEvent(event)}</p>
              {event.reason ? <p className="audit-reason">Reason: {event.reason}</p> : null}
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
