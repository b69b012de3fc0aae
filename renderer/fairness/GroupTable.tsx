// A table of figures per group (movement at moderation, discussion time, last year, mid-year): each row
// headed by its group, "(not compared)" where the group is not compared, and its figures shown as [c] in
// the room's copy when the group is small (format.ts hiddenIn).

import type { ReactNode } from 'react';
import { hiddenIn, numberCell, percentOfRate } from './format';

export interface GroupRow {
  group: string;
  compared: boolean;
  suppressed: boolean;
}

export interface GroupColumn<G> {
  header: string;
  /** The cell's content; `hidden` when the group's figures are [c] in this copy. */
  cell(group: G, hidden: boolean): ReactNode;
}

export function GroupTable<G extends GroupRow>({
  testId,
  caption,
  audience,
  groups,
  columns,
}: {
  testId: string;
  caption: string;
  audience: 'hr' | 'shared';
  groups: readonly G[];
  columns: readonly GroupColumn<G>[];
}) {
  return (
    <div className="table-wrap">
      <table className="fairness-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            {columns.map((column) => (
              <th key={column.header} scope="col" className="num">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const hidden = hiddenIn(audience, g);
            return (
              <tr key={g.group}>
                <th scope="row">
                  {g.group}
                  {!g.compared ? <span className="group-note"> (not compared)</span> : null}
                </th>
                {columns.map((column) => (
                  <td key={column.header} className="num">
                    {column.cell(g, hidden)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** "5 (14%)", the count alone when there is no rate, or [c]. */
export function countRate(hidden: boolean, count: number | null, rate: number | null): string {
  if (hidden) return numberCell(true, count);
  if (count === null) return numberCell(false, null);
  return rate === null ? String(count) : `${count} (${percentOfRate(rate)})`;
}
