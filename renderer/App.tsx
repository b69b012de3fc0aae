// The window: loads the panel, shows the header and the chosen view, the live region and refusals, and
// wires the keyboard shortcuts and native menu commands.
//
// Native menus (Electron): the preload re-dispatches each menu click to the window as
//   window.dispatchEvent(new CustomEvent('modpanel-menu', { detail: command }))
// with command one of 'undo', 'redo', 'view:grid', 'view:table', 'view:history', 'view:import',
// 'view:export', 'presentation', 'apply-changes', 'finance-sheet', 'finance-import', 'preview-sheet',
// 'preview-import', 'merge-units-chosen', 'view:department'. Unknown commands are ignored.

import { Suspense, lazy, useEffect } from 'react';
import { usePanelStore, type View } from './store';
import { AppHeader } from './components/AppHeader';
import { ErrorBanner } from './components/ErrorBanner';
import { LiveRegion } from './components/LiveRegion';
import { VIEW_LABELS, onShortcut, runCommand } from './components/commands';
import GridView from './grid/GridView';
import { PersonPanel } from './person/PersonPanel';
import { NoticeToast } from './components/NoticeToast';
import { SkipLinks } from './components/SkipLinks';
import { useApplyChanges } from './components/applyChangesState';
import { useContributions } from './components/contributionsState';
import { useMergeDialog } from './merge/mergeState';
import UnlockScreen from './trust/UnlockScreen';
import { useExternalChanges } from './trust/useExternalChanges';

const FinanceTable = lazy(() => import('./views/FinanceTable'));
const HistoryView = lazy(() => import('./views/HistoryView'));
const ImportWizard = lazy(() => import('./views/ImportWizard'));
const NewPanelFromFile = lazy(() => import('./views/NewPanelFromFile'));
const ExportDialog = lazy(() => import('./views/ExportDialog'));
const BreakdownsView = lazy(() => import('./fairness/BreakdownsView'));
const PanelRecord = lazy(() => import('./record/PanelRecord'));
const MidYearView = lazy(() => import('./midyear/MidYearView'));
const ApplyChangesDialog = lazy(() => import('./views/ApplyChangesDialog'));
const ContributionsDialog = lazy(() => import('./views/ContributionsDialog'));
const MergeDialog = lazy(() => import('./merge/MergeDialog'));
const DepartmentView = lazy(() => import('./department/DepartmentView'));

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
    case 'department':
      return <DepartmentView />;
    case 'midyear':
      return <MidYearView />;
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
  const contributing = useContributions((s) => s.mode !== null);
  const merging = useMergeDialog((s) => s.open);

  useEffect(() => {
    void load();
  }, [load]);
  useExternalChanges();
  const encrypted = usePanelStore((s) => s.encrypted);

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
    // A panel file that is not encrypted says so in the title bar, wherever the window is.
    const plain = encrypted === false ? ' · Not encrypted' : '';
    document.title = panelName ? `${VIEW_LABELS[view]} · ${panelName}${plain} · Moderation Panel` : 'Moderation Panel';
  }, [view, status, encrypted]);

  if (status === 'loading') {
    return (
      <main className="app-state" aria-busy="true">
        <p role="status">Opening the panel…</p>
      </main>
    );
  }
  if (status === 'locked') return <UnlockScreen />;
  if (status === 'new_panel') {
    return (
      <Suspense fallback={<p role="status">Reading HR’s file…</p>}>
        <NewPanelFromFile />
      </Suspense>
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
      <SkipLinks />
      <AppHeader />
      <ErrorBanner />
      <main className="app-main" id="main">
        <Suspense fallback={<p role="status">Loading the {VIEW_LABELS[view].toLowerCase()} view…</p>}>
          <CurrentView view={view} />
        </Suspense>
      </main>
      {/* On the grid the person panel sits beside the boxes (GridView); over any other view it is a dialog. */}
      {view === 'grid' ? null : <PersonPanel />}
      <NoticeToast />
      <LiveRegion />
      {applyingChanges ? (
        <Suspense fallback={null}>
          <ApplyChangesDialog />
        </Suspense>
      ) : null}
      {contributing ? (
        <Suspense fallback={null}>
          <ContributionsDialog />
        </Suspense>
      ) : null}
      {merging ? (
        <Suspense fallback={null}>
          <MergeDialog />
        </Suspense>
      ) : null}
    </div>
  );
}
