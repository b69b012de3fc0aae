// Pieces of the merge dialog: the unit panels chosen, the people in more than one of them with the choice of
// whose marking stands, and the other conflicts, each with what resolves it.

import type { MergeCheck, MergeConflict, MergeDuplicate, UnitSummary } from '../../shared/overallContract';
import { performanceYearLabel } from '../../shared/performanceYear';

export const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** A choice for a person in more than one unit: the unit whose marking stands, or leave them out. */
export type DuplicateChoice = string | 'exclude' | '';

function status(unit: UnitSummary): string {
  if (unit.status !== 'finalised') return 'Not finalised';
  return `Finalised by ${unit.chair ?? 'its chair'}${unit.finalisedAt ? ` on ${unit.finalisedAt.slice(0, 10)}` : ''}`;
}

export function UnitsTable({ units }: { units: UnitSummary[] }) {
  return (
    <div className="merge-table-wrap">
      <table className="merge-table">
        <caption>Unit panels to merge</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Panel</th>
            <th scope="col">Business unit</th>
            <th scope="col">Year</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">People</th>
            <th scope="col" className="num">Changed locally</th>
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.label}>
              <th scope="row">{u.label}</th>
              <td>{u.panel}</td>
              <td>{u.businessUnit || '—'}</td>
              <td>{performanceYearLabel(u.performanceYear)}</td>
              <td className={u.status === 'finalised' ? undefined : 'merge-open'}>{status(u)}</td>
              <td className="num">{u.people.toLocaleString('en-GB')}</td>
              <td className="num">{u.changedLocally.toLocaleString('en-GB')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Everyone in more than one unit: those still in conflict and those the current choices resolve. */
export function duplicateRows(check: MergeCheck): MergeDuplicate[] {
  const rows = new Map<string, MergeDuplicate>();
  for (const d of check.duplicates) rows.set(d.staffId, d);
  for (const c of check.conflicts) {
    if (c.kind === 'duplicate_staff_id' && c.staffId && !rows.has(c.staffId)) {
      rows.set(c.staffId, { staffId: c.staffId, name: c.name ?? '', units: c.units, takenFrom: null });
    }
  }
  return [...rows.values()];
}

export function DuplicatesTable({
  rows,
  check,
  choices,
  onChoose,
  disabled,
}: {
  rows: MergeDuplicate[];
  check: MergeCheck;
  choices: Record<string, DuplicateChoice>;
  onChoose(staffId: string, choice: DuplicateChoice): void;
  disabled: boolean;
}) {
  const unresolved = new Set(check.conflicts.filter((c) => c.kind === 'duplicate_staff_id').map((c) => c.staffId));
  return (
    <div className="merge-table-wrap">
      <table className="merge-table">
        <caption>People in more than one unit panel</caption>
        <thead>
          <tr>
            <th scope="col">Staff id</th>
            <th scope="col">Name</th>
            <th scope="col">In</th>
            <th scope="col">Whose marking stands</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => {
            const chosen = choices[d.staffId] ?? '';
            const result = unresolved.has(d.staffId)
              ? 'Not yet chosen'
              : d.takenFrom === null
                ? 'Left out of the overall panel'
                : `Taken from ${d.takenFrom}`;
            // Another person's choice put a different unit first: say so rather than surprise.
            const overridden = chosen !== '' && chosen !== 'exclude' && d.takenFrom !== null && d.takenFrom !== chosen;
            return (
              <tr key={d.staffId}>
                <th scope="row">{d.staffId}</th>
                <td>{d.name}</td>
                <td>{d.units.join(', ')}</td>
                <td>
                  <select
                    aria-label={`Whose marking stands for ${d.staffId} (${d.name})`}
                    value={chosen}
                    disabled={disabled}
                    onChange={(event) => onChoose(d.staffId, event.target.value as DuplicateChoice)}
                  >
                    <option value="">Choose…</option>
                    {d.units.map((unit) => (
                      <option key={unit} value={unit}>
                        Keep {unit}’s marking
                      </option>
                    ))}
                    <option value="exclude">Leave them out</option>
                  </select>
                  <span className={unresolved.has(d.staffId) ? 'merge-result merge-result--open' : 'merge-result'}>{result}</span>
                  {overridden ? (
                    <span className="merge-result">
                      {d.takenFrom} comes first for someone else, so its marking stands here too: leave them out, or choose {d.takenFrom} for both.
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The conflicts the window resolves by choosing files again: said in words, with what to do. */
export function OtherConflicts({ conflicts }: { conflicts: MergeConflict[] }) {
  if (conflicts.length === 0) return null;
  const advice: Record<MergeConflict['kind'], string> = {
    different_years: 'Choose the files again, leaving out the unit panels from the other years: merge one performance year at a time.',
    unreadable: 'Choose the files again without it, or open it in the app to check it.',
    output_exists: 'Give the overall panel another name.',
    passphrase: 'Give the passphrase below.',
    not_finalised: '',
    duplicate_staff_id: '',
  };
  return (
    <ul className="merge-conflicts" aria-label="Other conflicts">
      {conflicts.map((c, i) => (
        <li key={i}>
          <strong>{c.message}.</strong> {advice[c.kind]}
        </li>
      ))}
    </ul>
  );
}
