// The breakdowns in the panel record: for each characteristic, the shared (suppressed) copy at the
// moderated stage as one compact table, followed by its notes in plain sentences.

import { BOX_MARKINGS } from '../../shared/domain';
import type { BreakdownGroup } from '../../shared/stats';
import { capitalise, countAndPercent, hiddenIn, numberCell, percentOfRate, ratioText } from '../fairness/format';
import type { Report } from './useRecordData';

const flagged = (g: BreakdownGroup, kind: BreakdownGroup['flags'][number]['kind']) => g.flags.some((f) => f.kind === kind);
const withFlag = (text: string, on: boolean) => (on ? `${text} ⚑ flagged` : text);

function RecordBreakdown({ report }: { report: Report }) {
  const { breakdown } = report;
  const label = capitalise(report.characteristicLabel);
  const audience = breakdown.audience;
  // What is withheld and why is said once for the whole section, not after every table.
  const withheld = new Set([...breakdown.withheld, ...report.movement.withheld]);
  const movementNotes = report.movementExplanations.filter((s) => !withheld.has(s) && !report.explanations.includes(s));
  const notes = [
    ...report.explanations.filter((s) => !withheld.has(s)),
    ...movementNotes.map((s) => `Movement at moderation: ${s}`),
    ...(withheld.size > 0 ? ['Some figures are withheld here because of small groups (see the note at the start of this section).'] : []),
  ];
  return (
    <section className="record-breakdown" aria-labelledby={`record-bd-${report.characteristic}`}>
      <h3 id={`record-bd-${report.characteristic}`}>{label}</h3>
      <table className="record-table record-table-compact">
        <caption className="sr-only">{label}: moderated markings by group</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" className="num">People</th>
            {BOX_MARKINGS.map((box) => (
              <th key={box} scope="col" className="num">
                {box}
              </th>
            ))}
            <th scope="col" className="num">Top two</th>
            <th scope="col" className="num">Impact ratio</th>
            <th scope="col" className="num">Likelihood (top two)</th>
            <th scope="col" className="num">Likelihood (Partially Met)</th>
          </tr>
        </thead>
        <tbody>
          {breakdown.groups.map((g) => {
            const hidden = hiddenIn(audience, g);
            return (
              <tr key={g.group}>
                <th scope="row">
                  {g.group}
                  {!g.compared ? <span className="record-muted"> (not compared)</span> : null}
                </th>
                <td className="num">{numberCell(hidden, g.n)}</td>
                {BOX_MARKINGS.map((box) => (
                  <td key={box} className="num">
                    {countAndPercent(audience, g, box)}
                  </td>
                ))}
                <td className="num">{numberCell(hidden, g.top_rate, percentOfRate)}</td>
                <td className="num">{withFlag(numberCell(hidden, g.top_impact_ratio, ratioText), flagged(g, 'top_impact_ratio'))}</td>
                <td className="num">{withFlag(numberCell(hidden, g.top_relative_likelihood, ratioText), flagged(g, 'top_relative_likelihood'))}</td>
                <td className="num">{withFlag(numberCell(hidden, g.bottom_relative_likelihood, ratioText), flagged(g, 'bottom_relative_likelihood'))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {notes.length > 0 ? (
        <ul className="record-notes" aria-label={`Notes on ${report.characteristicLabel}`}>
          {notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function RecordBreakdowns({ reports }: { reports: Report[] }) {
  const threshold = reports[0]?.threshold ?? 5;
  const withheld = [...new Set(reports.flatMap((r) => [...r.breakdown.withheld, ...r.movement.withheld]))];
  return (
    <>
      <p className="record-note">
        Moderated markings by group, as the panel may share them: groups of fewer than {threshold} people show [c], and so does any
        figure that would reveal them. Impact ratios below 0.80 and relative likelihoods outside 0.80–1.25 are marked “⚑ flagged”.
        Percentages are rounded half up to whole numbers.
      </p>
      {withheld.length > 0 ? (
        <ul className="record-notes" aria-label="What is withheld and why">
          {withheld.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      {reports.map((report) => (
        <RecordBreakdown key={report.characteristic} report={report} />
      ))}
    </>
  );
}
