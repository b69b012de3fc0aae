// Import ▸ Panel members' previews: choose one or more returned previews, see each member's verdicts and
// every problem by row, then record them all in one go. A member's workbook replaces their earlier verdicts;
// the discussion queue then takes the cases most members questioned first.

import { useState, type ReactNode } from 'react';
import type { MemberPreviewSummary } from '../../shared/contributions';
import { api } from '../api';
import { usePanelStore } from '../store';
import { useFairnessTick } from '../fairness/live';
import { readFileAsBase64 } from './download';
import { count, FailureMessage, FilePickerField, ProblemsToFix, StageProgress, WarningsList, useTakeBack } from './TakeBackParts';

export default function MemberPreviewsImport({ onBusy, closeButton }: { onBusy(busy: boolean): void; closeButton: ReactNode }) {
  const actor = usePanelStore((s) => s.actor);
  const bump = useFairnessTick((s) => s.bump);
  const { stage, working, setStage, summary, failure, choose, show, unreadable, apply } = useTakeBack<MemberPreviewSummary>(onBusy);
  const [files, setFiles] = useState<{ fileName: string; bytesBase64: string }[]>([]);

  async function onFilesChosen(list: FileList | null): Promise<void> {
    setFiles([]);
    const picked = list !== null && list.length > 0 ? list : null;
    if (!choose(picked)) return;
    try {
      const chosen = [];
      for (const file of Array.from(picked)) chosen.push({ fileName: file.name, bytesBase64: await readFileAsBase64(file, () => {}) });
      setFiles(chosen);
      show(await api.previewMemberWorkbooks({ actor, files: chosen }));
    } catch (error) {
      unreadable(error);
    }
    setStage('checked');
  }

  async function onApply(): Promise<void> {
    if (await apply(() => api.applyMemberWorkbooks({ actor, files }))) bump();
  }

  const errors = summary?.errors ?? [];
  const ready = stage === 'checked' && summary !== null && errors.length === 0 && files.length > 0;

  return (
    <>
      <p>
        Choose the preview you filled in and sent back. Every row is checked first; if any is wrong, nothing is recorded. Your workbook
        replaces the verdicts you returned before. Each panel member takes back their own preview, as themselves in the panel member’s role:
        recorded in the history as {actor.name} ({actor.role}).
      </p>
      <FilePickerField
        label="Returned previews (.xlsx)"
        multiple
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        disabled={working || stage === 'applied'}
        onChange={(files) => void onFilesChosen(files)}
        style={{ marginBottom: '0.9rem' }}
      />
      <StageProgress stage={stage} checking="Checking every preview" applying="Recording the verdicts" />
      <FailureMessage failure={failure} />
      {summary ? (
        <div aria-live="polite">
          <div className="mp-sub-scroll">
            <table className="mp-table mp-table--compact">
              <caption className="sr-only">Each member’s verdicts</caption>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">File</th>
                  <th scope="col">Agree</th>
                  <th scope="col">Question</th>
                  <th scope="col">Abstain</th>
                  <th scope="col">Blank</th>
                  <th scope="col">Replaces</th>
                </tr>
              </thead>
              <tbody>
                {summary.workbooks.map((w) => (
                  <tr key={w.file}>
                    <td>{w.member || <span className="mp-muted">(no member named)</span>}</td>
                    <td>{w.file}</td>
                    <td>{w.counts.agree}</td>
                    <td>{w.counts.question}</td>
                    <td>{w.counts.abstain}</td>
                    <td>{w.blank}</td>
                    <td>{w.replaces > 0 ? count(w.replaces, 'earlier verdict', 'earlier verdicts') : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {errors.length > 0 ? (
            <ProblemsToFix issues={errors} nothingWillBe="recorded" caption="Problems in the members’ previews, by row and column" />
          ) : stage === 'applied' ? (
            <p className="mp-message" role="status">
              Recorded {count(summary.workbooks.length, 'preview', 'previews')}. Members with previews: {summary.members.join(', ')}. The discussion queue
              now takes the cases most members questioned first, after rule breaches.
            </p>
          ) : (
            <p className="mp-message">Every preview can be recorded. Nothing has been written yet.</p>
          )}
          <WarningsList issues={summary.warnings} whatTheyDoNotStop="the previews" caption="Warnings about the members’ previews" />
        </div>
      ) : null}
      <div className="mp-actions contrib-actions">
        {stage !== 'applied' ? (
          <button type="button" className="mp-button" disabled={!ready} onClick={() => void onApply()}>
            {summary && errors.length === 0 ? `Record ${count(summary.workbooks.length, 'preview', 'previews')}` : 'Record the previews'}
          </button>
        ) : null}
        {closeButton}
      </div>
    </>
  );
}
