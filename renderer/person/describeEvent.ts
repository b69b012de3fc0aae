// Plain words for one audit event in a person's trail: "Moved from Achieving to High Performing",
// "Flag set: Borderline up", "Undid: …". The stored before/after are the service's undoable states.

import { FLAG_LABELS, type AuditEvent, type FlagKind } from '../../shared/domain';

interface StateShape {
  person?: { moderated_marking?: string | null; finance_objective?: string; finance_note?: string; sort_key?: number };
  flag?: { kind: FlagKind; value: { text?: string } | null };
  note?: { deleted: boolean; text?: string };
}

function asState(value: unknown): StateShape {
  return value && typeof value === 'object' ? (value as StateShape) : {};
}

/** What changed between two states, in words. */
export function describeTransition(beforeRaw: unknown, afterRaw: unknown): string {
  const before = asState(beforeRaw);
  const after = asState(afterRaw);
  const parts: string[] = [];
  if (after.person && 'moderated_marking' in after.person) {
    const from = before.person?.moderated_marking ?? 'not marked';
    const to = after.person.moderated_marking ?? 'not marked';
    parts.push(from === to ? `Placed in ${to}` : `Moved from ${from} to ${to}`);
  } else if (after.person && 'finance_objective' in after.person) {
    const from = before.person?.finance_objective;
    const to = after.person.finance_objective;
    parts.push(from && from !== to ? `Finance objective ${from} → ${to}` : `Finance objective ${to}`);
    if (after.person.finance_note) parts.push(`finance note: “${after.person.finance_note}”`);
  } else if (after.person && 'sort_key' in after.person) {
    parts.push('Reordered within the box');
  }
  if (after.flag) {
    const label = FLAG_LABELS[after.flag.kind] ?? after.flag.kind;
    parts.push(after.flag.value ? `Flag set: ${label}${after.flag.value.text && after.flag.value.text !== label ? ` (${after.flag.value.text})` : ''}` : `Flag removed: ${label}`);
  }
  if (after.note) parts.push(after.note.deleted ? 'Note withdrawn' : `Note added${after.note.text ? `: “${after.note.text}”` : ''}`);
  return parts.join('; ');
}

const ACTION_WORDS: Partial<Record<AuditEvent['action'], string>> = {
  create_panel: 'Panel created',
  import: 'Imported',
  update_person: 'Updated by an import',
  remove_person: 'Removed by an import',
  finalise: 'Panel finalised',
  discussion_start: 'Discussion started',
  discussion_end: 'Discussion ended',
};

export function describeEvent(event: AuditEvent): string {
  const change = describeTransition(event.before, event.after);
  if (event.action === 'undo') return `Undone: ${change || 'an earlier change'}`;
  if (event.action === 'redo') return `Redone: ${change || 'an earlier change'}`;
  return change || ACTION_WORDS[event.action] || event.action.replace(/_/g, ' ');
}
