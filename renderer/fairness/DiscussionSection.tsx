// Discussion time by group: the share of each group the panel discussed and the median time spent,
// with the ratio flags. Never per person: the times themselves stay in the audit log.

import { describeGroup } from '../../shared/fairness';
import type { DiscussionGroup, DiscussionResult } from '../../shared/stats';
import { IMPACT_RULE, LIKELIHOOD_RULE, durationText, hiddenIn, numberCell, percentOfRate, ratioText } from './format';
import { GroupTable, type GroupColumn } from './GroupTable';
import { FlaggedValue, Sentences } from './parts';

const has = (g: DiscussionGroup, kind: DiscussionGroup['flags'][number]['kind']) => g.flags.some((f) => f.kind === kind);

function flagSentences(discussion: DiscussionResult): string[] {
  const describe = describeGroup(discussion.characteristic);
  const byName = new Map(discussion.groups.map((g) => [g.group, g]));
  const shareOf = (group: string | null) => {
    const rate = group === null ? null : (byName.get(group)?.discussed_rate ?? null);
    return rate === null ? 'some' : percentOfRate(rate);
  };
  const lines: string[] = [];
  for (const g of discussion.groups) {
    if (hiddenIn(discussion.audience, g)) continue;
    for (const flag of g.flags) {
      const value = ratioText(flag.value);
      if (flag.value === 0 && flag.kind !== 'median_seconds_ratio') {
        const other = flag.kind === 'discussed_impact_ratio' ? discussion.highest_discussed_group : discussion.reference_group;
        const which = flag.kind === 'discussed_impact_ratio' ? 'the most discussed group' : 'the reference group';
        lines.push(`No one in the group ${g.group} was discussed, against ${shareOf(other)} of ${which} (${other ?? 'unknown'}).`);
      } else if (flag.kind === 'discussed_impact_ratio') {
        lines.push(`${describe(g.group)} were discussed ${value} times as often as the most discussed group (${discussion.highest_discussed_group ?? 'unknown'}).`);
      } else if (flag.kind === 'discussed_relative_likelihood') {
        lines.push(`${describe(g.group)} were ${value} times as likely to be discussed as the reference group (${discussion.reference_group ?? 'unknown'}).`);
      } else {
        lines.push(`${describe(g.group)} had a median discussion ${value} times as long as the reference group's (${discussion.reference_group ?? 'unknown'}).`);
      }
    }
  }
  return lines;
}

const COLUMNS: GroupColumn<DiscussionGroup>[] = [
  { header: 'People', cell: (g, hidden) => numberCell(hidden, g.n) },
  {
    header: 'Discussed',
    cell: (g, hidden) =>
      hidden || g.discussed === null ? numberCell(hidden, g.discussed) : `${g.discussed} (${g.discussed_rate === null ? '–' : percentOfRate(g.discussed_rate)})`,
  },
  { header: 'Median time', cell: (g, hidden) => numberCell(hidden, g.median_seconds, durationText) },
  {
    header: 'Impact ratio (discussed)',
    cell: (g, hidden) => <FlaggedValue text={numberCell(hidden, g.discussed_impact_ratio, ratioText)} flagged={has(g, 'discussed_impact_ratio')} rule={IMPACT_RULE} />,
  },
  {
    header: 'Relative likelihood (discussed)',
    cell: (g, hidden) => (
      <FlaggedValue text={numberCell(hidden, g.discussed_relative_likelihood, ratioText)} flagged={has(g, 'discussed_relative_likelihood')} rule={LIKELIHOOD_RULE} />
    ),
  },
  {
    header: 'Median time ratio',
    cell: (g, hidden) => <FlaggedValue text={numberCell(hidden, g.median_seconds_ratio, ratioText)} flagged={has(g, 'median_seconds_ratio')} rule={LIKELIHOOD_RULE} />,
  },
];

export function DiscussionSection({ discussion, label }: { discussion: DiscussionResult; label: string }) {
  return (
    <>
      <p className="muted">
        Share of each group the panel discussed and the median time among those discussed. Times are kept in the audit
        log and never shown for a person.
      </p>
      <GroupTable testId="discussion-table" caption={`Discussion time by ${label}`} audience={discussion.audience} groups={discussion.groups} columns={COLUMNS} />
      <Sentences sentences={[...flagSentences(discussion), ...(discussion.reference_note ? [discussion.reference_note] : []), ...discussion.withheld]} label="What the discussion figures mean" />
    </>
  );
}
