// HR's role PINs for this panel (issue 9): a PIN per role so that, on a shared laptop, nobody takes the
// chair's or HR's role casually. Stored by the service as a salted hash, never as the PIN; each change is
// recorded in the history. Everyone sees which roles have one; only HR can change them.

import { useEffect, useId, useState, type FormEvent } from 'react';
import type { RoleAccessView } from '../../shared/rolesContract';
import { ROLE_LABELS, pinProblem } from '../../shared/roles';
import { api } from '../api';
import { usePanelStore } from '../store';
import './roles.css';

const PIN_ROLES = ['chair', 'member', 'finance', 'hr'] as const;
type PinRole = (typeof PIN_ROLES)[number];

export default function RolePins() {
  const actor = usePanelStore((s) => s.actor);
  const announce = usePanelStore((s) => s.announce);
  const ids = useId();
  const [access, setAccess] = useState<RoleAccessView | null>(null);
  const [pins, setPins] = useState<Record<PinRole, string>>({ chair: '', member: '', finance: '', hr: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const hr = actor.role === 'hr';

  useEffect(() => {
    void api.roleAccess({}).then((result) => {
      if (result.ok) setAccess(result.value);
    });
  }, []);

  async function change(role: PinRole, pin: string | null, event?: FormEvent) {
    event?.preventDefault();
    if (pin !== null) {
      const wrong = pinProblem(pin);
      if (wrong) {
        setProblem(`${ROLE_LABELS[role]}: ${wrong}.`);
        return;
      }
    }
    const result = await api.setRolePin({ actor, role, pin });
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(null);
    setAccess(result.value);
    setPins((p) => ({ ...p, [role]: '' }));
    const text = `${ROLE_LABELS[role]}: PIN ${pin === null ? 'removed' : 'set'}, and recorded in the history.`;
    setMessage(text);
    announce(text);
  }

  if (!access) return null;
  return (
    <section className="mp-panel mp-narrow role-pins" aria-labelledby={`${ids}-title`} data-testid="role-pins">
      <h3 id={`${ids}-title`}>Role PINs (HR)</h3>
      <p className="mp-muted">
        A PIN keeps a role from being taken casually on a shared laptop: switching to a role with a PIN asks for it, and the command line
        needs it in MODPANEL_PIN. It is kept as a salted hash in the panel file. {hr ? '' : 'Only HR sets them: choose HR as your role to change them.'}
      </p>
      <table>
        <caption className="sr-only">Roles and their PINs</caption>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">PIN</th>
            {hr ? <th scope="col">Change</th> : null}
          </tr>
        </thead>
        <tbody>
          {PIN_ROLES.map((role) => {
            const pinned = access.pinned.includes(role);
            return (
              <tr key={role}>
                <th scope="row">{ROLE_LABELS[role]}</th>
                <td>{pinned ? 'Set' : 'None'}</td>
                {hr ? (
                  <td>
                    <form className="mp-inline-fields" onSubmit={(e) => void change(role, pins[role], e)}>
                      <label className="sr-only" htmlFor={`${ids}-${role}`}>
                        New PIN for {ROLE_LABELS[role]}
                      </label>
                      <input
                        id={`${ids}-${role}`}
                        type="password"
                        autoComplete="new-password"
                        value={pins[role]}
                        maxLength={64}
                        onChange={(e) => setPins((p) => ({ ...p, [role]: e.target.value }))}
                      />
                      <button type="submit" className="button button-small" disabled={pins[role] === ''}>
                        {pinned ? 'Change PIN' : 'Set PIN'}
                        <span className="sr-only"> for {ROLE_LABELS[role]}</span>
                      </button>
                      {pinned ? (
                        <button type="button" className="button button-small button-quiet" onClick={() => void change(role, null)}>
                          Remove<span className="sr-only"> the PIN for {ROLE_LABELS[role]}</span>
                        </button>
                      ) : null}
                    </form>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {problem ? (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      ) : null}
      <p className={message ? 'mp-message' : 'sr-only'} role="status">
        {message ?? ''}
      </p>
    </section>
  );
}
