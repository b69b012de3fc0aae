// The Breakdowns view says which copy the figures come from (issue 9): outside HR, the copy HR last shared
// with the room (the panel as imported until then), so comparing figures before and after one move shows
// nothing; for HR, when the room's copy was shared, how many have changed since, and the button to share.

import { useEffect, useState } from 'react';
import type { RoomCopyInfo, RoomCopyState } from '../../shared/rolesContract';
import { api } from '../api';
import { usePanelStore } from '../store';
import './roles.css';

/** "2 December at 10:42", in this computer's time (the stored time is UTC). */
export function sharedWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long' })} at ${date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
}

const when = sharedWhen;

function people(n: number): string {
  return `${n} ${n === 1 ? 'person' : 'people'}`;
}

/** Outside HR: whose copy this is, and what is kept in HR's view. */
export function RoomCopyNote({ room }: { room: RoomCopyInfo }) {
  return (
    <p className="room-copy-note" data-testid="room-copy-note">
      {room.sharedAt
        ? `Figures as HR shared them with the room on ${when(room.sharedAt)}, not live: they change only when HR shares again, so no one’s group can be told from a single move.`
        : 'Figures for the panel as imported (provisional markings), not live: they change only when HR shares them with the room, so no one’s group can be told from a single move.'}{' '}
      {room.leftOut > 0 ? `${people(room.leftOut)} without a marking at every stage ${room.leftOut === 1 ? 'is' : 'are'} counted in HR’s view only, so comparing stages singles no one out. ` : ''}
      Sexual orientation, religion or belief, gender identity and the comparison with last year are HR’s view only.
    </p>
  );
}

/** HR: the room's copy, and sharing the panel as it is now (refused while too few have changed). */
export function ShareWithRoom() {
  const actor = usePanelStore((s) => s.actor);
  const panel = usePanelStore((s) => s.panel);
  const peopleById = usePanelStore((s) => s.peopleById);
  const announce = usePanelStore((s) => s.announce);
  const [state, setState] = useState<RoomCopyState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Asked again whenever the panel changes (a move, a discussion), so the count stays current.
  useEffect(() => {
    let live = true;
    void api.roomCopyState({ actor }).then((result) => {
      if (!live) return;
      if (result.ok) setState(result.value);
      else setProblem(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [actor, panel, peopleById]);

  async function share() {
    setBusy(true);
    const result = await api.shareBreakdowns({ actor });
    setBusy(false);
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(null);
    setState(result.value);
    announce('Breakdowns shared with the room');
  }

  if (!state) return null;
  return (
    <div className="room-share no-print" data-testid="room-share">
      <p>
        <strong>The room’s copy:</strong>{' '}
        {state.sharedAt ? `shared by ${state.sharedBy} on ${when(state.sharedAt)}` : 'not shared yet (everyone else sees the panel as imported)'}.{' '}
        {people(state.changedSince)} changed since; the room’s figures can be shared again once at least {state.threshold} (the small-number threshold) have
        changed, so comparing two shared copies never singles anyone out.
      </p>
      <button type="button" className="button" disabled={busy || !state.canShare} onClick={() => void share()}>
        Share with the room
      </button>
      {problem ? (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
