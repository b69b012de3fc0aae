// The finance partner's table: everyone in one sortable, filterable list with the finance objective
// and resource-management note edited in place (through the store, so the service audits them).
// Rows are virtualised so thousands of people stay smooth.

import { useCallback, useMemo, useRef, useState } from 'react';
import { useTable, type SortingState, type Header } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { BOX_MARKINGS, FINANCE_OBJECTIVES, type FinanceObjective, type Person } from '../../shared/domain';
import { usePanelStore } from '../store';
import { COLUMN_WIDTHS, financeColumns, financeFeatures, type BoxFilter, type FinanceFilter } from './financeColumns';
import { CHAIR_REVIEW_TEXT, FinanceEditContext, needsChairReview, type FinanceEditing } from './financeCells';
import ReadOnlyBanner, { isFinalised } from './ReadOnlyBanner';
import Field from './Field';
import { useFillViewport } from './useFillViewport';
import './views.css';

const ROW_HEIGHT = 52;

function ariaSort(header: Header<typeof financeFeatures, Person, unknown>): 'ascending' | 'descending' | 'none' {
  const sorted = header.column.getIsSorted();
  return sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none';
}

export default function FinanceTable() {
  const panel = usePanelStore((s) => s.panel);
  const peopleById = usePanelStore((s) => s.peopleById);
  const order = usePanelStore((s) => s.order);
  const setFinance = usePanelStore((s) => s.setFinance);
  const readOnly = isFinalised(panel);

  const people = useMemo(() => order.map((id) => peopleById[id]).filter((p): p is Person => p !== undefined), [order, peopleById]);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [search, setSearch] = useState('');
  const [box, setBox] = useState<BoxFilter | ''>('');
  const [finance, setFinanceFilter] = useState<FinanceFilter | ''>('');
  const columnFilters = useMemo(
    () => [...(box ? [{ id: 'moderatedMarking', value: box }] : []), ...(finance ? [{ id: 'financeObjective', value: finance }] : [])],
    [box, finance],
  );

  const table = useTable({
    features: financeFeatures,
    columns: financeColumns,
    data: people,
    getRowId: (p) => p.staffId,
    state: { sorting, columnFilters, globalFilter: search },
    onSortingChange: setSorting,
    globalFilterFn: 'search',
    getColumnCanGlobalFilter: (column) => column.id === 'name',
  });
  const rows = table.getRowModel().rows;

  const [message, setMessage] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);
  const save = useCallback<FinanceEditing['save']>(
    async (person, objective: FinanceObjective, note) => {
      const result = await setFinance(person.staffId, objective, note);
      if (!result.ok) {
        setMessage({ kind: 'error', text: `Not saved for ${person.name}: ${result.error.message}` });
        return false;
      }
      setMessage({ kind: 'saved', text: `Saved for ${person.name}: finance objective ${objective}${note.trim() ? `, note “${note.trim()}”` : ''}.` });
      return true;
    },
    [setFinance],
  );
  const editing = useMemo<FinanceEditing>(() => ({ readOnly, save }), [readOnly, save]);

  const scrollRef = useRef<HTMLDivElement>(null);
  useFillViewport(scrollRef);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;

  const reviewCount = useMemo(() => people.filter(needsChairReview).length, [people]);
  const columnCount = financeColumns.length;

  return (
    <section className="mp-view" aria-labelledby="finance-table-title">
      <header className="mp-view__header">
        <h2 id="finance-table-title" className="mp-view__title">
          Finance table
        </h2>
        <p className="mp-view__lede">
          Record whether each person met their finance/efficiency objective and a note on resource management (Annex D 3.a.ii).
          Someone who did not meet it cannot stay above Achieving.
        </p>
      </header>
      <ReadOnlyBanner panel={panel} />

      <div className="mp-toolbar" role="search" aria-label="Filter the finance table">
        <Field label="Search">
          {(id) => (
            <input
              id={id}
              type="search"
              className="mp-input"
              value={search}
              placeholder="Name, staff id, job title…"
              onChange={(event) => setSearch(event.target.value)}
            />
          )}
        </Field>
        <Field label="Box">
          {(id) => (
            <select
              id={id}
              className="mp-input"
              value={box}
              onChange={(event) => setBox(event.target.value as BoxFilter | '')}
            >
              <option value="">All boxes</option>
              {BOX_MARKINGS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
              <option value="none">Not in a box</option>
            </select>
          )}
        </Field>
        <Field label="Finance objective">
          {(id) => (
            <select
              id={id}
              className="mp-input"
              value={finance}
              onChange={(event) => setFinanceFilter(event.target.value as FinanceFilter | '')}
            >
              <option value="">Any</option>
              {FINANCE_OBJECTIVES.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
              <option value="review">Not met above Achieving (chair to review)</option>
            </select>
          )}
        </Field>
        <p className="mp-toolbar__count" aria-live="polite">
          Showing {rows.length} of {people.length} people
          {reviewCount > 0 ? (
            <>
              {' · '}
              <strong className="mp-text-review">
                {reviewCount} {reviewCount === 1 ? 'needs' : 'need'} the chair’s review
              </strong>
            </>
          ) : null}
        </p>
      </div>

      {message ? (
        <p className={message.kind === 'error' ? 'mp-message mp-message--error' : 'mp-message'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}

      <FinanceEditContext.Provider value={editing}>
        <div ref={scrollRef} className="mp-table-scroll">
          <table className="mp-table" aria-labelledby="finance-table-title" aria-rowcount={rows.length + 1}>
            <colgroup>
              {table.getAllLeafColumns().map((column) => (
                <col key={column.id} style={{ width: COLUMN_WIDTHS[column.id] }} />
              ))}
            </colgroup>
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id} aria-rowindex={1}>
                  {group.headers.map((header) => (
                    <th key={header.id} scope="col" aria-sort={ariaSort(header)}>
                      <button type="button" className="mp-sort" onClick={header.column.getToggleSortingHandler()}>
                        <table.FlexRender header={header} />
                        <span className="mp-sort__icon" aria-hidden="true">
                          {header.column.getIsSorted() === 'asc' ? '▲' : header.column.getIsSorted() === 'desc' ? '▼' : '↕'}
                        </span>
                      </button>
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody>
              {padTop > 0 ? (
                <tr aria-hidden="true" className="mp-spacer">
                  <td colSpan={columnCount} style={{ height: padTop }} />
                </tr>
              ) : null}
              {items.map((item) => {
                const row = rows[item.index];
                if (!row) return null;
                const review = needsChairReview(row.original);
                return (
                  <tr
                    key={row.id}
                    ref={virtualizer.measureElement}
                    data-index={item.index}
                    data-staff-id={row.original.staffId}
                    aria-rowindex={item.index + 2}
                    className={review ? 'mp-row mp-row--review' : 'mp-row'}
                    title={review ? CHAIR_REVIEW_TEXT : undefined}
                  >
                    {row.getAllCells().map((cell) => (
                      <td key={cell.id}>
                        <table.FlexRender cell={cell} />
                      </td>
                    ))}
                  </tr>
                );
              })}
              {padBottom > 0 ? (
                <tr aria-hidden="true" className="mp-spacer">
                  <td colSpan={columnCount} style={{ height: padBottom }} />
                </tr>
              ) : null}
            </tbody>
          </table>
          {rows.length === 0 ? (
            <p className="mp-empty">
              {people.length === 0 ? 'No one is in this panel yet: import a file from HR to start.' : 'No one matches these filters.'}
            </p>
          ) : null}
        </div>
      </FinanceEditContext.Provider>
    </section>
  );
}
