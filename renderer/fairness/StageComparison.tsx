// Two stages of the same characteristic side by side (provisional against moderated; mid-year against
// end-year): a compact bar chart and the top-two and Partially Met shares for each group at each stage.

import { useId } from 'react';
import type { BreakdownResult } from '../../shared/stats';
import { hiddenIn, numberCell, percentOfRate } from './format';
import { StackedBars, type BarRow } from './StackedBars';

export interface StageSide {
  title: string;
  breakdown: BreakdownResult;
}

export function barRows(breakdown: BreakdownResult): BarRow[] {
  return breakdown.groups.map((g) => ({ group: g.group, n: g.n, counts: g.counts, hidden: hiddenIn(breakdown.audience, g) }));
}

function Side({ side, label }: { side: StageSide; label: string }) {
  const captionId = useId();
  const { breakdown } = side;
  return (
    <div className="stage-side">
      <h4>{side.title}</h4>
      {breakdown.population === 0 ? (
        <p className="empty-state">No one has a marking at this stage.</p>
      ) : (
        <>
          <StackedBars compact rows={barRows(breakdown)} label={`${side.title}: share in each box by ${label}`} describedBy={captionId} />
          <div className="table-wrap">
            <table className="fairness-table fairness-table-compact">
              <caption id={captionId}>
                {side.title}: top two boxes and Partially Met by {label}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col" className="num">People</th>
                  <th scope="col" className="num">Top two</th>
                  <th scope="col" className="num">Partially Met</th>
                </tr>
              </thead>
              <tbody>
                {breakdown.groups.map((g) => {
                  const hidden = hiddenIn(breakdown.audience, g);
                  return (
                    <tr key={g.group}>
                      <th scope="row">{g.group}</th>
                      <td className="num">{numberCell(hidden, g.n)}</td>
                      <td className="num">{numberCell(hidden, g.top_rate, percentOfRate)}</td>
                      <td className="num">{numberCell(hidden, g.bottom_rate, percentOfRate)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

export function StageComparison({ left, right, label }: { left: StageSide; right: StageSide; label: string }) {
  return (
    <div className="stage-comparison">
      <Side side={left} label={label} />
      <Side side={right} label={label} />
    </div>
  );
}
