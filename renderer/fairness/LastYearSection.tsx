// Movement against last year by group (issue 8): last year's moderated marking (previous_marking_1) against
// this year's moderated one, for the characteristic the Breakdowns view shows. Informs the panel; the
// framework sets no rule across years.

import type { ApiResponses } from '../../shared/contract';
import { api } from '../api';
import { usePanelStore } from '../store';
import { numberCell } from './format';
import { countRate, GroupTable } from './GroupTable';
import { useLiveResult } from './live';
import { Sentences } from './parts';

type Movement = ApiResponses['lastYearMovement'];

/** The share of the group's people, when it has any. */
const shareOf = (count: number | null, n: number | null) => (n && count !== null ? count / n : null);

export function LastYearSection({ characteristic }: { characteristic: string }) {
  const actor = usePanelStore((s) => s.actor);
  const live = useLiveResult<Movement>(JSON.stringify(['last-year', characteristic, actor.role, actor.name]), () => api.lastYearMovement({ actor, characteristic }));
  const result = live.value && live.value.characteristic === characteristic ? live.value : null;
  if (live.error) return <p className="form-problem">The comparison with last year could not be worked out: {live.error}</p>;
  if (!result) return <p role="status">Working out the comparison with last year…</p>;
  if (result.withLastYear === 0) {
    return (
      <p className="empty-state">
        No one here has a marking from last year. Import it with the optional previous_marking_1 column, or from last year’s outcome file
        (modpanel import-previous).
      </p>
    );
  }
  const { movement } = result;
  return (
    <>
      <GroupTable
        testId="last-year-table"
        caption={`This year’s moderated marking against last year’s, by ${result.characteristicLabel}`}
        audience={movement.audience}
        groups={movement.groups}
        columns={[
          { header: 'People', cell: (g, hidden) => numberCell(hidden, g.n) },
          { header: 'Higher than last year', cell: (g, hidden) => countRate(hidden, g.moved_up, shareOf(g.moved_up, g.n)) },
          { header: 'Lower than last year', cell: (g, hidden) => countRate(hidden, g.moved_down, shareOf(g.moved_down, g.n)) },
          { header: 'Same box', cell: (g, hidden) => numberCell(hidden, g.unchanged) },
        ]}
      />
      <Sentences sentences={result.explanations} label="What the comparison with last year means" />
    </>
  );
}
