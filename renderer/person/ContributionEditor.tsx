// The corporate contribution (paras 18, 34): Exceeding needs a significant contribution beyond the business
// unit. HR's file may show one; otherwise the chair records the one the panel saw (audited, undoable).

import { useId, useState, type FormEvent } from 'react';
import type { Person } from '../../shared/domain';
import { hasCorporateContribution } from '../../shared/rules';
import { usePanelStore } from '../store';
import { initialsOnScreen, shownName } from '../components/projection';

export function ContributionEditor({ person, readOnly }: { person: Person; readOnly: boolean }) {
  const recordContribution = usePanelStore((s) => s.recordContribution);
  const recorded = person.corporateContributionEvidence ?? '';
  const [text, setText] = useState(recorded);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const missing = person.moderatedMarking === 'Exceeding' && !hasCorporateContribution(person);
  const name = shownName(person, usePanelStore(initialsOnScreen));

  async function save(next: string) {
    setBusy(true);
    const result = await recordContribution(person.staffId, next);
    setBusy(false);
    if (result.ok) {
      setProblem(null);
      setText(next);
    } else setProblem(result.error.message);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim() === '') {
      setProblem('Describe the contribution the panel saw first.');
      return;
    }
    void save(text.trim());
  }

  return (
    <section className="person-section contribution" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Corporate contribution (para 34)</h3>
      <p className="muted">
        Exceeding needs a significant corporate contribution beyond the business unit: staff “must demonstrate” one “to be eligible”.
      </p>
      {person.corporateContribution ? <p>HR’s file shows a significant corporate contribution beyond the business unit.</p> : null}
      {recorded ? (
        <div className="contribution-recorded">
          <p className="contribution-label">Recorded by the panel</p>
          <p className="contribution-text" data-testid="contribution-recorded">
            {recorded}
          </p>
        </div>
      ) : !person.corporateContribution ? (
        <p>None recorded.</p>
      ) : null}
      {missing ? (
        <p className="contribution-missing" role="note">
          {name} is in Exceeding with no contribution evidenced: the panel cannot be finalised until the panel records the
          contribution it saw, or moves them.
        </p>
      ) : null}
      {readOnly ? null : (
        <form onSubmit={submit} className="note-form" noValidate>
          <label htmlFor={`${id}-text`}>{recorded ? 'Change the contribution the panel saw' : 'Contribution beyond the business unit that the panel saw'}</label>
          <textarea id={`${id}-text`} rows={3} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
          <p className="field-hint">What they did, for whom, beyond their own unit. It goes in the outcome file and the history.</p>
          {problem ? (
            <p className="form-problem" role="alert">
              {problem}
            </p>
          ) : null}
          <div className="inline-actions">
            <button type="submit" className="button button-small" disabled={busy || text.trim() === recorded}>
              {recorded ? 'Update contribution' : 'Record contribution'}
            </button>
            {recorded ? (
              <button type="button" className="button button-small button-quiet" disabled={busy} onClick={() => void save('')}>
                Clear contribution
              </button>
            ) : null}
          </div>
        </form>
      )}
    </section>
  );
}
