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

/** Starts a move to `to`; resolves once it is done, refused, or waiting in the reason dialog. */
export async function requestMove(staffId: string, to: BoxMarking): Promise<void> {
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
    useGridUi.getState().setPending({ staffId, to, needsReason: check.needsReason, acknowledgement: check.needsAcknowledgement });
    return;
  }
  const result = await store.move(staffId, to);
  if (result.ok) useGridUi.getState().requestFocus(staffId);
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
    // A rule refusal is final; close the dialog so the banner explains. Anything else stays for another try.
    if (result.error.code === 'rule' || result.error.code === 'finalised') {
      useGridUi.getState().setPending(null);
      return null;
    }
    // Shown inside the dialog, where the chair is looking; the banner would only repeat it.
    usePanelStore.getState().clearError();
    return result.error.message;
  }
  useGridUi.getState().setPending(null);
  useGridUi.getState().requestFocus(pending.staffId);
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
  if (result.ok) useGridUi.getState().requestFocus(staffId);
}
