// The words the panel uses for its history, shared by the window (History, the person panel) and the
// files that leave the app (the XLSX Changes sheet): what each action is called, each role, each stored
// field, what changed (before → after), and a moment in local time with its zone.

import {
  ELIGIBILITY_LABELS,
  HIGH_PERFORMING_AWARD_LABELS,
  type AuditAction,
  type EligibilityStatus,
  type HighPerformingAwardSetting,
  type Role,
} from './domain';
import { performanceYearLabel } from './performanceYear';

export const ACTION_LABELS: Record<AuditAction, string> = {
  create_panel: 'Panel created',
  import: 'Import',
  update_person: 'Details updated',
  remove_person: 'Person removed',
  move: 'Move',
  reorder: 'Reorder',
  flag: 'Flag added',
  unflag: 'Flag removed',
  finance: 'Finance annotation',
  note: 'Note',
  undo: 'Undo',
  redo: 'Redo',
  finalise: 'Finalised',
  discussion_start: 'Discussion started',
  discussion_end: 'Discussion ended',
  settings: 'Panel settings changed',
  contribution: 'Corporate contribution recorded',
  attendance: 'Attendance recorded',
  step_out: 'Panel member stepped out',
  previous_markings: 'Previous years’ markings imported',
  contribution_sheet: 'Contributor’s workbook written',
  finance_workbook: 'Finance partner’s workbook taken back',
  member_preview: 'Panel member’s preview recorded',
  merge: 'Unit panels merged',
  chain_start: 'History sealed',
  rekey: 'Passphrase changed',
  refused: 'Refused',
  role_switch: 'Role changed',
  role_pin: 'Role PIN changed',
  share_breakdowns: 'Breakdowns shared with the room',
};

export const ROLE_LABELS: Record<Role, string> = {
  chair: 'Chair',
  member: 'Panel member',
  finance: 'Finance partner',
  hr: 'HR',
  observer: 'Observer',
  system: 'System',
};

/** Field names as stored (snake case) in the words the panel uses. */
export const FIELD_LABELS: Record<string, string> = {
  moderated_marking: 'Moderated marking',
  change_reason: 'Reason',
  finance_objective: 'Finance objective',
  finance_note: 'Resource management note',
  provisional_marking: 'Provisional marking',
  q1_marking: 'Q1 marking',
  q2_marking: 'Q2 marking',
  q3_marking: 'Q3 marking',
  mid_year_marking: 'Mid-year marking',
  job_weight: 'Job weight',
  job_title: 'Job title',
  business_unit: 'Business unit',
  line_manager: 'Line manager',
  cs_start_date: 'Civil Service start date',
  poor_performance_measures: 'Poor performance measures',
  corporate_contribution: 'Corporate contribution (HR’s file)',
  corporate_contribution_evidence: 'Corporate contribution seen by the panel',
  eligibility: 'Eligibility',
  joined_department_date: 'Joined the department',
  left_date: 'Left the Civil Service',
  grade_for_year: 'Grade for the year',
  in_year_payments: 'In-year payments',
  end_year_payment: 'End-year payment',
  previous_marking_1: 'Last year’s marking',
  previous_marking_2: 'Marking the year before',
  countersigning_officer: 'Countersigning officer',
  name: 'Name',
  grade: 'Grade',
  suppressionThreshold: 'Small-number threshold',
  notComparedGroups: 'Groups not compared',
  highPerformingAward: 'High Performing receives end-year awards',
  performanceYear: 'Performance year',
  eligibilityCutoff: 'Eligibility cut-off',
};

/** Bookkeeping fields; characteristics (special category data) are only ever said to have changed. */
const HIDDEN_FIELDS = new Set(['sort_key', 'manual_order', 'default_rank', 'id']);
const YES_NO_FIELDS = new Set(['poor_performance_measures', 'corporate_contribution', 'end_year_payment']);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stored value in words: yes/no, eligibility and settings by their labels, a blank marking as "not marked". */
export function showField(field: string, value: unknown): string {
  if (YES_NO_FIELDS.has(field)) return value === 1 || value === true ? 'yes' : 'no';
  if (field === 'eligibility' && typeof value === 'string' && value in ELIGIBILITY_LABELS) return ELIGIBILITY_LABELS[value as EligibilityStatus];
  if (field === 'highPerformingAward' && typeof value === 'string' && value in HIGH_PERFORMING_AWARD_LABELS) {
    return HIGH_PERFORMING_AWARD_LABELS[value as HighPerformingAwardSetting];
  }
  if (field === 'performanceYear' && typeof value === 'number') return performanceYearLabel(value);
  if (Array.isArray(value)) return value.length ? value.join('; ') : '(none)';
  if (value === null || value === undefined || value === '') return field.endsWith('marking') ? 'not marked' : '(blank)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "Moderated marking: Achieving → High Performing" for every field that differs. */
export function describeFieldChanges(before: unknown, after: unknown, skip: readonly string[] = []): string[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((f) => !HIDDEN_FIELDS.has(f) && !skip.includes(f));
  const lines: string[] = [];
  for (const field of fields) {
    if (b[field] === a[field]) continue;
    if (field === 'characteristics') {
      lines.push('Diversity data updated');
      continue;
    }
    const label = fieldLabel(field);
    lines.push(`${label}: ${showField(field, b[field])} → ${showField(field, a[field])}`);
  }
  return lines;
}

/** A stored field's name in words ("moderated_marking" → "Moderated marking"). */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/_/g, ' ');
}

/**
 * "2 Dec 2026 14:05 GMT": day, short month, year, 24-hour time and the zone as the clock's own zone names
 * it (GMT or BST in the UK, UTC, or an offset such as GMT+1), so a time read on paper says which clock it
 * is on. `timeZone` defaults to the machine's (the window's, or the command line's). An unreadable time
 * is returned as it came.
 */
export function formatLocalTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    ...(timeZone !== undefined ? { timeZone } : {}),
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}
