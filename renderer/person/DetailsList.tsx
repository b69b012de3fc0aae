// A person's facts as term and value rows, as the person panel shows them.

/** What a detail the projector must not show says instead (job titles, managers and reasons, names as initials). */
export const HIDDEN_ON_PROJECTOR = 'Hidden on the projector';

export function DetailsList({ rows }: { rows: readonly (readonly [string, string])[] }) {
  return (
    <dl className="details-list">
      {rows.map(([term, value]) => (
        <div key={term} className="details-row">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
