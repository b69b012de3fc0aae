// Movement at moderation: per group, how many the panel moved up and down from the line manager's
// provisional marking, with the ratio flags on "moved down". Did the panel itself disadvantage a group?

import type { MovementGroup, MovementResult } from '../../shared/stats';
import { IMPACT_RULE, LIKELIHOOD_RULE, numberCell, pText, ratioText } from './format';
import { countRate, GroupTable, type GroupColumn } from './GroupTable';
import { FlaggedValue, Sentences } from './parts';

const has = (g: MovementGroup, kind: MovementGroup['flags'][number]['kind']) => g.flags.some((f) => f.kind === kind);

const COLUMNS: GroupColumn<MovementGroup>[] = [
  { header: 'People', cell: (g, hidden) => numberCell(hidden, g.n) },
  { header: 'Moved up', cell: (g, hidden) => countRate(hidden, g.moved_up, g.moved_up_rate) },
  { header: 'Moved down', cell: (g, hidden) => countRate(hidden, g.moved_down, g.moved_down_rate) },
  { header: 'Unchanged', cell: (g, hidden) => numberCell(hidden, g.unchanged) },
  {
    header: 'Impact ratio (not moved down)',
    cell: (g, hidden) => (
      <FlaggedValue text={numberCell(hidden, g.not_moved_down_impact_ratio, ratioText)} flagged={has(g, 'not_moved_down_impact_ratio')} rule={IMPACT_RULE} />
    ),
  },
  {
    header: 'Relative likelihood of moving down',
    cell: (g, hidden) => (
      <FlaggedValue text={numberCell(hidden, g.moved_down_relative_likelihood, ratioText)} flagged={has(g, 'moved_down_relative_likelihood')} rule={LIKELIHOOD_RULE} />
    ),
  },
  { header: 'Fisher’s p (moved down)', cell: (g, hidden) => numberCell(hidden, g.fisher_moved_down_p, pText) },
];

interface Props {
  movement: MovementResult;
  sentences: string[];
  label: string;
  /** People whose moderated marking differs from the provisional one (from the window's own list). */
  movedCount: number;
}

export function MovementSection({ movement, sentences, label, movedCount }: Props) {
  return (
    <>
      {movement.groups.length === 0 ? (
        <p className="empty-state">Nobody has both a provisional and a moderated marking yet.</p>
      ) : (
        <GroupTable
          testId="movement-table"
          caption={`Movement from provisional to moderated marking by ${label}`}
          audience={movement.audience}
          groups={movement.groups}
          columns={COLUMNS}
        />
      )}
      {movedCount === 0 && movement.groups.length > 0 ? <p className="muted">The panel has not moved anyone from their provisional marking yet.</p> : null}
      <Sentences sentences={sentences} label="What the movement figures mean" />
    </>
  );
}
