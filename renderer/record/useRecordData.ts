// Everything the panel record prints, fetched together and kept live: the moves with their undo/redo
// state, and the shared (suppressed) breakdown of every characteristic, asked for as the chair so the
// record can be handed to anyone.

import type { ApiResponses, Result } from '../../shared/contract';
import type { AuditEvent, BoxMarking } from '../../shared/domain';
import { api } from '../api';
import { useLiveResult } from '../fairness/live';
import { usePanelStore } from '../store';

export type Report = ApiResponses['breakdown'];

export interface RecordedMove {
  event: AuditEvent;
  from: BoxMarking | null;
  to: BoxMarking | null;
  /** Undone later (and not redone): no longer in effect. */
  undone: boolean;
}

function markingIn(state: unknown): BoxMarking | null {
  if (typeof state !== 'object' || state === null) return null;
  const person = (state as { person?: { moderated_marking?: unknown } }).person;
  const marking = person?.moderated_marking;
  return typeof marking === 'string' ? (marking as BoxMarking) : null;
}

async function movesWithState(): Promise<Result<RecordedMove[]>> {
  const [moves, undos, redos] = await Promise.all([
    api.audit({ action: 'move' }),
    api.audit({ action: 'undo' }),
    api.audit({ action: 'redo' }),
  ]);
  if (!moves.ok) return moves;
  if (!undos.ok) return undos;
  if (!redos.ok) return redos;
  // The last undo or redo that refers to a move decides whether it is in effect.
  const last = new Map<number, { id: number; action: 'undo' | 'redo' }>();
  for (const event of [...undos.value, ...redos.value]) {
    if (event.refersTo === null) continue;
    const seen = last.get(event.refersTo);
    if (!seen || seen.id < event.id) last.set(event.refersTo, { id: event.id, action: event.action as 'undo' | 'redo' });
  }
  return {
    ok: true,
    value: [...moves.value]
      .sort((a, b) => a.id - b.id)
      .map((event) => ({ event, from: markingIn(event.before), to: markingIn(event.after), undone: last.get(event.id)?.action === 'undo' })),
  };
}

async function allBreakdowns(name: string): Promise<Result<Report[]>> {
  // The chair's copy: suppressed, whoever is printing.
  const actor = { name, role: 'chair' as const };
  const probe = await api.breakdown({ actor, characteristic: 'grade', stage: 'moderated' });
  if (!probe.ok) return probe;
  const results = await Promise.all(
    probe.value.characteristics.map((characteristic) =>
      characteristic === 'grade' ? Promise.resolve(probe) : api.breakdown({ actor, characteristic, stage: 'moderated' }),
    ),
  );
  const failed = results.find((r) => !r.ok);
  if (failed && !failed.ok) return failed;
  return { ok: true, value: results.flatMap((r) => (r.ok ? [r.value] : [])) };
}

export function useRecordData() {
  const name = usePanelStore((s) => s.actor.name);
  const moves = useLiveResult('record-moves', movesWithState);
  const breakdowns = useLiveResult(`record-breakdowns:${name}`, () => allBreakdowns(name));
  return { moves, breakdowns };
}
