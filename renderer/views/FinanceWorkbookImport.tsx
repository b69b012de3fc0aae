// Import ▸ Finance partner's workbook: choose the returned .xlsx, see every problem by row, what it changes,
// what the panel changed since it was written (kept unless you take the workbook's value) and who is now
// Not met above Achieving (Annex D 4.a); then apply it whole, each annotation recorded as the partner.

import { useRef, useState, type ReactNode } from 'react';
import type { FinanceAnnotation, FinanceWorkbookSummary } from '../../shared/contributions';
import { api } from '../api';
import { usePanelStore } from '../store';
import { useFairnessTick } from '../fairness/live';
import { readFileAsBase64 } from './download';
import { count, FailureMessage, FilePickerField, ProblemsToFix, StageProgress, StatList, useTakeBack } from './TakeBackParts';

const SHOWN = 200;
const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

function Annotation({ value }: { value: FinanceAnnotation }) {
  return (
    <>
      <strong>{value.objective}</strong>
      {value.note ? <span className="contrib-note"> — {value.note}</span> : null}
    </>
  );
}

function Stats({ summary }: { summary: FinanceWorkbookSummary }) {
  return (
    <StatList
      label="What the workbook holds"
      stats={[
        { label: 'Rows', value: summary.rows },
        { label: summary.applied ? 'Changed' : 'Changes', value: summary.changes.length },
        { label: 'Unchanged', value: summary.unchanged },
        { label: 'Changed in the panel since', value: summary.laterEdits.length, alert: summary.laterEdits.length > 0 },
        { label: 'Not met above Achieving', value: summary.ruleConflicts.length, alert: summary.ruleConflicts.length > 0 },
      ]}
    />
  );
}

export default function FinanceWorkbookImport({ onBusy, closeButton }: { onBusy(busy: boolean): void; closeButton: ReactNode }) {
  const actor = usePanelStore((s) => s.actor);
  const load = usePanelStore((s) => s.load);
  const bump = useFairnessTick((s) => s.bump);
  const { stage, working, setStage, summary, failure, choose, show, unreadable, apply } = useTakeBack<FinanceWorkbookSummary>(onBusy);
  const [upload, setUpload] = useState<{ fileName: string; bytesBase64: string } | null>(null);
  const [take, setTake] = useState<string[]>([]);
  const requestId = useRef(0);
  // The finance partner takes back their own workbook (issue 9): recorded as the person in the window, whose
  // role the service checks; anyone else is told to change who they are.
  const recordedAs = actor.role === 'finance' ? { name: actor.name, role: actor.role } : { name: '', role: actor.role };

  async function check(current: { fileName: string; bytesBase64: string }, takeWorkbookValues: string[]): Promise<void> {
    const id = ++requestId.current;
    setStage('checking');
    const result = await api.previewFinanceWorkbook({ ...current, actor: { name: actor.name, role: actor.role }, takeWorkbookValues });
    if (id !== requestId.current) return;
    show(result);
    setStage('checked');
  }

  async function onFileChosen(file: File | undefined): Promise<void> {
    setUpload(null);
    setTake([]);
    if (!choose(file)) return;
    try {
      const current = { fileName: file.name, bytesBase64: await readFileAsBase64(file, () => {}) };
      setUpload(current);
      await check(current, []);
    } catch (error) {
      unreadable(error);
      setStage('checked');
    }
  }

  async function toggleTake(staffId: string, taken: boolean): Promise<void> {
    const next = taken ? [...take, staffId] : take.filter((id) => id !== staffId);
    setTake(next);
    if (upload) await check(upload, next);
  }

  async function onApply(): Promise<void> {
    if (!upload) return;
    if (!(await apply(() => api.applyFinanceWorkbook({ ...upload, actor: recordedAs, takeWorkbookValues: take })))) return;
    await load();
    bump();
  }

  const errors = summary?.errors ?? [];
  const ready = stage === 'checked' && summary !== null && errors.length === 0 && summary.changes.length > 0 && recordedAs.name !== '';

  return (
    <>
      <p>
        Choose the workbook your finance partner sent back. Every row is checked first; if any is wrong, nothing is changed. An annotation the
        panel changed after the workbook was written keeps the panel’s value unless you take the workbook’s.
      </p>
      <div className="contrib-fields">
        <FilePickerField
          label="Returned workbook (.xlsx)"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={working || stage === 'applied'}
          onChange={(files) => void onFileChosen(files?.[0])}
        />
        <p className="mp-muted" data-testid="finance-recorded-as">
          {actor.role === 'finance'
            ? `Each annotation is recorded as yours: ${actor.name} (finance partner).`
            : 'Only the finance partner takes back this workbook: choose Change beside your name and switch to the finance partner.'}
        </p>
      </div>
      <StageProgress stage={stage} checking="Checking every row" applying="Applying the annotations" />

      <FailureMessage failure={failure} />

      {summary ? (
        <div aria-live="polite">
          {summary.writtenAt ? (
            <p className="mp-muted">
              {summary.file}: written {when(summary.writtenAt)} by {summary.writtenBy}.
            </p>
          ) : null}
          <Stats summary={summary} />
          {errors.length > 0 ? (
            <ProblemsToFix issues={errors} nothingWillBe="changed" caption="Problems in the finance partner’s workbook, by row and column" />
          ) : stage === 'applied' ? (
            <p className="mp-message" role="status">
              Applied {count(summary.changes.length, 'annotation', 'annotations')} from {summary.file}, each recorded as {recordedAs.name} (finance). The
              grid, the table and the history now show them.
            </p>
          ) : (
            <p className="mp-message">
              {summary.changes.length === 0
                ? 'Nothing to change: the workbook matches the panel.'
                : `${count(summary.changes.length, 'annotation', 'annotations')} to change. Nothing has been written yet.`}
            </p>
          )}

          {summary.laterEdits.length > 0 ? (
            <section aria-labelledby="later-edits-h">
              <h3 id="later-edits-h" className="mp-subheading">
                Changed in the panel after the workbook was written
              </h3>
              <p className="mp-muted">
                {stage === 'applied' ? 'Where the box is not ticked, the panel’s value was kept.' : 'The panel’s value stays unless you take the workbook’s.'}
              </p>
              <div className="mp-sub-scroll">
                <table className="mp-table mp-table--compact" aria-labelledby="later-edits-h">
                  <thead>
                    <tr>
                      <th scope="col">Person</th>
                      <th scope="col">In the panel now</th>
                      <th scope="col">In the workbook</th>
                      <th scope="col">Take the workbook’s value</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.laterEdits.map((edit) => (
                      <tr key={edit.staffId} data-staff-id={edit.staffId}>
                        <td>
                          {edit.name} <span className="mp-muted">{edit.staffId}</span>
                        </td>
                        <td>
                          <Annotation value={edit.panel} />
                          {edit.editedBy ? (
                            <div className="mp-muted">
                              by {edit.editedBy}
                              {edit.editedAt ? `, ${when(edit.editedAt)}` : ''}
                            </div>
                          ) : null}
                        </td>
                        <td>
                          <Annotation value={edit.workbook} />
                        </td>
                        <td>
                          <label className="contrib-take">
                            <input
                              type="checkbox"
                              checked={edit.resolution === 'workbook'}
                              disabled={working || stage === 'applied'}
                              onChange={(event) => void toggleTake(edit.staffId, event.target.checked)}
                            />
                            <span className="sr-only">Take the workbook’s value for {edit.name}</span>
                          </label>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}

          {summary.ruleConflicts.length > 0 ? (
            <section aria-labelledby="rule-conflicts-h" className="contrib-conflicts">
              <h3 id="rule-conflicts-h" className="mp-subheading">
                Not met above Achieving — for discussion (Annex D 4.a)
              </h3>
              <p className="mp-muted">
                Someone who did not meet their finance/efficiency objective cannot be placed above Achieving. They go to the top of the discussion
                queue, and the panel cannot be finalised until each is resolved.
              </p>
              <ul>
                {summary.ruleConflicts.map((c) => (
                  <li key={c.staffId}>
                    {c.name} <span className="mp-muted">{c.staffId}</span> — {c.marking}
                    {c.fromWorkbook ? ' (from this workbook)' : ''}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {summary.changes.length > 0 ? (
            <section aria-labelledby="finance-changes-h">
              <h3 id="finance-changes-h" className="mp-subheading">
                {stage === 'applied' ? 'Annotations changed' : 'Annotations the workbook changes'}
              </h3>
              <div className="mp-sub-scroll">
                <table className="mp-table mp-table--compact" aria-labelledby="finance-changes-h">
                  <thead>
                    <tr>
                      <th scope="col">Person</th>
                      <th scope="col">Was</th>
                      <th scope="col">Becomes</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.changes.slice(0, SHOWN).map((change) => (
                      <tr key={change.staffId}>
                        <td>
                          {change.name} <span className="mp-muted">{change.staffId}</span>
                        </td>
                        <td>
                          <Annotation value={change.before} />
                        </td>
                        <td>
                          <Annotation value={change.after} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {summary.changes.length > SHOWN ? <p className="mp-muted">Showing the first {SHOWN} of {summary.changes.length.toLocaleString('en-GB')}.</p> : null}
            </section>
          ) : null}
        </div>
      ) : null}

      <div className="mp-actions contrib-actions">
        {stage !== 'applied' ? (
          <>
            <button type="button" className="mp-button" disabled={!ready} onClick={() => void onApply()}>
              {summary && errors.length === 0 && summary.changes.length > 0 ? `Apply ${count(summary.changes.length, 'annotation', 'annotations')}` : 'Apply the annotations'}
            </button>
            {summary && errors.length === 0 && summary.changes.length > 0 && recordedAs.name === '' ? (
              <span className="mp-muted">Switch to the finance partner to apply it.</span>
            ) : null}
          </>
        ) : null}
        {closeButton}
      </div>
    </>
  );
}
