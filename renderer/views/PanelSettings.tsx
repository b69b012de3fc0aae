// HR's panel settings that decide what leaves the room: whether High Performing receives end-year awards
// (para 73), the performance year and the eligibility cut-off (para 69). Saved through the contract and
// audited; a new cut-off re-decides who is moderated, so the whole panel is reloaded after saving.

import { useId, useState, type FormEvent } from 'react';
import { HIGH_PERFORMING_AWARD_LABELS, HIGH_PERFORMING_AWARD_SETTINGS, type HighPerformingAwardSetting, type Panel } from '../../shared/domain';
import { api } from '../api';
import { usePanelStore } from '../store';
import { checkYearAndCutoff, useYearAndCutoff, YearCutoffFields } from './YearCutoffFields';
import './views.css';

export default function PanelSettings() {
  const panel = usePanelStore((s) => s.panel);
  const [saved, setSaved] = useState<string | null>(null);
  if (!panel) return null;
  // Keyed so a saved (or elsewhere changed) setting resets the form to what the panel now holds.
  return (
    <SettingsForm
      key={`${panel.highPerformingAward}|${panel.performanceYear}|${panel.eligibilityCutoff}|${panel.status}`}
      panel={panel}
      saved={saved}
      onSaved={setSaved}
    />
  );
}

function SettingsForm({ panel, saved, onSaved }: { panel: Panel; saved: string | null; onSaved(message: string | null): void }) {
  const actor = usePanelStore((s) => s.actor);
  const load = usePanelStore((s) => s.load);
  const announce = usePanelStore((s) => s.announce);
  const ids = useId();
  const [award, setAward] = useState<HighPerformingAwardSetting>(panel.highPerformingAward);
  const fields = useYearAndCutoff(panel.performanceYear, panel.eligibilityCutoff);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hr = actor.role === 'hr';
  const readOnly = panel.status === 'finalised' || !hr || busy;

  async function save(event: FormEvent) {
    event.preventDefault();
    const { year: parsedYear, problem: wrong } = checkYearAndCutoff(fields);
    if (parsedYear === null) {
      setProblem(wrong);
      return;
    }
    const cutoff = fields.cutoff;
    setBusy(true);
    onSaved(null);
    const result = await api.updateSettings({
      actor,
      highPerformingAward: award,
      ...(parsedYear !== panel.performanceYear ? { performanceYear: parsedYear } : {}),
      ...(cutoff !== panel.eligibilityCutoff ? { eligibilityCutoff: cutoff } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(null);
    const message = 'Panel settings saved and recorded in the history.';
    onSaved(message);
    announce(message);
    // A new cut-off may move people between the grid and the list apart: take the whole panel again.
    await load();
  }

  return (
    <section className="mp-panel mp-narrow mp-settings" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Panel settings (HR)</h3>
      <p className="mp-muted">
        {panel.status === 'finalised'
          ? 'The panel is finalised: these settings can no longer be changed.'
          : hr
            ? 'Each change is recorded in the history.'
            : 'Only HR changes these: choose HR as your role to edit them.'}
      </p>
      <form onSubmit={(e) => void save(e)} noValidate>
        <fieldset className="mp-choice" disabled={readOnly}>
          <legend>High Performing receives end-year awards</legend>
          <p className="mp-muted" style={{ margin: '0 0 0.2rem' }}>
            Exceeding is eligible; departments may also award High Performing “if they see fit” (para 73). The Cabinet Office return
            counts High Performing as eligible, not eligible or at the department’s discretion accordingly.
          </p>
          {HIGH_PERFORMING_AWARD_SETTINGS.map((value) => (
            <label key={value}>
              <input type="radio" name={`${ids}-award`} value={value} checked={award === value} onChange={() => setAward(value)} />
              <span>{HIGH_PERFORMING_AWARD_LABELS[value]}</span>
            </label>
          ))}
        </fieldset>

        <div className="mp-inline-fields" style={{ marginTop: '0.9rem' }}>
          <YearCutoffFields fields={fields} disabled={readOnly} cutoffDescribedBy={`${ids}-cutoff-hint`} />
        </div>
        <p id={`${ids}-cutoff-hint`} className="mp-banner mp-banner--warning" style={{ marginTop: '0.6rem' }}>
          Changing the cut-off re-decides who is moderated by this panel (paras 69–70): people may move between the grid and the people
          listed apart, and anyone whose eligibility changes starts again from their provisional marking. The default is 1 January
          inside the performance year.
        </p>
        {problem ? (
          <p className="mp-message mp-message--error" role="alert" style={{ marginTop: '0.6rem' }}>
            {problem}
          </p>
        ) : null}
        <div className="mp-actions" style={{ marginTop: '0.8rem' }}>
          <button type="submit" className="mp-button" disabled={readOnly}>
            {busy ? 'Saving…' : 'Save panel settings'}
          </button>
          <span className={saved ? 'mp-muted' : 'sr-only'} role="status">
            {saved ?? ''}
          </span>
        </div>
      </form>
    </section>
  );
}
