// The chair's view: four boxes in order, the people listed apart, filters, and every way to move a card —
// drag (pointer), the "Move to…" menu (keyboard or single clicks) and Alt+Arrow reordering.

import { useCallback, useMemo, useRef, useState } from 'react';
import {
  DndContext,
  DragOverlay,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { BOX_MARKINGS, type BoxMarking } from '../../shared/domain';
import { checkMove } from '../../shared/rules';
import { usePanelStore } from '../store';
import { BoxColumn } from './BoxColumn';
import { CardBody } from './CardBody';
import { FilterBar } from './FilterBar';
import { ListedApart } from './ListedApart';
import FairnessCheck from '../fairness/FairnessCheck';
import DiscussionQueue from '../fairness/DiscussionQueue';
import { MoveDialog } from './MoveDialog';
import { MoveMenu } from './MoveMenu';
import { dropAnchor, layoutGrid } from './boxes';
import { GUIDANCE_NOTE, guidanceStatus } from './guidance';
import { useGridUi } from './gridUi';
import { readOnlyMessage, requestMove, requestReorder } from './moveFlow';
import type { ListKind } from './boxContext';

/** Prefer a card under the pointer (to reorder), else the box; fall back to overlap when there is no pointer. */
const collide: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  const candidates = hits.length > 0 ? hits : rectIntersection(args);
  const cards = candidates.filter((c) => !String(c.id).startsWith('box:'));
  return cards.length > 0 ? cards : candidates;
};

function isBox(list: unknown): list is BoxMarking {
  return typeof list === 'string' && (BOX_MARKINGS as readonly string[]).includes(list);
}

/** Keeps the same array object while its contents are unchanged, so untouched boxes skip re-rendering. */
function useStableLists(next: Record<BoxMarking, string[]>): Record<BoxMarking, string[]> {
  const previous = useRef(next);
  const result = {} as Record<BoxMarking, string[]>;
  for (const box of BOX_MARKINGS) {
    const old = previous.current[box];
    const now = next[box];
    result[box] = old.length === now.length && old.every((id, i) => id === now[i]) ? old : now;
  }
  previous.current = result;
  return result;
}

export default function GridView() {
  const order = usePanelStore((s) => s.order);
  const peopleById = usePanelStore((s) => s.peopleById);
  const discussion = usePanelStore((s) => s.discussion);
  const panel = usePanelStore((s) => s.panel);
  const initialsOnly = usePanelStore((s) => s.presentation && s.initialsOnly);
  const filters = useGridUi((s) => s.filters);
  const layout = useMemo(() => layoutGrid(order, peopleById, discussion, filters), [order, peopleById, discussion, filters]);
  const boxes = useStableLists(layout.boxes);
  const [drag, setDrag] = useState<{ staffId: string; from: ListKind; over: ListKind | null } | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));

  const nameOf = useCallback((id: unknown) => usePanelStore.getState().peopleById[String(id)]?.name ?? 'Card', []);

  function onDragStart({ active }: DragStartEvent) {
    useGridUi.getState().closeMenu();
    setDrag({ staffId: String(active.id), from: active.data.current?.list as ListKind, over: null });
  }

  function onDragOver({ over }: DragOverEvent) {
    setDrag((d) => (d ? { ...d, over: (over?.data.current?.list as ListKind | undefined) ?? null } : d));
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    setDrag(null);
    const staffId = String(active.id);
    const from = active.data.current?.list as ListKind | undefined;
    const to = over?.data.current?.list as ListKind | undefined;
    if (!over || !isBox(to)) return;
    if (to !== from) {
      void requestMove(staffId, to);
      return;
    }
    if (over.id === active.id || String(over.id).startsWith('box:')) return;
    const ids = boxes[to];
    const fromIndex = ids.indexOf(staffId);
    const toIndex = ids.indexOf(String(over.id));
    if (fromIndex === -1 || toIndex === -1) return;
    void requestReorder(staffId, dropAnchor(ids, fromIndex, toIndex));
  }

  const dragged = drag ? peopleById[drag.staffId] : undefined;
  function dropState(box: BoxMarking): 'none' | 'allowed' | 'refused' {
    if (!drag || !dragged || drag.over !== box || drag.from === box) return 'none';
    return checkMove(dragged, box).allowed ? 'allowed' : 'refused';
  }

  if (!panel) return null;
  const finalised = panel.status === 'finalised';
  return (
    <div className="grid-view">
      {finalised ? (
        <p className="readonly-banner" data-testid="readonly-banner">
          <strong>Finalised: read-only.</strong> {readOnlyMessage(panel)}
        </p>
      ) : null}
      <FilterBar hidden={layout.hidden} />
      <p className="grid-help">
        {finalised
          ? 'Click a card, or focus it and choose Details, to see everything about a person.'
          : 'Drag a card to another box, or press Enter on it (or “Move to…”) to choose one. Alt+Up/Down reorders; arrow keys move between cards; click a card for details.'}
      </p>
      <p className="sr-only" id="card-instructions">
        Enter: move to another box. Alt+Up or Alt+Down: reorder. Arrow keys: next card.
      </p>
      <DndContext
        sensors={sensors}
        collisionDetection={collide}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDrag(null)}
        accessibility={{
          announcements: {
            onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}.`,
            onDragOver: ({ active, over }) =>
              over ? `${nameOf(active.id)} is over ${String(over.data.current?.list ?? 'a box')}.` : `${nameOf(active.id)} is not over a box.`,
            onDragEnd: () => undefined,
            onDragCancel: ({ active }) => `${nameOf(active.id)} was put back.`,
          },
          screenReaderInstructions: {
            draggable: 'Press Enter or Space to choose a box from a menu; Alt+Up or Alt+Down reorders within the box.',
          },
        }}
      >
        <div className="boxes">
          {BOX_MARKINGS.map((box) => (
            <BoxColumn
              key={box}
              box={box}
              ids={boxes[box]}
              count={layout.counts[box]}
              inBoxes={layout.inBoxes}
              status={guidanceStatus(box, layout.counts, layout.inBoxes)}
              dropState={dropState(box)}
              hiddenHere={layout.counts[box] - boxes[box].length}
            />
          ))}
        </div>
        <p className="guidance-note">{GUIDANCE_NOTE}</p>
        <ListedApart notMarked={layout.notMarked} ineligible={layout.ineligible} cutoff={panel.eligibilityCutoff} />
        <FairnessCheck />
        <DiscussionQueue />
        <DragOverlay dropAnimation={null}>
          {dragged ? (
            <div className="card card-overlay" aria-hidden="true">
              <CardBody person={dragged} discussion={discussion[dragged.staffId]} initialsOnly={initialsOnly} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      <MoveMenu boxes={boxes} />
      <MoveDialog />
    </div>
  );
}
