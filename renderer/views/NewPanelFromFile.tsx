// File ▸ New Panel from File in the window: the host holds HR's file and where the panel will go; the import
// wizard runs on it as on any import (columns, problems, values read as others, rows skipped, year and
// cut-off), and the panel file is made only when HR creates it — then the window asks how to protect it.
// Shown instead of the panel (if one is open) until the new panel is made or HR decides not to make it.

import { useEffect, useState } from 'react';
import type { NewPanelDraftView } from '../../shared/newPanelContract';
import { api } from '../api';
import { usePanelStore } from '../store';
import ImportWizard from './ImportWizard';
import './views.css';
import './importFixes.css';

export default function NewPanelFromFile() {
  const load = usePanelStore((s) => s.load);
  const [draft, setDraft] = useState<NewPanelDraftView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState(false);

  useEffect(() => {
    void api.newPanelDraft({}).then((result) => {
      if (!result.ok) setProblem(result.error.message);
      else if (result.value === null) void load();
      else setDraft(result.value);
    });
  }, [load]);

  async function discard(): Promise<void> {
    setDiscarding(true);
    await api.discardNewPanel({});
    await load();
  }

  if (problem) {
    return (
      <main className="app-state">
        <h1>The new panel’s file could not be read</h1>
        <p className="form-problem">{problem}</p>
      </main>
    );
  }
  if (!draft) {
    return (
      <main className="app-state" aria-busy="true">
        <p role="status">Reading HR’s file…</p>
      </main>
    );
  }
  return (
    <div className="app">
      <header className="mp-new-panel-bar mp-scope">
        <p>
          <strong>Moderation Panel</strong> · a new panel from {draft.fileName}, to be saved as {draft.targetName}
        </p>
        <button type="button" className="mp-button mp-button--secondary" disabled={discarding} onClick={() => void discard()}>
          Don’t make this panel
        </button>
      </header>
      <main className="app-main" id="main">
        <ImportWizard newPanel={draft} />
      </main>
    </div>
  );
}
