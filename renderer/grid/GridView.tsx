// The chair's view: four boxes in order, the people listed apart, filters, and every way to move a card —
// drag (pointer), the "Move to…" menu (keyboard, single clicks or a right-click) and Alt+Arrow reordering.
// Beside the boxes, the person panel (when someone is chosen) and the discussion queue rail, always on
// screen with the grid. In presentation mode the grid fills the screen and takes the most detailed layout in
// which everyone is shown (fitLayout.ts).

import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import {
  DndContext,
  DragOverlay,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { BOX_MARKINGS, type BoxMarking } from '../../shared/domain';
import { may } from '../../shared/roles';
import { usePanelStore } from '../store';
import { detailsOnScreen, initialsOnScreen, onScreenNow } from '../components/projection';
import { BoxColumn } from './BoxColumn';
import { CardBody } from './CardBody';
import { ChipBody } from './ChipBody';
import { CardList } from './CardList';
import { FilterBar } from './FilterBar';
import { ListedApart } from './ListedApart';
import FairnessCheck from '../fairness/FairnessCheck';
import DiscussionRail from '../fairness/DiscussionRail';
import { PersonPanel } from '../person/PersonPanel';
import { MoveDialog } from './MoveDialog';
import { MoveMenu } from './MoveMenu';
import { FlagNoteDialog } from './FlagNoteDialog';
import { PresentationBar } from './PresentationBar';
import { dropAnchor, layoutGrid } from './boxes';
import { DragSource, cardUnder, lastPointer, listAt, listElement, type DragSourceData } from './dragSource';
import { GUIDANCE_NOTE, guidanceStatus } from './guidance';
import { useGridUi } from './gridUi';
import { readOnlyMessage, requestMove, requestReorder } from './moveFlow';
import { GridDisplayContext, type GridDisplay, type ListKind } from './boxContext';
import { DENSITY_LABELS, useDensity } from './density';
import { ITEM_SIZE, type FitPlan } from './fitLayout';
import { useFitPlan } from './useFitPlan';

/** The card a drag is about (dnd-kit's one draggable lends itself to whichever card was pressed). */
const dragged = (active: { data: { current?: unknown } }): DragSourceData | undefined => active.data.current as DragSourceData | undefined;

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

/**
 * Where a card dropped on a card in another box goes: before that card when the pointer is in its upper half,
 * after it otherwise (null = first). Undefined when it was dropped on the box itself: its job-weight place.
 */
function dropPlace(to: BoxMarking, ids: readonly string[]): string | null | undefined {
  const { x, y } = lastPointer();
  const under = cardUnder(listElement(to), x, y);
  const index = under ? ids.indexOf(under.staffId) : -1;
  if (!under || index === -1) return undefined;
  if (!under.upperHalf) return under.staffId;
  return index > 0 ? ids[index - 1]! : null;
}

function planWords(plan: FitPlan | null, presenting: boolean, shown: GridDisplay['density']): string {
  if (!presenting || plan === null) return `Layout: ${DENSITY_LABELS[shown]}.`;
  if (!plan.fits) return `Layout: ${DENSITY_LABELS[shown]}. Not everyone fits on this screen: each box scrolls.`;
  return `Layout: ${DENSITY_LABELS[shown]}, everyone on screen.`;
}

/** The card following the pointer while it is dragged. */
function DragPreview({ display }: { display: GridDisplay }) {
  const staffId = useGridUi((s) => s.drag?.staffId ?? null);
  const person = usePanelStore((s) => (staffId ? s.peopleById[staffId] : undefined));
  const reasons = usePanelStore((s) => (staffId ? s.discussion[staffId] : undefined));
  if (!person) return null;
  const { density, initials, hideDetails } = display;
  return (
    <div className={`card card-overlay card-${density}`} aria-hidden="true">
      {density === 'cards' ? (
        <CardBody person={person} discussion={reasons} initialsOnly={initials} hideDetails={hideDetails} />
      ) : (
        <ChipBody person={person} discussion={reasons} initialsOnly={initials} hideDetails={hideDetails} idPrefix="overlay" density={density} />
      )}
    </div>
  );
}

export default function GridView() {
  const order = usePanelStore((s) => s.order);
  const peopleById = usePanelStore((s) => s.peopleById);
  const discussion = usePanelStore((s) => s.discussion);
  const panel = usePanelStore((s) => s.panel);
  const fileName = usePanelStore((s) => s.fileName);
  const presenting = usePanelStore((s) => s.presentation);
  const initials = usePanelStore(initialsOnScreen);
  const hideDetails = !usePanelStore(detailsOnScreen);
  const showFairness = usePanelStore((s) => !s.presentation || s.presentationShows.fairness);
  const selected = usePanelStore((s) => s.selectedStaffId);
  const mayMove = usePanelStore((s) => may(s.actor.role, 'move'));
  const mayFlag = usePanelStore((s) => may(s.actor.role, 'flag'));
  const filters = useGridUi((s) => s.filters);
  const showApart = useGridUi((s) => s.showApart);
  useLayoutEffect(() => useDensity.getState().load(fileName), [fileName]);
  const chosen = useDensity((s) => s.chosen);
  const layout = useMemo(() => layoutGrid(order, peopleById, discussion, filters), [order, peopleById, discussion, filters]);
  const boxes = useStableLists(layout.boxes);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));
  const boxesRef = useRef<HTMLDivElement>(null);

  // On the projector the people not yet marked get a column of their own: they are the ones to place.
  const lists: ListKind[] = presenting && layout.notMarked.length > 0 ? [...BOX_MARKINGS, 'not-marked'] : [...BOX_MARKINGS];
  const counts = lists.map((list) => (list === 'not-marked' ? layout.notMarked.length : list === 'ineligible' ? 0 : boxes[list].length));
  const plan = useFitPlan(boxesRef, counts, chosen, presenting);
  const density: GridDisplay['density'] = plan ? plan.density : chosen === 'auto' ? 'cards' : chosen;
  const display = useMemo<GridDisplay>(() => ({ density, initials, hideDetails }), [density, initials, hideDetails]);
  const flowFor = (list: ListKind) => {
    const index = lists.indexOf(list);
    return plan?.fits && index !== -1 ? { columns: plan.columns[index]!, rows: plan.rows[index]! } : null;
  };

  const nameOf = useCallback(
    (active: { data: { current?: unknown } }) => onScreenNow(usePanelStore.getState().peopleById[dragged(active)?.staffId ?? '']?.name ?? 'Card'),
    [],
  );

  function onDragStart({ active }: DragStartEvent) {
    const card = dragged(active);
    if (!card) return;
    useGridUi.getState().closeMenu();
    useGridUi.getState().setDrag({ staffId: card.staffId, from: card.list, over: null });
  }

  function onDragEnd(event: DragEndEvent) {
    useGridUi.getState().setDrag(null);
    const card = dragged(event.active);
    const { x, y } = lastPointer();
    const to = listAt(x, y);
    if (!card || !isBox(to)) return;
    const { staffId, list: from } = card;
    if (to !== from) {
      // Dropped between two cards: that place is kept as a manual rank; on the box itself, job-weight order.
      void requestMove(staffId, to, dropPlace(to, boxes[to]));
      return;
    }
    // In its own box, dropped on another card: it takes that card's place.
    const under = cardUnder(listElement(to), x, y);
    if (!under || under.staffId === staffId) return;
    const ids = boxes[to];
    const fromIndex = ids.indexOf(staffId);
    const toIndex = ids.indexOf(under.staffId);
    if (fromIndex === -1 || toIndex === -1) return;
    void requestReorder(staffId, dropAnchor(ids, fromIndex, toIndex));
  }

  if (!panel) return null;
  const finalised = panel.status === 'finalised';
  const columns = lists.map((list) => `minmax(0, ${flowFor(list)?.columns ?? 1}fr)`).join(' ');
  const shownWords = planWords(plan, presenting, density);
  return (
    <GridDisplayContext.Provider value={display}>
      <div className={`grid-view room density-${density}${plan?.fits ? ' room-fits' : ''}`} data-density={density}>
        {finalised ? (
          <p className="readonly-banner" data-testid="readonly-banner">
            <strong>Finalised: read-only.</strong> {readOnlyMessage(panel)}
          </p>
        ) : null}
        {presenting ? (
          <PresentationBar shown={shownWords} apart={layout.ineligible.length} />
        ) : (
          <>
            <FilterBar hidden={layout.hidden} shown={shownWords} />
            <p className="grid-help">
              {finalised
                ? 'Click a card, or focus it and choose Details, to see everything about a person.'
                : !mayMove
                  ? `Only the panel chair moves people. Press Enter on a card (or right-click it) for its menu${mayFlag ? ', to flag it' : ''}; arrow keys move between cards; click a card for details. Alt+Q: the discussion queue.`
                  : 'Drag a card to another box (between two cards to set its place), or press Enter on it (or right-click it) to choose one. Alt+Up/Down reorders; arrow keys move between cards; click a card for details. Alt+Q: the discussion queue.'}
            </p>
          </>
        )}
        <p className="sr-only" id="card-instructions">
          Enter: move to another box or set a flag. Alt+Up or Alt+Down: reorder. Arrow keys: next card.
        </p>
        <div className="room-row">
          <div className="room-grid">
            <DndContext
              sensors={sensors}
              onDragStart={onDragStart}
              onDragEnd={onDragEnd}
              onDragCancel={() => useGridUi.getState().setDrag(null)}
              accessibility={{
                announcements: {
                  onDragStart: ({ active }) => `Picked up ${nameOf(active)}.`,
                  // The box under the card shows whether it would take it ("Cannot go here"); the Move to… menu is the way for a screen reader.
                  onDragOver: () => undefined,
                  onDragEnd: () => undefined,
                  onDragCancel: ({ active }) => `${nameOf(active)} was put back.`,
                },
                screenReaderInstructions: {
                  draggable: 'Press Enter or Space to choose a box from a menu; Alt+Up or Alt+Down reorders within the box.',
                },
              }}
            >
              <DragSource>
                <div
                  className="boxes"
                  ref={boxesRef}
                  style={presenting ? { gridTemplateColumns: columns, ['--item-h' as string]: `${ITEM_SIZE[density].height}px` } : undefined}
                >
                  {BOX_MARKINGS.map((box) => (
                    <BoxColumn
                      key={box}
                      box={box}
                      ids={boxes[box]}
                      count={layout.counts[box]}
                      inBoxes={layout.inBoxes}
                      status={guidanceStatus(box, layout.counts, layout.inBoxes)}
                      hiddenHere={layout.counts[box] - boxes[box].length}
                      flow={flowFor(box)}
                    />
                  ))}
                  {lists.includes('not-marked') ? (
                    <section role="region" aria-label="Not marked" className="box box-not-marked" data-box="Not marked">
                      <header className="box-header">
                        <h2 className="box-heading">
                          <span className="box-name">Not marked</span> <span className="box-count">{layout.notMarked.length}</span>
                        </h2>
                        <p className="guide-text">Eligible, no marking yet: place each in a box.</p>
                      </header>
                      <CardList list="not-marked" ids={layout.notMarked} label="People not marked" empty={null} flow={flowFor('not-marked')} />
                    </section>
                  ) : null}
                </div>
                {presenting ? null : <p className="guidance-note">{GUIDANCE_NOTE}</p>}
                {presenting && !showApart ? null : (
                  <ListedApart notMarked={presenting ? [] : layout.notMarked} ineligible={layout.ineligible} cutoff={panel.eligibilityCutoff} />
                )}
              </DragSource>
              <DragOverlay dropAnimation={null}>
                <DragPreview display={display} />
              </DragOverlay>
            </DndContext>
            {showFairness ? <FairnessCheck /> : null}
          </div>
          {selected ? <PersonPanel docked /> : null}
          <DiscussionRail />
        </div>
        <MoveMenu boxes={boxes} />
        <MoveDialog />
        <FlagNoteDialog />
      </div>
    </GridDisplayContext.Provider>
  );
}
