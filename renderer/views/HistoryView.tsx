// The audit log as a person reads it: when, who (name and role), what, for whom, before → after in
// plain words and the reason; filterable by person and by action, newest first, virtualised when long.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { AUDIT_ACTIONS, type AuditAction, type AuditEvent, type Person } from '../../shared/domain';
import { api } from '../api';
import { usePanelStore } from '../store';
import { ACTION_LABELS, ROLE_LABELS, describeChange, formatWhen } from './auditWords';
import ReadOnlyBanner from './ReadOnlyBanner';
import Field from './Field';
import { useFillViewport } from './useFillViewport';
import { HistoryCheck, VerifyHistoryButton } from '../trust/VerifyHistory';
import type { HistoryVerification } from '../../shared/historyVerification';
import './views.css';

const ROW_HEIGHT = 56;
const COLUMNS = ['When', 'Who', 'Action', 'Person', 'What changed', 'Reason'] as const;
const WIDTHS = ['13%', '14%', '11%', '17%', '29%', '16%'];

interface HistoryRow {
  event: AuditEvent;
  personName: string | null;
  lines: string[];
}

/** A removed person is no longer in the store; the audit event may still hold their name. */
function nameFromEvent(event: AuditEvent): string | null {
  for (const state of [event.before, event.after]) {
    if (state && typeof state === 'object' && 'name' in state && typeof (state as { name: unknown }).name === 'string') {
      return (state as { name: string }).name;
    }
  }
  return null;
}

export default function HistoryView() {
  const panel = usePanelStore((s) => s.panel);
  const peopleById = usePanelStore((s) => s.peopleById);
  const actorRole = usePanelStore((s) => s.actor.role);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [personQuery, setPersonQuery] = useState('');
  const [action, setAction] = useState<AuditAction | ''>('');
  const [check, setCheck] = useState<HistoryVerification | string | null>(null);

  const refresh = useCallback(async () => {
    const result = await api.audit({ role: actorRole });
    if (!result.ok) {
      setLoadError(result.error.message);
      return;
    }
    setLoadError(null);
    setEvents(result.value);
  }, [actorRole]);

  // Any change in the panel (a move here, an import elsewhere) adds events: fetch again, briefly debounced.
  useEffect(() => {
    const timer = window.setTimeout(() => void refresh(), 150);
    return () => window.clearTimeout(timer);
  }, [refresh, peopleById, panel]);

  const rows = useMemo<HistoryRow[]>(() => {
    if (!events) return [];
    return [...events]
      .sort((a, b) => b.id - a.id)
      .map((event) => ({
        event,
        personName: event.staffId ? (peopleById[event.staffId]?.name ?? nameFromEvent(event)) : null,
        lines: describeChange(event),
      }));
  }, [events, peopleById]);

  const filtered = useMemo(() => {
    const needle = personQuery.trim().toLowerCase();
    return rows.filter((row) => {
      if (action && row.event.action !== action) return false;
      if (!needle) return true;
      const id = row.event.staffId?.toLowerCase() ?? '';
      return id.includes(needle) || (row.personName?.toLowerCase().includes(needle) ?? false);
    });
  }, [rows, personQuery, action]);

  const scrollRef = useRef<HTMLDivElement>(null);
  useFillViewport(scrollRef);
  const virtualizer = useVirtualizer({
    count: filtered.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => filtered[index]?.event.id ?? index,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;

  const people = useMemo(() => Object.values(peopleById).sort((a: Person, b: Person) => a.name.localeCompare(b.name)), [peopleById]);

  return (
    <section className="mp-view" aria-labelledby="history-title">
      <header className="mp-view__header">
        <h2 id="history-title" className="mp-view__title">
          History
        </h2>
        <p className="mp-view__lede">Every change made to this panel, who made it and why — the panel’s record (Annex D 5).</p>
      </header>
      <ReadOnlyBanner panel={panel} />

      <div className="mp-toolbar" role="search" aria-label="Filter the history">
        <Field label="Person">
          {(id) => (
            <input
              id={id}
              type="search"
              className="mp-input"
              list="history-people"
              value={personQuery}
              placeholder="Name or staff id"
              onChange={(event) => setPersonQuery(event.target.value)}
            />
          )}
        </Field>
        <datalist id="history-people">
          {people.map((p) => (
            <option key={p.staffId} value={p.staffId}>
              {p.name}
            </option>
          ))}
        </datalist>
        <Field label="Action">
          {(id) => (
            <select
              id={id}
              className="mp-input"
              value={action}
              onChange={(event) => setAction(event.target.value as AuditAction | '')}
            >
              <option value="">All actions</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {ACTION_LABELS[a]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" className="mp-button mp-button--secondary" onClick={() => void refresh()}>
          Refresh
        </button>
        <VerifyHistoryButton onResult={setCheck} />
        <p className="mp-toolbar__count" aria-live="polite">
          {events === null ? 'Loading…' : `Showing ${filtered.length} of ${rows.length} events`}
        </p>
      </div>

      {check ? <HistoryCheck result={check} onClose={() => setCheck(null)} /> : null}

      {loadError ? (
        <p className="mp-message mp-message--error" role="alert">
          The history could not be loaded: {loadError}
        </p>
      ) : null}

      <div ref={scrollRef} className="mp-table-scroll">
        <table className="mp-table" aria-labelledby="history-title" aria-rowcount={filtered.length + 1}>
          <colgroup>
            {WIDTHS.map((w, i) => (
              <col key={i} style={{ width: w }} />
            ))}
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {COLUMNS.map((c) => (
                <th key={c} scope="col" className="mp-th-plain">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {padTop > 0 ? (
              <tr aria-hidden="true" className="mp-spacer">
                <td colSpan={COLUMNS.length} style={{ height: padTop }} />
              </tr>
            ) : null}
            {items.map((item) => {
              const row = filtered[item.index];
              if (!row) return null;
              const { event } = row;
              return (
                <tr
                  key={event.id}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  data-event-id={event.id}
                  data-action={event.action}
                  aria-rowindex={item.index + 2}
                  className="mp-row"
                >
                  <td>
                    <time dateTime={event.at}>{formatWhen(event.at)}</time>
                  </td>
                  <td>
                    {event.actor}
                    <span className="mp-role">{ROLE_LABELS[event.role] ?? event.role}</span>
                  </td>
                  <td className="mp-action">{ACTION_LABELS[event.action] ?? event.action}</td>
                  <td>
                    {event.staffId ? (
                      <>
                        {row.personName ?? <span className="mp-muted">No longer in the panel</span>}
                        <span className="mp-role">{event.staffId}</span>
                      </>
                    ) : (
                      <span className="mp-muted">Whole panel</span>
                    )}
                  </td>
                  <td>
                    <ul className="mp-history-what">
                      {row.lines.map((line, i) => (
                        <li key={i}>{line}</li>
                      ))}
                    </ul>
                  </td>
                  <td>{event.reason ?? <span className="mp-muted">—</span>}</td>
                </tr>
              );
            })}
            {padBottom > 0 ? (
              <tr aria-hidden="true" className="mp-spacer">
                <td colSpan={COLUMNS.length} style={{ height: padBottom }} />
              </tr>
            ) : null}
          </tbody>
        </table>
        {events !== null && filtered.length === 0 ? (
          <p className="mp-empty">{rows.length === 0 ? 'Nothing has been recorded yet.' : 'No events match these filters.'}</p>
        ) : null}
      </div>
    </section>
  );
}
