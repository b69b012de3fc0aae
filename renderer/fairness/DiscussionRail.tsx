// The discussion queue as a rail beside the grid, always on screen with it (it folds to a strip): rule
// breaches first, then flags, then cases members questioned, then the rest, with "12 to discuss, 3 done".
// "Discuss now" lights the person up on the grid, opens their panel beside it and starts the discussion's
// clock (recorded in the audit log); "Next" closes it and opens the next case. Alt+Q or the skip link
// reaches the main button from anywhere. One case at a time; the rail never shows how long anyone took.

import { memo, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { DiscussionQueue as Queue } from '../../shared/contract';
import { api } from '../api';
import { usePanelStore } from '../store';
import { initialsOnScreen, shownName } from '../components/projection';
import { useGridUi } from '../grid/gridUi';
import { isShown } from '../grid/boxes';
import { clockTime } from './format';
import { MemberVerdictList } from './MemberVerdicts';
import { useFairnessTick, useLiveResult } from './live';
import { RAIL_CATEGORY_LABELS, railCases, railCounts, type RailCase } from './railOrder';
import { useRailFocus } from './railFocus';
import { PanelMemberNote } from '../attendance/PanelMemberNote';
import { conflictsById, useAttendance } from '../attendance/useAttendance';
import './rail.css';

/** The list of cases is drawn only where it is seen once it is this long. */
const VIRTUAL_FROM = 40;

/** Puts `staffId` in front of the room: filters that hide them are cleared, the card lit up, the panel opened. */
function showOnGrid(staffId: string): void {
  const store = usePanelStore.getState();
  const person = store.peopleById[staffId];
  const grid = useGridUi.getState();
  if (person && !isShown(person, grid.filters, store.discussion)) {
    grid.setFilters({ grade: '', businessUnit: '', search: '', show: 'everyone' });
  }
  grid.highlightCard(staffId);
  store.select(staffId);
}

function CaseItem({ item, onDiscuss, busy, finalised, presenting, initials }: {
  item: RailCase;
  onDiscuss(item: RailCase): void;
  busy: boolean;
  finalised: boolean;
  presenting: boolean;
  initials: boolean;
}) {
  const name = shownName(item, initials);
  return (
    <div className="queue-item" data-staff-id={item.staffId}>
      <div className="queue-name">
        <span className="queue-person">{name}</span> <span className={`rail-tag rail-tag-${item.category}`}>{RAIL_CATEGORY_LABELS[item.category]}</span>
      </div>
      <ul className="queue-reasons">
        {item.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      {item.members ? (
        <MemberVerdictList compact verdicts={presenting ? item.members.verdicts.map((v) => ({ ...v, comment: '' })) : item.members.verdicts} />
      ) : null}
      <div className="queue-actions">
        <button
          type="button"
          className="button button-small"
          data-focus-key={`start:${item.staffId}`}
          aria-label={`Discuss now: ${name}`}
          disabled={busy || finalised}
          onClick={() => onDiscuss(item)}
        >
          Discuss now
        </button>
      </div>
    </div>
  );
}

const CaseList = memo(function CaseList({ items, label, ...rest }: {
  items: RailCase[];
  label: string;
  onDiscuss(item: RailCase): void;
  busy: boolean;
  finalised: boolean;
  presenting: boolean;
  initials: boolean;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = items.length >= VIRTUAL_FROM;
  const virtualizer = useVirtualizer({
    count: virtual ? items.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 84,
    overscan: 4,
    getItemKey: (index) => items[index]!.staffId,
  });
  if (items.length === 0) return null;
  if (!virtual) {
    return (
      <ol className="queue-list" aria-label={label}>
        {items.map((item) => (
          <li key={item.staffId}>
            <CaseItem item={item} {...rest} />
          </li>
        ))}
      </ol>
    );
  }
  return (
    // Focusable so the list scrolls from the keyboard even when its buttons are disabled (a finalised panel).
    <div className="queue-scroll" ref={scrollRef} tabIndex={0} role="group" aria-label={`${label}: ${items.length}, scroll for more`}>
      <ol className="queue-list queue-list-virtual" aria-label={label} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => (
          <li key={row.key} ref={virtualizer.measureElement} data-index={row.index} className="queue-row-virtual" style={{ transform: `translateY(${row.start}px)` }}>
            <CaseItem item={items[row.index]!} {...rest} />
          </li>
        ))}
      </ol>
    </div>
  );
});

/** Issue 8: when the person being discussed reports to someone on the panel, the rail says so (it records, it does not police). */
function CurrentConflict({ staffId }: { staffId: string }) {
  const conflict = conflictsById(useAttendance().value).get(staffId);
  return <PanelMemberNote conflict={conflict} compact />;
}

export default function DiscussionRail() {
  const titleId = useId();
  const actor = usePanelStore((s) => s.actor);
  const finalised = usePanelStore((s) => s.panel?.status === 'finalised');
  const presenting = usePanelStore((s) => s.presentation);
  const initials = usePanelStore(initialsOnScreen);
  // The rail follows a change a moment after the grid: the card moves first, the queue catches up.
  const peopleById = useDeferredValue(usePanelStore((s) => s.peopleById));
  const open = usePanelStore((s) => s.railOpen);
  const setOpen = usePanelStore((s) => s.setRailOpen);
  const announce = usePanelStore((s) => s.announce);
  const refuse = usePanelStore((s) => s.refuse);
  const bump = useFairnessTick((s) => s.bump);
  const focusAsked = useRailFocus((s) => s.request);
  // A burst of moves costs the host one queue, not one each.
  const live = useLiveResult<Queue>(`discussion-queue:${actor.role}`, () => api.discussionQueue({ role: actor.role }), 300);
  const [busy, setBusy] = useState(false);
  // The case whose discussion was just opened or closed (null: closed): focus waits until the queue shows it.
  const [focusWhen, setFocusWhen] = useState<{ current: string | null } | undefined>(undefined);
  const primaryRef = useRef<HTMLButtonElement>(null);
  const railRef = useRef<HTMLElement>(null);
  const queue = live.value;
  const cases = useMemo(() => (queue ? railCases(queue, peopleById) : null), [queue, peopleById]);

  // Alt+Q or the skip link: the main button (or the rail while it loads).
  useEffect(() => {
    if (focusAsked === 0) return;
    (primaryRef.current ?? railRef.current)?.focus();
  }, [focusAsked, open, cases !== null]);

  // A discussion just opened or closed: once the queue shows it, focus its main button ("Next").
  useEffect(() => {
    if (focusWhen === undefined || !queue || (queue.current?.staffId ?? null) !== focusWhen.current) return;
    setFocusWhen(undefined);
    (primaryRef.current ?? railRef.current)?.focus();
  }, [focusWhen, queue]);

  async function discuss(staffId: string, name: string): Promise<void> {
    setBusy(true);
    const result = await api.startDiscussion({ actor, staffId });
    setBusy(false);
    if (!result.ok) {
      refuse(result.error.message);
      return;
    }
    showOnGrid(staffId);
    announce(`Discussing ${name}`);
    bump();
    setFocusWhen({ current: staffId });
  }

  async function finish(name: string): Promise<void> {
    setBusy(true);
    const result = await api.endDiscussion({ actor });
    setBusy(false);
    if (!result.ok) {
      refuse(result.error.message);
      return;
    }
    announce(`Finished discussing ${name}`);
    bump();
    setFocusWhen({ current: null });
  }

  const current = queue?.current ?? null;
  const currentCase = cases?.current ?? null;
  const currentPerson = current ? peopleById[current.staffId] : undefined;
  const currentName = currentCase ? shownName(currentCase, initials) : currentPerson ? shownName(currentPerson, initials) : (current?.staffId ?? '');
  const next = cases?.toDiscuss[0] ?? null;
  const nextName = next ? shownName(next, initials) : '';

  if (!open) {
    return (
      <section className="rail rail-folded" id="discussion-rail" aria-label="Discussion queue (folded)" ref={railRef} tabIndex={-1}>
        <button type="button" className="button rail-unfold" aria-expanded={false} ref={primaryRef} onClick={() => setOpen(true)}>
          <span className="rail-unfold-text">
            Discussion queue{cases ? ` · ${cases.toDiscuss.length + (cases.current ? 1 : 0)} to discuss` : ''}
          </span>
        </button>
      </section>
    );
  }

  return (
    <section className="rail" id="discussion-rail" aria-labelledby={titleId} data-testid="discussion-queue" ref={railRef} tabIndex={-1}>
      <div className="rail-head">
        <h2 id={titleId}>Discussion queue</h2>
        <button type="button" className="button button-small button-quiet rail-fold" aria-expanded onClick={() => setOpen(false)}>
          Fold<span className="sr-only"> the discussion queue</span>
        </button>
      </div>
      {cases ? (
        <p className="rail-counts" data-testid="queue-counts">
          {railCounts(cases)}
        </p>
      ) : null}
      {live.error ? <p className="form-problem">The discussion queue could not be loaded: {live.error}</p> : null}
      {cases === null ? (
        live.error ? null : <p className="muted">Loading…</p>
      ) : (
        <>
          {current ? (
            <section className="rail-current queue-current" aria-label={`Discussing ${currentName}`} data-staff-id={current.staffId}>
              <p className="queue-name">
                <span className="rail-now">Discussing</span> {currentName}
              </p>
              {currentCase ? (
                <ul className="queue-reasons">
                  {currentCase.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              ) : null}
              <p className="discussing-since">Discussing since {clockTime(current.startedAt)}</p>
              <CurrentConflict staffId={current.staffId} />
              <div className="rail-current-actions">
                {next ? (
                  <button
                    type="button"
                    ref={primaryRef}
                    className="button button-primary"
                    data-rail-primary
                    aria-keyshortcuts="Alt+Q"
                    disabled={busy || finalised}
                    onClick={() => void discuss(next.staffId, next.name)}
                  >
                    Next: {nextName}
                  </button>
                ) : null}
                <button
                  type="button"
                  ref={next ? undefined : primaryRef}
                  className={next ? 'button button-small' : 'button button-primary'}
                  aria-label={`Finish discussion of ${currentName}`}
                  disabled={busy || finalised}
                  onClick={() => void finish(currentCase?.name ?? currentPerson?.name ?? current.staffId)}
                >
                  Finish
                </button>
                <button type="button" className="button button-small button-quiet" onClick={() => showOnGrid(current.staffId)}>
                  Show<span className="sr-only"> {currentName}</span> on the grid
                </button>
              </div>
            </section>
          ) : next ? (
            <button
              type="button"
              ref={primaryRef}
              className="button button-primary rail-start"
              data-rail-primary
              aria-keyshortcuts="Alt+Q"
              disabled={busy || finalised}
              onClick={() => void discuss(next.staffId, next.name)}
            >
              Discuss next: {nextName}
            </button>
          ) : null}
          {cases.toDiscuss.length === 0 && !current ? (
            <p className="empty-state">{cases.done.length > 0 ? 'Every case in the queue has been discussed.' : 'No one is suggested for discussion, flagged or questioned.'}</p>
          ) : null}
          {cases.toDiscuss.length > 0 ? (
            <>
              <h3 className="rail-subhead">To discuss ({cases.toDiscuss.length})</h3>
              <CaseList
                items={cases.toDiscuss}
                label="To discuss"
                onDiscuss={(item) => void discuss(item.staffId, item.name)}
                busy={busy}
                finalised={finalised}
                presenting={presenting}
                initials={initials}
              />
            </>
          ) : null}
          {cases.done.length > 0 ? (
            <details className="rail-done">
              <summary>Done ({cases.done.length})</summary>
              <CaseList
                items={cases.done}
                label="Done"
                onDiscuss={(item) => void discuss(item.staffId, item.name)}
                busy={busy}
                finalised={finalised}
                presenting={presenting}
                initials={initials}
              />
            </details>
          ) : null}
          <p className="aside-hint rail-hint">
            Rule breaches, then flags, then cases members questioned, then the tool’s suggestions. Alt+Q comes here from anywhere.
          </p>
        </>
      )}
    </section>
  );
}
