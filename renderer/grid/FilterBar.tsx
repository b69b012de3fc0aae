// Narrowing the grid: grade by grade (para 86), business unit, a name search and "show only".
// Grade and business unit change the counts; search and "show only" hide cards but not the counts.

import { useMemo } from 'react';
import { usePanelStore } from '../store';
import { distinctValues, type ShowOnly } from './boxes';
import { useGridUi } from './gridUi';
import { LayoutChooser } from './LayoutChooser';

const SHOW_OPTIONS: { value: ShowOnly; label: string }[] = [
  { value: 'everyone', label: 'Everyone' },
  { value: 'flagged', label: 'Flagged' },
  { value: 'changed', label: 'Changed from provisional' },
  { value: 'suggested', label: 'Suggested for discussion' },
];

export function FilterBar({ hidden, shown }: { hidden: number; shown: string }) {
  // Grades and units change only when the panel is (re)loaded, which replaces the panel record too: a move
  // at 10,000 people need not walk everyone again.
  const panel = usePanelStore((s) => s.panel);
  const filters = useGridUi((s) => s.filters);
  const setFilters = useGridUi((s) => s.setFilters);
  const grades = useMemo(() => distinctValues(usePanelStore.getState().peopleById, 'grade'), [panel]);
  const units = useMemo(() => distinctValues(usePanelStore.getState().peopleById, 'businessUnit'), [panel]);
  const narrowed = filters.search.trim() !== '' || filters.show !== 'everyone';

  return (
    <form className="filter-bar" role="search" aria-label="Filter the grid" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="filter-grade">Grade</label>
        <select id="filter-grade" value={filters.grade} onChange={(e) => setFilters({ grade: e.target.value })}>
          <option value="">All grades</option>
          {grades.map((grade) => (
            <option key={grade} value={grade}>
              {grade}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-unit">Business unit</label>
        <select id="filter-unit" value={filters.businessUnit} onChange={(e) => setFilters({ businessUnit: e.target.value })}>
          <option value="">All business units</option>
          {units.map((unit) => (
            <option key={unit} value={unit}>
              {unit}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-grow">
        <label htmlFor="filter-search">Search by name</label>
        <input
          id="filter-search"
          type="search"
          value={filters.search}
          placeholder="Name or staff id"
          onChange={(e) => setFilters({ search: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-show">Show only</label>
        <select id="filter-show" value={filters.show} onChange={(e) => setFilters({ show: e.target.value as ShowOnly })}>
          {SHOW_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <LayoutChooser shown={shown} />
      {narrowed || filters.grade || filters.businessUnit ? (
        <button
          type="button"
          className="button button-quiet filter-clear"
          onClick={() => setFilters({ grade: '', businessUnit: '', search: '', show: 'everyone' })}
        >
          Clear filters
        </button>
      ) : null}
      {narrowed && hidden > 0 ? (
        <p className="filter-hidden" aria-live="off">
          {hidden} {hidden === 1 ? 'card' : 'cards'} hidden by the search or “show only”; counts still include them.
        </p>
      ) : null}
    </form>
  );
}
