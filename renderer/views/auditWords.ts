// Plain words for audit events: what each action means and what changed (before → after), so the
// history reads as a record a person can follow, not as stored JSON.

import {
  ELIGIBILITY_LABELS,
  FLAG_LABELS,
  HIGH_PERFORMING_AWARD_LABELS,
  type AuditAction,
  type AuditEvent,
  type EligibilityStatus,
  type FlagKind,
  type HighPerformingAwardSetting,
  type Role,
} from '../../shared/domain';
import { performanceYearLabel } from '../../shared/performanceYear';

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
};

export const ROLE_LABELS: Record<Role, string> = {
  chair: 'Chair',
  member: 'Panel member',
  finance: 'Finance partner',
  hr: 'HR',
  system: 'System',
};

/** Field names as stored (snake case) in the words the panel uses. */
const FIELD_LABELS: Record<string, string> = {
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(field: string, value: unknown): string {
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
    const label = FIELD_LABELS[field] ?? field.replace(/_/g, ' ');
    lines.push(`${label}: ${show(field, b[field])} → ${show(field, a[field])}`);
  }
  return lines;
}

function flagWords(state: unknown): string | null {
  const flag = isRecord(state) && isRecord(state.flag) ? state.flag : null;
  if (!flag) return null;
  const kind = String(flag.kind) as FlagKind;
  const label = FLAG_LABELS[kind] ?? String(flag.kind);
  const value = isRecord(flag.value) ? flag.value : null;
  if (!value) return null;
  const text = typeof value.text === 'string' && value.text !== label ? `: ${value.text}` : '';
  return `${label}${text}`;
}

function personPatch(state: unknown): unknown {
  return isRecord(state) && isRecord(state.person) ? state.person : null;
}

function noteText(state: unknown): string | null {
  const note = isRecord(state) && isRecord(state.note) ? state.note : null;
  return note && typeof note.text === 'string' ? note.text : null;
}

/** What changed, in plain words: one or more short lines. */
export function describeChange(event: Pick<AuditEvent, 'action' | 'before' | 'after' | 'refersTo'>): string[] {
  const { action, before, after } = event;
  switch (action) {
    case 'move':
    case 'finance': {
      // A move's reason has its own column in the history.
      const lines = describeFieldChanges(personPatch(before), personPatch(after), action === 'move' ? ['change_reason'] : []);
      return lines.length ? lines : ['No change'];
    }
    case 'reorder':
      return ['Order changed within the box'];
    case 'flag':
      return [`Flag: ${flagWords(after) ?? 'added'}`];
    case 'unflag':
      return [`Flag removed: ${flagWords(before) ?? ''}`.trim()];
    case 'note':
      return [noteText(after) ?? 'Note added'];
    case 'undo':
    case 'redo': {
      const ref = event.refersTo !== null ? ` (event ${event.refersTo})` : '';
      const flag = flagWords(after) ?? (isRecord(after) && isRecord(after.flag) ? 'flag removed' : null);
      const note = isRecord(after) && isRecord(after.note) ? (after.note.deleted ? 'note hidden' : 'note restored') : null;
      const lines = describeFieldChanges(personPatch(before), personPatch(after));
      const detail = lines.length ? lines : [flag ? `Flag: ${flag}` : note ?? 'Restored the earlier state'];
      return [`${action === 'undo' ? 'Undid' : 'Redid'} a change${ref}`, ...detail];
    }
    case 'import': {
      if (!isRecord(after)) return ['Imported a file'];
      const n = (key: string) => (typeof after[key] === 'number' ? (after[key] as number) : 0);
      const lines = [
        `${String(after.file ?? 'A file')}: ${n('rows')} rows, ${n('added')} added, ${n('changed')} changed, ${n('removed')} removed` +
          (n('keptNotInFile') ? `, ${n('keptNotInFile')} not in the file kept` : '') +
          (n('ineligible') ? `, ${n('ineligible')} listed apart` : ''),
      ];
      if (after.assumedEligibleWithoutStartDate === true) lines.push('HR confirmed everyone without a readable start date as eligible');
      const conflicts = Array.isArray(after.conflicts) ? after.conflicts.filter(isRecord) : [];
      if (conflicts.length) {
        const taken = conflicts.filter((c) => c.kept === 'file').length;
        lines.push(`${conflicts.length} ${conflicts.length === 1 ? 'difference' : 'differences'} from the panel’s work: ${taken} took the file’s value, ${conflicts.length - taken} kept the panel’s`);
      }
      return lines;
    }
    case 'settings': {
      const lines = describeFieldChanges(before, after, ['eligibilityChanges']);
      const changes = isRecord(after) && Array.isArray(after.eligibilityChanges) ? after.eligibilityChanges.length : 0;
      if (changes) lines.push(`Eligibility re-decided for ${changes} ${changes === 1 ? 'person' : 'people'}`);
      return lines.length ? lines : ['No change'];
    }
    case 'contribution': {
      const lines = describeFieldChanges(personPatch(before), personPatch(after));
      return lines.length ? lines : ['No change'];
    }
    case 'update_person': {
      const lines = describeFieldChanges(before, after);
      return lines.length ? lines : ['Details updated'];
    }
    case 'remove_person':
      return ['Removed from the panel'];
    case 'finalise': {
      const by = isRecord(after) && typeof after.finalisedBy === 'string' ? after.finalisedBy : 'the chair';
      return [`Panel finalised by ${by}: read-only from now on`];
    }
    case 'create_panel':
      return ['Panel file created'];
    default: {
      const lines = describeFieldChanges(before, after);
      return lines.length ? lines : [ACTION_LABELS[action] ?? action];
    }
  }
}

/** "26 Nov 2025, 14:05" in the viewer's local time; the ISO time stays in the element's dateTime. */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
