// Plain words for audit events: what each action means and what changed (before → after), so the
// history reads as a record a person can follow, not as stored JSON.

import { FLAG_LABELS, type AuditEvent, type FlagKind } from '../../shared/domain';
import { ACTION_LABELS, describeFieldChanges, isRecord } from '../../shared/auditWords';
import { describeContributionEvent } from './contributionWords';
import { describeMergeEvent } from '../department/mergeWords';
import { describeRoleEvent } from '../roles/roleWords';

// The labels and field words live in shared/ so that the exported Changes sheet says the same.
export { ACTION_LABELS, ROLE_LABELS, describeFieldChanges } from '../../shared/auditWords';

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
    case 'attendance':
    case 'step_out':
    case 'previous_markings':
      return describeCycleEvent(action, before, after);
    case 'contribution_sheet':
    case 'finance_workbook':
    case 'member_preview':
      return describeContributionEvent(action, after);
    case 'merge':
      return describeMergeEvent(after);
    case 'chain_start': {
      const legacy = isRecord(after) && typeof after.legacyEvents === 'number' ? after.legacyEvents : 0;
      return [`From here on every event carries the hash of the one before; the ${legacy} earlier ${legacy === 1 ? 'event is' : 'events are'} sealed as they stood`];
    }
    case 'rekey':
      return [isRecord(after) && after.encrypted === false ? 'Encryption removed: the panel file is no longer encrypted' : 'The panel file’s passphrase was changed'];
    case 'refused':
    case 'role_switch':
    case 'role_pin':
    case 'share_breakdowns':
      return describeRoleEvent(action, before, after);
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

/** Who was in the room, a member stepping out, last year's markings (issue 8), in plain words. */
function describeCycleEvent(action: 'attendance' | 'step_out' | 'previous_markings', before: unknown, after: unknown): string[] {
  if (action === 'attendance') {
    const list = (state: unknown) =>
      isRecord(state) && Array.isArray(state.attendees) ? state.attendees.filter(isRecord).map((a) => `${String(a.name)} (${String(a.role)})`) : [];
    const was = list(before);
    const now = list(after);
    const added = now.filter((a) => !was.includes(a));
    const removed = was.filter((a) => !now.includes(a));
    const lines = [...added.map((a) => `Attended: ${a}`), ...removed.map((a) => `No longer listed: ${a}`)];
    return lines.length ? lines : ['No change'];
  }
  if (action === 'step_out') {
    if (!isRecord(after)) return ['Step-out recorded'];
    return [`${String(after.member)} (${String(after.relation)}) ${after.steppedOut === true ? 'stepped out' : 'stayed in the room'} during the discussion`];
  }
  if (!isRecord(after)) return ['Previous years’ markings imported'];
  const column = Object.keys(after).find((k) => k.startsWith('previous_marking_'));
  const changed = column && isRecord(after[column]) ? Object.keys(after[column] as Record<string, unknown>).length : 0;
  return [`${String(after.file ?? 'A file')}: ${String(after.year ?? 'last year')}’s marking set for ${changed} ${changed === 1 ? 'person' : 'people'}`];
}

