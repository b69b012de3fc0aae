// What happens when someone asks to move or reorder a card, however they asked (drag, menu, keys):
// refuse at once what the rules refuse, ask for a reason or acknowledgement when needed, else move.

import type { BoxMarking, Panel } from '../../shared/domain';
import { checkMove } from '../../shared/rules';
import { usePanelStore } from '../store';
import { useGridUi } from './gridUi';

export function readOnlyMessage(panel: Panel): string {
  const by = panel.finalisedBy ? ` by ${panel.finalisedBy}` : '';
  const on = panel.finalisedAt ? ` on ${formatDate(panel.finalisedAt)}` : '';
  return `This panel was finalised${by}${on} and is read-only: markings, order, flags and notes can no longer be changed.`;
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

/** True (and says why) when the panel cannot be changed. */
export function refuseIfReadOnly(): boolean {
  const { panel, refuse } = usePanelStore.getState();
  if (panel?.status !== 'finalised') return false;
  refuse(readOnlyMessage(panel));
  return true;
}

/** "3rd" for 3. */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** Where `staffId` now stands in their box, counting everyone in it: "3rd of 17". */
function placeInBox(staffId: string): string | null {
  const { order, peopleById } = usePanelStore.getState();
  const box = peopleById[staffId]?.moderatedMarking;
  if (!box) return null;
  const inBox = order.filter((id) => peopleById[id]?.eligible && peopleById[id]?.moderatedMarking === box);
  const index = inBox.indexOf(staffId);
  return index === -1 ? null : `${ordinal(index + 1)} of ${inBox.length} in ${box}`;
}

/**
 * After a move: the card brought into view and lit up, and the screen saying where it went — at the place it
 * was dropped (kept as a manual rank, `afterStaffId`), or at its job-weight place (Annex D 3.a.iii).
 */
async function settleMove(staffId: string, afterStaffId: string | null | undefined): Promise<void> {
  const store = usePanelStore.getState();
  let manual = false;
  if (afterStaffId !== undefined) {
    // The move was what happened; the place is part of it, so the move's words stay in the live region.
    const said = store.announcement;
    const reordered = await store.reorder(staffId, afterStaffId);
    manual = reordered.ok;
    if (manual) usePanelStore.getState().announce(said);
  }
  const person = usePanelStore.getState().peopleById[staffId];
  const place = placeInBox(staffId);
  useGridUi.getState().highlightCard(staffId);
  if (!person || !place) return;
  const how = manual ? 'where you dropped them, kept as a manual rank' : 'by job weight (Annex D 3.a.iii)';
  usePanelStore.getState().notify(`${person.name} moved to ${person.moderatedMarking}: placed ${how}, ${place}.`, null, false);
}

/**
 * Starts a move to `to`; resolves once it is done, refused, or waiting in the reason dialog. `afterStaffId`
 * is where it was dropped between two cards (null = first); undefined places it by job weight.
 */
export async function requestMove(staffId: string, to: BoxMarking, afterStaffId?: string | null): Promise<void> {
  const store = usePanelStore.getState();
  const person = store.peopleById[staffId];
  if (!person || refuseIfReadOnly()) return;
  if (person.moderatedMarking === to) return;
  const check = checkMove(person, to);
  const stays = person.moderatedMarking ? `stays in ${person.moderatedMarking}` : 'stays where they are';
  if (!check.allowed) {
    store.refuse(`Not moved: ${check.reason}. ${person.name} ${stays}.`);
    return;
  }
  if (check.needsReason || check.needsAcknowledgement) {
    useGridUi.getState().setPending({
      staffId,
      to,
      needsReason: check.needsReason,
      acknowledgement: check.needsAcknowledgement,
      ...(afterStaffId !== undefined ? { afterStaffId } : {}),
    });
    return;
  }
  const result = await store.move(staffId, to);
  if (!result.ok) return;
  useGridUi.getState().requestFocus(staffId);
  await settleMove(staffId, afterStaffId);
}

/**
 * Sends the move waiting in the dialog, with the corporate contribution the panel saw when there is one
 * (para 34). Returns the host's refusal, if any, for the dialog to show.
 */
export async function confirmPendingMove(reason: string, acknowledged: boolean, contribution = ''): Promise<string | null> {
  const pending = useGridUi.getState().pending;
  if (!pending) return null;
  const evidence = pending.acknowledgement ? contribution.trim() : '';
  const result = await usePanelStore
    .getState()
    .move(
      pending.staffId,
      pending.to,
      pending.needsReason ? reason : undefined,
      pending.acknowledgement && evidence === '' ? acknowledged : undefined,
      evidence === '' ? undefined : evidence,
    );
  if (!result.ok) {
    // A rule refusal is final, as is a move on a person changed elsewhere meanwhile (the grid reloads to show
    // where they are now): close the dialog so the banner explains. Anything else stays for another try.
    if (result.error.code === 'rule' || result.error.code === 'finalised' || result.error.code === 'changed_elsewhere') {
      useGridUi.getState().setPending(null);
      return null;
    }
    // Shown inside the dialog, where the chair is looking; the banner would only repeat it.
    usePanelStore.getState().clearError();
    return result.error.message;
  }
  useGridUi.getState().setPending(null);
  useGridUi.getState().requestFocus(pending.staffId);
  await settleMove(pending.staffId, pending.afterStaffId);
  return null;
}

export function cancelPendingMove(): void {
  const { pending, setPending, requestFocus } = useGridUi.getState();
  if (!pending) return;
  const person = usePanelStore.getState().peopleById[pending.staffId];
  setPending(null);
  requestFocus(pending.staffId);
  if (person) usePanelStore.getState().announce(`Move cancelled: ${person.name} stays in ${person.moderatedMarking ?? 'the list of people not marked'}.`);
}

export async function requestReorder(staffId: string, afterStaffId: string | null): Promise<void> {
  if (refuseIfReadOnly()) return;
  const result = await usePanelStore.getState().reorder(staffId, afterStaffId);
  if (!result.ok) return;
  useGridUi.getState().requestFocus(staffId);
  useGridUi.getState().highlightCard(staffId);
}
