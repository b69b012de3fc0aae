// A person's notes, oldest first, and a form to add one (recorded with who wrote it and their role).

import { useId, useState, type FormEvent } from 'react';
import type { Note } from '../../shared/domain';
import { may } from '../../shared/roles';
import { usePanelStore } from '../store';

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** `hideText`: on the projector with names as initials, notes are counted but not shown unless the chair shows them. */
export function NotesSection({ staffId, notes, readOnly, hideText = false }: { staffId: string; notes: Note[]; readOnly: boolean; hideText?: boolean }) {
  const addNote = usePanelStore((s) => s.addNote);
  // Who may add notes is the service's table (shared/roles.ts): an observer or HR reads them.
  const mayNote = usePanelStore((s) => may(s.actor.role, 'note'));
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim() === '') {
      setProblem('Write the note first.');
      return;
    }
    setBusy(true);
    const result = await addNote(staffId, text);
    setBusy(false);
    if (result.ok) {
      setText('');
      setProblem(null);
    } else setProblem(result.error.message);
  }

  return (
    <section className="person-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Notes</h3>
      {notes.length === 0 ? <p className="muted">No notes yet.</p> : null}
      {hideText && notes.length > 0 ? (
        <p className="muted">
          {notes.length} {notes.length === 1 ? 'note' : 'notes'}, hidden on the projector.
        </p>
      ) : null}
      <ul className="notes" hidden={hideText}>
        {notes.map((note) => (
          <li key={note.id} className="note">
            <p className="note-text">{note.text}</p>
            <p className="note-meta">
              {note.author} ({note.role}), {when(note.createdAt)}
            </p>
          </li>
        ))}
      </ul>
      {readOnly ? null : !mayNote ? (
        <p className="field-hint">Notes are added by the panel chair, panel members and the finance partner.</p>
      ) : (
        <form onSubmit={submit} className="note-form" noValidate>
          <label htmlFor={`${id}-text`}>Add a note</label>
          <textarea id={`${id}-text`} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
          {problem ? (
            <p className="form-problem" role="alert">
              {problem}
            </p>
          ) : null}
          <button type="submit" className="button button-small" disabled={busy}>
            Add note
          </button>
        </form>
      )}
    </section>
  );
}

export { when };
