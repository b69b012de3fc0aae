// The one draggable on the grid. Every card lends itself to it when pressed, instead of each card being a
// dnd-kit sortable of its own: a sortable re-renders on every change to the drag's context, so picking a card
// up used to draw every card on screen four times over before the dragged copy appeared (about 100 ms at
// 10,000 people). Now picking up re-renders this component, the four boxes and the dragged copy.
//
// Where a drop lands is read from the screen under the pointer, as it is when the pointer is there (a box that
// scrolled while dragging included): the box (`listAt`), and the card in it (`cardUnder`). A line between two
// cards shows it while dragging: between two cards, a manual rank; anywhere else in a box, job-weight order.

import { createContext, useCallback, useEffect, useRef, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { useDraggable } from '@dnd-kit/core';
import type { ListKind } from './boxContext';
import { useGridUi } from './gridUi';

/** The draggable's id in dnd-kit: the card itself is in its data (`DragSourceData`). */
export const DRAG_SOURCE_ID = 'card-being-dragged';

export interface DragSourceData {
  staffId: string;
  list: ListKind;
}

export type StartDrag = (event: ReactPointerEvent<HTMLElement>, staffId: string, list: ListKind) => void;

/** Given to every card: call it from the card's pointerdown. Null outside a grid (the card cannot be dragged). */
export const DragStartContext = createContext<StartDrag | null>(null);

/** The card the pointer is over in a list, and whether it is over the card's upper half. */
export interface CardUnder {
  staffId: string;
  upperHalf: boolean;
  rect: DOMRect;
}

/** The card on screen in `container` under the point, if any (the dragged copy is not in a list, so never found). */
export function cardUnder(container: Element | null, x: number, y: number): CardUnder | null {
  if (!container) return null;
  for (const card of container.querySelectorAll<HTMLElement>('article[data-staff-id]')) {
    const rect = card.getBoundingClientRect();
    if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) {
      return { staffId: card.dataset.staffId!, upperHalf: y < rect.top + rect.height / 2, rect };
    }
  }
  return null;
}

/** The list on the grid under a point in the window: a box, the people not yet marked, or none. */
export function listAt(x: number, y: number): ListKind | null {
  for (const element of document.elementsFromPoint(x, y)) {
    const box = element.closest<HTMLElement>('.boxes [data-box]');
    if (box) return box.dataset.box === 'Not marked' ? 'not-marked' : (box.dataset.box as ListKind);
  }
  return null;
}

/** The element of a list on the grid: a box by its marking, or the people not yet marked. */
export function listElement(list: ListKind | null | undefined): Element | null {
  if (!list || list === 'ineligible') return null;
  const name = list === 'not-marked' ? 'Not marked' : list;
  return document.querySelector(`.boxes [data-box="${name}"]`);
}

/** The pointer's last place while a card is dragged, in the window's coordinates. */
const pointer = { x: 0, y: 0 };

export function lastPointer(): { x: number; y: number } {
  return { ...pointer };
}

export function DragSource({ children }: { children: ReactNode }) {
  // One object for the whole life of the grid: dnd-kit keeps a reference to `data`, and a press fills it in.
  const data = useRef<DragSourceData>({ staffId: '', list: 'ineligible' }).current;
  const { listeners, setNodeRef } = useDraggable({ id: DRAG_SOURCE_ID, data });
  const latest = useRef(listeners);
  latest.current = listeners;
  const line = useRef<HTMLDivElement>(null);
  const frame = useRef(0);

  const start = useCallback<StartDrag>(
    (event, staffId, list) => {
      if (useGridUi.getState().drag !== null) return;
      data.staffId = staffId;
      data.list = list;
      pointer.x = event.clientX;
      pointer.y = event.clientY;
      setNodeRef(event.currentTarget);
      latest.current?.onPointerDown?.(event);
    },
    [data, setNodeRef],
  );

  // While dragging: follow the pointer and draw the line where a drop between two cards would go.
  useEffect(() => {
    const draw = () => {
      frame.current = 0;
      const el = line.current;
      if (useGridUi.getState().drag) useGridUi.getState().dragOver(listAt(pointer.x, pointer.y));
      const drag = useGridUi.getState().drag;
      if (!el) return;
      const under = drag ? cardUnder(listElement(drag.over), pointer.x, pointer.y) : null;
      if (!drag || !under || under.staffId === drag.staffId) {
        el.hidden = true;
        return;
      }
      let above = under.upperHalf;
      if (drag.over === drag.from) {
        // In its own box a card takes the place of the card it is dropped on: above it when moving up.
        const cards = [...(listElement(drag.over)?.querySelectorAll<HTMLElement>('article[data-staff-id]') ?? [])].map((c) => c.dataset.staffId);
        above = cards.indexOf(under.staffId) < cards.indexOf(drag.staffId);
      }
      el.hidden = false;
      el.style.left = `${under.rect.left}px`;
      el.style.width = `${under.rect.width}px`;
      el.style.top = `${(above ? under.rect.top : under.rect.bottom) - 2}px`;
    };
    const schedule = () => {
      if (useGridUi.getState().drag && frame.current === 0) frame.current = requestAnimationFrame(draw);
    };
    const onMove = (event: PointerEvent) => {
      pointer.x = event.clientX;
      pointer.y = event.clientY;
      schedule();
    };
    const unsubscribe = useGridUi.subscribe((state, previous) => {
      if (state.drag === previous.drag) return;
      if (state.drag === null && line.current) line.current.hidden = true;
      else if (frame.current === 0) frame.current = requestAnimationFrame(draw);
    });
    window.addEventListener('pointermove', onMove, { capture: true, passive: true });
    // A box (or the window) scrolling under a still pointer, near an edge, changes what a drop would hit.
    window.addEventListener('scroll', schedule, { capture: true, passive: true });
    return () => {
      window.removeEventListener('pointermove', onMove, { capture: true });
      window.removeEventListener('scroll', schedule, { capture: true });
      unsubscribe();
      if (frame.current !== 0) cancelAnimationFrame(frame.current);
    };
  }, []);

  return (
    <DragStartContext.Provider value={start}>
      {children}
      <div ref={line} className="drop-line" aria-hidden="true" hidden />
    </DragStartContext.Provider>
  );
}
