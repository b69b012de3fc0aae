// One box of the grid: an ARIA region named by its marking, headed by its count and share, with the
// guidance curve beside it, and a drop target for cards from other boxes (dragSource.tsx finds it under the pointer).

import { memo } from 'react';
import type { BoxMarking } from '../../shared/domain';
import { percentHalfUp } from '../../shared/stats/rounding';
import { CardList, type ListFlow } from './CardList';
import { BOX_GUIDANCE } from './guidance';
import { checkMove } from '../../shared/rules';
import { usePanelStore } from '../store';
import { useGridUi } from './gridUi';

export interface BoxColumnProps {
  box: BoxMarking;
  ids: string[];
  count: number;
  inBoxes: number;
  /** How the box compares with the guide right now, if there is anything to say. */
  status: string | null;
  hiddenHere: number;
  /** On the projector, when everyone fits: the box's cards in columns, none scrolled out of sight. */
  flow?: ListFlow | null;
}

/** What a drop here would do while a card from another box is dragged over it. */
function useDropState(box: BoxMarking): 'none' | 'allowed' | 'refused' {
  return useGridUi((s) => {
    const drag = s.drag;
    if (!drag || drag.over !== box || drag.from === box) return 'none';
    const person = usePanelStore.getState().peopleById[drag.staffId];
    return person && checkMove(person, box).allowed ? 'allowed' : 'refused';
  });
}

export const BoxColumn = memo(function BoxColumn({ box, ids, count, inBoxes, status, hiddenHere, flow = null }: BoxColumnProps) {
  const dropState = useDropState(box);
  const percent = inBoxes > 0 ? percentHalfUp(count, inBoxes) : 0;
  const guide = BOX_GUIDANCE[box];
  const slug = box.toLowerCase().replace(/\s+/g, '-');
  const headingId = `box-${slug}-heading`;

  return (
    <section
      role="region"
      aria-label={box}
      className={`box box-${slug} box-drop-${dropState}`}
      data-box={box}
    >
      <header className="box-header">
        <h2 className="box-heading" id={headingId}>
          <span className="box-name">{box}</span>{' '}
          <span className="box-count" data-testid="box-count">
            {count}
            <span className="sr-only"> {count === 1 ? 'person' : 'people'},</span>
          </span>{' '}
          <span className="box-share">{percent}%</span>
        </h2>
        <div className="box-guide">
          <div className="guide-bar" aria-hidden="true">
            <span className="guide-fill" style={{ width: `${Math.min(100, inBoxes > 0 ? (count * 100) / inBoxes : 0)}%` }} />
            {guide.markerPercent !== null ? <span className="guide-marker" style={{ left: `${guide.markerPercent}%` }} /> : null}
          </div>
          <p className="guide-text">
            {/* On the projector the share sits here, leaving the heading room for the box's name and count. */}
            <span className="guide-share">
              {percent}% ·{' '}
            </span>
            <span className="guide-label">Guide:</span> {guide.text}
            {status ? <span className="guide-status"> · {status}</span> : null}
          </p>
        </div>
        {dropState === 'refused' ? <p className="box-drop-note">Cannot go here</p> : null}
      </header>
      <CardList
        list={box}
        ids={ids}
        label={`People in ${box}`}
        empty={hiddenHere > 0 ? <p>No one here matches the filters.</p> : <p>No one in {box}.</p>}
        flow={flow}
      />
    </section>
  );
});
