// The grid's fairness check: the current flags across every characteristic at the moderated stage, from
// the shared copy, naming groups and never individuals. Refreshed after each change.

import { useId } from 'react';
import { api } from '../api';
import { useLiveResult } from './live';
import { usePanelStore } from '../store';
import './fairness.css';
import './aside.css';

export default function FairnessCheck() {
  const titleId = useId();
  const setView = usePanelStore((s) => s.setView);
  // Every characteristic at once is the heaviest question the window asks, so let bursts of moves settle.
  const flags = useLiveResult('fairness-flags', () => api.fairnessFlags({}), 250);
  const lines = flags.value;
  return (
    <section className="grid-aside fairness-check" aria-labelledby={titleId} data-testid="fairness-check">
      <div className="aside-head">
        <h2 id={titleId}>
          Fairness check{lines && lines.length > 0 ? <span className="aside-count"> ({lines.length})</span> : null}
        </h2>
        <button type="button" className="button button-small button-quiet chrome" onClick={() => setView('breakdowns')}>
          Open breakdowns
        </button>
      </div>
      <p className="aside-hint">Moderated markings by group: impact ratios below 0.80 and relative likelihoods outside 0.80–1.25. Groups only, never people.</p>
      {flags.error ? (
        <p className="form-problem">The fairness check could not be worked out: {flags.error}</p>
      ) : lines === null ? (
        <p className="muted">Checking…</p>
      ) : lines.length === 0 ? (
        <p className="empty-state" data-testid="fairness-empty">
          No fairness flags at the moment.
        </p>
      ) : (
        <ul className="fairness-flags">
          {lines.map((line) => (
            <li key={line}>
              <span className="flag-mark" aria-hidden="true">
                ⚑
              </span>{' '}
              {line}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
