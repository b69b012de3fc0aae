// The import wizard's "Fix without editing the file": each value the importer cannot read, with the rows
// that have it, read as another for all of them; each row with problems, skipped; and the fixes in use, each
// undone in one click. Every fix goes into the mapping the wizard saves (importFixes.ts).

import { useId, useState } from 'react';
import type { ImportPreviewView } from '../../shared/contract';
import {
  describeSkipRule,
  skipRuleFor,
  valueChoices,
  valueProblems,
  withSkip,
  withValueFix,
  withoutSkip,
  withoutValueFix,
  type ImportFixes,
  type ValueProblem,
} from './importFixes';
import { targetLabel } from './importMapping';
import './importFixes.css';

const MAX_ROWS_LISTED = 100;
/** The select's value for "read as blank" ('' is the unchosen placeholder). */
const BLANK = '(blank)';

const rowsInWords = (rows: readonly number[]) => {
  const shown = rows.slice(0, 6).join(', ');
  return `${rows.length === 1 ? 'row' : 'rows'} ${shown}${rows.length > 6 ? ` and ${rows.length - 6} more` : ''}`;
};

function ReadAs({ problem, disabled, onFix }: { problem: ValueProblem; disabled: boolean; onFix(readAs: string): void }) {
  const choices = valueChoices(problem.target);
  const [typed, setTyped] = useState('');
  const label = `Read “${problem.value}” in ${problem.header} as`;
  if (choices !== null) {
    return (
      <select className="mp-input" aria-label={label} value="" disabled={disabled} onChange={(event) => onFix(event.target.value === BLANK ? '' : event.target.value)}>
        <option value="" disabled>
          Choose…
        </option>
        {choices.map((choice) => (
          <option key={choice.label} value={choice.value === '' ? BLANK : choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    );
  }
  return (
    <form
      className="mp-fix-typed"
      onSubmit={(event) => {
        event.preventDefault();
        if (typed.trim() !== '') onFix(typed.trim());
      }}
    >
      <input className="mp-input" aria-label={label} value={typed} disabled={disabled} onChange={(event) => setTyped(event.target.value)} placeholder="The value to read" />
      <button type="submit" className="mp-button mp-button--secondary" disabled={disabled || typed.trim() === ''}>
        Read it so
      </button>
    </form>
  );
}

export default function ImportFixesPanel(props: {
  preview: ImportPreviewView;
  fixes: ImportFixes;
  disabled: boolean;
  onChange(next: ImportFixes, said: string): void;
}) {
  const { preview, fixes, disabled, onChange } = props;
  const titleId = useId();
  const problems = valueProblems(preview);
  const skippable = (preview.problemRows ?? []).slice(0, MAX_ROWS_LISTED);
  const fixedValues = Object.entries(fixes.values).flatMap(([target, map]) => Object.entries(map).map(([from, to]) => ({ target, from, to })));
  const skippedRows = preview.skipped ?? [];
  if (problems.length === 0 && skippable.length === 0 && fixedValues.length === 0 && fixes.skipRows.length === 0 && skippedRows.length === 0) return null;

  return (
    <section className="mp-panel mp-fixes" aria-labelledby={titleId}>
      <h3 id={titleId}>Fix without editing the file</h3>
      <p className="mp-muted" style={{ marginTop: 0 }}>
        Each fix applies to this import and goes into the mapping: <strong>Save this mapping</strong> to make the same fixes next time, here or
        with the command line’s <code>--mapping</code>.
      </p>

      {problems.length > 0 ? (
        <>
          <h4 className="mp-subheading">Values the importer cannot read ({problems.length})</h4>
          <table className="mp-table mp-table--compact">
            <caption className="sr-only">Values the importer cannot read, and what to read each as</caption>
            <thead>
              <tr>
                <th scope="col" className="mp-th-plain">
                  Column
                </th>
                <th scope="col" className="mp-th-plain">
                  Value in the file
                </th>
                <th scope="col" className="mp-th-plain">
                  Where
                </th>
                <th scope="col" className="mp-th-plain" style={{ width: '34%' }}>
                  Read it as (every row with this value)
                </th>
              </tr>
            </thead>
            <tbody>
              {problems.map((problem) => (
                <tr key={`${problem.target}:${problem.value}`}>
                  <td>{problem.header}</td>
                  <td>
                    <span className="mp-fix-value">{problem.value}</span>
                    <span className="mp-muted mp-fix-expected">expected {problem.expected}</span>
                  </td>
                  <td>{rowsInWords(problem.rows)}</td>
                  <td>
                    <ReadAs
                      problem={problem}
                      disabled={disabled}
                      onFix={(readAs) =>
                        onChange(
                          withValueFix(fixes, problem.target, problem.value, readAs),
                          `“${problem.value}” in ${problem.header} is read as ${readAs === '' ? 'blank' : `“${readAs}”`} in every row that has it.`,
                        )
                      }
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}

      {skippable.length > 0 ? (
        <>
          <h4 className="mp-subheading">Rows with problems ({(preview.problemRows ?? []).length})</h4>
          <p className="mp-muted" style={{ marginTop: 0 }}>
            Skip a row that is not a person for this panel (a totals line, a test account). A skipped row is not imported, and the person it
            names is kept as the panel has them.
          </p>
          <ul className="mp-list mp-fix-rows" aria-label="Rows with problems">
            {skippable.map((row) => (
              <li key={row.row}>
                <span>
                  Row {row.row}: {row.staffId === '' ? <span className="mp-muted">no staff id</span> : row.staffId}
                  {row.name !== '' ? ` ${row.name}` : ''}
                </span>
                <button
                  type="button"
                  className="mp-button mp-button--secondary mp-button--small"
                  disabled={disabled}
                  aria-label={`Skip row ${row.row}${row.name ? ` (${row.name})` : ''}`}
                  onClick={() => onChange(withSkip(fixes, skipRuleFor(row)), `Row ${row.row} will be skipped.`)}
                >
                  Skip this row
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {fixedValues.length > 0 || fixes.skipRows.length > 0 ? (
        <>
          <h4 className="mp-subheading">Fixes made here</h4>
          <ul className="mp-list mp-fix-rows" aria-label="Fixes made here">
            {fixedValues.map(({ target, from, to }) => (
              <li key={`v:${target}:${from}`}>
                <span>
                  Read “{from}” in {targetLabel(target)} as {to === '' ? 'blank' : `“${to}”`}
                </span>
                <button
                  type="button"
                  className="mp-button mp-button--secondary mp-button--small"
                  disabled={disabled}
                  aria-label={`Undo: read “${from}” as it is`}
                  onClick={() => onChange(withoutValueFix(fixes, target, from), `“${from}” is read as it is again.`)}
                >
                  Undo
                </button>
              </li>
            ))}
            {fixes.skipRows.map((rule, index) => (
              <li key={`s:${JSON.stringify(rule)}`}>
                <span>Skip {describeSkipRule(rule)}</span>
                <button
                  type="button"
                  className="mp-button mp-button--secondary mp-button--small"
                  disabled={disabled}
                  aria-label={`Import ${describeSkipRule(rule)} after all`}
                  onClick={() => onChange(withoutSkip(fixes, index), `${describeSkipRule(rule)} will be imported.`)}
                >
                  Import it after all
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {skippedRows.length > 0 ? (
        <p className="mp-muted">
          Skipped in this preview: {(preview.skippedCount ?? skippedRows.length).toLocaleString('en-GB')}{' '}
          {(preview.skippedCount ?? skippedRows.length) === 1 ? 'row' : 'rows'} (
          {skippedRows
            .slice(0, 10)
            .map((s) => `row ${s.row}${s.staffId ? ` ${s.staffId}` : ''}`)
            .join(', ')}
          {skippedRows.length > 10 ? ', …' : ''}).
        </p>
      ) : null}
    </section>
  );
}
