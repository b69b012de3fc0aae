// The finance partner's inline editors: the objective select and the resource-management note, both
// saved through the store (so the service records them in the audit log). Read-only once finalised.

import { createContext, useContext, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { FINANCE_OBJECTIVES, type FinanceObjective, type Person } from '../../shared/domain';
import { breaksFinanceRule } from '../../shared/rules';

export interface FinanceEditing {
  readOnly: boolean;
  /** Saves both fields together (the contract takes them as one annotation); resolves true when saved. */
  save(person: Person, objective: FinanceObjective, note: string): Promise<boolean>;
}

export const FinanceEditContext = createContext<FinanceEditing>({ readOnly: true, save: async () => false });

export const CHAIR_REVIEW_TEXT = 'Not met above Achieving — chair to review';

/** Finance Not met while the person sits above Achieving: the chair must look again (Annex D 4.a). */
export function needsChairReview(person: Pick<Person, 'financeObjective' | 'moderatedMarking'>): boolean {
  return breaksFinanceRule(person.financeObjective, person.moderatedMarking);
}

export function FinanceObjectiveCell({ person }: { person: Person }) {
  const { readOnly, save } = useContext(FinanceEditContext);
  const review = needsChairReview(person);
  return (
    <div className="mp-finance-cell">
      <select
        className="mp-input"
        aria-label={`Finance objective for ${person.name}`}
        value={person.financeObjective}
        disabled={readOnly}
        onChange={(event) => void save(person, event.target.value as FinanceObjective, person.financeNote)}
      >
        {FINANCE_OBJECTIVES.map((objective) => (
          <option key={objective} value={objective}>
            {objective}
          </option>
        ))}
      </select>
      {review ? (
        <span className="mp-badge mp-badge--review">
          <span aria-hidden="true">⚠ </span>
          {CHAIR_REVIEW_TEXT}
        </span>
      ) : null}
    </div>
  );
}

export function FinanceNoteCell({ person }: { person: Person }) {
  const { readOnly, save } = useContext(FinanceEditContext);
  const [draft, setDraft] = useState(person.financeNote);
  // A change from elsewhere (undo, another view) replaces the draft unless the person is typing.
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(person.financeNote);
  }, [person.financeNote, editing]);

  // Enter then blur would otherwise save the same text twice while the first save is in flight.
  const inFlight = useRef<string | null>(null);

  async function commit(): Promise<void> {
    setEditing(false);
    const next = draft.trim();
    if (readOnly || next === person.financeNote.trim() || next === inFlight.current) return;
    inFlight.current = next;
    const saved = await save(person, person.financeObjective, next);
    inFlight.current = null;
    if (!saved) setDraft(person.financeNote);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      void commit();
    } else if (event.key === 'Escape') {
      setDraft(person.financeNote);
      setEditing(false);
    }
  }

  return (
    <input
      type="text"
      className="mp-input mp-note-input"
      aria-label={`Resource management note for ${person.name}`}
      value={draft}
      readOnly={readOnly}
      aria-readonly={readOnly || undefined}
      maxLength={4000}
      placeholder={readOnly ? '' : 'Add a note'}
      onFocus={() => setEditing(true)}
      onChange={(event) => {
        setEditing(true);
        setDraft(event.target.value);
      }}
      onBlur={() => void commit()}
      onKeyDown={onKeyDown}
    />
  );
}
