// Finalising the panel: first a pre-flight checklist — what the rules refuse (nothing can be signed until
// it is resolved) and what is worth a look (cases in the queue never discussed, borderline flags still set,
// finance "Not assessed", changes in the last minutes), each with a link to the person — then the chair's own
// name, after which every view is read-only. The checklist warns; only the rules refuse (shared/finalise.ts).
// With no props it renders its own "Finalise panel…" button (for the header); the Export view controls it.

import { useEffect, useId, useState } from 'react';
import { Dialog } from '../components/Dialog';
import { api } from '../api';
import { usePanelStore } from '../store';
import { useOnScreen } from '../components/projection';
import { useGridUi } from '../grid/gridUi';
import { PREFLIGHT_NAMED, finalisePreflight, finaliseRefusals, signerProblem, type FinaliseItem, type PreflightSection } from '../../shared/finalise';
import './views.css';
import './finalise.css';

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
      {isOpen ? <FinaliseForm defaultName={signerProblem(actor.name) ? '' : actor.name} panelName={panel?.name ?? 'this panel'} onDone={close} /> : null}
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
  const onScreen = useOnScreen();
  const { lead, items } = splitRefusal(onScreen(message));
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

/** Closes the dialog and puts the person in front of the chair: the grid, their card lit up, their panel open. */
function goTo(staffId: string, done: () => void): void {
  done();
  const store = usePanelStore.getState();
  store.setView('grid');
  useGridUi.getState().highlightCard(staffId);
  store.select(staffId);
}

function ItemList({ items, label, onGo }: { items: FinaliseItem[]; label: string; onGo(staffId: string): void }) {
  const onScreen = useOnScreen();
  // A department-sized panel names the first few dozen in each section and counts the rest.
  const more = items.length - PREFLIGHT_NAMED;
  return (
    <ul className="preflight-list" aria-label={label}>
      {items.slice(0, PREFLIGHT_NAMED).map((item, index) => {
        const who = onScreen(`${item.name} (${item.staffId})`);
        return (
          <li key={`${item.staffId}:${index}`}>
            <button type="button" className="preflight-link" onClick={() => onGo(item.staffId)}>
              {who}
            </button>{' '}
            {item.text}
          </li>
        );
      })}
      {more > 0 ? <li className="preflight-more">and {more} more</li> : null}
    </ul>
  );
}

interface Checklist {
  refusals: FinaliseItem[];
  sections: PreflightSection[];
}

function useChecklist(): { checklist: Checklist | null; error: string | null } {
  const actor = usePanelStore((s) => s.actor);
  const [state, setState] = useState<{ checklist: Checklist | null; error: string | null }>({ checklist: null, error: null });
  useEffect(() => {
    let current = true;
    void Promise.all([api.discussionQueue({ role: actor.role }), api.audit({ role: actor.role, limit: 5000 })]).then(([queue, audit]) => {
      if (!current) return;
      if (!queue.ok || !audit.ok) {
        setState({ checklist: null, error: (!queue.ok ? queue.error.message : !audit.ok ? audit.error.message : '') || 'The checklist could not be drawn up.' });
        return;
      }
      const people = Object.values(usePanelStore.getState().peopleById);
      setState({
        error: null,
        checklist: {
          refusals: finaliseRefusals(people),
          sections: finalisePreflight({
            people,
            queue: queue.value.queue.map((q) => q.staffId),
            discussed: new Set(queue.value.discussed ?? []),
            events: audit.value,
            now: new Date().toISOString(),
          }),
        },
      });
    });
    return () => {
      current = false;
    };
  }, [actor.role]);
  return state;
}

function FinaliseForm({ defaultName, panelName, onDone }: { defaultName: string; panelName: string; onDone(): void }) {
  const load = usePanelStore((s) => s.load);
  const [step, setStep] = useState<'check' | 'sign'>('check');
  const [name, setName] = useState(defaultName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { checklist, error: checkError } = useChecklist();
  const titleId = useId();
  const descId = useId();
  const inputId = useId();
  const onGo = (staffId: string) => goTo(staffId, onDone);
  const warnings = checklist?.sections.reduce((sum, s) => sum + s.items.length, 0) ?? 0;
  const refused = (checklist?.refusals.length ?? 0) > 0;

  async function confirm(): Promise<void> {
    const problem = signerProblem(name);
    if (problem) {
      setError(problem);
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
    <Dialog open onCancel={onDone} labelledBy={titleId} describedBy={descId} className="mp-dialog finalise-dialog">
      {step === 'check' ? (
        <div>
          <h2 id={titleId}>Finalise {panelName}: before you sign</h2>
          <p id={descId}>
            A last look before the chair signs. The rules must be met; everything else is a warning the panel may decide to accept.
          </p>
          {checkError ? <p className="mp-message mp-message--error">{checkError}</p> : null}
          {checklist === null ? (
            checkError ? null : <p role="status">Checking the panel…</p>
          ) : (
            <>
              {refused ? (
                <section className="preflight-section preflight-refusals" aria-labelledby={`${titleId}-rules`}>
                  <h3 id={`${titleId}-rules`}>The rules stop finalising ({checklist.refusals.length} to resolve)</h3>
                  <ItemList items={checklist.refusals} label="What to resolve before finalising" onGo={onGo} />
                </section>
              ) : (
                <p className="mp-message">The rules are met: everyone eligible is placed, every change has a reason, no one breaks the finance rule, and everyone in Exceeding has a corporate contribution evidenced.</p>
              )}
              {checklist.sections.map((section) =>
                section.items.length === 0 ? null : (
                  <section key={section.kind} className="preflight-section" aria-labelledby={`${titleId}-${section.kind}`} data-kind={section.kind}>
                    <h3 id={`${titleId}-${section.kind}`}>
                      {section.title} ({section.items.length})
                    </h3>
                    <p className="preflight-why">{section.why}</p>
                    <ItemList items={section.items} label={section.title} onGo={onGo} />
                  </section>
                ),
              )}
              {warnings === 0 && !refused ? <p>Nothing else to check.</p> : null}
            </>
          )}
          <div className="mp-actions">
            <button
              type="button"
              className="mp-button"
              disabled={checklist === null || refused}
              aria-describedby={refused ? `${titleId}-blocked` : undefined}
              onClick={() => setStep('sign')}
            >
              {warnings > 0 ? `Continue to sign, accepting ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : 'Continue to sign'}
            </button>
            <button type="button" className="mp-button mp-button--secondary" onClick={onDone}>
              Cancel
            </button>
          </div>
          {refused ? (
            <p id={`${titleId}-blocked`} className="preflight-why">
              Resolve the rules first: follow a name to go to the person.
            </p>
          ) : null}
        </div>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void confirm();
          }}
        >
          <h2 id={titleId}>Finalise {panelName}</h2>
          <p id={descId}>
            Finalising records the panel’s outcome under the chair’s own name. After that no marking, finance annotation or import can be
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
              autoFocus
              required
              aria-invalid={error !== null && signerProblem(name) !== null ? true : undefined}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          {error ? <Refusal message={error} /> : null}
          <div className="mp-actions">
            <button type="submit" className="mp-button mp-button--danger" disabled={busy}>
              {busy ? 'Finalising…' : 'Finalise panel'}
            </button>
            <button type="button" className="mp-button mp-button--secondary" onClick={() => setStep('check')} disabled={busy}>
              Back to the checklist
            </button>
            <button type="button" className="mp-button mp-button--secondary" onClick={onDone} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
