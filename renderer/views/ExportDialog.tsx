// Exporting the moderated outcome for pay and the Cabinet Office return: CSV or XLSX, with a warning
// while the panel is still open, and the way to finalise it with the chair's name.

import { useMemo, useState } from 'react';
import { usePanelStore } from '../store';
import { exportAndSave } from './download';
import FinaliseDialog from './FinaliseDialog';
import PanelSettings from './PanelSettings';
import RolePins from '../roles/RolePins';
import ReadOnlyBanner, { isFinalised } from './ReadOnlyBanner';
import { EXPORT_NOT_ENCRYPTED } from '../../shared/trust';
import { ExportMappingChooser, type LayoutChoice } from './ExportMappingChooser';
import './views.css';

type Format = 'csv' | 'xlsx';

const FORMATS: { value: Format; label: string; hint: string }[] = [
  { value: 'csv', label: 'CSV', hint: 'One row per person; UTF-8 with a byte order mark so Excel reads names correctly.' },
  { value: 'xlsx', label: 'Excel workbook (.xlsx)', hint: 'An Outcome sheet, plus the Changes sheet (every recorded change and its reason), the Summary sheet (the Cabinet Office return) and the Breakdowns.' },
];

export default function ExportDialog() {
  const panel = usePanelStore((s) => s.panel);
  const peopleById = usePanelStore((s) => s.peopleById);
  const actor = usePanelStore((s) => s.actor);
  const finalised = isFinalised(panel);
  const [format, setFormat] = useState<Format>('csv');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const [finalising, setFinalising] = useState(false);
  const [mapping, setMapping] = useState<LayoutChoice>(null);

  const counts = useMemo(() => {
    const people = Object.values(peopleById);
    const changed = people.filter((p) => p.moderatedMarking !== null && p.moderatedMarking !== p.provisionalMarking).length;
    const apart = people.filter((p) => !p.eligible).length;
    return { people: people.length, changed, apart };
  }, [peopleById]);

  async function exportOutcome(): Promise<void> {
    setBusy(true);
    setResult(null);
    // Made and saved by the host where the bytes are: the outcome never travels through the window.
    const outcome = await exportAndSave('exportOutcome', { actor, format, ...(mapping !== null && mapping !== 'pending' ? { mapping: mapping.mapping, mappingFileName: mapping.fileName } : {}) });
    setBusy(false);
    if (outcome.kind === 'failed') {
      setResult({ kind: 'error', text: `The outcome could not be exported: ${outcome.reason}` });
    } else if (outcome.kind === 'saved') {
      setResult({ kind: 'saved', text: `Saved ${outcome.file.fileName} to ${outcome.where}.${outcome.file.warning ? ` ${outcome.file.warning}` : ''}` });
    } else {
      setResult({ kind: 'error', text: 'Saving was cancelled' });
    }
  }

  return (
    <section className="mp-view" aria-labelledby="export-title">
      <header className="mp-view__header">
        <h2 id="export-title" className="mp-view__title">
          Export the outcome
        </h2>
        <p className="mp-view__lede">
          The moderated marking, any change and its reason, flags, finance annotation, corporate contribution and end-year and in-year award
          eligibility for each person — for pay and for the Cabinet Office return.
        </p>
      </header>
      <ReadOnlyBanner panel={panel} />

      <div className="mp-panel mp-narrow">
        {!finalised ? (
          <div className="mp-banner mp-banner--warning" style={{ marginBottom: '0.9rem' }}>
            <p style={{ margin: 0 }}>
              <strong>This panel has not been finalised.</strong> The outcome may still change, so an export now is a draft: its file
              name says DRAFT, and every sheet of the workbook starts with “Draft — panel not finalised”. The chair finalises the panel
              when moderation is complete.
            </p>
            <div className="mp-actions" style={{ marginTop: '0.6rem' }}>
              <button type="button" className="mp-button mp-button--secondary" onClick={() => setFinalising(true)}>
                Finalise panel…
              </button>
            </div>
          </div>
        ) : null}

        <p>
          {counts.people} {counts.people === 1 ? 'person' : 'people'}: {counts.changed} with a changed marking
          {counts.apart > 0 ? `, ${counts.apart} listed apart and not moderated here (paras 69–70)` : ''}.
        </p>

        <ExportMappingChooser chosen={mapping} onChange={setMapping} />

        <fieldset className="mp-choice">
          <legend>File format</legend>
          {FORMATS.map((f) => (
            <label key={f.value}>
              <input type="radio" name="export-format" value={f.value} checked={format === f.value} onChange={() => setFormat(f.value)} />
              <span>
                <strong>{f.label}</strong> — <span className="mp-muted">{f.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <div className="mp-actions" style={{ marginTop: '1rem' }}>
          <button type="button" className="mp-button" disabled={busy || mapping === 'pending'} onClick={() => void exportOutcome()}>
            {busy ? 'Exporting…' : `Export ${format === 'csv' ? 'CSV' : 'XLSX'}${mapping !== null && mapping !== 'pending' ? ' in the HR layout' : ''}${finalised ? '' : ' (draft)'}`}
          </button>
        </div>
        <p className={result?.kind === 'error' ? 'mp-message mp-message--error' : result ? 'mp-message' : 'sr-only'} role="status" style={{ marginTop: '0.8rem' }}>
          {result?.text ?? ''}
        </p>
        <p className="mp-muted" style={{ marginTop: '0.6rem' }}>
          The Cabinet Office return (paras 91–94) is on the XLSX Summary sheet and in the panel record, with the same figures.
        </p>
        <p className="mp-muted" data-testid="export-not-encrypted">
          <strong>The exported file is not encrypted.</strong> {EXPORT_NOT_ENCRYPTED.replace(/^This file is not encrypted and holds/, 'It holds')} It
          carries the panel’s history hash (history_hash), which ties it to this point in the history.
        </p>
      </div>
      <PanelSettings />
      <RolePins />
      <FinaliseDialog open={finalising} onClose={() => setFinalising(false)} />
    </section>
  );
}
