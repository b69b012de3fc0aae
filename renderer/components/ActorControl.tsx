// "You are: name (role)": every change is recorded under this name and role, so it is always on show
// and can be changed in a small dialog. Saved on this machine by the store. The service decides what the
// role may do (shared/roles.ts); changing who you are is recorded in the history (switchRole), and a role
// HR gave a PIN asks for it, so nobody takes the chair's or HR's role casually on a shared laptop.

import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Role } from '../../shared/domain';
import type { RoleAccessView } from '../../shared/rolesContract';
import { api } from '../api';
import { usePanelStore } from '../store';
import { Dialog } from './Dialog';
import '../roles/roles.css';

export const ROLE_LABELS: Record<Exclude<Role, 'system'>, string> = {
  chair: 'Panel chair',
  member: 'Panel member',
  finance: 'Finance partner',
  hr: 'HR',
  observer: 'Observer (reads only)',
};

export function roleLabel(role: Role): string {
  return role === 'system' ? 'System' : ROLE_LABELS[role];
}

export function ActorControl() {
  const actor = usePanelStore((s) => s.actor);
  const fileName = usePanelStore((s) => s.fileName);
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  // A role with a PIN this window has not unlocked (a saved role, another panel opened) is not taken on
  // trust: the window reads as an observer until the person switches to it with the PIN.
  useEffect(() => {
    if (!fileName) return;
    let live = true;
    void api.roleAccess({}).then((result) => {
      if (!live || !result.ok) return;
      const { actor: now, setActor } = usePanelStore.getState();
      const { pinned, current } = result.value;
      if (now.role !== 'observer' && pinned.includes(now.role) && current !== now.role) {
        setNotice(`${roleLabel(now.role)} has a PIN on this panel: choose Change to switch to it with the PIN.`);
        setActor({ name: now.name, role: 'observer' });
      }
    });
    return () => {
      live = false;
    };
  }, [fileName]);

  return (
    <div className="actor-control">
      <span className="actor-label">You are:</span>{' '}
      <strong className="actor-name">{actor.name}</strong>
      {/* The default name is the role itself; saying it twice helps no one. */}
      {actor.name !== roleLabel(actor.role) ? <span className="actor-role"> ({roleLabel(actor.role)})</span> : null}{' '}
      <button type="button" className="button button-small button-quiet" onClick={() => setOpen(true)}>
        Change<span className="sr-only"> who you are</span>
      </button>
      {notice ? (
        <span className="actor-notice" role="status">
          {notice}
        </span>
      ) : null}
      {open ? (
        <ActorDialog
          onClose={(switched) => {
            setOpen(false);
            if (switched) setNotice(null);
          }}
        />
      ) : null}
    </div>
  );
}

function ActorDialog({ onClose }: { onClose(switched?: boolean): void }) {
  const actor = usePanelStore((s) => s.actor);
  const setActor = usePanelStore((s) => s.setActor);
  const [name, setName] = useState(actor.name);
  const [role, setRole] = useState<Exclude<Role, 'system'>>(actor.role === 'system' ? 'chair' : actor.role);
  const [pin, setPin] = useState('');
  const [access, setAccess] = useState<RoleAccessView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    void api.roleAccess({}).then((result) => {
      if (result.ok) setAccess(result.value);
    });
  }, []);
  const needsPin = access !== null && access.pinned.includes(role) && access.current !== role;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === '') {
      setProblem('Give your name: every change is recorded under it.');
      return;
    }
    if (name.trim() === actor.name && role === actor.role) {
      onClose();
      return;
    }
    if (needsPin && pin === '') {
      setProblem(`${roleLabel(role)} has a PIN on this panel: enter it to switch.`);
      return;
    }
    // Refused in the window first (HR is never projected): the store says why in the banner; the dialog too.
    const { presentation } = usePanelStore.getState();
    if (presentation && role === 'hr' && !setActor({ name: name.trim(), role })) {
      setProblem(usePanelStore.getState().error ?? 'That change was refused.');
      usePanelStore.getState().clearError();
      return;
    }
    // Recorded in the history; the service checks the PIN of a role that has one.
    setBusy(true);
    const result = await api.switchRole({
      from: { name: actor.name, role: actor.role === 'system' ? 'observer' : actor.role },
      to: { name: name.trim(), role },
      ...(needsPin ? { pin } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setPin('');
      setProblem(result.error.message);
      return;
    }
    if (!setActor({ name: name.trim(), role })) {
      setProblem(usePanelStore.getState().error ?? 'That change was refused.');
      usePanelStore.getState().clearError();
      return;
    }
    onClose(true);
  }

  return (
    <Dialog open onCancel={() => onClose()} labelledBy={`${id}-title`}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={`${id}-title`} className="dialog-title">
          Who is making changes?
        </h2>
        <p className="dialog-text">Moves, flags and notes are recorded in the audit trail under this name and role.</p>
        <div className="field">
          <label htmlFor={`${id}-name`}>Your name</label>
          <input id={`${id}-name`} type="text" value={name} maxLength={200} autoFocus onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Your role</label>
          <select
            id={`${id}-role`}
            value={role}
            onChange={(e) => {
              setRole(e.target.value as Exclude<Role, 'system'>);
              setPin('');
              setProblem(null);
            }}
          >
            {Object.entries(ROLE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
                {access?.pinned.includes(value as Role) ? ' (PIN)' : ''}
              </option>
            ))}
          </select>
        </div>
        {needsPin ? (
          <div className="field">
            <label htmlFor={`${id}-pin`}>PIN for {roleLabel(role)}</label>
            <input
              id={`${id}-pin`}
              type="password"
              autoComplete="off"
              value={pin}
              maxLength={64}
              aria-describedby={`${id}-pin-help`}
              onChange={(e) => setPin(e.target.value)}
            />
            <p id={`${id}-pin-help`} className="dialog-text">
              HR set a PIN for this role on this panel. A wrong PIN is recorded in the history.
            </p>
          </div>
        ) : null}
        {problem ? (
          <p className="form-problem" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => onClose()}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
