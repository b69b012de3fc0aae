// People the panel does not place in a box: those who joined on or after the eligibility cut-off
// (listed apart, not moderated, paras 69-70) and eligible people with no marking yet.

import { formatDate } from './moveFlow';
import { CardList } from './CardList';

export function ListedApart({ notMarked, ineligible, cutoff }: { notMarked: string[]; ineligible: string[]; cutoff: string }) {
  if (notMarked.length === 0 && ineligible.length === 0) return null;
  return (
    <div className="listed-apart">
      {notMarked.length > 0 ? (
        <section className="apart-section" aria-labelledby="not-marked-heading">
          <h2 id="not-marked-heading" className="apart-heading">
            Not marked <span className="apart-count">{notMarked.length}</span>
          </h2>
          <p className="apart-note">Eligible, but no provisional marking was loaded. Move each into a box with a reason.</p>
          <CardList list="not-marked" ids={notMarked} label="People not marked" empty={null} className="card-list-wrap" />
        </section>
      ) : null}
      {ineligible.length > 0 ? (
        <section className="apart-section" aria-labelledby="ineligible-heading">
          <h2 id="ineligible-heading" className="apart-heading">
            Listed apart: not moderated <span className="apart-count">{ineligible.length}</span>
          </h2>
          <p className="apart-note">
            Joined the Civil Service on or after {formatDate(cutoff)}, the eligibility cut-off, so not moderated by this panel
            (paras 69–70).
          </p>
          <CardList list="ineligible" ids={ineligible} label="People listed apart" empty={null} className="card-list-wrap" />
        </section>
      ) : null}
    </div>
  );
}
