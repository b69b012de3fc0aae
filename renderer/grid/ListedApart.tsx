// People the panel does not place in a box: those listed apart and not moderated here (paras 69-70:
// joined the Civil Service or the department on or after the cut-off, or a start date the file did not
// give), each with the reason, and eligible people with no marking yet. A long list waits behind a button,
// so it costs nothing until someone asks for it (on the projector, the bar above the boxes asks).

import { useState } from 'react';
import { ELIGIBILITY_LABELS, type EligibilityStatus } from '../../shared/domain';
import { usePanelStore } from '../store';
import { formatDate } from './moveFlow';
import { CardList } from './CardList';

const REASONS: Exclude<EligibilityStatus, 'eligible'>[] = ['start_date_unknown', 'joined_after_cutoff', 'moved_in_after_cutoff'];

/** Longer lists than this are folded until asked for. */
const SHOWN_UP_TO = 12;

export function ListedApart({ notMarked, ineligible, cutoff }: { notMarked: string[]; ineligible: string[]; cutoff: string }) {
  const peopleById = usePanelStore((s) => s.peopleById);
  const presenting = usePanelStore((s) => s.presentation);
  const [open, setOpen] = useState(false);
  if (notMarked.length === 0 && ineligible.length === 0) return null;
  const folded = !open && !presenting && ineligible.length > SHOWN_UP_TO;
  const byReason = new Map<EligibilityStatus, number>();
  for (const id of ineligible) {
    const reason = peopleById[id]?.eligibility;
    if (reason) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  return (
    <div className="listed-apart">
      {notMarked.length > 0 ? (
        <section className="apart-section" aria-labelledby="not-marked-heading">
          <h2 id="not-marked-heading" className="apart-heading">
            Not marked <span className="apart-count">{notMarked.length}</span>
          </h2>
          <p className="apart-note">
            Eligible, but no provisional marking was loaded. Move each into a box with a reason: the panel cannot be finalised until
            everyone eligible has a moderated marking.
          </p>
          <CardList list="not-marked" ids={notMarked} label="People not marked" empty={null} className="card-list-wrap" />
        </section>
      ) : null}
      {ineligible.length > 0 ? (
        <section className="apart-section" aria-labelledby="ineligible-heading">
          <h2 id="ineligible-heading" className="apart-heading">
            Listed apart: not moderated <span className="apart-count">{ineligible.length}</span>
          </h2>
          <p className="apart-note">Not moderated by this panel (paras 69–70; eligibility cut-off {formatDate(cutoff)}). Each card says why:</p>
          <ul className="apart-reasons">
            {REASONS.filter((r) => byReason.has(r)).map((reason) => (
              <li key={reason}>
                {byReason.get(reason)} — {ELIGIBILITY_LABELS[reason]}
              </li>
            ))}
          </ul>
          {folded ? (
            <button type="button" className="button button-small" aria-expanded={false} onClick={() => setOpen(true)}>
              Show the {ineligible.length} {ineligible.length === 1 ? 'person' : 'people'} listed apart
            </button>
          ) : (
            <CardList list="ineligible" ids={ineligible} label="People listed apart" empty={null} className="card-list-wrap" />
          )}
        </section>
      ) : null}
    </div>
  );
}
