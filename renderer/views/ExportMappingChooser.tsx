// The Export view's "Layout" choice (issue 8): this app's outcome file, or an HR system's layout from an
// export mapping JSON (docs/export-mapping.md). The mapping is checked by the host as soon as it is chosen,
// so a mistake shows, with its JSON path, before anything is exported.

import { useId, useState } from 'react';
import type { ExportMappingSummary } from '../../shared/cycleContract';
import { api } from '../api';
import { readFileAsText } from './download';
import './exportMapping.css';

export interface ChosenMapping {
  fileName: string;
  mapping: unknown;
  summary: ExportMappingSummary;
}

/** null: this app's own outcome file; 'pending': an HR layout is wanted but no usable mapping is chosen yet. */
export type LayoutChoice = ChosenMapping | 'pending' | null;

export function ExportMappingChooser({ chosen, onChange }: { chosen: LayoutChoice; onChange: (layout: LayoutChoice) => void }) {
  const ids = useId();
  const useMapping = chosen !== null;
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  async function choose(file: File | undefined) {
    onChange('pending');
    setProblem(null);
    if (!file) return;
    setChecking(true);
    try {
      let mapping: unknown;
      try {
        mapping = JSON.parse((await readFileAsText(file)).replace(/^\uFEFF/, ''));
      } catch (error) {
        setProblem(`Export mapping ${file.name} cannot be used: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
        return;
      }
      const result = await api.checkExportMapping({ mapping, mappingFileName: file.name });
      if (!result.ok) setProblem(result.error.message);
      else onChange({ fileName: file.name, mapping, summary: result.value });
    } finally {
      setChecking(false);
    }
  }

  return (
    <fieldset className="mp-choice" data-testid="export-layout">
      <legend>Layout</legend>
      <label>
        <input
          type="radio"
          name={`${ids}-layout`}
          checked={!useMapping}
          onChange={() => {
            setProblem(null);
            onChange(null);
          }}
        />
        <span>
          <strong>This app’s outcome file</strong> — <span className="mp-muted">every column, as documented in the README.</span>
        </span>
      </label>
      <label>
        <input type="radio" name={`${ids}-layout`} checked={useMapping} onChange={() => onChange('pending')} />
        <span>
          <strong>HR system layout (export mapping)</strong> —{' '}
          <span className="mp-muted">the columns, order, headers, codes and date format your HR system’s upload expects, from a mapping JSON.</span>
        </span>
      </label>
      {useMapping ? (
        <div className="export-mapping-pick">
          <label htmlFor={`${ids}-file`} className="mp-field__label">
            Export mapping (.json)
          </label>
          <input id={`${ids}-file`} type="file" accept=".json,application/json" onChange={(e) => void choose(e.target.files?.[0])} />
          {checking ? <p role="status">Checking the mapping…</p> : null}
          {problem ? (
            <p className="mp-message mp-message--error export-mapping-problem" role="alert">
              {problem}
            </p>
          ) : null}
          {chosen !== null && chosen !== 'pending' ? (
            <p className="mp-message" role="status" data-testid="export-mapping-summary">
              {chosen.fileName}: {chosen.summary.headers.length} columns ({chosen.summary.headers.join(', ')}), {chosen.summary.people}{' '}
              {chosen.summary.people === 1 ? 'person' : 'people'}
              {chosen.summary.rows === 'eligible' ? ' (only those moderated here)' : ''}.
              {chosen.summary.description ? <span className="mp-muted"> {chosen.summary.description}</span> : null} An XLSX export is then one sheet in this layout.
            </p>
          ) : !problem && !checking ? (
            <p className="mp-muted">Choose the mapping JSON for your HR system (see docs/export-mapping.md and examples/export-mapping.example.json).</p>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
