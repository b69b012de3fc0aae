// The parts of the panel record other than the breakdowns: the panel's details, the distribution
// before and after moderation, every change with its reason, and the sign-off block.

import { BOX_MARKINGS, HIGH_PERFORMING_AWARD_LABELS, PANEL_STAGE_LABELS, type BoxMarking, type Panel, type Person } from '../../shared/domain';
import { performanceYearLabel } from '../../shared/rules';
import { formatPercent } from '../../shared/stats';
import type { RecordedMove } from './useRecordData';

export function dateText(iso: string | null, withTime = true): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  });
}

export function PanelDetails({ panel, fileName, people }: { panel: Panel; fileName: string; people: Person[] }) {
  const eligible = people.filter((p) => p.eligible).length;
  const rows: [string, string][] = [
    ['Panel', panel.name],
    ['Business unit', panel.businessUnit || 'Not given'],
    ['Performance year', performanceYearLabel(panel.performanceYear)],
    ['Stage', PANEL_STAGE_LABELS[panel.stage]],
    ['Status', panel.status === 'finalised' ? `Finalised ${dateText(panel.finalisedAt)} by ${panel.finalisedBy ?? 'the chair'}` : 'Open: the outcome may still change'],
    [
      'People',
      `${people.length} on the panel; ${eligible} eligible for moderation, ${people.length - eligible} listed apart and not moderated here (paras 69–70)`,
    ],
    ['Eligibility cut-off', `${dateText(panel.eligibilityCutoff, false)}: in the Civil Service (and the department) since before this date`],
    ['High Performing receives end-year awards', HIGH_PERFORMING_AWARD_LABELS[panel.highPerformingAward]],
    ['Small-number threshold', `Groups of fewer than ${panel.suppressionThreshold} people show [c]`],
    ['Panel file', fileName],
    ['Record produced', dateText(new Date().toISOString())],
  ];
  return (
    <dl className="record-details">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function tally(people: Person[], marking: (p: Person) => BoxMarking | null) {
  const counts = { Exceeding: 0, 'High Performing': 0, Achieving: 0, 'Partially Met': 0 } as Record<BoxMarking, number>;
  let total = 0;
  for (const p of people) {
    const m = marking(p);
    if (m === null) continue;
    counts[m] += 1;
    total += 1;
  }
  return { counts, total };
}

const share = (count: number, total: number) => (total === 0 ? '–' : formatPercent(count, total));

export function DistributionTable({ people }: { people: Person[] }) {
  const moderated = people.filter((p) => p.eligible);
  const before = tally(moderated, (p) => p.provisionalMarking);
  const after = tally(moderated, (p) => p.moderatedMarking);
  return (
    <>
      <table className="record-table" data-testid="record-distribution">
        <caption>Distribution before (provisional) and after (moderated) the panel</caption>
        <thead>
          <tr>
            <th scope="col">Box</th>
            <th scope="col" className="num">Provisional</th>
            <th scope="col" className="num">%</th>
            <th scope="col" className="num">Moderated</th>
            <th scope="col" className="num">%</th>
            <th scope="col" className="num">Change</th>
          </tr>
        </thead>
        <tbody>
          {BOX_MARKINGS.map((box) => {
            const change = after.counts[box] - before.counts[box];
            return (
              <tr key={box}>
                <th scope="row">{box}</th>
                <td className="num">{before.counts[box]}</td>
                <td className="num">{share(before.counts[box], before.total)}</td>
                <td className="num">{after.counts[box]}</td>
                <td className="num">{share(after.counts[box], after.total)}</td>
                <td className="num">{change > 0 ? `+${change}` : change === 0 ? '0' : `−${-change}`}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Marked</th>
            <td className="num">{before.total}</td>
            <td className="num">{before.total ? '100%' : '–'}</td>
            <td className="num">{after.total}</td>
            <td className="num">{after.total ? '100%' : '–'}</td>
            <td className="num" />
          </tr>
        </tfoot>
      </table>
    </>
  );
}

export function ChangesTable({ moves, nameOf }: { moves: RecordedMove[]; nameOf: (staffId: string | null) => string }) {
  if (moves.length === 0) return <p className="record-empty">The panel made no changes to the provisional markings.</p>;
  return (
    <table className="record-table record-changes" data-testid="record-changes">
      <caption>Every move the panel made, in order, with its reason</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Person</th>
          <th scope="col">Change</th>
          <th scope="col">Reason</th>
          <th scope="col">By</th>
        </tr>
      </thead>
      <tbody>
        {moves.map(({ event, from, to, undone }) => (
          <tr key={event.id} className={undone ? 'record-undone' : undefined}>
            <td>{dateText(event.at)}</td>
            <td>
              {nameOf(event.staffId)}
              <span className="record-id"> {event.staffId}</span>
            </td>
            <td>
              {from ?? 'Not marked'} → {to ?? 'Not marked'}
              {undone ? <strong className="record-status"> (undone later)</strong> : null}
            </td>
            <td>{event.reason ?? <span className="record-muted">No reason needed: back to the provisional marking</span>}</td>
            <td>{event.actor}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SignOff({ panel }: { panel: Panel }) {
  const finalised = panel.status === 'finalised';
  return (
    <div className="record-signoff" data-testid="record-signoff">
      {finalised ? (
        <p>
          <strong>Finalised by {panel.finalisedBy ?? 'the chair'}</strong> on {dateText(panel.finalisedAt)}. The panel file is read-only
          from then on.
        </p>
      ) : (
        <p>
          <strong>Not yet finalised.</strong> The outcome may still change; sign only a record printed after the panel is finalised.
        </p>
      )}
      <div className="signature-grid">
        {['Panel chair', 'HR representative'].map((role) => (
          <div className="signature-block" key={role}>
            <p className="signature-role">{role}</p>
            {['Name', 'Signature', 'Date'].map((line) => (
              <p className="signature-line" key={line}>
                <span>{line}</span>
                <span className="signature-blank" aria-hidden="true" />
              </p>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
