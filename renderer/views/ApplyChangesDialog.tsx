// Import ▸ Apply a list of changes: choose a CSV or XLSX of changes (staff_id, action, value, reason, text),
// see every problem by row before anything is written, then apply them all in one go (as `modpanel apply`).

import { useId, useRef, useState } from 'react';
import { CHANGE_ACTIONS, CHANGE_COLUMNS, type ChangesSummary } from '../../shared/changeTypes';
import { Dialog } from '../components/Dialog';
import { useApplyChanges } from '../components/applyChangesState';
import { api } from '../api';
import { usePanelStore } from '../store';
import { readFileAsBase64 } from './download';
import { count, FailureMessage, FilePickerField, ProblemsToFix, StageProgress, StatList, WarningsList, useTakeBack } from './TakeBackParts';
import './views.css';
import './applyChanges.css';

interface Upload {
  fileName: string;
  bytesBase64: string;
}

function ChangesCounts({ summary }: { summary: ChangesSummary }) {
  const actions = CHANGE_ACTIONS.filter((action) => summary.byAction[action] > 0);
  return (
    <StatList
      label="Changes in the file"
      stats={[
        { label: 'Changes', value: summary.rows },
        { label: 'People', value: summary.people },
        ...actions.map((action) => ({ label: action, value: summary.byAction[action] })),
      ]}
    />
  );
}

export default function ApplyChangesDialog() {
  const hide = useApplyChanges((s) => s.hide);
  const actor = usePanelStore((s) => s.actor);
  const load = usePanelStore((s) => s.load);
  const { stage, working: busy, setStage, summary, failure, choose, show, unreadable, apply } = useTakeBack<ChangesSummary>();
  const [upload, setUpload] = useState<Upload | null>(null);
  const requestId = useRef(0);
  const titleId = useId();
  const descId = useId();

  async function onFileChosen(file: File | undefined): Promise<void> {
    const id = ++requestId.current;
    setUpload(null);
    if (!choose(file)) return;
    try {
      const current = { fileName: file.name, bytesBase64: await readFileAsBase64(file, () => {}) };
      const result = await api.previewChanges({ ...current, actor });
      if (id !== requestId.current) return;
      setUpload(current);
      show(result);
    } catch (error) {
      unreadable(error);
    }
    if (id === requestId.current) setStage('checked');
  }

  async function onApply(): Promise<void> {
    if (!upload) return;
    if (await apply(() => api.applyChanges({ ...upload, actor }))) await load();
  }

  const errors = summary?.errors ?? [];
  const ready = stage === 'checked' && summary !== null && errors.length === 0 && summary.changed > 0;

  return (
    <Dialog open onCancel={() => !busy && hide()} labelledBy={titleId} describedBy={descId} className="mp-dialog mp-dialog--wide">
      <h2 id={titleId}>Apply a list of changes</h2>
      <p id={descId}>
        One change per row, with the columns {CHANGE_COLUMNS.join(', ')} (actions: {CHANGE_ACTIONS.join(', ')}). Every row is checked
        against the panel’s rules first; if any is refused, nothing is changed. Each change is recorded in the history as made by{' '}
        {actor.name} ({actor.role}).
      </p>
      <FilePickerField
        label="Changes file (CSV or Excel .xlsx)"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        disabled={busy || stage === 'applied'}
        onChange={(files) => void onFileChosen(files?.[0])}
        style={{ marginBottom: '0.9rem' }}
      />
      <StageProgress stage={stage} checking="Checking every change" applying="Applying the changes" />

      <FailureMessage failure={failure} />

      {summary && stage !== 'applied' ? (
        <div aria-live="polite">
          <ChangesCounts summary={summary} />
          {errors.length > 0 ? (
            <ProblemsToFix issues={errors} nothingWillBe="changed" caption="Problems in the changes file, by row and column" />
          ) : (
            <p className="mp-message">
              Every change can be made: {count(summary.changed, 'change', 'changes')}
              {summary.unchanged > 0 ? `, and ${count(summary.unchanged, 'row', 'rows')} already so` : ''}. Nothing has been written yet.
            </p>
          )}
          <WarningsList issues={summary.warnings} whatTheyDoNotStop="the changes" caption="Warnings about the changes file" />
        </div>
      ) : null}

      {stage === 'applied' && summary ? (
        <p className="mp-message" role="status">
          Applied {count(summary.changed, 'change', 'changes')} from {summary.file} for {count(summary.people, 'person', 'people')}: the
          grid and the history now show them.
        </p>
      ) : null}

      <div className="mp-actions" style={{ marginTop: '0.9rem' }}>
        {stage === 'applied' ? (
          <button type="button" className="mp-button" onClick={hide}>
            Close
          </button>
        ) : (
          <>
            <button type="button" className="mp-button" disabled={!ready} onClick={() => void onApply()}>
              {summary && errors.length === 0 ? `Apply ${count(summary.changed, 'change', 'changes')}` : 'Apply the changes'}
            </button>
            <button type="button" className="mp-button mp-button--secondary" onClick={hide} disabled={busy}>
              Cancel
            </button>
          </>
        )}
      </div>
    </Dialog>
  );
}
