// Setting and clearing a person's flags: borderline up, borderline down, discuss, and "other" with
// free text (para 88: borderline cases are identified and discussed).

import { useId, useState } from 'react';
import { FLAG_KINDS, FLAG_LABELS, type FlagKind, type Person } from '../../shared/domain';
import { may } from '../../shared/roles';
import { usePanelStore } from '../store';

export function FlagEditor({ person, readOnly }: { person: Person; readOnly: boolean }) {
  const flag = usePanelStore((s) => s.flag);
  const unflag = usePanelStore((s) => s.unflag);
  // Who may flag is the service's table (shared/roles.ts): anyone else sees the flags but cannot change them.
  const mayFlag = usePanelStore((s) => may(s.actor.role, 'flag'));
  const other = person.flags.find((f) => f.kind === 'other');
  const [otherText, setOtherText] = useState(other?.text ?? '');
  const [busy, setBusy] = useState(false);
  // The box just ticked or cleared shows it at once; the panel's answer then decides (a refusal puts it back).
  const [pending, setPending] = useState<{ kind: FlagKind; on: boolean } | null>(null);
  const id = useId();
  const has = (kind: FlagKind) => (pending?.kind === kind ? pending.on : person.flags.some((f) => f.kind === kind));

  async function toggle(kind: FlagKind, on: boolean) {
    setBusy(true);
    setPending({ kind, on });
    if (on) await flag(person.staffId, kind, kind === 'other' ? otherText.trim() : '');
    else await unflag(person.staffId, kind);
    setPending(null);
    setBusy(false);
  }

  return (
    <fieldset className="flag-editor" disabled={readOnly || busy || !mayFlag}>
      <legend>Flags</legend>
      {!mayFlag && !readOnly ? <p className="field-hint">Only the panel chair or a panel member sets flags.</p> : null}
      {FLAG_KINDS.filter((k) => k !== 'other').map((kind) => (
        <div className="field field-check" key={kind}>
          <input id={`${id}-${kind}`} type="checkbox" checked={has(kind)} onChange={(e) => void toggle(kind, e.target.checked)} />
          <label htmlFor={`${id}-${kind}`}>{FLAG_LABELS[kind]}</label>
        </div>
      ))}
      <div className="flag-other">
        <label htmlFor={`${id}-other`}>Other flag (free text)</label>
        <div className="inline-form">
          <input id={`${id}-other`} type="text" value={otherText} maxLength={2000} onChange={(e) => setOtherText(e.target.value)} />
          <button type="button" className="button button-small" disabled={otherText.trim() === ''} onClick={() => void toggle('other', true)}>
            {other ? 'Update' : 'Set'}
          </button>
          {other ? (
            <button type="button" className="button button-small button-quiet" onClick={() => void toggle('other', false)}>
              Clear<span className="sr-only"> other flag</span>
            </button>
          ) : null}
        </div>
        {other ? <p className="field-hint">Current: {other.text}</p> : null}
      </div>
    </fieldset>
  );
}
