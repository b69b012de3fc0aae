// HR's import wizard: choose a CSV/XLSX file, see how its columns were recognised and change that, see
// every row-level problem before anything is written and fix values or skip rows without editing the file,
// decide the year, cut-off, conflicts and people the file lacks (the panel's work is kept by default), then
// apply and see what changed. With `newPanel` it makes a new panel from the file the host holds (File ▸ New
// Panel from File): the panel file is made only when HR applies.

import { useEffect, useRef, useState } from 'react';
import type { ApiError, ImportPreviewView } from '../../shared/contract';
import type { NewPanelDraftView } from '../../shared/newPanelContract';
import { api } from '../api';
import { usePanelStore } from '../store';
import { readFileAsBase64, readFileAsText, saveExportedFile, textToBase64 } from './download';
import { IssuesTable, ImportSummary, MappingTable } from './ImportPreviewParts';
import { DecisionSections, NO_DECISIONS, decisionsRequest, type ImportDecisions } from './ImportDecisions';
import { assignTarget, choicesFrom, mappingFrom, targetLabel, type ColumnChoices, type MappingJson } from './importMapping';
import { NO_FIXES, hasFixes, withFixes, type ImportFixes } from './importFixes';
import ImportFixesPanel from './ImportFixes';
import ProgressBar from './ProgressBar';
import ReadOnlyBanner, { isFinalised } from './ReadOnlyBanner';
import Field from './Field';
import './views.css';

type Stage = 'idle' | 'reading' | 'validating' | 'applying';
interface Upload {
  fileName: string;
  size: number;
  bytesBase64: string;
}

const STAGE_LABELS: Record<Exclude<Stage, 'idle'>, string> = {
  reading: 'Reading the file',
  validating: 'Checking every row',
  applying: 'Importing into the panel',
};

function sizeInWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export default function ImportWizard({ newPanel }: { newPanel?: NewPanelDraftView } = {}) {
  const openPanel = usePanelStore((s) => s.panel);
  // A new panel has no panel yet: the wizard works on the draft, not on a panel that may be open behind it.
  const panel = newPanel ? null : openPanel;
  const actor = usePanelStore((s) => s.actor);
  const load = usePanelStore((s) => s.load);
  const finalised = isFinalised(panel);

  const [upload, setUpload] = useState<Upload | null>(null);
  const [stage, setStage] = useState<Stage>('idle');
  const [readFraction, setReadFraction] = useState(0);
  const [preview, setPreview] = useState<ImportPreviewView | null>(null);
  const [choices, setChoices] = useState<ColumnChoices>({});
  const [mapping, setMapping] = useState<MappingJson | undefined>(undefined);
  const [baseMapping, setBaseMapping] = useState<{ fileName: string; json: MappingJson } | null>(null);
  const [failure, setFailure] = useState<(ApiError & { during: 'preview' | 'import' }) | null>(null);
  const [applied, setApplied] = useState<(ImportPreviewView & { auditEventId: number }) | null>(null);
  const [status, setStatus] = useState('');
  const [inputKey, setInputKey] = useState(0);
  const [decisions, setDecisions] = useState<ImportDecisions>(NO_DECISIONS);
  const [fixes, setFixes] = useState<ImportFixes>(NO_FIXES);
  // The fixes the next preview uses, readable from async callbacks without waiting for a render.
  const fixesRef = useRef<ImportFixes>(NO_FIXES);
  const [panelName, setPanelName] = useState(newPanel?.name ?? '');
  const [panelUnit, setPanelUnit] = useState(newPanel?.businessUnit ?? '');
  // HR makes a panel (as File ▸ New Panel always has): the name recorded as its creator, in its history.
  const [madeBy, setMadeBy] = useState(actor.role === 'hr' ? actor.name : '');
  const newPanelRef = useRef({ name: panelName, businessUnit: panelUnit });
  newPanelRef.current = { name: panelName.trim() === '' ? (newPanel?.name ?? 'New panel') : panelName, businessUnit: panelUnit };
  // The decisions the next preview uses, readable from async callbacks without waiting for a render.
  const decisionsRef = useRef<ImportDecisions>(NO_DECISIONS);
  // Every target recognised at some point: switching one to "ignore" must send it as null.
  const knownTargets = useRef(new Set<string>());
  // What the importer detected before any change here: only differences need to go in the mapping.
  const detected = useRef<ColumnChoices>({});
  // Only the latest preview request may update the screen.
  const requestId = useRef(0);
  const doneHeading = useRef<HTMLHeadingElement>(null);

  async function runPreview(current: Upload, nextMapping: MappingJson | undefined, fresh = false): Promise<void> {
    const id = ++requestId.current;
    setStage('validating');
    setFailure(null);
    const sent = withFixes(nextMapping, fixesRef.current);
    const result = await api.previewImport({
      fileName: current.fileName,
      bytesBase64: current.bytesBase64,
      ...(sent ? { mapping: sent } : {}),
      ...decisionsRequest(decisionsRef.current),
      ...(newPanel ? { newPanel: newPanelRef.current } : {}),
    });
    if (id !== requestId.current) return;
    setStage('idle');
    if (!result.ok) {
      setFailure({ ...result.error, during: 'preview' });
      setStatus(`The file could not be previewed: ${result.error.message}`);
      return;
    }
    const value = result.value;
    for (const c of value.columns) if (c.target) knownTargets.current.add(c.target);
    setPreview(value);
    const nextChoices = choicesFrom(value.columns);
    if (fresh) detected.current = nextChoices;
    setChoices(nextChoices);
    setStatus(
      value.errors.length > 0
        ? `Preview ready: ${value.errors.length} ${value.errors.length === 1 ? 'problem' : 'problems'} to fix before importing.`
        : `Preview ready: ${value.rows} rows, ${value.added} added, ${value.changed} changed, ${value.removed} removed, ${value.conflicts.length} differences from the panel’s work, ${value.ineligible.length} listed apart. Nothing has been written yet.`,
    );
  }

  async function onFileChosen(file: File | undefined): Promise<void> {
    requestId.current += 1;
    setPreview(null);
    setApplied(null);
    setFailure(null);
    setChoices({});
    knownTargets.current = new Set();
    changeDecisions(NO_DECISIONS);
    changeFixes(NO_FIXES);
    const startMapping = baseMapping?.json;
    setMapping(startMapping);
    if (!file) {
      setUpload(null);
      return;
    }
    setStage('reading');
    setReadFraction(0);
    try {
      const bytesBase64 = await readFileAsBase64(file, setReadFraction);
      const current = { fileName: file.name, size: file.size, bytesBase64 };
      setUpload(current);
      await runPreview(current, startMapping, true);
    } catch (error) {
      setStage('idle');
      setFailure({ code: 'read', message: (error as Error).message, during: 'preview' });
    }
  }

  async function onMappingFileChosen(file: File | undefined): Promise<void> {
    if (!file) {
      setBaseMapping(null);
      return;
    }
    let json: MappingJson;
    try {
      json = JSON.parse((await readFileAsText(file)).replace(/^\uFEFF/, '')) as MappingJson;
    } catch (error) {
      setFailure({ code: 'mapping', message: `${file.name} is not valid JSON: ${(error as Error).message}`, during: 'preview' });
      return;
    }
    setBaseMapping({ fileName: file.name, json });
    setMapping(json);
    if (upload) await runPreview(upload, json, true);
  }

  function onChoiceChange(source: string, target: string): void {
    if (!upload) return;
    const { choices: next, displaced } = assignTarget(choices, source, target);
    setChoices(next);
    const nextMapping = mappingFrom(next, detected.current, knownTargets.current, baseMapping?.json ?? null);
    setMapping(nextMapping);
    if (displaced) setStatus(`“${displaced}” is now ignored: ${targetLabel(target)} comes from “${source}”.`);
    void runPreview(upload, nextMapping);
  }

  function changeDecisions(next: ImportDecisions): void {
    decisionsRef.current = next;
    setDecisions(next);
  }

  function changeFixes(next: ImportFixes): void {
    fixesRef.current = next;
    setFixes(next);
  }

  function onFixesChange(next: ImportFixes, said: string): void {
    if (!upload) return;
    changeFixes(next);
    setStatus(`${said} Checking the file again…`);
    void runPreview(upload, mapping);
  }

  // A new panel's file was chosen in the host's own dialog: the wizard starts on it.
  useEffect(() => {
    if (!newPanel) return;
    const current = { fileName: newPanel.fileName, size: newPanel.size, bytesBase64: newPanel.bytesBase64 };
    setUpload(current);
    void runPreview(current, undefined, true);
    // Once, for the draft the wizard was opened on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [newPanel?.bytesBase64]);

  function onDecisionsChange(next: ImportDecisions): void {
    if (!upload) return;
    changeDecisions(next);
    void runPreview(upload, mapping);
  }

  async function onApply(): Promise<void> {
    if (!upload) return;
    setStage('applying');
    setFailure(null);
    const sent = withFixes(mapping, fixesRef.current);
    const result = await api.applyImport({
      fileName: upload.fileName,
      bytesBase64: upload.bytesBase64,
      actor: newPanel ? { name: madeBy.trim() || 'HR', role: 'hr' } : actor,
      ...(sent ? { mapping: sent } : {}),
      ...decisionsRequest(decisionsRef.current),
      ...(newPanel ? { newPanel: newPanelRef.current } : {}),
    });
    setStage('idle');
    if (!result.ok) {
      setFailure({ ...result.error, during: 'import' });
      setStatus(`Nothing was imported: ${result.error.message}`);
      return;
    }
    if (newPanel) {
      // The host makes the file once the window says how to protect it: the store shows that next.
      await load();
      return;
    }
    setApplied(result.value);
    setStatus(`Imported ${upload.fileName}: ${result.value.added} added, ${result.value.changed} changed, ${result.value.removed} removed.`);
    await load();
    requestAnimationFrame(() => doneHeading.current?.focus());
  }

  function startAgain(): void {
    requestId.current += 1;
    setUpload(null);
    setPreview(null);
    setApplied(null);
    setFailure(null);
    setChoices({});
    setMapping(baseMapping?.json);
    changeDecisions(NO_DECISIONS);
    changeFixes(NO_FIXES);
    setStage('idle');
    setStatus('');
    setInputKey((k) => k + 1);
  }

  async function saveMapping(): Promise<void> {
    const saved = withFixes(mapping, fixes);
    if (!saved) return;
    const text = `${JSON.stringify({ description: `Mapping made in the import wizard for ${upload?.fileName ?? 'an HR file'}: columns, values read as others, rows skipped`, ...saved }, null, 2)}\n`;
    const stem = (upload?.fileName ?? 'import').replace(/\.[^.]+$/, '');
    const outcome = await saveExportedFile(`${stem}-mapping.json`, 'application/json', textToBase64(text));
    setStatus(outcome.saved ? `Mapping saved to ${outcome.where}.` : outcome.reason);
  }

  const busy = stage !== 'idle';
  const decisionControls = { decisions, disabled: busy || finalised, onChange: onDecisionsChange };
  const errors = preview?.errors ?? [];
  const blocked = !preview || errors.length > 0 || busy || finalised || applied !== null;
  const step = applied ? 3 : preview ? 2 : 1;
  const blockedWhy = finalised
    ? 'The panel is finalised, so nothing can be imported.'
    : errors.length > 0
      ? `Fix the ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} in the file (or change the mapping) to ${newPanel ? 'create the panel' : 'import it'}.`
      : newPanel
        ? `Nothing is written until you create the panel: ${newPanel.targetName} is made then.`
        : 'Nothing is written until you import.';

  return (
    <section className="mp-view" aria-labelledby="import-title">
      <header className="mp-view__header">
        <h2 id="import-title" className="mp-view__title">
          {newPanel ? `New panel from ${newPanel.fileName}` : 'Import provisional markings'}
        </h2>
        {newPanel ? (
          <p className="mp-view__lede">
            Check how each column of HR’s file was read and every problem, fix what needs fixing, then create the panel. Nothing is
            written until you do: the panel file {newPanel.targetName} is made then, and you choose how to protect it.
          </p>
        ) : (
          <p className="mp-view__lede">
            Load HR’s extract (CSV or Excel). You see how each column was read and every problem before anything is written. The
            panel’s own work (moves, finance annotations, flags, notes) is kept unless you choose the file’s value, and no one is removed
            unless you ask.
          </p>
        )}
      </header>
      <ReadOnlyBanner panel={panel} />
      <ol className="mp-steps" aria-label="Import steps">
        {(newPanel ? ['The new panel', 'Check columns and problems', 'Create the panel'] : ['Choose a file', 'Check columns and problems', 'Import']).map((label, index) => (
          <li key={label} aria-current={step === index + 1 ? 'step' : undefined} className={step > index + 1 ? 'mp-step--done' : undefined}>
            {label}
          </li>
        ))}
      </ol>
      <p className="sr-only" role="status" aria-live="polite">
        {status}
      </p>

      <div className="mp-wizard">
        <div className="mp-panel">
          <h3>{newPanel ? '1. The new panel' : '1. Choose a file'}</h3>
          {newPanel ? (
            <div className="mp-file-drop">
              <Field label="Panel name">
                {(id) => <input id={id} className="mp-input" value={panelName} maxLength={200} disabled={busy} onChange={(event) => setPanelName(event.target.value)} />}
              </Field>
              <Field label="Business unit">
                {(id) => <input id={id} className="mp-input" value={panelUnit} maxLength={200} disabled={busy} onChange={(event) => setPanelUnit(event.target.value)} />}
              </Field>
              <Field label="Made by (HR)">
                {(id) => (
                  <input id={id} className="mp-input" value={madeBy} maxLength={200} autoComplete="name" disabled={busy} onChange={(event) => setMadeBy(event.target.value)} placeholder="Your name" />
                )}
              </Field>
            </div>
          ) : null}
          <div className="mp-file-drop">
            {newPanel ? null : (
            <Field label="File from HR (CSV or Excel .xlsx)">
              {(id) => (
                <input
                  id={id}
                  key={inputKey}
                  type="file"
                  className="mp-input"
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  disabled={stage === 'reading' || stage === 'applying'}
                  onChange={(event) => void onFileChosen(event.target.files?.[0])}
                />
              )}
            </Field>
            )}
            <Field label="Mapping file (optional, JSON)">
              {(id) => (
                <input
                  id={id}
                  type="file"
                  className="mp-input"
                  accept=".json,application/json"
                  disabled={busy}
                  onChange={(event) => void onMappingFileChosen(event.target.files?.[0])}
                />
              )}
            </Field>
            {upload ? (
              <p className="mp-muted" style={{ margin: 0 }}>
                {upload.fileName}, {sizeInWords(upload.size)}
                {baseMapping ? ` · mapping from ${baseMapping.fileName}` : ''}
              </p>
            ) : null}
          </div>
          {busy ? (
            <div style={{ marginTop: '0.75rem' }}>
              <ProgressBar
                label={STAGE_LABELS[stage]}
                fraction={stage === 'reading' ? readFraction : null}
                {...(upload || stage === 'reading' ? { detail: stage === 'reading' ? 'Large files take a few seconds.' : 'Nothing is written yet.' } : {})}
              />
            </div>
          ) : null}
        </div>

        {failure ? (
          <div className="mp-panel" role="alert">
            <h3 className="mp-issues-title">{failure.during === 'import' ? 'Nothing was imported' : 'This file cannot be used yet'}</h3>
            <p>{failure.message}</p>
            {failure.issues && failure.issues.length > 0 ? <IssuesTable issues={failure.issues} caption="Problems the host reported" /> : null}
          </div>
        ) : null}

        {applied ? (
          <div className="mp-panel">
            <h3 ref={doneHeading} tabIndex={-1}>
              3. Imported {applied.file}
            </h3>
            <p className="mp-message">
              Done: {applied.added} added, {applied.changed} changed, {applied.removed} removed, {applied.unchanged} unchanged. The grid and
              the table now show the new list; the import is in the history.
            </p>
            <ImportSummary preview={applied} applied panelYear={applied.performanceYear} panelCutoff={applied.eligibilityCutoff} />
            <div className="mp-actions" style={{ marginTop: '0.8rem' }}>
              <button type="button" className="mp-button mp-button--secondary" onClick={startAgain}>
                Import another file
              </button>
              <button type="button" className="mp-button" onClick={() => usePanelStore.getState().setView('grid')}>
                Go to the grid
              </button>
            </div>
          </div>
        ) : null}

        {preview && !applied ? (
          <>
            {errors.length > 0 ? (
              <div className="mp-panel">
                <h3 className="mp-issues-title">
                  {errors.length} {errors.length === 1 ? 'problem' : 'problems'} to fix — nothing will be {newPanel ? 'made' : 'imported'} until they are
                </h3>
                <IssuesTable issues={errors} caption="Problems in the file, by row and column" />
              </div>
            ) : null}
            <ImportFixesPanel preview={preview} fixes={fixes} disabled={busy || finalised} onChange={onFixesChange} />
            <div className="mp-wizard-grid">
              <div className="mp-panel">
                <h3>2. Columns</h3>
                <p className="mp-muted" style={{ marginTop: 0 }}>
                  Change a column’s field if it was read wrongly; the preview runs again.
                </p>
                <MappingTable columns={preview.columns} choices={choices} disabled={busy} onChange={onChoiceChange} />
                {mapping || hasFixes(fixes) ? (
                  <div className="mp-actions" style={{ marginTop: '0.6rem' }}>
                    <button type="button" className="mp-button mp-button--secondary" onClick={() => void saveMapping()}>
                      Save this mapping (JSON)
                    </button>
                    <span className="mp-muted">
                      {hasFixes(fixes) ? 'With the values read as others and the rows skipped. ' : ''}Reuse it next time, or with the command
                      line’s --mapping.
                    </span>
                  </div>
                ) : null}
              </div>
              <div className="mp-panel">
                <h3>Summary of {preview.file}</h3>
                <ImportSummary
                  key={upload?.fileName ?? ''}
                  preview={preview}
                  applied={false}
                  panelYear={newPanel?.performanceYear ?? panel?.performanceYear ?? preview.performanceYear}
                  panelCutoff={newPanel?.eligibilityCutoff ?? panel?.eligibilityCutoff ?? preview.eligibilityCutoff}
                  controls={decisionControls}
                />
                {preview.warnings.length > 0 ? (
                  <>
                    <h4 className="mp-subheading">Warnings ({preview.warnings.length}) — these do not stop the import</h4>
                    <IssuesTable issues={preview.warnings} caption="Warnings about the file" />
                  </>
                ) : null}
              </div>
            </div>
            {newPanel ? null : (
              <div className="mp-panel">
                <h3>What happens to the panel’s work</h3>
                <DecisionSections preview={preview} controls={decisionControls} applied={false} />
              </div>
            )}
            <div className="mp-panel mp-actions mp-sticky-actions">
              <button type="button" className="mp-button" disabled={blocked} aria-describedby="import-apply-why" onClick={() => void onApply()}>
                {newPanel ? 'Create the panel with ' : 'Import '}
                {preview.rows.toLocaleString('en-GB')} {preview.rows === 1 ? 'person' : 'people'}
              </button>
              {newPanel ? null : (
                <button type="button" className="mp-button mp-button--secondary" onClick={startAgain} disabled={stage === 'applying'}>
                  Start again
                </button>
              )}
              <span id="import-apply-why" className={errors.length > 0 ? 'mp-text-review' : 'mp-muted'}>
                {blockedWhy}
              </span>
            </div>
          </>
        ) : null}

        {!upload && !busy && !failure ? (
          <p className="mp-muted">
            The template columns are staff_id, name, grade, business_unit, job_title, line_manager, job_weight, provisional_marking, the
            quarterly markings, finance_objective, corporate_contribution, cs_start_date and poor_performance_measures; common HR
            spellings are recognised too.
          </p>
        ) : null}
      </div>
    </section>
  );
}
