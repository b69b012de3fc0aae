// Finalising the panel: the chair confirms with their name, after which every view is read-only.
// With no props it renders its own "Finalise panel…" button (for the header); the Export view controls it.

import { useId, useState } from 'react';
import { Dialog } from '../components/Dialog';
import { api } from '../api';
import { usePanelStore } from '../store';
import './views.css';

export interface FinaliseDialogProps {
  /** Controlled use (the Export view): whether the dialog is open. Omit to get the built-in button. */
  open?: boolean;
  onClose?: () => void;
  triggerLabel?: string;
}

export default function FinaliseDialog({ open, onClose, triggerLabel = 'Finalise panel…' }: FinaliseDialogProps) {
  const panel = usePanelStore((s) => s.panel);
  const actor = usePanelStore((s) => s.actor);
  const [ownOpen, setOwnOpen] = useState(false);
  const controlled = open !== undefined;
  const isOpen = controlled ? open : ownOpen;
  const close = () => (controlled ? onClose?.() : setOwnOpen(false));

  if (panel?.status === 'finalised' && !isOpen) return null;
  return (
    <>
      {controlled ? null : (
        <span className="mp-scope">
          <button type="button" className="mp-button mp-button--secondary" onClick={() => setOwnOpen(true)}>
            {triggerLabel}
          </button>
        </span>
      )}
      {isOpen ? <FinaliseForm defaultName={actor.name} panelName={panel?.name ?? 'this panel'} onDone={close} /> : null}
    </>
  );
}

/**
 * The host refuses with one sentence, "…yet (3 to resolve): A is …; B is …; and 2 more." Split it so each
 * person's problem is its own line; anything else is shown as it came.
 */
export function splitRefusal(message: string): { lead: string; items: string[] } {
  const match = /^(.*?\(\d+ to resolve\)):\s*(.*?)\.?$/s.exec(message);
  if (!match) return { lead: message, items: [] };
  const items = match[2]!.split('; ').map((item) => item.trim()).filter((item) => item !== '');
  const capitalised = items.map((item) => (/^and \d+ more$/.test(item) ? `…${item}` : item.charAt(0).toUpperCase() + item.slice(1)));
  return { lead: `${match[1]}:`, items: capitalised.map((item) => (item.endsWith('.') ? item : `${item}.`)) };
}

function Refusal({ message }: { message: string }) {
  const { lead, items } = splitRefusal(message);
  return (
    <div className="mp-message mp-message--error mp-refusal" role="alert">
      <p>{lead}</p>
      {items.length > 0 ? (
        <ul className="mp-refusal__list" tabIndex={0} aria-label="What to resolve before finalising">
          {items.map((item, index) => (
            <li key={index}>{item}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function FinaliseForm({ defaultName, panelName, onDone }: { defaultName: string; panelName: string; onDone(): void }) {
  const load = usePanelStore((s) => s.load);
  const [name, setName] = useState(defaultName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const descId = useId();
  const inputId = useId();

  async function confirm(): Promise<void> {
    if (name.trim() === '') {
      setError('Enter the chair’s name: it is recorded in the outcome file and the history.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await api.finalise({ actor: { name: name.trim(), role: 'chair' } });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    await load();
    onDone();
  }

  return (
    <Dialog open onCancel={onDone} labelledBy={titleId} describedBy={descId} className="mp-dialog">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void confirm();
        }}
      >
        <h2 id={titleId}>Finalise {panelName}</h2>
        <p id={descId}>
          Finalising records the panel’s outcome under the chair’s name. After that no marking, finance annotation or import can be
          changed in any view, and it cannot be undone. You can still export the outcome.
        </p>
        <div className="mp-field" style={{ marginBottom: '0.9rem' }}>
          <label className="mp-field__label" htmlFor={inputId}>
            Chair’s name
          </label>
          <input
            id={inputId}
            className="mp-input"
            type="text"
            value={name}
            autoComplete="name"
            required
            aria-invalid={error !== null && name.trim() === '' ? true : undefined}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        {error ? <Refusal message={error} /> : null}
        <div className="mp-actions">
          <button type="submit" className="mp-button mp-button--danger" disabled={busy}>
            {busy ? 'Finalising…' : 'Finalise panel'}
          </button>
          <button type="button" className="mp-button mp-button--secondary" onClick={onDone} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
