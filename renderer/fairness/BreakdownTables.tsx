// The breakdown as tables: counts and percentages per group and box, then the comparisons (impact ratio,
// relative likelihood, Fisher's exact test) with each flag written out, then the overall test.

import { BOX_MARKINGS } from '../../shared/domain';
import type { BreakdownFlagKind, BreakdownGroup, BreakdownResult } from '../../shared/stats';
import { formatHalfUp, formatPValue } from '../../shared/stats';
import { IMPACT_RULE, LIKELIHOOD_RULE, countAndPercent, hiddenIn, numberCell, pText, percentOfRate, ratioText } from './format';
import { FlaggedValue } from './parts';

const has = (g: BreakdownGroup, kind: BreakdownFlagKind) => g.flags.some((f) => f.kind === kind);

function GroupName({ group, audience }: { group: BreakdownGroup; audience: 'hr' | 'shared' }) {
  return (
    <th scope="row">
      {group.group}
      {!group.compared ? <span className="group-note"> (not compared)</span> : null}
      {audience === 'hr' && group.suppressed ? <span className="group-note"> (shown as [c] outside HR)</span> : null}
    </th>
  );
}

export function CountsTable({ breakdown, caption, captionId }: { breakdown: BreakdownResult; caption: string; captionId?: string }) {
  const audience = breakdown.audience;
  return (
    <div className="table-wrap">
      <table className="fairness-table" data-testid="breakdown-counts">
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" className="num">People</th>
            {BOX_MARKINGS.map((box) => (
              <th key={box} scope="col" className="num">
                {box}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {breakdown.groups.map((g) => (
            <tr key={g.group} data-group={g.group}>
              <GroupName group={g} audience={audience} />
              <td className="num">{numberCell(hiddenIn(audience, g), g.n)}</td>
              {BOX_MARKINGS.map((box) => (
                <td key={box} className="num" data-box={box}>
                  {countAndPercent(audience, g, box)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Everyone</th>
            <td className="num">{breakdown.population}</td>
            {BOX_MARKINGS.map((box) => (
              <td key={box} className="num">
                {countAndPercent('hr', { suppressed: false, n: breakdown.population, counts: breakdown.totals }, box)}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function ComparisonsTable({ breakdown, caption }: { breakdown: BreakdownResult; caption: string }) {
  const audience = breakdown.audience;
  const fisherFirst = breakdown.preferFisher;
  const fisherTop = (g: BreakdownGroup) => numberCell(hiddenIn(audience, g), g.fisher_top_p, pText);
  const fisherBottom = (g: BreakdownGroup) => numberCell(hiddenIn(audience, g), g.fisher_bottom_p, pText);
  return (
    <div className="table-wrap">
      <table className="fairness-table" data-testid="breakdown-comparisons">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" className="num">Exceeding or High Performing</th>
            {fisherFirst ? <th scope="col" className="num">Fisher’s p (top two)</th> : null}
            <th scope="col" className="num">Impact ratio</th>
            <th scope="col" className="num">Relative likelihood (top two)</th>
            {fisherFirst ? null : <th scope="col" className="num">Fisher’s p (top two)</th>}
            <th scope="col" className="num">Partially Met</th>
            {fisherFirst ? <th scope="col" className="num">Fisher’s p (Partially Met)</th> : null}
            <th scope="col" className="num">Relative likelihood (Partially Met)</th>
            {fisherFirst ? null : <th scope="col" className="num">Fisher’s p (Partially Met)</th>}
          </tr>
        </thead>
        <tbody>
          {breakdown.groups.map((g) => {
            const hidden = hiddenIn(audience, g);
            return (
              <tr key={g.group} data-group={g.group}>
                <GroupName group={g} audience={audience} />
                <td className="num">{numberCell(hidden, g.top_rate, percentOfRate)}</td>
                {fisherFirst ? <td className="num">{fisherTop(g)}</td> : null}
                <td className="num">
                  <FlaggedValue text={numberCell(hidden, g.top_impact_ratio, ratioText)} flagged={has(g, 'top_impact_ratio')} rule={IMPACT_RULE} />
                </td>
                <td className="num">
                  <FlaggedValue
                    text={numberCell(hidden, g.top_relative_likelihood, ratioText)}
                    flagged={has(g, 'top_relative_likelihood')}
                    rule={LIKELIHOOD_RULE}
                  />
                </td>
                {fisherFirst ? null : <td className="num">{fisherTop(g)}</td>}
                <td className="num">{numberCell(hidden, g.bottom_rate, percentOfRate)}</td>
                {fisherFirst ? <td className="num">{fisherBottom(g)}</td> : null}
                <td className="num">
                  <FlaggedValue
                    text={numberCell(hidden, g.bottom_relative_likelihood, ratioText)}
                    flagged={has(g, 'bottom_relative_likelihood')}
                    rule={LIKELIHOOD_RULE}
                  />
                </td>
                {fisherFirst ? null : <td className="num">{fisherBottom(g)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The overall test in figures; where expected counts are small, Fisher's tests lead and this says why. */
export function TestsSummary({ breakdown }: { breakdown: BreakdownResult }) {
  const chi = breakdown.chi_square;
  const reference = breakdown.reference_group;
  const highest = breakdown.highest_top_group;
  const fisherFlagged = breakdown.groups.filter(
    (g) => g.compared && !hiddenIn(breakdown.audience, g) && ((g.fisher_top_p ?? 1) < 0.05 || (g.fisher_bottom_p ?? 1) < 0.05),
  );
  const chiLine = chi ? (
    <p>
      Chi-square test across the compared groups: χ² = {formatHalfUp(chi.statistic, 2)}, {chi.df} degree{chi.df === 1 ? '' : 's'} of
      freedom, {formatPValue(chi.p_value)}; smallest expected count {formatHalfUp(chi.min_expected, 1)}.
    </p>
  ) : null;
  const fisherLine = (
    <p>
      Fisher’s exact test, each group against the other compared groups:{' '}
      {fisherFlagged.length === 0
        ? 'no group’s difference reaches p < 0.05.'
        : `${fisherFlagged.map((g) => g.group).join(', ')} ${fisherFlagged.length === 1 ? 'differs' : 'differ'} at p < 0.05 (see the table).`}
    </p>
  );
  return (
    <div className="tests-summary" data-testid="tests-summary">
      <p className="muted">
        {reference ? `Relative likelihoods compare with the reference group, ${reference}. ` : null}
        {highest ? `Impact ratios compare with the group most often in the top two boxes, ${highest}.` : null}
      </p>
      {breakdown.preferFisher ? (
        <>
          <p className="prefer-fisher">
            <strong>Fisher’s exact test leads here.</strong> {breakdown.preferFisherReason}
          </p>
          {fisherLine}
          {chiLine}
        </>
      ) : (
        <>
          {chiLine}
          {chi ? fisherLine : null}
        </>
      )}
    </div>
  );
}
