// When a contributor's workbook is written: the panel as it stood (one read transaction, so the rows and
// the audit watermark agree), the event that records who wrote it for whom, and what the log says changed
// in the panel since.

import type { Actor, Panel, Person } from '../../shared/domain';
import type { ContributionSheetEvent } from '../../shared/contributions';
import type { ImportIssue } from '../../shared/importTypes';
import { ModerationError } from '../errors';
import type { ModerationService } from '../service';

export interface PanelSnapshot {
  panel: Panel;
  people: Person[];
  /** The last audit event id at the moment the rows were read. */
  watermark: number;
  writtenAt: string;
}

/** Contributions are for an open panel: once finalised, nothing they say can change it. */
export function refuseIfFinalised(panel: Panel, what: string): void {
  if (panel.status === 'finalised') {
    throw new ModerationError(
      'finalised',
      `The panel was finalised by ${panel.finalisedBy ?? 'the chair'} on ${panel.finalisedAt?.slice(0, 10) ?? ''}, so ${what} can no longer change it`,
    );
  }
}

/** refuseIfFinalised as a problem with `file`, for a summary that reports problems rather than throwing. */
export function finalisedIssue(panel: Panel, what: string, file: string): ImportIssue | null {
  try {
    refuseIfFinalised(panel, what);
    return null;
  } catch (error) {
    return { file, row: null, column: null, value: null, expected: `an open panel: ${(error as Error).message}` };
  }
}

export function snapshotForWorkbook(service: ModerationService, what: string): PanelSnapshot {
  return service.db.transaction(() => {
    const panel = service.panel();
    refuseIfFinalised(panel, what);
    const watermark = service.db.prepare<[], { id: number }>('SELECT coalesce(max(id), 0) AS id FROM audit').get()!.id;
    return { panel, people: service.people(), watermark, writtenAt: new Date().toISOString() };
  })();
}

/** The history says a workbook was written, by whom, for whom and for how many people. */
export function recordWorkbookWritten(service: ModerationService, actor: Actor, event: ContributionSheetEvent & { writtenAt: string; watermark: number }): number {
  return service.recordEvent('contribution_sheet', undefined, event, actor);
}

export interface LaterEdit {
  actor: string;
  at: string;
}

/**
 * The last change to each person's finance annotation logged after `watermark`: by the finance table or
 * command, an undo or redo of one, or a re-import that changed it.
 */
export function financeEditsSince(service: ModerationService, watermark: number): Map<string, LaterEdit> {
  const rows = service.db
    .prepare<[number], { staff_id: string; actor: string; at: string }>(
      `SELECT staff_id, actor, at FROM audit
        WHERE id > ? AND staff_id IS NOT NULL
          AND (action = 'finance'
               OR (action IN ('undo', 'redo', 'update_person') AND (after LIKE '%"finance_objective"%' OR after LIKE '%"finance_note"%')))
        ORDER BY id`,
    )
    .all(watermark);
  return new Map(rows.map((row) => [row.staff_id, { actor: row.actor, at: row.at }]));
}
