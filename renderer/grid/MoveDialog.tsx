// Asks for the reason when a move differs from the provisional marking (para 81: changes need a recorded
// reason). When Exceeding has no corporate contribution evidenced (paras 18, 34) it asks for the one the
// panel saw, or for the chair's acknowledgement to record it later (finalise then waits for it).
// Ctrl+Enter sends it; Cancel or Escape leaves the card where it was. On the projector with names as
// initials the dialog names the person by their initials.

import { useId, useState, type FormEvent } from 'react';
import { usePanelStore } from '../store';
import { Dialog } from '../components/Dialog';
import { submitOnCtrlEnter } from '../components/ctrlEnter';
import { initialsOnScreen, shownName } from '../components/projection';
import { useGridUi } from './gridUi';
import { cancelPendingMove, confirmPendingMove } from './moveFlow';

export function MoveDialog() {
  const pending = useGridUi((s) => s.pending);
  const person = usePanelStore((s) => (pending ? s.peopleById[pending.staffId] : undefined));
  if (!pending || !person) return null;
  // Keyed so each move starts with an empty form.
  return <MoveForm key={`${pending.staffId}:${pending.to}`} />;
}

function MoveForm() {
  const pending = useGridUi((s) => s.pending)!;
  const person = usePanelStore((s) => s.peopleById[pending.staffId])!;
  const [reason, setReason] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [contribution, setContribution] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const id = useId();
  const from = person.moderatedMarking ?? 'not marked';
  const name = shownName(person, usePanelStore(initialsOnScreen));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending.needsReason && reason.trim() === '') {
      setProblem('Give a reason for the change: it is part of the outcome file.');
      return;
    }
    const evidence = pending.acknowledgement ? contribution.trim() : '';
    if (pending.acknowledgement && evidence === '' && !acknowledged) {
      setProblem('Describe the contribution the panel saw, or tick the acknowledgement to record it later.');
      return;
    }
    setSending(true);
    const refusal = await confirmPendingMove(reason.trim(), evidence === '' && acknowledged, evidence);
    setSending(false);
    if (refusal) setProblem(refusal);
  }

  return (
    <Dialog open onCancel={cancelPendingMove} labelledBy={`${id}-title`} describedBy={`${id}-desc`} className="move-dialog">
      <form onSubmit={submit} onKeyDown={submitOnCtrlEnter} noValidate>
        <h2 id={`${id}-title`} className="dialog-title">
          Move {name} to {pending.to}
        </h2>
        <p id={`${id}-desc`} className="dialog-text">
          From {from}. Provisional marking: {person.provisionalMarking ?? 'none'}.{' '}
          {pending.needsReason
            ? 'This differs from the line manager’s recommendation, so the panel must record why (para 81).'
            : 'This returns to the provisional marking.'}
        </p>
        {pending.needsReason ? (
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reason for the change</label>
            <textarea
              id={`${id}-reason`}
              value={reason}
              rows={4}
              autoFocus
              required
              aria-invalid={problem !== null && reason.trim() === '' ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
            <p className="field-hint">Specific and truthful: the person will be told (Annex D 5). Ctrl+Enter moves them.</p>
          </div>
        ) : null}
        {pending.acknowledgement ? (
          <fieldset className="contribution-choice">
            <legend>Corporate contribution (para 34)</legend>
            <p className="field-hint" id={`${id}-contribution-why`}>
              Exceeding needs a significant corporate contribution beyond the business unit, and none is evidenced for {name}.
            </p>
            <div className="field">
              <label htmlFor={`${id}-contribution`}>The contribution beyond the business unit that the panel saw</label>
              <textarea
                id={`${id}-contribution`}
                value={contribution}
                rows={3}
                maxLength={4000}
                autoFocus={!pending.needsReason}
                aria-describedby={`${id}-contribution-why`}
                disabled={acknowledged}
                onChange={(e) => setContribution(e.target.value)}
              />
              <p className="field-hint">Recorded with the move, in the outcome file and the history.</p>
            </div>
            <div className="field field-check acknowledgement">
              <input
                id={`${id}-ack`}
                type="checkbox"
                checked={acknowledged}
                disabled={contribution.trim() !== ''}
                onChange={(e) => setAcknowledged(e.target.checked)}
              />
              <label htmlFor={`${id}-ack`}>
                I acknowledge: {pending.acknowledgement}. Record it later: place {name} in Exceeding now; the panel cannot be
                finalised until the contribution is recorded or they are moved.
              </label>
            </div>
          </fieldset>
        ) : null}
        {problem ? (
          <p id={`${id}-problem`} className="form-problem" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={cancelPendingMove}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={sending}>
            Move to {pending.to}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
