// How the overall panel is protected: it gathers every unit's special-category data, so it is encrypted with a
// passphrase typed twice unless HR explicitly chooses not to, as a new panel from HR's file is (trust/UnlockScreen).
// Where a unit panel is encrypted, its passphrase box in the merge dialog does this job instead.

import { useId } from 'react';

export interface OverallProtection {
  passphrase: string;
  confirm: string;
  noEncryption: boolean;
}

export const NO_PROTECTION_CHOSEN = 'Choose a passphrase for the overall panel, or choose explicitly not to encrypt it.';
export const PASSPHRASES_DIFFER = 'The two passphrases differ: type the same passphrase in both boxes.';

/** What stops the overall panel being made as chosen; null when the choice is complete. */
export function protectionProblem(choice: OverallProtection): string | null {
  if (choice.noEncryption) return null;
  if (choice.passphrase === '') return NO_PROTECTION_CHOSEN;
  if (choice.passphrase !== choice.confirm) return PASSPHRASES_DIFFER;
  return null;
}

export function ProtectOverall(props: {
  choice: OverallProtection;
  problem: string | null;
  disabled: boolean;
  onChange: (choice: OverallProtection) => void;
}) {
  const ids = useId();
  const { choice, onChange } = props;
  return (
    <fieldset className="merge-protect" aria-describedby={props.problem ? `${ids}-problem` : undefined}>
      <legend className="mp-subheading">Protect the overall panel</legend>
      <p className="merge-protect-why">It holds special-category data about everyone in the unit panels, so it is encrypted. There is no recovery without the passphrase.</p>
      {!choice.noEncryption ? (
        <>
          <div className="mp-field merge-passphrase">
            <label className="mp-field__label" htmlFor={`${ids}-key`}>
              Passphrase for the overall panel
            </label>
            <input
              id={`${ids}-key`}
              type="password"
              autoComplete="new-password"
              className="mp-input"
              value={choice.passphrase}
              disabled={props.disabled}
              onChange={(event) => onChange({ ...choice, passphrase: event.target.value })}
            />
          </div>
          <div className="mp-field merge-passphrase">
            <label className="mp-field__label" htmlFor={`${ids}-again`}>
              The same passphrase again
            </label>
            <input
              id={`${ids}-again`}
              type="password"
              autoComplete="new-password"
              className="mp-input"
              value={choice.confirm}
              disabled={props.disabled}
              onChange={(event) => onChange({ ...choice, confirm: event.target.value })}
            />
          </div>
        </>
      ) : null}
      <label className="mp-check">
        <input type="checkbox" checked={choice.noEncryption} disabled={props.disabled} onChange={(event) => onChange({ ...choice, noEncryption: event.target.checked })} />
        Do not encrypt the overall panel (not recommended: anyone who gets the file can read everything in it, and the title bar will say “Not encrypted”)
      </label>
      {props.problem ? (
        <p id={`${ids}-problem`} className="mp-message mp-message--error" role="alert">
          {props.problem}
        </p>
      ) : null}
    </fieldset>
  );
}
