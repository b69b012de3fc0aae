// The window: loads the panel, shows the header and the chosen view, the live region and refusals, and
// wires the keyboard shortcuts and native menu commands.
//
// Native menus (Electron): the preload re-dispatches each menu click to the window as
//   window.dispatchEvent(new CustomEvent('modpanel-menu', { detail: command }))
// with command one of 'undo', 'redo', 'view:grid', 'view:table', 'view:history', 'view:import',
// 'view:export', 'presentation', 'apply-changes'. Unknown commands are ignored.

import { Suspense, lazy, useEffect } from 'react';
import { usePanelStore, type View } from './store';
import { AppHeader } from './components/AppHeader';
import { ErrorBanner } from './components/ErrorBanner';
import { LiveRegion } from './components/LiveRegion';
import { VIEW_LABELS, onShortcut, runCommand } from './components/commands';
import GridView from './grid/GridView';
import { PersonPanel } from './person/PersonPanel';
import { useApplyChanges } from './components/applyChangesState';

const FinanceTable = lazy(() => import('./views/FinanceTable'));
const HistoryView = lazy(() => import('./views/HistoryView'));
const ImportWizard = lazy(() => import('./views/ImportWizard'));
const ExportDialog = lazy(() => import('./views/ExportDialog'));
const BreakdownsView = lazy(() => import('./fairness/BreakdownsView'));
const PanelRecord = lazy(() => import('./record/PanelRecord'));
const ApplyChangesDialog = lazy(() => import('./views/ApplyChangesDialog'));

function CurrentView({ view }: { view: View }) {
  switch (view) {
    case 'table':
      return <FinanceTable />;
    case 'history':
      return <HistoryView />;
    case 'import':
      return <ImportWizard />;
    case 'export':
      return <ExportDialog />;
    case 'breakdowns':
      return <BreakdownsView />;
    case 'record':
      return <PanelRecord />;
    default:
      return <GridView />;
  }
}

export default function App() {
  const status = usePanelStore((s) => s.status);
  const loadError = usePanelStore((s) => s.loadError);
  const view = usePanelStore((s) => s.view);
  const presentation = usePanelStore((s) => s.presentation);
  const load = usePanelStore((s) => s.load);
  const applyingChanges = useApplyChanges((s) => s.open);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const onMenu = (event: Event) => {
      const command = (event as CustomEvent<unknown>).detail;
      if (typeof command === 'string') runCommand(command);
    };
    window.addEventListener('modpanel-menu', onMenu);
    window.addEventListener('keydown', onShortcut);
    return () => {
      window.removeEventListener('modpanel-menu', onMenu);
      window.removeEventListener('keydown', onShortcut);
    };
  }, []);

  useEffect(() => {
    document.documentElement.classList.toggle('presentation', presentation);
  }, [presentation]);

  useEffect(() => {
    const panelName = usePanelStore.getState().panel?.name;
    document.title = panelName ? `${VIEW_LABELS[view]} · ${panelName} · Moderation Panel` : 'Moderation Panel';
  }, [view, status]);

  if (status === 'loading') {
    return (
      <main className="app-state" aria-busy="true">
        <p role="status">Opening the panel…</p>
      </main>
    );
  }
  if (status === 'error') {
    return (
      <main className="app-state">
        <h1>The panel could not be opened</h1>
        <p className="form-problem">{loadError}</p>
        <p>Check that the panel host is still running, then try again.</p>
        <button type="button" className="button button-primary" onClick={() => void load()}>
          Try again
        </button>
      </main>
    );
  }

  return (
    <div className={presentation ? 'app app-presentation' : 'app'}>
      <AppHeader />
      <ErrorBanner />
      <main className="app-main" id="main">
        <Suspense fallback={<p role="status">Loading the {VIEW_LABELS[view].toLowerCase()} view…</p>}>
          <CurrentView view={view} />
        </Suspense>
      </main>
      <PersonPanel />
      <LiveRegion />
      {applyingChanges ? (
        <Suspense fallback={null}>
          <ApplyChangesDialog />
        </Suspense>
      ) : null}
    </div>
  );
}
