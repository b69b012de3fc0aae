// The department view's tables: the distribution by business unit or grade, each against the rest of the
// department with its test; and a characteristic's gap per unit beside the department's.

import { BOX_MARKINGS } from '../../shared/domain';
import type { DistributionTable, GroupGap } from '../../shared/department';
import { IMPACT_RULE, SUPPRESSED_CELL, pText, percentOfRate, ratioText } from '../fairness/format';
import { FlaggedValue } from '../fairness/parts';
import { StackedBars } from '../fairness/StackedBars';

const percent = (count: number, n: number) => (n > 0 ? `${Math.round((count * 100) / n)}%` : '–');

export function DistributionSection({ table, captionId }: { table: DistributionTable; captionId: string }) {
  const noun = table.by === 'grade' ? 'Grade' : 'Business unit';
  const rows = table.rows.map((r) => ({ group: table.by === 'grade' ? r.name : r.name, n: r.n, counts: r.counts, hidden: false }));
  return (
    <>
      <StackedBars compact rows={rows} label={`Share in each box by ${table.label}`} describedBy={captionId} />
      <div className="table-wrap">
        <table className="fairness-table fairness-table-compact department-table" data-testid={`department-by-${table.by}`}>
          <caption id={captionId}>People in each box by {table.label}, each against the rest of the department</caption>
          <thead>
            <tr>
              <th scope="col">{noun}</th>
              <th scope="col" className="num">People</th>
              {BOX_MARKINGS.map((box) => (
                <th key={box} scope="col" className="num">
                  {box}
                </th>
              ))}
              <th scope="col">Differs from the rest?</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.name} data-row={r.name}>
                <th scope="row">{r.name}</th>
                <td className="num">{r.n.toLocaleString('en-GB')}</td>
                {BOX_MARKINGS.map((box) => (
                  <td key={box} className="num">
                    {r.counts[box].toLocaleString('en-GB')} ({percent(r.counts[box], r.n)})
                  </td>
                ))}
                <td>
                  {r.p === null ? (
                    <span className="muted">Nothing to compare</span>
                  ) : r.differs ? (
                    <strong className="flag-mark">
                      <span aria-hidden="true">⚑ </span>Yes, {pText(r.p).startsWith('<') ? `p ${pText(r.p)}` : `p = ${pText(r.p)}`}
                    </strong>
                  ) : (
                    <>No (p = {pText(r.p)})</>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** One cell of the gap table: the group's impact ratio in that unit, flagged below four-fifths, or [c]. */
function GapValue({ cell }: { cell: GroupGap['department'] }) {
  if (cell.hidden) return <>{SUPPRESSED_CELL}</>;
  if (cell.impactRatio === null) return <span className="muted">{cell.n ? '–' : 'none'}</span>;
  return (
    <>
      <FlaggedValue text={ratioText(cell.impactRatio)} flagged={cell.flagged} rule={IMPACT_RULE} />
      <span className="gap-rate"> ({percentOfRate(cell.topRate ?? 0)})</span>
    </>
  );
}

export function GapsTable({ gaps, units, label }: { gaps: GroupGap[]; units: string[]; label: string }) {
  return (
    <div className="table-wrap">
      <table className="fairness-table fairness-table-compact department-table" data-testid="department-gaps">
        <caption>
          Impact ratio by {label} (top-two rate in brackets): the department, then each business unit
        </caption>
        <thead>
          <tr>
            <th scope="col">Where</th>
            {gaps.map((g) => (
              <th key={g.group} scope="col" className="num">
                {g.group}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr className="department-row">
            <th scope="row">Whole department</th>
            {gaps.map((g) => (
              <td key={g.group} className="num">
                <GapValue cell={g.department} />
              </td>
            ))}
          </tr>
          {units.map((unit, i) => (
            <tr key={unit} data-row={unit}>
              <th scope="row">{unit}</th>
              {gaps.map((g) => (
                <td key={g.group} className="num">
                  <GapValue cell={g.units[i]!} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
