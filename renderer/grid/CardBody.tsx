// What a card says about a person: name (or initials on the projector), grade, job, job weight, flags,
// finance status, "moved from" and why they are suggested for discussion. Never a protected characteristic.

import { ELIGIBILITY_LABELS, FLAG_LABELS, type Person } from '../../shared/domain';
import { hasCorporateContribution, type DiscussionReason } from '../../shared/rules';
import { trendText, trendWords } from '../../shared/previousYears';
import { initialsOf, isChanged } from './boxes';
import { reasonOnScreen } from '../components/projection';
import './trend.css';

export interface CardBodyProps {
  person: Person;
  discussion: DiscussionReason[] | undefined;
  initialsOnly: boolean;
  /** Id prefix for the name and summary, so the card can point at them. */
  idPrefix?: string;
  /** On the projector with names as initials: no job title and no reason unless the chair shows them. */
  hideDetails?: boolean;
}

const FINANCE_CLASS: Record<Person['financeObjective'], string> = {
  Met: 'badge-finance-met',
  'Not met': 'badge-finance-not-met',
  'Not assessed': 'badge-finance-none',
};

export function displayName(person: Person, initialsOnly: boolean): string {
  return initialsOnly ? initialsOf(person.name) : person.name;
}

export function CardBody({ person, discussion, initialsOnly, idPrefix, hideDetails = false }: CardBodyProps) {
  const changed = isChanged(person);
  const trend = trendText(person);
  return (
    <>
      <div className="card-head">
        <h3 className="card-name" id={idPrefix ? `${idPrefix}-name` : undefined}>
          {displayName(person, initialsOnly)}
        </h3>
        <span className="card-grade">{person.grade}</span>
      </div>
      <p className="card-job">
        {hideDetails ? null : person.jobTitle || 'No job title'}
        <span className="card-weight">
          {hideDetails ? null : ' · '}
          {person.jobWeight === null ? 'job weight not given' : `job weight ${person.jobWeight}`}
        </span>
      </p>
      <ul className="badges" aria-label="Status">
        <li className={`badge ${FINANCE_CLASS[person.financeObjective]}`}>Finance: {person.financeObjective}</li>
        {person.flags.map((flag) => (
          <li key={flag.kind} className={`badge badge-flag badge-flag-${flag.kind}`} title={flag.text}>
            {flag.kind === 'other' ? flag.text || FLAG_LABELS.other : FLAG_LABELS[flag.kind]}
          </li>
        ))}
        {hasCorporateContribution(person) ? <li className="badge badge-contribution">Corporate contribution</li> : null}
        {person.poorPerformanceMeasures ? <li className="badge badge-warning">Formal poor performance measures</li> : null}
      </ul>
      {person.eligible ? null : <p className="card-apart">{ELIGIBILITY_LABELS[person.eligibility]}</p>}
      {trend ? (
        <p className="card-trend" title={trendWords(person) ?? undefined}>
          <span aria-hidden="true">{trend}</span>
          <span className="sr-only">{trendWords(person)}</span>
        </p>
      ) : null}
      {changed ? (
        <p className="card-moved">
          <span className="card-moved-text">Moved from {person.provisionalMarking ?? 'not marked'}</span>
          {person.changeReason && !hideDetails ? <span className="card-reason">: {person.changeReason}</span> : null}
        </p>
      ) : null}
      {discussion && discussion.length > 0 ? (
        <p className="card-suggested">
          <strong>Suggested for discussion:</strong> {discussion.map((r) => reasonOnScreen(r.text, hideDetails)).join('; ')}
        </p>
      ) : null}
    </>
  );
}
