// The distribution against the guidance curve (largest share in Achieving, about 5% Partially Met), for
// the whole panel and for each grade: small d3 column charts with the guidance marked, the same
// figures in a table, and the advisory notes. Advisory only: nothing here is enforced.

import { useId } from 'react';
import { scaleBand, scaleLinear } from 'd3';
import { BOX_MARKINGS, type BoxMarking } from '../../shared/domain';
import type { GuidanceComparison } from '../../shared/stats';
import { formatPercent } from '../../shared/stats';
import { BOX_COLOUR } from './format';

const EXPECTED_PM = 5;
const PM_BAND = { low: 2.5, high: 7.5 };
const SHORT: Record<BoxMarking, [string, string]> = {
  Exceeding: ['Exceeding', ''],
  'High Performing': ['High', 'Performing'],
  Achieving: ['Achieving', ''],
  'Partially Met': ['Partially', 'Met'],
};

export interface GuidanceBlock {
  title: string;
  comparison: GuidanceComparison;
}

function percentText(comparison: GuidanceComparison, box: BoxMarking): string {
  if (comparison.n === 0) return '–';
  return formatPercent(Math.round((comparison.percent[box] * comparison.n) / 100), comparison.n);
}

function GuidanceChart({ block, describedBy }: { block: GuidanceBlock; describedBy: string }) {
  const width = 260;
  const height = 170;
  const margin = { top: 22, right: 8, bottom: 34, left: 30 };
  const { comparison } = block;
  const highest = Math.max(...BOX_MARKINGS.map((b) => comparison.percent[b]));
  const top = Math.max(60, Math.ceil(highest / 10) * 10);
  const x = scaleBand<BoxMarking>().domain([...BOX_MARKINGS]).range([margin.left, width - margin.right]).padding(0.25);
  const y = scaleLinear().domain([0, top]).range([height - margin.bottom, margin.top]);
  const pmX = x('Partially Met') ?? 0;
  return (
    <figure className="guidance-chart">
      <figcaption>
        {block.title} <span className="muted">({comparison.n} {comparison.n === 1 ? 'person' : 'people'})</span>
      </figcaption>
      <svg width={width} height={height} role="img" aria-label={`${block.title}: share in each box beside the guidance`} aria-describedby={describedBy} focusable="false">
        {[0, top / 2, top].map((t) => (
          <g key={t}>
            <line className="chart-gridline" x1={margin.left} x2={width - margin.right} y1={y(t)} y2={y(t)} />
            <text className="chart-tick" x={margin.left - 4} y={y(t)} dy="0.35em" textAnchor="end">
              {t}%
            </text>
          </g>
        ))}
        <rect className="guidance-band" x={pmX - 4} width={x.bandwidth() + 8} y={y(PM_BAND.high)} height={y(PM_BAND.low) - y(PM_BAND.high)} />
        {BOX_MARKINGS.map((box) => {
          const left = x(box) ?? 0;
          const value = comparison.percent[box];
          return (
            <g key={box}>
              <rect x={left} y={y(value)} width={x.bandwidth()} height={y(0) - y(value)} style={{ fill: BOX_COLOUR[box] }} />
              <text className="chart-value" x={left + x.bandwidth() / 2} y={y(value) - 4} textAnchor="middle">
                {percentText(comparison, box)}
              </text>
              <text className="chart-tick" x={left + x.bandwidth() / 2} y={height - margin.bottom + 12} textAnchor="middle">
                <tspan>{SHORT[box][0]}</tspan>
                {SHORT[box][1] ? (
                  <tspan x={left + x.bandwidth() / 2} dy="1.1em">
                    {SHORT[box][1]}
                  </tspan>
                ) : null}
              </text>
            </g>
          );
        })}
        <line className="guidance-line" x1={pmX - 6} x2={pmX + x.bandwidth() + 6} y1={y(EXPECTED_PM)} y2={y(EXPECTED_PM)} />
        <text className="guidance-label" x={(x('Achieving') ?? 0) + x.bandwidth() / 2} y={margin.top - 10} textAnchor="middle">
          largest expected
        </text>
      </svg>
    </figure>
  );
}

export function GuidanceSection({ blocks }: { blocks: GuidanceBlock[] }) {
  const captionId = useId();
  return (
    <>
      <p className="muted">
        The framework expects the largest share in Achieving and roughly 5% in Partially Met. This is guidance, not a
        quota: there is no forced distribution and no marking is changed to fit it (para 81).
      </p>
      <p className="guidance-key">
        <span className="guidance-key-band" aria-hidden="true" /> Dashed line on Partially Met: roughly 5% expected (paras 19, 80).
        The shaded 2.5%–7.5% band is this tool’s suggestion of where to look, not the framework’s. “Largest expected” marks Achieving.
      </p>
      <div className="guidance-charts">
        {blocks.map((block) => (
          <GuidanceChart key={block.title} block={block} describedBy={captionId} />
        ))}
      </div>
      <div className="table-wrap">
        <table className="fairness-table" data-testid="guidance-table">
          <caption id={captionId}>Distribution against the guidance, overall and by grade</caption>
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col" className="num">People</th>
              {BOX_MARKINGS.map((box) => (
                <th key={box} scope="col" className="num">
                  {box}
                </th>
              ))}
              <th scope="col">Against the guidance</th>
            </tr>
          </thead>
          <tbody>
            {blocks.map((block) => (
              <tr key={block.title}>
                <th scope="row">{block.title}</th>
                <td className="num">{block.comparison.n}</td>
                {BOX_MARKINGS.map((box) => (
                  <td key={box} className="num">
                    {percentText(block.comparison, box)}
                  </td>
                ))}
                <td>{block.comparison.notes.length === 0 ? 'In line with the guidance.' : block.comparison.notes.join(' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
