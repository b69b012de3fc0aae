// The chair's discussion queue: the people suggested for discussion, anyone flagged and anyone panel
// members questioned in their previews (rule breaches first, then the most questioned), each with the
// reasons, the members' verdicts and "Discuss now". One case at a time: opening the next closes the last
// (the host records both in the audit log). The queue never shows how long anyone was discussed.

import { useEffect, useId, useRef, useState } from 'react';
import type { DiscussionQueue as Queue } from '../../shared/contract';
import { api } from '../api';
import { usePanelStore } from '../store';
import { initialsOf } from '../grid/boxes';
import { clockTime } from './format';
import { MemberVerdictList } from './MemberVerdicts';
import { PanelMemberNote } from '../attendance/PanelMemberNote';
import { conflictsById, useAttendance } from '../attendance/useAttendance';
import { useFairnessTick, useLiveResult } from './live';
import './fairness.css';
import './aside.css';

export default function DiscussionQueue() {
  const titleId = useId();
  const actor = usePanelStore((s) => s.actor);
  const finalised = usePanelStore((s) => s.panel?.status === 'finalised');
  const announce = usePanelStore((s) => s.announce);
  // On the projector with names as initials, the queue follows the cards.
  const initialsOnly = usePanelStore((s) => s.presentation && s.initialsOnly);
  const shown = (name: string) => (initialsOnly ? initialsOf(name) : name);
  const refuse = usePanelStore((s) => s.refuse);
  const bump = useFairnessTick((s) => s.bump);
  // Members' comments come only for the chair and HR, and are not put on the projector.
  const presenting = usePanelStore((s) => s.presentation);
  const live = useLiveResult<Queue>(`discussion-queue:${actor.role}`, () => api.discussionQueue({ role: actor.role }));
  // Whoever reports to someone on the panel (issue 8): said in the queue, with the step-out toggle.
  const panelMembers = conflictsById(useAttendance().value);
  const [busy, setBusy] = useState(false);
  const [focusTo, setFocusTo] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const queue = live.value;

  // Keyboard users stay where they were: the button they pressed is replaced, so focus its successor.
  useEffect(() => {
    if (focusTo === null || !listRef.current) return;
    const target = listRef.current.querySelector<HTMLButtonElement>(`[data-focus-key="${CSS.escape(focusTo)}"]`);
    if (target) {
      target.focus();
      setFocusTo(null);
    }
  }, [focusTo, queue]);

  async function start(staffId: string, name: string) {
    setBusy(true);
    const result = await api.startDiscussion({ actor, staffId });
    setBusy(false);
    if (!result.ok) {
      refuse(result.error.message);
      return;
    }
    announce(`Discussing ${name}`);
    setFocusTo(`finish:${staffId}`);
    bump();
  }

  async function finish(name: string, staffId: string) {
    setBusy(true);
    const result = await api.endDiscussion({ actor });
    setBusy(false);
    if (!result.ok) {
      refuse(result.error.message);
      return;
    }
    announce(`Finished discussing ${name}`);
    setFocusTo(`start:${staffId}`);
    bump();
  }

  const current = queue?.current ?? null;
  const currentName = current ? (queue?.queue.find((q) => q.staffId === current.staffId)?.name ?? usePanelStore.getState().peopleById[current.staffId]?.name ?? current.staffId) : null;
  // Someone discussed from elsewhere (not in the queue) still needs a way to finish.
  const currentOutside = current !== null && !queue?.queue.some((q) => q.staffId === current.staffId);

  return (
    <section className="grid-aside discussion-queue" aria-labelledby={titleId} data-testid="discussion-queue">
      <div className="aside-head">
        <h2 id={titleId}>
          Discussion queue{queue ? <span className="aside-count"> ({queue.queue.length})</span> : null}
        </h2>
      </div>
      <p className="aside-hint">
        Suggested for discussion, anyone flagged and anyone members questioned in their previews. Suggested order: rule breaches first, then the
        cases most members questioned. One case at a time: discussing the next closes the last.
      </p>
      {live.error ? <p className="form-problem">The discussion queue could not be loaded: {live.error}</p> : null}
      {queue === null ? (
        live.error ? null : <p className="muted">Loading…</p>
      ) : (
        <>
          {current && currentOutside ? (
            <div className="discussion-current">
              <p>
                <strong>{shown(currentName ?? '')}</strong>: discussing since {clockTime(current.startedAt)}
              </p>
              <button type="button" className="button button-primary button-small" disabled={busy || finalised} onClick={() => void finish(currentName ?? '', current.staffId)}>
                Finish discussion
              </button>
            </div>
          ) : null}
          {queue.queue.length === 0 ? (
            <p className="empty-state">No one is suggested for discussion and no one is flagged.</p>
          ) : (
            // Focusable so the list scrolls from the keyboard even when its buttons are disabled (a finalised panel).
            <ol className="queue-list" ref={listRef} tabIndex={0} aria-labelledby={titleId}>
              {queue.queue.map((item) => {
                const isCurrent = current?.staffId === item.staffId;
                return (
                  <li key={item.staffId} className={isCurrent ? 'queue-item queue-current' : 'queue-item'} data-staff-id={item.staffId} aria-current={isCurrent ? 'true' : undefined}>
                    <div className="queue-name">{shown(item.name)}</div>
                    <ul className="queue-reasons">
                      {item.reasons.map((reason) => (
                        <li key={reason}>{reason}</li>
                      ))}
                    </ul>
                    {item.members ? (
                      <MemberVerdictList compact verdicts={presenting ? item.members.verdicts.map((v) => ({ ...v, comment: '' })) : item.members.verdicts} />
                    ) : null}
                    <PanelMemberNote compact conflict={panelMembers.get(item.staffId)} />
                    {isCurrent && current ? (
                      <div className="queue-actions">
                        <span className="discussing-since">Discussing since {clockTime(current.startedAt)}</span>
                        <button
                          type="button"
                          className="button button-primary button-small"
                          data-focus-key={`finish:${item.staffId}`}
                          aria-label={`Finish discussion of ${shown(item.name)}`}
                          disabled={busy || finalised}
                          onClick={() => void finish(item.name, item.staffId)}
                        >
                          Finish discussion
                        </button>
                      </div>
                    ) : (
                      <div className="queue-actions">
                        <button
                          type="button"
                          className="button button-small"
                          data-focus-key={`start:${item.staffId}`}
                          aria-label={`Discuss now: ${shown(item.name)}`}
                          disabled={busy || finalised}
                          onClick={() => void start(item.staffId, item.name)}
                        >
                          Discuss now
                        </button>
                      </div>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
