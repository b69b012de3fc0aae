// The finance table's features and columns (TanStack Table v9): what is shown, how each column sorts,
// and the filters the toolbar drives. No protected characteristic is ever a column.

import {
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  globalFilteringFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_text,
  tableFeatures,
  type FilterFn,
} from '@tanstack/react-table';
import { BOX_MARKINGS, FLAG_LABELS, markingIndex, type BoxMarking, type Person } from '../../shared/domain';
import { usePanelStore } from '../store';
import { FinanceNoteCell, FinanceObjectiveCell, needsChairReview } from './financeCells';

/** Box filter values: a marking, or people not in any box (not marked or listed apart). */
export type BoxFilter = BoxMarking | 'none';
/** Finance filter values: an objective, or the people the chair must review. */
export type FinanceFilter = Person['financeObjective'] | 'review';

const boxFilter: FilterFn<any, Person> = (row, _columnId, value: BoxFilter) =>
  value === 'none' ? row.original.moderatedMarking === null : row.original.moderatedMarking === value;

const financeFilter: FilterFn<any, Person> = (row, _columnId, value: FinanceFilter) =>
  value === 'review' ? needsChairReview(row.original) : row.original.financeObjective === value;

/** The text filter looks at everything a person would search by, once per row. */
const searchFilter: FilterFn<any, Person> = (row, _columnId, value: string) => {
  const needle = String(value).trim().toLowerCase();
  if (needle === '') return true;
  const p = row.original;
  return [p.name, p.staffId, p.jobTitle, p.grade, p.businessUnit, p.financeNote].some((field) => field.toLowerCase().includes(needle));
};

export const financeFeatures = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  sortedRowModel: createSortedRowModel(),
  filteredRowModel: createFilteredRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text },
  filterFns: { box: boxFilter, finance: financeFilter, search: searchFilter },
});

/** Box order (Exceeding first), with people in no box last. */
function byMarking(field: 'provisionalMarking' | 'moderatedMarking') {
  return (a: { original: Person }, b: { original: Person }) => rank(a.original[field]) - rank(b.original[field]);
}
function rank(marking: BoxMarking | null): number {
  return marking === null ? BOX_MARKINGS.length : markingIndex(marking);
}

export function flagWords(person: Person): string[] {
  const words = person.flags.map((f) => FLAG_LABELS[f.kind]);
  if (person.poorPerformanceMeasures) words.push('Poor performance measures');
  if (!person.eligible) words.push(person.eligibility === 'start_date_unknown' ? 'Listed apart: start date unknown' : person.eligibility === 'moved_in_after_cutoff' ? 'Listed apart: joined the department after the cut-off' : 'Listed apart: joined after the cut-off');
  return words;
}

const helper = createColumnHelper<typeof financeFeatures, Person>();

/** Column widths as shares of the table, so the table fits a 1280-pixel window without scrolling sideways. */
export const COLUMN_WIDTHS: Record<string, string> = {
  name: '13%',
  grade: '6%',
  jobTitle: '12%',
  businessUnit: '10%',
  jobWeight: '6%',
  provisionalMarking: '9%',
  moderatedMarking: '9%',
  financeObjective: '13%',
  financeNote: '15%',
  flags: '7%',
};

export const financeColumns = helper.columns([
  helper.accessor('name', {
    header: 'Name',
    sortFn: 'text',
    cell: (info) => (
      <span className="mp-person">
        <button
          type="button"
          className="mp-person__name mp-link"
          title="Open this person’s details"
          onClick={() => usePanelStore.getState().select(info.row.original.staffId)}
        >
          {info.row.original.name}
        </button>
        <span className="mp-person__id">{info.row.original.staffId}</span>
      </span>
    ),
  }),
  helper.accessor('grade', { header: 'Grade', sortFn: 'alphanumeric' }),
  helper.accessor('jobTitle', { header: 'Job title', sortFn: 'text' }),
  helper.accessor('businessUnit', { header: 'Business unit', sortFn: 'text' }),
  helper.accessor((p) => p.jobWeight ?? undefined, {
    id: 'jobWeight',
    header: 'Job weight',
    sortDescFirst: true,
    sortUndefined: 'last',
    cell: (info) => (info.getValue() === undefined ? <span className="mp-muted">—</span> : info.getValue()),
  }),
  helper.accessor('provisionalMarking', {
    header: 'Provisional',
    sortFn: byMarking('provisionalMarking'),
    cell: (info) => info.getValue() ?? <span className="mp-muted">Not marked</span>,
  }),
  helper.accessor('moderatedMarking', {
    header: 'Moderated',
    sortFn: byMarking('moderatedMarking'),
    filterFn: 'box',
    cell: (info) => {
      const p = info.row.original;
      if (p.moderatedMarking === null) return <span className="mp-muted">{p.eligible ? 'Not marked' : 'Listed apart'}</span>;
      const moved = p.moderatedMarking !== p.provisionalMarking;
      return (
        <span>
          {p.moderatedMarking}
          {moved ? <span className="mp-changed"> (changed)</span> : null}
        </span>
      );
    },
  }),
  helper.accessor('financeObjective', {
    header: 'Finance objective',
    sortFn: 'text',
    filterFn: 'finance',
    cell: (info) => <FinanceObjectiveCell person={info.row.original} />,
  }),
  helper.accessor('financeNote', {
    header: 'Resource management note',
    sortFn: 'text',
    cell: (info) => <FinanceNoteCell person={info.row.original} />,
  }),
  helper.accessor((p) => flagWords(p).join(', '), {
    id: 'flags',
    header: 'Flags',
    sortFn: 'text',
    cell: (info) => {
      const words = flagWords(info.row.original);
      if (words.length === 0) return <span className="mp-muted">None</span>;
      return (
        <ul className="mp-flag-list">
          {words.map((w) => (
            <li key={w} className="mp-badge">
              {w}
            </li>
          ))}
        </ul>
      );
    },
  }),
]);
