// The grid's fairness check: at the moderated stage, from the shared copy, only differences adverse to a
// group, each in words, flagged when they pass the stated test and "worth watching" otherwise. Groups, never
// people. From the room's copy, which changes only when HR shares it (so no single move shows anyone's
// group), and it says so; asked for again after each change. Every statistic stays in the Breakdowns view.

import { useId } from 'react';
import type { RoomFairness, RoomFinding } from '../../shared/fairness';
import { api } from '../api';
import { useLiveResult } from './live';
import { usePanelStore } from '../store';
import { sharedWhen } from '../roles/RoomCopyNote';
import './fairness.css';
import './aside.css';

function Findings({ findings, kind }: { findings: RoomFinding[]; kind: 'flagged' | 'watching' }) {
  return (
    <ul className={`fairness-flags fairness-${kind}`}>
      {findings.map((finding) => (
        <li key={`${finding.characteristic}:${finding.sentence}`}>
          <span className="flag-mark" aria-hidden="true">
            {kind === 'flagged' ? '⚑' : '◔'}
          </span>{' '}
          <span className="finding-sentence">{finding.sentence}</span> <span className="finding-detail">{finding.detail}</span>
        </li>
      ))}
    </ul>
  );
}

export default function FairnessCheck() {
  const titleId = useId();
  const setView = usePanelStore((s) => s.setView);
  // Every characteristic at once is the heaviest question the window asks, so let bursts of moves settle.
  const flags = useLiveResult<RoomFairness>('fairness-flags', () => api.fairnessFlags({}), 250);
  const room = flags.value;
  return (
    <section className="grid-aside fairness-check" aria-labelledby={titleId} data-testid="fairness-check">
      <div className="aside-head">
        <h2 id={titleId}>
          Fairness check{room && room.flagged.length > 0 ? <span className="aside-count"> ({room.flagged.length} flagged)</span> : null}
        </h2>
        <button type="button" className="button button-small button-quiet chrome" onClick={() => setView('breakdowns')}>
          Every figure in Breakdowns
        </button>
      </div>
      {flags.error ? (
        <p className="form-problem">The fairness check could not be worked out: {flags.error}</p>
      ) : room === null ? (
        <p className="muted">Checking…</p>
      ) : (
        <>
          {room.flagged.length === 0 ? (
            <p className="empty-state" data-testid="fairness-empty">
              No difference adverse to a group passes the test at the moment.
            </p>
          ) : (
            <Findings findings={room.flagged} kind="flagged" />
          )}
          {room.watching.length > 0 ? (
            <details className="fairness-watching-list" data-testid="fairness-watching">
              <summary>Worth watching ({room.watching.length})</summary>
              <Findings findings={room.watching} kind="watching" />
            </details>
          ) : null}
          <p className="aside-hint" data-testid="fairness-test">
            {room.test} Moderated markings by group, groups of fewer than the small-number threshold left out, never a person.
          </p>
          {room.sharedAt !== undefined ? (
            <p className="aside-hint" data-testid="fairness-copy">
              {room.sharedAt
                ? `Not live: the room’s copy, as HR shared it on ${sharedWhen(room.sharedAt)}. It changes when HR shares again.`
                : 'Not live: the panel as imported, until HR shares the panel with the room.'}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
