// The cards of one list, sortable. Long lists (a big Achieving box) are virtualised: only the cards in
// view are in the page, so thousands of people stay smooth.

import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useVirtualizer } from '@tanstack/react-virtual';
import { BoxContext, type ListKind } from './boxContext';
import { PersonCard } from './PersonCard';
import { useGridUi } from './gridUi';

/** Above this many cards a list renders only what is on screen. */
export const VIRTUALISE_ABOVE = 150;

interface CardListProps {
  list: ListKind;
  ids: string[];
  label: string;
  empty: ReactNode;
  className?: string;
}

function useBoxValue(list: ListKind, ids: string[]) {
  const idsRef = useRef(ids);
  idsRef.current = ids;
  return useMemo(() => ({ list, getIds: () => idsRef.current }), [list]);
}

export function CardList({ list, ids, label, empty, className }: CardListProps) {
  const value = useBoxValue(list, ids);
  return (
    <BoxContext.Provider value={value}>
      <SortableContext id={`list:${list}`} items={ids} strategy={verticalListSortingStrategy}>
        {ids.length === 0 ? (
          <div className="card-list-empty">{empty}</div>
        ) : ids.length > VIRTUALISE_ABOVE ? (
          <VirtualCards ids={ids} label={label} className={className} />
        ) : (
          <ul className={`card-list ${className ?? ''}`} aria-label={label} data-card-list={list}>
            {ids.map((staffId) => (
              <li key={staffId} className="card-slot">
                <PersonCard staffId={staffId} />
              </li>
            ))}
          </ul>
        )}
      </SortableContext>
    </BoxContext.Provider>
  );
}

function VirtualCards({ ids, label, className }: { ids: string[]; label: string; className: string | undefined }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 150,
    overscan: 6,
    getItemKey: (index) => ids[index]!,
  });
  const focusRequest = useGridUi((s) => s.focusRequest);

  // A card asked for focus (after a keyboard move) may be off screen, so not in the page: bring it in.
  useEffect(() => {
    if (focusRequest === null) return;
    const index = ids.indexOf(focusRequest);
    if (index !== -1) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [focusRequest, ids, virtualizer]);

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
