// What HR decides about an import before applying it (issue 7): the performance year and cut-off the file
// is checked against, whether people without a readable start date are eligible, which conflicts take the
// file's value, and whether people the file lacks are removed. Nothing of the panel's work is lost by default.

import { useId, useState } from 'react';
import type { ImportConflictView, ImportPreviewView } from '../../shared/contract';
import { ELIGIBILITY_LABELS, type EligibilityStatus } from '../../shared/domain';
import { parsePerformanceYear, performanceYearLabel } from '../../shared/performanceYear';
import { formatDate } from '../grid/moveFlow';
import { checkYearAndCutoff, useYearAndCutoff, YearCutoffFields } from './YearCutoffFields';

export type ConflictField = ImportConflictView['field'];

export interface ImportDecisions {
  removeMissing: boolean;
  /** `field:staffId` for each conflict where HR takes the file's value; every other conflict keeps the panel's. */
  takeFile: string[];
  assumeEligibleWithoutStartDate: boolean;
  /** Null: the panel's own. */
  performanceYear: number | null;
  eligibilityCutoff: string | null;
}

export const NO_DECISIONS: ImportDecisions = {
  removeMissing: false,
  takeFile: [],
  assumeEligibleWithoutStartDate: false,
  performanceYear: null,
  eligibilityCutoff: null,
};

export interface DecisionControls {
  decisions: ImportDecisions;
  disabled: boolean;
  onChange(next: ImportDecisions): void;
}

export const FIELD_LABELS: Record<ConflictField, string> = {
  moderated_marking: 'Moderated marking',
  finance_objective: 'Finance objective',
};

const conflictKey = (c: Pick<ImportConflictView, 'field' | 'staffId'>) => `${c.field}:${c.staffId}`;

/** The decisions as the contract takes them (previewImport and applyImport alike). */
export function decisionsRequest(d: ImportDecisions) {
  const byField = new Map<ConflictField, string[]>();
  for (const key of d.takeFile) {
    const [field, ...rest] = key.split(':') as [ConflictField, ...string[]];
    byField.set(field, [...(byField.get(field) ?? []), rest.join(':')]);
  }
  return {
    ...(d.removeMissing ? { removeMissing: true } : {}),
    ...(byField.size > 0 ? { takeFileValues: [...byField].map(([field, staffIds]) => ({ field, staffIds })) } : {}),
    ...(d.assumeEligibleWithoutStartDate ? { assumeEligibleWithoutStartDate: true } : {}),
    ...(d.performanceYear !== null ? { performanceYear: d.performanceYear } : {}),
    ...(d.eligibilityCutoff !== null ? { eligibilityCutoff: d.eligibilityCutoff } : {}),
  };
}

const count = (n: number) => n.toLocaleString('en-GB');
const people = (n: number) => `${count(n)} ${n === 1 ? 'person' : 'people'}`;
const MAX_LISTED = 200;

function Names({ label, items }: { label: string; items: { staffId: string; name: string; extra?: string }[] }) {
  const shown = items.slice(0, MAX_LISTED);
  const long = items.length > 8;
  return (
    <>
      <ul className={long ? 'mp-list mp-list--scroll' : 'mp-list'} aria-label={label} tabIndex={long ? 0 : undefined}>
        {shown.map((p) => (
          <li key={p.staffId}>
            {p.name} ({p.staffId}){p.extra ? ` — ${p.extra}` : ''}
          </li>
        ))}
      </ul>
      {items.length > shown.length ? <p className="mp-muted">…and {count(items.length - shown.length)} more.</p> : null}
    </>
  );
}

/** The year and cut-off the file is checked against, which HR can change before applying. */
export function YearAndCutoff({ preview, panelYear, panelCutoff, controls }: { preview: ImportPreviewView; panelYear: number; panelCutoff: string; controls?: DecisionControls }) {
  const fields = useYearAndCutoff(preview.performanceYear, preview.eligibilityCutoff);
  const [problem, setProblem] = useState<string | null>(null);
  const changesPanel = preview.performanceYear !== panelYear || preview.eligibilityCutoff !== panelCutoff;
  const checked = (
    <p data-testid="import-year">
      Checked against performance year <strong>{performanceYearLabel(preview.performanceYear)}</strong> and the eligibility cut-off{' '}
      <strong>{formatDate(preview.eligibilityCutoff)}</strong>: people must have been in the Civil Service since before the cut-off to be
      moderated (para 69).
      {changesPanel
        ? controls
          ? ' Importing also sets these as the panel’s year and cut-off (recorded in the history).'
          : ' They are now the panel’s year and cut-off.'
        : ''}
    </p>
  );
  if (!controls) return checked;

  function check() {
    const { year, problem: wrong } = checkYearAndCutoff(fields);
    setProblem(wrong);
    if (year === null) return;
    const cutoff = fields.cutoff;
    controls!.onChange({
      ...controls!.decisions,
      performanceYear: year === panelYear ? null : year,
      eligibilityCutoff: cutoff === panelCutoff ? null : cutoff,
    });
  }

  const unchanged = parsePerformanceYear(fields.yearText) === preview.performanceYear && fields.cutoff === preview.eligibilityCutoff;
  return (
    <div className="mp-year-cutoff">
      {checked}
      <div className="mp-inline-fields">
        <YearCutoffFields fields={fields} disabled={controls.disabled} />
        <button type="button" className="mp-button mp-button--secondary" disabled={controls.disabled || unchanged} onClick={check}>
          Check again with this year and cut-off
        </button>
      </div>
      {problem ? (
        <p className="mp-message mp-message--error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

const APART_ORDER: Exclude<EligibilityStatus, 'eligible'>[] = ['start_date_unknown', 'joined_after_cutoff', 'moved_in_after_cutoff'];

/** Who is listed apart and why (paras 69–70); people without a readable start date are never silently eligible. */
export function ListedApartSection({ preview, controls }: { preview: ImportPreviewView; controls?: DecisionControls }) {
  const ids = useId();
  const assume = controls?.decisions.assumeEligibleWithoutStartDate ?? false;
  const unknown = preview.ineligible.filter((p) => p.eligibility === 'start_date_unknown').length;
  return (
    <section aria-labelledby={`${ids}-h`}>
      <h4 id={`${ids}-h`} className="mp-subheading">
        Listed apart, not moderated by this panel ({count(preview.ineligible.length)})
      </h4>
      {preview.ineligible.length === 0 ? (
        <p className="mp-muted">
          {assume ? 'Everyone is eligible for moderation: you confirmed those without a readable start date.' : 'Everyone is eligible for moderation (paras 69–70).'}
        </p>
      ) : (
        APART_ORDER.map((reason) => {
          const group = preview.ineligible.filter((p) => p.eligibility === reason);
          if (group.length === 0) return null;
          return (
            <div key={reason} className={reason === 'start_date_unknown' ? 'mp-banner mp-banner--warning mp-apart-group' : 'mp-apart-group'}>
              <p>
                <strong>{people(group.length)}</strong>: {ELIGIBILITY_LABELS[reason]}.
              </p>
              <Names
                label={ELIGIBILITY_LABELS[reason]}
                items={group.map((p) => ({ ...p, ...(p.csStartDate && reason !== 'start_date_unknown' ? { extra: `in the Civil Service since ${formatDate(p.csStartDate)}` } : {}) }))}
              />
            </div>
          );
        })
      )}
      {controls && (unknown > 0 || assume) ? (
        <div className="mp-check">
          <input
            id={`${ids}-assume`}
            type="checkbox"
            checked={assume}
            disabled={controls.disabled}
            onChange={(e) => controls.onChange({ ...controls.decisions, assumeEligibleWithoutStartDate: e.target.checked })}
          />
          <label htmlFor={`${ids}-assume`}>Everyone without a readable start date is eligible (I have checked)</label>
        </div>
      ) : null}
    </section>
  );
}

/** Where the file disagrees with the panel's own work: the panel's value stays unless HR ticks the file's. */
export function ConflictsSection({ preview, controls }: { preview: ImportPreviewView; controls?: DecisionControls }) {
  const ids = useId();
  const chosen = new Set(controls?.decisions.takeFile ?? []);
  const taken = (c: ImportConflictView) => (controls ? chosen.has(conflictKey(c)) : c.resolution === 'file');
  return (
    <section aria-labelledby={`${ids}-h`}>
      <h4 id={`${ids}-h`} className="mp-subheading">
        Differences from the panel’s work ({count(preview.conflicts.length)})
      </h4>
      {preview.conflicts.length === 0 ? (
        <p className="mp-muted">The file agrees with every move and finance annotation made in the panel.</p>
      ) : (
        <>
          <p className="mp-muted">
            The panel’s value stays unless you take the file’s for that person. Every choice is recorded in the history.
          </p>
          <div className="mp-sub-scroll">
            <table className="mp-table mp-table--compact" data-testid="import-conflicts">
              <caption className="sr-only">Where the file disagrees with the panel: person, field, panel value, file value</caption>
              <thead>
                <tr>
                  <th scope="col" className="mp-th-plain">
                    Person
                  </th>
                  <th scope="col" className="mp-th-plain">
                    Field
                  </th>
                  <th scope="col" className="mp-th-plain">
                    Panel’s value
                  </th>
                  <th scope="col" className="mp-th-plain">
                    File’s value
                  </th>
                  <th scope="col" className="mp-th-plain">
                    {controls ? 'Take the file’s value' : 'Kept'}
                  </th>
                </tr>
              </thead>
              <tbody>
                {preview.conflicts.map((c) => {
                  const key = conflictKey(c);
                  return (
                    <tr key={key} data-staff-id={c.staffId} data-field={c.field}>
                      <td>
                        {c.name} <span className="mp-via">({c.staffId})</span>
                      </td>
                      <td>{FIELD_LABELS[c.field]}</td>
                      <td>{c.panelValue}</td>
                      <td>{c.fileValue}</td>
                      <td>
                        {controls ? (
                          <input
                            type="checkbox"
                            aria-label={`Take the file’s ${FIELD_LABELS[c.field].toLowerCase()} for ${c.name}`}
                            checked={taken(c)}
                            disabled={controls.disabled}
                            onChange={(e) =>
                              controls.onChange({
                                ...controls.decisions,
                                takeFile: e.target.checked ? [...controls.decisions.takeFile, key] : controls.decisions.takeFile.filter((k) => k !== key),
                              })
                            }
                          />
                        ) : taken(c) ? (
                          'The file’s'
                        ) : (
                          'The panel’s'
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** People in the panel the file lacks: kept unless HR ticks the box, which shows who would go. */
export function MissingSection({ preview, controls, applied }: { preview: ImportPreviewView; controls?: DecisionControls; applied: boolean }) {
  const ids = useId();
  const n = preview.missing.length;
  const remove = controls ? controls.decisions.removeMissing : preview.removed > 0;
  return (
    <section aria-labelledby={`${ids}-h`}>
      <h4 id={`${ids}-h`} className="mp-subheading">
        In the panel but not in this file ({count(n)})
      </h4>
      {n === 0 ? (
        <p className="mp-muted">Everyone in the panel is in the file.</p>
      ) : (
        <>
          <p className={remove ? 'mp-banner mp-banner--warning' : 'mp-muted'}>
            {remove
              ? `${people(n)} ${applied ? (n === 1 ? 'was' : 'were') : 'will be'} removed from the panel, with their markings, flags and notes (the history keeps what happened).`
              : `${applied ? 'Kept' : 'Kept in the panel as they are'}: a file that lacks someone removes no one unless you ask.`}
          </p>
          <Names label="People in the panel but not in this file" items={preview.missing} />
          {controls ? (
            <div className="mp-check">
              <input
                id={`${ids}-remove`}
                type="checkbox"
                checked={controls.decisions.removeMissing}
                disabled={controls.disabled}
                onChange={(e) => controls.onChange({ ...controls.decisions, removeMissing: e.target.checked })}
              />
              <label htmlFor={`${ids}-remove`}>
                Remove {n === 1 ? 'this person' : `these ${count(n)} people`} from the panel
              </label>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

/** Who is set apart, the conflicts and the people the file lacks: HR's choices before applying, or what was done. */
export function DecisionSections({ preview, controls, applied }: { preview: ImportPreviewView; controls?: DecisionControls; applied: boolean }) {
  const extra = controls ? { controls } : {};
  return (
    <div className="mp-decisions">
      <ListedApartSection preview={preview} {...extra} />
      <ConflictsSection preview={preview} {...extra} />
      <MissingSection preview={preview} applied={applied} {...extra} />
    </div>
  );
}
