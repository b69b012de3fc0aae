// Opening an encrypted panel in the window: asks for its passphrase (optionally remembered on this
// computer, where the host has a safe store for it), or, for a new panel made from HR's file, how to protect
// it — encrypted unless the person explicitly chooses not to. Shown instead of the panel while it is locked.

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { LockState } from '../../shared/trust';
import { api } from '../api';
import { usePanelStore } from '../store';
import './trust.css';

export default function UnlockScreen() {
  const load = usePanelStore((s) => s.load);
  const [lock, setLock] = useState<LockState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [noEncryption, setNoEncryption] = useState(false);
  const [remember, setRemember] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);
  const ids = { title: useId(), pass: useId(), confirm: useId(), remember: useId(), plain: useId(), note: useId(), problem: useId() };

  useEffect(() => {
    void api.lockState({}).then((result) => {
      if (result.ok) {
        setLock(result.value);
        setProblem(result.value.problem);
      } else setLoadError(result.error.message);
    });
  }, []);

  useEffect(() => {
    if (lock) firstField.current?.focus();
  }, [lock]);

  if (loadError) {
    return (
      <main className="app-state">
        <h1>The panel could not be opened</h1>
        <p className="form-problem">{loadError}</p>
      </main>
    );
  }
  if (!lock) {
    return (
      <main className="app-state" aria-busy="true">
        <p role="status">Opening the panel…</p>
      </main>
    );
  }
  const creating = lock.waitingFor === 'new_panel';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (creating && !noEncryption) {
      if (passphrase === '') return setProblem('Choose a passphrase, or choose explicitly not to encrypt this panel.');
      if (passphrase !== confirm) return setProblem('The two passphrases differ: type the same passphrase in both boxes.');
    }
    if (!creating && passphrase === '') return setProblem('Enter the passphrase.');
    setBusy(true);
    const result = creating
      ? await api.protectNewPanel({ passphrase: noEncryption ? null : passphrase, remember: remember && !noEncryption })
      : await api.unlockPanel({ passphrase, remember });
    setBusy(false);
    if (!result.ok) {
      setProblem(result.error.message);
      firstField.current?.select();
      return;
    }
    setPassphrase('');
    setConfirm('');
    await load();
  }

  async function cancel() {
    await api.cancelUnlock({});
    await load();
  }

  return (
    <main className="app-state unlock" aria-labelledby={ids.title}>
      <h1 id={ids.title}>{creating ? `Protect the new panel ${lock.fileName ?? ''}` : `${lock.fileName ?? 'This panel'} is encrypted`}</h1>
      <p>
        {creating
          ? 'The panel holds personal data about named people. It is encrypted with a passphrase you choose: anyone who has the file needs the passphrase to read it. Keep the passphrase safe — without it the panel cannot be opened, by anyone.'
          : 'Enter the passphrase to open it. The passphrase is checked on this computer and is never sent anywhere else.'}
      </p>
      <form className="unlock-form" onSubmit={(event) => void submit(event)} noValidate>
        {!noEncryption ? (
          <div className="field">
            <label htmlFor={ids.pass}>{creating ? 'Passphrase' : 'Passphrase'}</label>
            <input
              ref={firstField}
              id={ids.pass}
              type="password"
              autoComplete={creating ? 'new-password' : 'current-password'}
              value={passphrase}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? ids.problem : undefined}
              onChange={(event) => setPassphrase(event.target.value)}
            />
          </div>
        ) : null}
        {creating && !noEncryption ? (
          <div className="field">
            <label htmlFor={ids.confirm}>The same passphrase again</label>
            <input id={ids.confirm} type="password" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} />
          </div>
        ) : null}
        {!noEncryption ? (
          <div className="field field-check">
            <input
              id={ids.remember}
              type="checkbox"
              checked={remember}
              disabled={!lock.canRemember}
              aria-describedby={lock.rememberNote ? ids.note : undefined}
              onChange={(event) => setRemember(event.target.checked)}
            />
            <label htmlFor={ids.remember}>Remember the passphrase for this file on this computer</label>
          </div>
        ) : null}
        {!noEncryption && lock.rememberNote ? (
          <p id={ids.note} className="field-hint">
            {lock.rememberNote}
          </p>
        ) : null}
        {creating ? (
          <div className="field field-check unlock-plain">
            <input id={ids.plain} type="checkbox" checked={noEncryption} onChange={(event) => setNoEncryption(event.target.checked)} />
            <label htmlFor={ids.plain}>
              Do not encrypt this panel (not recommended: anyone who gets the file can read everything in it, and the title bar will say “Not encrypted”)
            </label>
          </div>
        ) : null}
        {problem ? (
          <p id={ids.problem} className="form-problem" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="unlock-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? (creating ? 'Making the panel…' : 'Opening…') : creating ? (noEncryption ? 'Make the panel without encryption' : 'Make the encrypted panel') : 'Open the panel'}
          </button>
          {lock.canCancel || creating ? (
            <button type="button" className="button" onClick={() => void cancel()} disabled={busy}>
              Cancel
            </button>
          ) : null}
        </div>
      </form>
    </main>
  );
}
