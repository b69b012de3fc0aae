// The window's header: which panel is open (name, business unit, year, stage, status), who is acting,
// the view switcher, the Import menu, undo/redo and presentation mode.

import { PANEL_STAGE_LABELS } from '../../shared/domain';
import { performanceYearLabel } from '../../shared/rules';
import { usePanelStore } from '../store';
import { ActorControl } from './ActorControl';
import { ImportMenu } from './ImportMenu';
import { ExportMenu } from './ExportMenu';
import { FileMenu } from '../merge/FileMenu';
import { departmentAvailable } from '../department/available';
import { VIEW_LABELS, VIEW_ORDER, runCommand } from './commands';
import { SecurityBadge } from '../trust/SecurityBadge';

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
const MOD = isMac ? 'Cmd' : 'Ctrl';

export function AppHeader() {
  const panel = usePanelStore((s) => s.panel);
  const fileName = usePanelStore((s) => s.fileName);
  const view = usePanelStore((s) => s.view);
  const canUndo = usePanelStore((s) => s.canUndo);
  const canRedo = usePanelStore((s) => s.canRedo);
  const presentation = usePanelStore((s) => s.presentation);
  const initialsOnly = usePanelStore((s) => s.initialsOnly);
  const setInitialsOnly = usePanelStore((s) => s.setInitialsOnly);
  const hasDepartment = usePanelStore(departmentAvailable);
  if (!panel) return null;
  const finalised = panel.status === 'finalised';

  return (
    <header className="app-header">
      <div className="app-title-row">
        <div className="app-title">
          <h1>{panel.name}</h1>
          <p className="panel-meta">
            <span>{panel.businessUnit || 'No business unit'}</span>
            <span>Performance year {performanceYearLabel(panel.performanceYear)}</span>
            <span>{PANEL_STAGE_LABELS[panel.stage]}</span>
            <span className={finalised ? 'status-badge status-finalised' : 'status-badge status-open'} data-testid="panel-status">
              {finalised ? 'Finalised (read-only)' : 'Open'}
            </span>
            <span className="panel-file chrome">{fileName}</span>
            <SecurityBadge />
          </p>
        </div>
        {/* Kept on the projector: who is acting is part of the record, and HR cannot take over the room's screen. */}
        <div className="actor-slot">
          <ActorControl />
        </div>
      </div>
      <div className="app-toolbar">
        <nav className="view-switcher chrome" aria-label="Views">
          {VIEW_ORDER.filter((v) => v !== 'department' || hasDepartment).map((v) => (
            <button
              key={v}
              type="button"
              className="view-tab"
              aria-current={view === v ? 'page' : undefined}
              // Numbered by the view's own place, so a hidden Department tab does not shift the others' keys.
              aria-keyshortcuts={`Alt+${VIEW_ORDER.indexOf(v) + 1}`}
              title={`${VIEW_LABELS[v]} (Alt+${VIEW_ORDER.indexOf(v) + 1})`}
              onClick={() => runCommand(`view:${v}`)}
            >
              {VIEW_LABELS[v]}
            </button>
          ))}
        </nav>
        <div className="toolbar-actions">
          <FileMenu />
          <ImportMenu />
          <ExportMenu />
          <button
            type="button"
            className="button"
            disabled={!canUndo || finalised}
            aria-keyshortcuts="Control+Z Meta+Z"
            title={`Undo (${MOD}+Z)`}
            onClick={() => runCommand('undo')}
          >
            Undo
          </button>
          <button
            type="button"
            className="button"
            disabled={!canRedo || finalised}
            aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
            title={`Redo (Shift+${MOD}+Z)`}
            onClick={() => runCommand('redo')}
          >
            Redo
          </button>
          {presentation ? (
            <label className="toggle">
              <input type="checkbox" checked={initialsOnly} onChange={(e) => setInitialsOnly(e.target.checked)} />
              Names as initials
            </label>
          ) : null}
          <button
            type="button"
            className="button"
            aria-pressed={presentation}
            aria-keyshortcuts="Alt+P"
            title="Presentation mode for the projector (Alt+P; Escape leaves it)"
            onClick={() => runCommand('presentation')}
          >
            Presentation mode
          </button>
        </div>
      </div>
    </header>
  );
}
