// The panel record's "Who was in the room": the attendance with each person's role (entered once per
// meeting, with a small editor that does not print), whether a finance partner attended (Annex D 3.a.ii),
// and everyone discussed whose line manager or countersigning officer sat on the panel, with whether that
// member stepped out. Every change goes through the contract and is audited.

import { useId, useState, type FormEvent } from 'react';
import { ATTENDANCE_ROLES, ATTENDANCE_ROLE_LABELS, FINANCE_ATTENDANCE_QUOTE, type AttendanceRole } from '../../shared/attendance';
import { api } from '../api';
import { usePanelStore } from '../store';
import { useFairnessTick } from '../fairness/live';
import { useAttendance } from './useAttendance';
import './attendance.css';

export function AttendanceSection() {
  const live = useAttendance();
  const view = live.value;
  if (live.error) return <p className="form-problem">The attendance could not be read: {live.error}</p>;
  if (!view) return <p role="status">Reading the attendance…</p>;
  const noFinance = view.attendees.length > 0 && !view.attendees.some((a) => a.role === 'finance');
  return (
    <div data-testid="record-attendance">
      {view.attendees.length === 0 ? (
        <p className="empty-state">No attendance has been recorded for this panel yet.</p>
      ) : (
        <table className="record-table" data-testid="attendance-table">
          <caption>Who attended, and in which role</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col" className="no-print">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.attendees.map((a) => (
              <tr key={a.name}>
                <th scope="row">{a.name}</th>
                <td>{ATTENDANCE_ROLE_LABELS[a.role]}</td>
                <td className="no-print">
                  <RemoveButton name={a.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className={noFinance ? 'attendance-note attendance-note-missing' : 'attendance-note'} data-testid="finance-attendance">
        {view.financeNote}
      </p>
      {noFinance ? <p className="muted">{FINANCE_ATTENDANCE_QUOTE}</p> : null}
      <AttendanceEditor />
      <h4>People whose manager sat on the panel</h4>
      {view.conflicts.length === 0 ? (
        <p className="muted">{view.attendees.length === 0 ? 'Recorded once the attendance is entered.' : 'No one moderated here reports to someone on the panel.'}</p>
      ) : (
        <table className="record-table" data-testid="conflicts-table">
          <caption>The tool records whether the member stepped out while the person was discussed; it does not police it</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Panel member</th>
              <th scope="col">Relation</th>
              <th scope="col">Stepped out</th>
            </tr>
          </thead>
          <tbody>
            {view.conflicts.flatMap((c) =>
              c.links.map((link) => (
                <tr key={`${c.staffId}-${link.member}-${link.relation}`}>
                  <th scope="row">{c.name}</th>
                  <td>{link.member}</td>
                  <td>{link.relation}</td>
                  <td>{link.steppedOut === null ? 'Not recorded' : link.steppedOut ? 'Yes' : 'No, stayed in the room'}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}

function useAttendanceChange() {
  const actor = usePanelStore((s) => s.actor);
  const announce = usePanelStore((s) => s.announce);
  const bump = useFairnessTick((s) => s.bump);
  return async (change: { add?: { name: string; role: AttendanceRole }[]; remove?: string[] }, done: string): Promise<string | null> => {
    const result = await api.updateAttendance({ actor, ...change });
    if (!result.ok) return result.error.message;
    announce(done);
    bump();
    return null;
  };
}

function RemoveButton({ name }: { name: string }) {
  const finalised = usePanelStore((s) => s.panel?.status === 'finalised');
  const refuse = usePanelStore((s) => s.refuse);
  const change = useAttendanceChange();
  return (
    <button
      type="button"
      className="button button-small button-quiet"
      disabled={finalised}
      aria-label={`Remove ${name} from the attendance`}
      onClick={() =>
        void change({ remove: [name] }, `${name} removed from the attendance`).then((problem) => {
          if (problem) refuse(problem);
        })
      }
    >
      Remove
    </button>
  );
}

/** Add someone (or change their role): the name and the role they attended in. */
function AttendanceEditor() {
  const finalised = usePanelStore((s) => s.panel?.status === 'finalised');
  const change = useAttendanceChange();
  const [name, setName] = useState('');
  const [role, setRole] = useState<AttendanceRole>('member');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const ids = useId();
  if (finalised) return null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === '') {
      setProblem('Type the attendee’s name');
      return;
    }
    setBusy(true);
    const refused = await change({ add: [{ name: name.trim(), role }] }, `${name.trim()} recorded as ${ATTENDANCE_ROLE_LABELS[role].toLowerCase()}`);
    setBusy(false);
    setProblem(refused);
    if (!refused) setName('');
  }

  return (
    <form className="attendance-form no-print" onSubmit={(e) => void submit(e)} aria-label="Record an attendee">
      <div className="field">
        <label htmlFor={`${ids}-name`}>Attendee’s name</label>
        <input id={`${ids}-name`} value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-role`}>Attended as</label>
        <select id={`${ids}-role`} value={role} onChange={(e) => setRole(e.target.value as AttendanceRole)}>
          {ATTENDANCE_ROLES.map((r) => (
            <option key={r} value={r}>
              {ATTENDANCE_ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Recording…' : 'Add to the attendance'}
      </button>
      {problem ? (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
