// The panel record's seal on its history: the result of checking the log when the record was printed and
// the history hash, which outcome files exported at the same point carry too (their history_hash column),
// so HR can tie a printed record and an export to one history.

import { api } from '../api';
import { useLiveResult } from '../fairness/live';
import './trust.css';

export function RecordHistorySeal() {
  const check = useLiveResult('history', () => api.verifyHistory({}), 400);
  if (check.error) return <p className="form-problem">The history could not be checked: {check.error}</p>;
  const result = check.value;
  if (!result) return <p role="status">Checking the history…</p>;
  return (
    <div className={`history-check ${result.intact ? 'intact' : 'broken'}`} data-testid="record-history">
      <p>
        <strong>{result.intact ? 'History checked: intact.' : 'History checked: it does not match the panel.'}</strong> {result.summary}
      </p>
      {result.finalHash ? (
        <p>
          History hash (event #{result.finalEventId}): <span className="history-hash">{result.finalHash}</span>
        </p>
      ) : null}
      <p className="field-hint">
        An outcome file exported at the same point carries the same hash in its history_hash column; `modpanel audit &lt;panel&gt; --verify
        --hash &lt;hash&gt;` ties any such file to this panel's history.
      </p>
    </div>
  );
}
