// The parts of an import preview: the column mapping (changeable), the row-level problems, and the
// summary of what applying the file would do (with HR's choices, from ImportDecisions).

import type { ImportPreviewView } from '../../shared/contract';
import type { ColumnMappingEntry, ImportIssue } from '../../shared/importTypes';
import { BOX_MARKINGS } from '../../shared/domain';
import { IGNORE, VIA_LABELS, targetLabel, targetOptions, type ColumnChoices } from './importMapping';
import { DecisionSections, YearAndCutoff, type DecisionControls } from './ImportDecisions';

const MAX_ISSUES_SHOWN = 500;
const MAX_PEOPLE_LISTED = 200;

const count = (n: number) => n.toLocaleString('en-GB');

/** A list of people that scrolls (and can be scrolled by keyboard) when long, capped for huge files. */
function PeopleList({ label, items }: { label: string; items: { key: string; text: string }[] }) {
  const shown = items.slice(0, MAX_PEOPLE_LISTED);
  const long = items.length > 8;
  return (
    <>
      <ul className={long ? 'mp-list mp-list--scroll' : 'mp-list'} aria-label={label} tabIndex={long ? 0 : undefined}>
        {shown.map((item) => (
          <li key={item.key}>{item.text}</li>
        ))}
      </ul>
      {items.length > shown.length ? <p className="mp-muted">…and {count(items.length - shown.length)} more.</p> : null}
    </>
  );
}

export function MappingTable(props: {
  columns: readonly ColumnMappingEntry[];
  choices: ColumnChoices;
  disabled: boolean;
  onChange(source: string, target: string): void;
}) {
  const sources = [...new Set(props.columns.map((c) => c.source))];
  const viaOf = (source: string) => props.columns.find((c) => c.source === source)?.via ?? 'ignored';
  return (
    <div className="mp-sub-scroll">
      <table className="mp-table mp-table--compact">
        <caption className="sr-only">Detected column mapping: each column in the file and the field it feeds</caption>
        <thead>
          <tr>
            <th scope="col" className="mp-th-plain" style={{ width: '38%' }}>
              Column in the file
            </th>
            <th scope="col" className="mp-th-plain">
              Feeds
            </th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => {
            const chosen = props.choices[source] ?? IGNORE;
            const via = viaOf(source);
            return (
              <tr key={source} data-source={source}>
                <td>
                  <span className="mp-person__name">{source}</span>
                  <span className="mp-via" style={{ display: 'block' }}>
                    {chosen === IGNORE ? 'ignored' : `recognised by ${VIA_LABELS[via]}`}
                  </span>
                </td>
                <td>
                  <select
                    className="mp-input"
                    aria-label={`Field fed by the column “${source}”`}
                    value={chosen}
                    disabled={props.disabled}
                    onChange={(event) => props.onChange(source, event.target.value)}
                    style={{ width: '100%' }}
                  >
                    <option value={IGNORE}>{targetLabel(IGNORE)}</option>
                    {targetOptions(source, props.choices).map((target) => (
                      <option key={target} value={target}>
                        {targetLabel(target)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function IssuesTable({ issues, caption }: { issues: readonly ImportIssue[]; caption: string }) {
  const shown = issues.slice(0, MAX_ISSUES_SHOWN);
  return (
    <>
      <div className="mp-sub-scroll">
        <table className="mp-table mp-table--compact">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              <th scope="col" className="mp-th-plain" style={{ width: '16%' }}>
                File
              </th>
              <th scope="col" className="mp-th-plain" style={{ width: '8%' }}>
                Row
              </th>
              <th scope="col" className="mp-th-plain" style={{ width: '18%' }}>
                Column
              </th>
              <th scope="col" className="mp-th-plain" style={{ width: '18%' }}>
                Value
              </th>
              <th scope="col" className="mp-th-plain">
                Expected
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((issue, index) => (
              <tr key={index} className="mp-issue">
                <td>{issue.file}</td>
                <td>{issue.row ?? <span className="mp-muted">whole file</span>}</td>
                <td>{issue.column ?? <span className="mp-muted">—</span>}</td>
                <td>{issue.value === null ? <span className="mp-muted">—</span> : issue.value === '' ? <span className="mp-muted">(blank)</span> : issue.value}</td>
                <td>{issue.expected}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {issues.length > shown.length ? (
        <p className="mp-muted">
          Showing the first {count(shown.length)} of {count(issues.length)}. Fix these and preview again to see the rest.
        </p>
      ) : null}
    </>
  );
}

function Stat({ label, value, alert }: { label: string; value: number; alert?: boolean }) {
  return (
    <div className={alert ? 'mp-stat mp-stat--alert' : 'mp-stat'}>
      <dt>{label}</dt>
      <dd>{count(value)}</dd>
    </div>
  );
}

export function ImportSummary({
  preview,
  applied,
  controls,
  panelYear,
  panelCutoff,
}: {
  preview: ImportPreviewView;
  applied: boolean;
  /** HR's choices before applying; absent once applied. */
  controls?: DecisionControls;
  panelYear: number;
  panelCutoff: string;
}) {
  return (
    <div className="mp-summary">
      <YearAndCutoff preview={preview} panelYear={panelYear} panelCutoff={panelCutoff} {...(controls ? { controls } : {})} />
      <dl className="mp-stats" aria-label="What the import changes">
        <Stat label="Valid rows" value={preview.rows} />
        <Stat label="Added" value={preview.added} />
        <Stat label="Changed" value={preview.changed} />
        <Stat label="Removed" value={preview.removed} alert={preview.removed > 0} />
        <Stat label="Unchanged" value={preview.unchanged} />
        <Stat label="Not in the file" value={preview.missing.length} />
      </dl>
      <h4 className="mp-subheading">Provisional markings (people eligible for moderation)</h4>
      <dl className="mp-stats" aria-label="Provisional markings per box">
        {BOX_MARKINGS.map((m) => (
          <Stat key={m} label={m} value={preview.boxCounts[m] ?? 0} />
        ))}
        <Stat label="Not marked" value={preview.boxCounts['Not marked'] ?? 0} />
      </dl>
      {preview.leavers > 0 ? (
        <p className="mp-muted" style={{ marginTop: '0.4rem' }}>
          {count(preview.leavers)} {preview.leavers === 1 ? 'has' : 'have'} left the Civil Service: moderated, but with no award (FAQ).
        </p>
      ) : null}

      {/* Before applying, the wizard shows these full width beside the summary (DecisionSections). */}
      {applied ? <DecisionSections preview={preview} applied /> : null}

      <h4 className="mp-subheading">Finance conflicts ({preview.financeConflicts.length})</h4>
      {preview.financeConflicts.length === 0 ? (
        <p className="mp-muted">No one with a finance objective Not met is marked above Achieving.</p>
      ) : (
        <>
          <p className="mp-muted">Finance objective Not met but marked above Achieving once imported: flagged for the chair (Annex D 4.a).</p>
          <PeopleList
            label="Finance conflicts"
            items={preview.financeConflicts.map((p) => ({ key: p.staffId, text: `${p.name} (${p.staffId}) — ${p.marking}` }))}
          />
        </>
      )}

      <h4 className="mp-subheading">Ignored columns ({preview.ignoredColumns.length})</h4>
      {preview.ignoredColumns.length === 0 ? (
        <p className="mp-muted">Every column is used.</p>
      ) : (
        <p>{preview.ignoredColumns.join(', ')}</p>
      )}
    </div>
  );
}
