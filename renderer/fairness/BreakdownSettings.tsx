// HR's breakdown settings for this panel: the small-number threshold and the groups shown but not
// compared. Saved through the contract (audited in the panel's log); only HR sees the form.

import { useId, useState, type FormEvent } from 'react';
import { api } from '../api';
import { usePanelStore } from '../store';

export function BreakdownSettings() {
  const panel = usePanelStore((s) => s.panel);
  const actor = usePanelStore((s) => s.actor);
  const setPanel = usePanelStore((s) => s.setPanel);
  const announce = usePanelStore((s) => s.announce);
  const ids = useId();
  const [threshold, setThreshold] = useState(String(panel?.suppressionThreshold ?? 5));
  const [groups, setGroups] = useState((panel?.notComparedGroups ?? []).join('\n'));
  const [problem, setProblem] = useState<string | null>(null);
  const readOnly = panel?.status === 'finalised';

  async function save(event: FormEvent) {
    event.preventDefault();
    const value = Number(threshold);
    if (!Number.isInteger(value) || value < 1) {
      setProblem('The threshold must be a whole number of people, 1 or more.');
      return;
    }
    const result = await api.updateSettings({
      actor,
      suppressionThreshold: value,
      notComparedGroups: groups.split('\n').map((g) => g.trim()).filter((g) => g !== ''),
    });
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(null);
    setPanel(result.value.panel);
    announce('Breakdown settings saved');
  }

  return (
    <details className="fairness-settings no-print">
      <summary>Breakdown settings (HR)</summary>
      <form onSubmit={(e) => void save(e)} aria-describedby={`${ids}-help`}>
        <p id={`${ids}-help`}>
          Groups smaller than the threshold show [c] to everyone but HR. Groups listed as not compared are shown but left
          out of the reference, the highest rate and the tests.
        </p>
        <div className="field">
          <label htmlFor={`${ids}-threshold`}>Small-number threshold (people)</label>
          <input
            id={`${ids}-threshold`}
            type="number"
            min={1}
            step={1}
            value={threshold}
            disabled={readOnly}
            onChange={(e) => setThreshold(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-groups`}>Groups shown but not compared (one per line)</label>
          <textarea id={`${ids}-groups`} rows={4} value={groups} disabled={readOnly} onChange={(e) => setGroups(e.target.value)} />
        </div>
        {problem ? (
          <p className="form-problem" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={readOnly}>
          Save settings
        </button>
      </form>
    </details>
  );
}
