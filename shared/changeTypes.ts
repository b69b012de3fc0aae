// A list of changes applied as one batch (`modpanel apply`, Import ▸ Apply a list of changes): the file's
// columns and actions, and the summary every host shows. Pure types; the reading and applying is in db/.

import type { ImportIssue } from './importTypes';

/** The columns of a changes file, in template order; staff_id and action are required. */
export const CHANGE_COLUMNS = ['staff_id', 'action', 'value', 'reason', 'text'] as const;
export type ChangeColumn = (typeof CHANGE_COLUMNS)[number];

export const CHANGE_ACTIONS = ['move', 'reorder', 'flag', 'unflag', 'finance', 'note'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** What a batch did (or, previewed, would do). Nothing is written unless `applied`. */
export interface ChangesSummary {
  file: string;
  format: 'csv' | 'xlsx';
  /** Change rows read from the file (blank rows are skipped). */
  rows: number;
  applied: boolean;
  /** Rows per action. */
  byAction: Record<ChangeAction, number>;
  /** Rows that changed the panel, each with one audit event. */
  changed: number;
  /** Rows that asked for what was already so (a move to the box someone is in): no event. */
  unchanged: number;
  /** Different people the file names. */
  people: number;
  /** Audit events the batch wrote (equal to `changed`), and the first and last of their ids once applied. */
  auditEvents: number;
  firstEventId: number | null;
  lastEventId: number | null;
  /** Any error refuses the whole file; warnings do not. */
  errors: ImportIssue[];
  warnings: ImportIssue[];
}
