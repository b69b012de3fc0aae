// "You are: name (role)": every change is recorded under this name and role, so it is always on show
// and can be changed in a small dialog. Saved on this machine by the store.

import { useId, useState, type FormEvent } from 'react';
import type { Role } from '../../shared/domain';
import { usePanelStore } from '../store';
import { Dialog } from './Dialog';

export const ROLE_LABELS: Record<Exclude<Role, 'system'>, string> = {
  chair: 'Panel chair',
  member: 'Panel member',
  finance: 'Finance partner',
  hr: 'HR',
};

export function roleLabel(role: Role): string {
  return role === 'system' ? 'System' : ROLE_LABELS[role];
}

export function ActorControl() {
  const actor = usePanelStore((s) => s.actor);
  const [open, setOpen] = useState(false);
  return (
    <div className="actor-control">
      <span className="actor-label">You are:</span>{' '}
      <strong className="actor-name">{actor.name}</strong>
      {/* The default name is the role itself; saying it twice helps no one. */}
      {actor.name !== roleLabel(actor.role) ? <span className="actor-role"> ({roleLabel(actor.role)})</span> : null}{' '}
      <button type="button" className="button button-small button-quiet" onClick={() => setOpen(true)}>
        Change<span className="sr-only"> who you are</span>
      </button>
      {open ? <ActorDialog onClose={() => setOpen(false)} /> : null}
    </div>
  );
}

function ActorDialog({ onClose }: { onClose(): void }) {
  const actor = usePanelStore((s) => s.actor);
  const setActor = usePanelStore((s) => s.setActor);
  const [name, setName] = useState(actor.name);
  const [role, setRole] = useState<Role>(actor.role === 'system' ? 'chair' : actor.role);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === '') {
      setProblem('Give your name: every change is recorded under it.');
      return;
    }
    setActor({ name: name.trim(), role });
    onClose();
  }

  return (
    <Dialog open onCancel={onClose} labelledBy={`${id}-title`}>
      <form onSubmit={submit} noValidate>
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
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {Object.entries(ROLE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {problem ? (
          <p className="form-problem" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
