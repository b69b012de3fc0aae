// Applies a list of changes (db/changesFile.ts) to a panel as one batch: every change goes through the
// moderation service, so the rules and checks are those of a single move or flag, and each writes its own
// audit event. The batch is one transaction: with any problem in the file, nothing is written.

import { CHANGE_ACTIONS, type ChangeAction, type ChangesSummary } from '../shared/changeTypes';
import type { Actor } from '../shared/domain';
import type { ImportIssue } from '../shared/importTypes';
import { ModerationError, type ModerationErrorCode } from './errors';
import type { PlannedChange, ParsedChanges } from './changesFile';
import type { ModerationService } from './service';

export { readChangesBuffer, readChangesFile, type ParsedChanges, type PlannedChange } from './changesFile';

/** Thrown inside the batch's transaction to roll it back once every change has been tried. */
class RollBack extends Error {}

/** Which column a refusal points at, and how it reads as what the file should have said. */
const REFUSALS: Partial<Record<ModerationErrorCode, { column: 'staff_id' | 'value' | 'reason' | 'text'; expected: string }>> = {
  not_found: { column: 'staff_id', expected: 'someone in this panel' },
  rule: { column: 'value', expected: "a change the panel's rules allow" },
  reason_required: { column: 'reason', expected: 'a reason for the change' },
  acknowledgement_required: { column: 'text', expected: '"acknowledge" in text' },
  invalid: { column: 'value', expected: 'a change that can be made' },
};

function refusalIssue(file: string, change: PlannedChange, error: ModerationError): ImportIssue {
  const refusal = REFUSALS[error.code] ?? { column: 'value' as const, expected: 'a change that can be made' };
  // A missing reorder anchor is the value's fault, not the staff id's; an empty note is the text's.
  let column: ImportIssue['column'] = refusal.column;
  if (error.code === 'not_found' && change.action === 'reorder' && !error.message.includes(change.staffId)) column = 'value';
  if (error.code === 'invalid' && change.action === 'note') column = 'text';
  const value =
    column === 'staff_id' ? change.staffId : column === 'reason' ? (change.action === 'move' ? change.reason : '') : column === 'text' ? textOf(change) : valueOf(change);
  return { file, row: change.row, column, value, expected: `${refusal.expected}: ${error.message}` };
}

function valueOf(change: PlannedChange): string {
  switch (change.action) {
    case 'move':
      return change.to;
    case 'reorder':
      return change.afterStaffId ?? 'top';
    case 'flag':
    case 'unflag':
      return change.kind;
    case 'finance':
      return change.objective;
    case 'note':
      return '';
  }
}

function textOf(change: PlannedChange): string {
  if (change.action === 'flag' || change.action === 'note') return change.text;
  if (change.action === 'finance') return change.note;
  if (change.action === 'move') return change.acknowledge ? 'acknowledge' : '';
  return '';
}

/** One change, through the same service method a single command or the window would call. */
function applyOne(service: ModerationService, change: PlannedChange, actor: Actor): void {
  switch (change.action) {
    case 'move':
      service.move(
        {
          staffId: change.staffId,
          to: change.to,
          ...(change.reason ? { reason: change.reason } : {}),
          acknowledgeNoCorporateContribution: change.acknowledge,
        },
        actor,
      );
      return;
    case 'reorder':
      service.reorder({ staffId: change.staffId, afterStaffId: change.afterStaffId }, actor);
      return;
    case 'flag':
      service.flag(change.staffId, change.kind, change.text, actor);
      return;
    case 'unflag':
      service.unflag(change.staffId, change.kind, actor);
      return;
    case 'finance':
      service.setFinance(change.staffId, change.objective, change.note, actor);
      return;
    case 'note':
      service.addNote(change.staffId, change.text, actor);
      return;
  }
}

/**
 * The service keeps the panel's people in memory between its own changes and drops them when one of its
 * writes fails. A batch rolled back after changes that each succeeded leaves that copy ahead of the file,
 * so it is dropped here as the service would. (ModerationService has no public way to ask for this yet.)
 */
function forgetCachedPeople(service: ModerationService): void {
  (service as unknown as { peopleCache: unknown }).peopleCache = null;
}

export interface BatchOptions {
  /** Write the changes when the file has no problems; otherwise (a preview) roll everything back. */
  apply: boolean;
}

/**
 * Tries every change in the file in one transaction and reports each one the panel refuses, with its row.
 * Commits only when `apply` is set and there is no problem at all; otherwise the panel is left untouched.
 */
export function runChanges(service: ModerationService, parsed: ParsedChanges, actor: Actor, options: BatchOptions): ChangesSummary {
  const byAction = Object.fromEntries(CHANGE_ACTIONS.map((action) => [action, 0])) as Record<ChangeAction, number>;
  for (const change of parsed.changes) byAction[change.action] += 1;
  const summary: ChangesSummary = {
    file: parsed.file,
    format: parsed.format,
    rows: parsed.rows,
    applied: false,
    byAction,
    changed: 0,
    unchanged: 0,
    people: new Set(parsed.changes.map((c) => c.staffId)).size,
    auditEvents: 0,
    firstEventId: null,
    lastEventId: null,
    errors: [...parsed.errors],
    warnings: parsed.warnings,
  };
  const panel = service.panel();
  if (panel.status === 'finalised') {
    summary.errors.unshift({
      file: parsed.file,
      row: null,
      column: null,
      value: null,
      expected: `an open panel: this one was finalised by ${panel.finalisedBy ?? 'the chair'} on ${panel.finalisedAt?.slice(0, 10) ?? ''} and can no longer be changed`,
    });
    return summary;
  }

  const lastEvent = service.db.prepare<[], { id: number }>('SELECT coalesce(max(id), 0) AS id FROM audit');
  const lastEventId = () => lastEvent.get()!.id;
  const before = lastEventId();
  try {
    service.db
      .transaction(() => {
        for (const change of parsed.changes) {
          const previous = lastEventId();
          try {
            // Each service call is a savepoint inside this transaction: a refused change leaves no trace.
            applyOne(service, change, actor);
          } catch (error) {
            if (!(error instanceof ModerationError)) throw error;
            summary.errors.push(refusalIssue(parsed.file, change, error));
            continue;
          }
          if (lastEventId() > previous) summary.changed += 1;
          else summary.unchanged += 1;
        }
        const after = lastEventId();
        summary.auditEvents = after - before;
        if (!options.apply || summary.errors.length > 0) throw new RollBack();
        summary.firstEventId = after > before ? before + 1 : null;
        summary.lastEventId = after > before ? after : null;
      })
      .immediate();
    summary.applied = true;
  } catch (error) {
    forgetCachedPeople(service);
    if (!(error instanceof RollBack)) throw error;
  }
  summary.errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return summary;
}
