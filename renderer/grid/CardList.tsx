// The cards of one list. On the projector a list the plan says fits is laid out in columns, every
// card on screen; otherwise long lists (a big Achieving box) are virtualised: only the cards in view are in
// the page, so thousands of people stay smooth.

import { useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { BoxContext, GridDisplayContext, type ListKind } from './boxContext';
import { PersonCard } from './PersonCard';
import { useGridUi } from './gridUi';

/** Above this many cards a list that scrolls renders only what is on screen. */
export const VIRTUALISE_ABOVE = 60;

/** Rough heights for the virtual list before each card is measured. */
const ESTIMATE: Record<'cards' | 'compact' | 'chips', number> = { cards: 150, compact: 60, chips: 36 };

/** A list laid out in columns on the projector: how many, and how many cards down each. */
export interface ListFlow {
  columns: number;
  rows: number;
}

interface CardListProps {
  list: ListKind;
  ids: string[];
  label: string;
  empty: ReactNode;
  className?: string;
  /** Set when the whole list is shown in columns (presentation mode, when it fits). */
  flow?: ListFlow | null;
}

function useBoxValue(list: ListKind, ids: string[]) {
  const idsRef = useRef(ids);
  idsRef.current = ids;
  return useMemo(() => ({ list, getIds: () => idsRef.current }), [list]);
}

export function CardList({ list, ids, label, empty, className, flow }: CardListProps) {
  const value = useBoxValue(list, ids);
  const flowing = flow !== null && flow !== undefined;
  return (
    <BoxContext.Provider value={value}>
      {ids.length === 0 ? (
        <div className="card-list-empty">{empty}</div>
      ) : !flowing && ids.length > VIRTUALISE_ABOVE ? (
        <VirtualCards ids={ids} label={label} className={className} />
      ) : (
        <ul
          className={`card-list ${flowing ? 'card-list-flow' : ''} ${className ?? ''}`}
          aria-label={label}
          data-card-list={list}
          style={flowing ? { gridTemplateColumns: `repeat(${flow.columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${flow.rows}, var(--item-h))` } : undefined}
        >
          {ids.map((staffId) => (
            <li key={staffId} className="card-slot">
              <PersonCard staffId={staffId} />
            </li>
          ))}
        </ul>
      )}
    </BoxContext.Provider>
  );
}

function VirtualCards({ ids, label, className }: { ids: string[]; label: string; className: string | undefined }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { density } = useContext(GridDisplayContext);
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATE[density],
    overscan: 4,
    getItemKey: (index) => ids[index]!,
  });
  const focusRequest = useGridUi((s) => s.focusRequest);
  const highlight = useGridUi((s) => s.highlight);
  const idsRef = useRef(ids);
  idsRef.current = ids;

  // A card asked for (after a keyboard move, a drop, "Discuss now") may be off screen, so not in the page:
  // bring it in, once per request (later changes to the list leave the scroll where the chair put it).
  useEffect(() => {
    const wanted = focusRequest ?? highlight?.staffId ?? null;
    if (wanted === null) return;
    const index = idsRef.current.indexOf(wanted);
    if (index !== -1) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [focusRequest, highlight, virtualizer]);

  return (
    <div ref={scrollRef} className={`card-list-scroll ${className ?? ''}`}>
      <ul className="card-list card-list-virtual" aria-label={`${label} (${ids.length})`} data-card-list style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <li
            key={item.key}
            ref={virtualizer.measureElement}
            data-index={item.index}
            className="card-slot card-slot-virtual"
            style={{ transform: `translateY(${item.start}px)` }}
          >
            <PersonCard staffId={ids[item.index]!} />
          </li>
        ))}
      </ul>
    </div>
  );
}
