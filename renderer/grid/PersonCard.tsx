// One person's card: draggable (pointer), focusable, and fully usable from the keyboard — Enter or Space
// opens "Move to…", Alt+Arrow keys reorder, arrow keys walk the grid; a right-click opens the same menu.
// Drawn as a full card, a compact row or a chip (GridDisplayContext). Memoised by staff id: it reads its
// person from the store, so a move re-renders only the cards that changed. After a move it scrolls itself
// into view and lights up for a moment.

import { memo, useCallback, useContext, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import type { Person } from '../../shared/domain';
import type { DiscussionReason } from '../../shared/rules';
import { usePanelStore } from '../store';
import { CardBody, displayName } from './CardBody';
import { ChipBody } from './ChipBody';
import { GridDisplayContext, useBoxContext } from './boxContext';
import { useGridUi } from './gridUi';
import { reorderAnchor } from './boxes';
import { refuseIfReadOnly, requestReorder } from './moveFlow';
import { DragStartContext } from './dragSource';
import { may } from '../../shared/roles';

/** How long a moved card stays lit up. */
const HIGHLIGHT_MS = 2400;

function focusCardIn(list: Element | null | undefined, pick: (cards: HTMLElement[]) => HTMLElement | undefined): void {
  if (!list) return;
  pick([...list.querySelectorAll<HTMLElement>('article[data-staff-id]')])?.focus();
}

/** Arrow keys: up/down within the list, left/right to the same position in the next list. */
function walk(card: HTMLElement, key: string): boolean {
  const list = card.closest('[data-card-list]');
  const cards = [...(list?.querySelectorAll<HTMLElement>('article[data-staff-id]') ?? [])];
  const index = cards.indexOf(card);
  if (key === 'ArrowDown') cards[index + 1]?.focus();
  else if (key === 'ArrowUp') cards[index - 1]?.focus();
  else if (key === 'Home') cards[0]?.focus();
  else if (key === 'End') cards.at(-1)?.focus();
  else if (key === 'ArrowLeft' || key === 'ArrowRight') {
    const lists = [...document.querySelectorAll('[data-card-list]')].filter((l) => l.querySelector('article[data-staff-id]'));
    const next = lists[lists.indexOf(list!) + (key === 'ArrowRight' ? 1 : -1)];
    focusCardIn(next, (others) => others[Math.min(index, others.length - 1)]);
  } else return false;
  return true;
}

/**
 * What the card shows: memoised on its own so a change to the card's frame (lit up, dragged, selected) does
 * not draw its words again.
 */
const CardFace = memo(function CardFace({
  person,
  discussion,
  idPrefix,
  list,
  readOnly,
  menuOpen,
  moveButton,
  openMenu,
}: {
  person: Person;
  discussion: DiscussionReason[] | undefined;
  idPrefix: string;
  list: string;
  readOnly: boolean;
  menuOpen: boolean;
  moveButton: RefObject<HTMLButtonElement | null>;
  openMenu(): void;
}) {
  const { density, initials, hideDetails } = useContext(GridDisplayContext);
  const name = displayName(person, initials);
  if (density !== 'cards') {
    return <ChipBody person={person} discussion={discussion} initialsOnly={initials} hideDetails={hideDetails} idPrefix={idPrefix} density={density} />;
  }
  return (
    <>
      <CardBody person={person} discussion={discussion} initialsOnly={initials} idPrefix={idPrefix} hideDetails={hideDetails} />
      <div className="card-actions">
        {list !== 'ineligible' && !readOnly ? (
          <button ref={moveButton} type="button" className="button button-small" aria-haspopup="menu" aria-expanded={menuOpen} onClick={() => openMenu()}>
            Move to…<span className="sr-only"> ({name})</span>
          </button>
        ) : null}
        <button type="button" className="button button-small button-quiet" onClick={() => usePanelStore.getState().select(person.staffId)}>
          Details<span className="sr-only"> for {name}</span>
        </button>
      </div>
    </>
  );
});

export const PersonCard = memo(function PersonCard({ staffId }: { staffId: string }) {
  const person = usePanelStore((s) => s.peopleById[staffId]);
  const discussion = usePanelStore((s) => s.discussion[staffId]);
  const readOnly = usePanelStore((s) => s.panel?.status === 'finalised');
  const selected = usePanelStore((s) => s.selectedStaffId === staffId);
  const { density, initials } = useContext(GridDisplayContext);
  const focusRequested = useGridUi((s) => s.focusRequest === staffId);
  const highlightSeq = useGridUi((s) => (s.highlight?.staffId === staffId ? s.highlight.seq : 0));
  const menuOpen = useGridUi((s) => s.menu?.staffId === staffId);
  const { list, getIds } = useBoxContext();
  const movable = list !== 'ineligible' && !readOnly;
  // Pressing the card lends it to the grid's one draggable (dragSource.tsx): no card listens to the drag itself.
  const startDrag = useContext(DragStartContext);
  // Only the chair moves people (shared/roles.ts): for anyone else a card is not picked up at all.
  const mayMove = usePanelStore((s) => may(s.actor.role, 'move'));
  const draggable = movable && mayMove && startDrag !== null;
  const dragging = useGridUi((s) => s.drag?.staffId === staffId);
  const cardRef = useRef<HTMLElement | null>(null);
  const moveButton = useRef<HTMLButtonElement>(null);
  const [lit, setLit] = useState(false);
  // Stable, so the card's face is not drawn again when nothing it shows has changed.
  const openMenu = useCallback(
    (at?: { x: number; y: number }) => {
      if (refuseIfReadOnly()) return;
      const anchor = moveButton.current ?? cardRef.current;
      if (anchor) useGridUi.getState().openMenu(staffId, anchor, at);
    },
    [staffId],
  );

  useEffect(() => {
    if (!focusRequested || !cardRef.current) return;
    cardRef.current.focus({ preventScroll: true });
    cardRef.current.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    useGridUi.getState().requestFocus(null);
  }, [focusRequested]);

  useEffect(() => {
    if (highlightSeq === 0 || !cardRef.current) return;
    cardRef.current.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    setLit(true);
    const timer = window.setTimeout(() => setLit(false), HIGHLIGHT_MS);
    return () => window.clearTimeout(timer);
  }, [highlightSeq]);

  if (!person) return null;
  const idPrefix = `card-${staffId}`;
  const name = displayName(person, initials);

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      if (list === 'ineligible' || list === 'not-marked') return;
      const anchor = reorderAnchor(getIds(), staffId, event.key === 'ArrowUp' ? 'up' : 'down');
      if (anchor) void requestReorder(staffId, anchor.afterStaffId);
      else usePanelStore.getState().announce(`${name} is already ${event.key === 'ArrowUp' ? 'first' : 'last'} in ${list}`);
      return;
    }
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    if ((event.key === 'Enter' || event.key === ' ') && list !== 'ineligible') {
      event.preventDefault();
      openMenu();
    } else if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
      event.preventDefault();
      if (list !== 'ineligible') openMenu();
    } else if (walk(event.currentTarget, event.key)) {
      event.preventDefault();
    }
  }

  function onClick(event: MouseEvent<HTMLElement>) {
    // Buttons inside the card do their own thing; a click anywhere else opens the person panel.
    if ((event.target as HTMLElement).closest('button')) return;
    usePanelStore.getState().select(staffId);
  }

  function onContextMenu(event: MouseEvent<HTMLElement>) {
    if (list === 'ineligible') return;
    event.preventDefault();
    openMenu({ x: event.clientX, y: event.clientY });
  }

  const classes = ['card', `card-${density}`];
  if (dragging) classes.push('card-dragging');
  if (person.moderatedMarking !== null && person.moderatedMarking !== person.provisionalMarking) classes.push('card-changed');
  if (discussion?.length) classes.push('card-suggested-for-discussion');
  if (draggable) classes.push('card-movable');
  if (lit) classes.push('card-highlight');
  if (selected) classes.push('card-selected');

  return (
    <article
      ref={cardRef}
      className={classes.join(' ')}
      data-staff-id={staffId}
      tabIndex={0}
      aria-labelledby={`${idPrefix}-name`}
      aria-describedby={movable ? 'card-instructions' : undefined}
      aria-keyshortcuts={movable ? 'Enter Alt+ArrowUp Alt+ArrowDown Shift+F10' : undefined}
      aria-current={selected ? 'true' : undefined}
      onKeyDown={onKeyDown}
      onClick={onClick}
      onContextMenu={onContextMenu}
      onPointerDown={draggable ? (event) => startDrag(event, staffId, list) : undefined}
    >
      <CardFace
        person={person}
        discussion={discussion}
        idPrefix={idPrefix}
        list={list}
        readOnly={readOnly}
        menuOpen={menuOpen}
        moveButton={moveButton}
        openMenu={openMenu}
      />
    </article>
  );
});
