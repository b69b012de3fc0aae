// The projector's one line of controls above the boxes: grade by grade (para 86), the layout, and what the
// chair chooses to show the room besides the grid (details, the fairness check). Says whether everyone fits.

import { useMemo } from 'react';
import { usePanelStore } from '../store';
import { distinctValues } from './boxes';
import { useGridUi } from './gridUi';
import { LayoutChooser } from './LayoutChooser';

/** `apart`: how many are listed apart (paras 69-70), offered behind a button so the boxes keep the screen. */
export function PresentationBar({ shown, apart }: { shown: string; apart: number }) {
  const panel = usePanelStore((s) => s.panel);
  const initials = usePanelStore((s) => s.initialsOnly);
  const shows = usePanelStore((s) => s.presentationShows);
  const setShow = usePanelStore((s) => s.setPresentationShow);
  const grade = useGridUi((s) => s.filters.grade);
  const showApart = useGridUi((s) => s.showApart);
  const setShowApart = useGridUi((s) => s.setShowApart);
  const setFilters = useGridUi((s) => s.setFilters);
  // Grades change only when the panel is (re)loaded, which replaces the panel record too.
  const grades = useMemo(() => distinctValues(usePanelStore.getState().peopleById, 'grade'), [panel]);

  return (
    <div className="presentation-bar" role="group" aria-label="What the projector shows">
      <div className="field">
        <label htmlFor="present-grade">Grade</label>
        <select id="present-grade" value={grade} onChange={(e) => setFilters({ grade: e.target.value })}>
          <option value="">All grades</option>
          {grades.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </div>
      <LayoutChooser shown={shown} />
      {initials ? (
        <label className="toggle">
          <input type="checkbox" checked={shows.details} onChange={(e) => setShow('details', e.target.checked)} />
          Show job titles, managers and reasons
        </label>
      ) : null}
      <label className="toggle">
        <input type="checkbox" checked={shows.fairness} onChange={(e) => setShow('fairness', e.target.checked)} />
        Show the fairness check
      </label>
      {apart > 0 ? (
        <button type="button" className="button button-small" aria-expanded={showApart} onClick={() => setShowApart(!showApart)}>
          {showApart ? 'Hide' : 'Show'} the {apart} listed apart
        </button>
      ) : null}
      <p className="presentation-fit" data-testid="layout-status">
        {shown}
      </p>
    </div>
  );
}
