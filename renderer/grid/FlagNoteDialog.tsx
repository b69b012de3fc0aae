// "Flag with a note…" from the Move menu: a flag in the panel's own words (para 88: borderline cases are
// identified objectively and discussed). Ctrl+Enter sets it; Escape leaves everything as it was.

import { useId, useState, type FormEvent } from 'react';
import { usePanelStore } from '../store';
import { Dialog } from '../components/Dialog';
import { submitOnCtrlEnter } from '../components/ctrlEnter';
import { useOnScreen } from '../components/projection';
import { useGridUi } from './gridUi';

export function FlagNoteDialog() {
  const staffId = useGridUi((s) => s.flagNoteFor);
  const person = usePanelStore((s) => (staffId ? s.peopleById[staffId] : undefined));
  if (!staffId || !person) return null;
  return <FlagNoteForm key={staffId} staffId={staffId} />;
}

function FlagNoteForm({ staffId }: { staffId: string }) {
  const person = usePanelStore((s) => s.peopleById[staffId])!;
  const existing = person.flags.find((f) => f.kind === 'other')?.text ?? '';
  const [text, setText] = useState(existing);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const onScreen = useOnScreen();
  const id = useId();

  const close = () => {
    useGridUi.getState().setFlagNoteFor(null);
    useGridUi.getState().requestFocus(staffId);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim() === '') {
      setProblem('Write what the flag is about: it is shown on the card and in the history.');
      return;
    }
    setSending(true);
    const result = await usePanelStore.getState().flag(staffId, 'other', text.trim());
    setSending(false);
    if (!result.ok) {
      usePanelStore.getState().clearError();
      setProblem(result.error.message);
      return;
    }
    useGridUi.getState().highlightCard(staffId);
    close();
  }

  return (
    <Dialog open onCancel={close} labelledBy={`${id}-title`}>
      <form onSubmit={submit} onKeyDown={submitOnCtrlEnter} noValidate>
        <h2 id={`${id}-title`} className="dialog-title">
          {onScreen(`Flag ${person.name} with a note`)}
        </h2>
        <div className="field">
          <label htmlFor={`${id}-text`}>What the panel should look at</label>
          <textarea id={`${id}-text`} rows={3} maxLength={2000} autoFocus value={text} onChange={(e) => setText(e.target.value)} />
          <p className="field-hint">Ctrl+Enter sets the flag.</p>
        </div>
        {problem ? (
          <p className="form-problem" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={sending}>
            Set the flag
          </button>
        </div>
      </form>
    </Dialog>
  );
}
