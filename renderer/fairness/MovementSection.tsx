// Movement at moderation: per group, how many the panel moved up and down from the line manager's
// provisional marking, with the ratio flags on "moved down". Did the panel itself disadvantage a group?

import type { MovementGroup, MovementResult } from '../../shared/stats';
import { IMPACT_RULE, LIKELIHOOD_RULE, hiddenIn, numberCell, pText, percentOfRate, ratioText } from './format';
import { FlaggedValue, Sentences } from './parts';

const has = (g: MovementGroup, kind: MovementGroup['flags'][number]['kind']) => g.flags.some((f) => f.kind === kind);

function countRate(hidden: boolean, count: number | null, rate: number | null): string {
  if (hidden) return numberCell(true, count);
  if (count === null) return numberCell(false, null);
  return rate === null ? String(count) : `${count} (${percentOfRate(rate)})`;
}

interface Props {
  movement: MovementResult;
  sentences: string[];
  label: string;
  /** People whose moderated marking differs from the provisional one (from the window's own list). */
  movedCount: number;
}

export function MovementSection({ movement, sentences, label, movedCount }: Props) {
  const audience = movement.audience;
  return (
    <>
      {movement.groups.length === 0 ? (
        <p className="empty-state">Nobody has both a provisional and a moderated marking yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="fairness-table" data-testid="movement-table">
            <caption>Movement from provisional to moderated marking by {label}</caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col" className="num">People</th>
                <th scope="col" className="num">Moved up</th>
                <th scope="col" className="num">Moved down</th>
                <th scope="col" className="num">Unchanged</th>
                <th scope="col" className="num">Impact ratio (not moved down)</th>
                <th scope="col" className="num">Relative likelihood of moving down</th>
                <th scope="col" className="num">Fisher’s p (moved down)</th>
              </tr>
            </thead>
            <tbody>
              {movement.groups.map((g) => {
                const hidden = hiddenIn(audience, g);
                return (
                  <tr key={g.group}>
                    <th scope="row">
                      {g.group}
                      {!g.compared ? <span className="group-note"> (not compared)</span> : null}
                    </th>
                    <td className="num">{numberCell(hidden, g.n)}</td>
                    <td className="num">{countRate(hidden, g.moved_up, g.moved_up_rate)}</td>
                    <td className="num">{countRate(hidden, g.moved_down, g.moved_down_rate)}</td>
                    <td className="num">{numberCell(hidden, g.unchanged)}</td>
                    <td className="num">
                      <FlaggedValue
                        text={numberCell(hidden, g.not_moved_down_impact_ratio, ratioText)}
                        flagged={has(g, 'not_moved_down_impact_ratio')}
                        rule={IMPACT_RULE}
                      />
                    </td>
                    <td className="num">
                      <FlaggedValue
                        text={numberCell(hidden, g.moved_down_relative_likelihood, ratioText)}
                        flagged={has(g, 'moved_down_relative_likelihood')}
                        rule={LIKELIHOOD_RULE}
                      />
                    </td>
                    <td className="num">{numberCell(hidden, g.fisher_moved_down_p, pText)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {movedCount === 0 && movement.groups.length > 0 ? <p className="muted">The panel has not moved anyone from their provisional marking yet.</p> : null}
      <Sentences sentences={sentences} label="What the movement figures mean" />
    </>
  );
}
