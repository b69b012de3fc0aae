// A d3 stacked horizontal bar per group: the share of the group in each of the four boxes, in the grid's
// colours. The table beside it carries the same figures as text (aria-describedby), so the chart is
// a picture of the table, not the only copy of it.

import { scaleBand, scaleLinear, stack } from 'd3';
import { BOX_MARKINGS, type BoxMarking } from '../../shared/domain';
import { formatPercent } from '../../shared/stats';
import { BOX_COLOUR, SUPPRESSED_CELL } from './format';
import { useWidth } from './parts';

export interface BarRow {
  group: string;
  n: number | null;
  counts: Record<BoxMarking, number> | null;
  /** Shown as "[c]": the group is too small to show outside HR. */
  hidden: boolean;
}

interface Props {
  rows: BarRow[];
  /** Accessible name of the chart. */
  label: string;
  /** Id of the element (a table caption) that gives the same figures in words. */
  describedBy?: string;
  compact?: boolean;
}

type Shares = Record<BoxMarking, number> & { group: string };

export function StackedBars({ rows, label, describedBy, compact = false }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>(compact ? 360 : 720);
  const labelWidth = compact ? 112 : 168;
  const nWidth = compact ? 44 : 64;
  const barHeight = compact ? 18 : 24;
  const margin = { top: 4, bottom: 22 };
  const height = margin.top + margin.bottom + rows.length * (barHeight + 10);
  const x = scaleLinear().domain([0, 1]).range([labelWidth, Math.max(labelWidth + 60, width - nWidth)]);
  const y = scaleBand<string>()
    .domain(rows.map((r) => r.group))
    .range([margin.top, height - margin.bottom])
    .paddingInner(0.3);
  const shown: Shares[] = rows
    .filter((r) => !r.hidden && r.counts !== null && (r.n ?? 0) > 0)
    .map((r) => {
      const n = r.n ?? 1;
      const shares = { group: r.group } as Shares;
      for (const box of BOX_MARKINGS) shares[box] = (r.counts?.[box] ?? 0) / n;
      return shares;
    });
  const layers = stack<Shares, BoxMarking>().keys(BOX_MARKINGS)(shown);
  const countsOf = new Map(rows.map((r) => [r.group, r]));

  return (
    <div className="stacked-bars" ref={ref}>
      <svg width={width} height={height} role="img" aria-label={label} aria-describedby={describedBy} focusable="false">
        <defs>
          <pattern id="hidden-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#f3f4f5" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#b1b4b6" strokeWidth="2" />
          </pattern>
        </defs>
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t} aria-hidden="true">
            <line className="chart-gridline" x1={x(t)} x2={x(t)} y1={margin.top} y2={height - margin.bottom} />
            <text className="chart-tick" x={x(t)} y={height - 6} textAnchor="middle">
              {Math.round(t * 100)}%
            </text>
          </g>
        ))}
        {rows.map((row) => {
          const top = y(row.group) ?? 0;
          return (
            <g key={row.group}>
              <text className="chart-label" x={labelWidth - 8} y={top + y.bandwidth() / 2} dy="0.35em" textAnchor="end">
                {truncate(row.group, compact ? 14 : 22)}
              </text>
              {row.hidden ? (
                <>
                  <rect x={x(0)} y={top} width={x(1) - x(0)} height={y.bandwidth()} fill="url(#hidden-hatch)" stroke="#b1b4b6" />
                  <text className="chart-hidden" x={(x(0) + x(1)) / 2} y={top + y.bandwidth() / 2} dy="0.35em" textAnchor="middle">
                    {SUPPRESSED_CELL} too few people to show
                  </text>
                </>
              ) : null}
              <text className="chart-n" x={x(1) + 6} y={top + y.bandwidth() / 2} dy="0.35em">
                {row.hidden || row.n === null ? SUPPRESSED_CELL : `n=${row.n}`}
              </text>
            </g>
          );
        })}
        {layers.map((layer) => (
          <g key={layer.key} style={{ fill: BOX_COLOUR[layer.key] }}>
            {layer.map((segment) => {
              const group = segment.data.group;
              const top = y(group) ?? 0;
              const left = x(segment[0]);
              const segmentWidth = Math.max(0, x(segment[1]) - left);
              const row = countsOf.get(group);
              const count = row?.counts?.[layer.key] ?? 0;
              return (
                <g key={group}>
                  <rect x={left} y={top} width={segmentWidth} height={y.bandwidth()} stroke="#fff" strokeWidth={segmentWidth > 1 ? 1 : 0}>
                    <title>{`${group}, ${layer.key}: ${count} of ${row?.n ?? 0}`}</title>
                  </rect>
                  {segmentWidth >= (compact ? 30 : 36) && row?.n ? (
                    <text className="chart-segment" x={left + segmentWidth / 2} y={top + y.bandwidth() / 2} dy="0.35em" textAnchor="middle" aria-hidden="true">
                      {formatPercent(count, row.n)}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </g>
        ))}
      </svg>
    </div>
  );
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
