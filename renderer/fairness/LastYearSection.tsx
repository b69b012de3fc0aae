// Movement against last year by group (issue 8): last year's moderated marking (previous_marking_1) against
// this year's moderated one, for the characteristic the Breakdowns view shows. Informs the panel; the
// framework sets no rule across years.

import type { ApiResponses } from '../../shared/contract';
import { api } from '../api';
import { usePanelStore } from '../store';
import { hiddenIn, numberCell, percentOfRate } from './format';
import { useLiveResult } from './live';
import { Sentences } from './parts';

type Movement = ApiResponses['lastYearMovement'];

function countRate(hidden: boolean, count: number | null, n: number | null): string {
  if (hidden) return numberCell(true, count);
  if (count === null) return numberCell(false, null);
  return n ? `${count} (${percentOfRate(count / n)})` : String(count);
}

export function LastYearSection({ characteristic }: { characteristic: string }) {
  const actor = usePanelStore((s) => s.actor);
  const live = useLiveResult<Movement>(JSON.stringify(['last-year', characteristic, actor.role, actor.name]), () => api.lastYearMovement({ actor, characteristic }));
  const result = live.value && live.value.characteristic === characteristic ? live.value : null;
  if (live.error) return <p className="form-problem">The comparison with last year could not be worked out: {live.error}</p>;
  if (!result) return <p role="status">Working out the comparison with last year…</p>;
  if (result.withLastYear === 0) {
    return (
      <p className="empty-state">
        No one here has a marking from last year. Import it with the optional previous_marking_1 column, or from last year’s outcome file
        (modpanel import-previous).
      </p>
    );
  }
  const { movement } = result;
  return (
    <>
      <div className="table-wrap">
        <table className="fairness-table" data-testid="last-year-table">
          <caption>This year’s moderated marking against last year’s, by {result.characteristicLabel}</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col" className="num">People</th>
              <th scope="col" className="num">Higher than last year</th>
              <th scope="col" className="num">Lower than last year</th>
              <th scope="col" className="num">Same box</th>
            </tr>
          </thead>
          <tbody>
            {movement.groups.map((g) => {
              const hidden = hiddenIn(movement.audience, g);
              return (
                <tr key={g.group}>
                  <th scope="row">
                    {g.group}
                    {!g.compared ? <span className="group-note"> (not compared)</span> : null}
                  </th>
                  <td className="num">{numberCell(hidden, g.n)}</td>
                  <td className="num">{countRate(hidden, g.moved_up, g.n)}</td>
                  <td className="num">{countRate(hidden, g.moved_down, g.n)}</td>
                  <td className="num">{numberCell(hidden, g.unchanged)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Sentences sentences={result.explanations} label="What the comparison with last year means" />
    </>
  );
}
