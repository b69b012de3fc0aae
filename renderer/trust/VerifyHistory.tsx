// The History view's "Verify history": checks that every event is linked to the one before (SHA-256) and
// that everyone's markings, annotations and flags equal the replay of the log, then says so — or names the
// first broken event or the first person whose state disagrees.

import { useState } from 'react';
import { shortHash, type HistoryVerification } from '../../shared/historyVerification';
import { api } from '../api';
import { usePanelStore } from '../store';
import './trust.css';

export function VerifyHistoryButton({ onResult }: { onResult(result: HistoryVerification | string): void }) {
  const [busy, setBusy] = useState(false);
  const announce = usePanelStore((s) => s.announce);
  return (
    <button
      type="button"
      className="mp-button mp-button--secondary"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void api.verifyHistory({}).then((result) => {
          setBusy(false);
          const outcome = result.ok ? result.value : `The history could not be checked: ${result.error.message}`;
          onResult(outcome);
          announce(typeof outcome === 'string' ? outcome : outcome.summary);
        });
      }}
    >
      {busy ? 'Checking the history…' : 'Verify history'}
    </button>
  );
}

export function HistoryCheck({ result, onClose }: { result: HistoryVerification | string; onClose(): void }) {
  if (typeof result === 'string') {
    return (
      <div className="history-check broken" role="alert">
        <p>{result}</p>
      </div>
    );
  }
  const when = new Date(result.checkedAt).toLocaleString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <section className={`history-check ${result.intact ? 'intact' : 'broken'}`} aria-labelledby="history-check-title" data-testid="history-check">
      <h3 id="history-check-title">{result.intact ? 'The history is intact' : 'The history does not match the panel'}</h3>
      <p>{result.summary}</p>
      {result.problems.length > 1 ? (
        <ul>
          {result.problems.slice(1, 6).map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
          {result.problemCount > 6 ? <li>… and {result.problemCount - 6} more (modpanel audit --verify lists them)</li> : null}
        </ul>
      ) : null}
      {!result.intact ? (
        <p>
          Someone may have changed the panel file outside the app. Keep this file as it is and tell HR: the backups beside it, and any
          exported outcome file (its history_hash), show what it held before.
        </p>
      ) : null}
      {result.finalHash ? (
        <p>
          History hash <span className="history-hash" title={result.finalHash}>{shortHash(result.finalHash)}…</span> (event #{result.finalEventId}), checked at {when}.
          Outcome files exported now carry it.
        </p>
      ) : null}
      <button type="button" className="button button-quiet button-small" onClick={onClose}>
        Hide
      </button>
    </section>
  );
}
