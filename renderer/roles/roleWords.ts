// Plain words in the history for the events of roles the service enforces (issue 9): a refusal, a change
// of role, a role's PIN set or removed, the breakdowns shared with the room.

import { isRecord } from '../../shared/auditWords';
import { OPERATIONS, ROLE_LABELS, type Operation } from '../../shared/roles';
import type { Role } from '../../shared/domain';

export type RoleEventAction = 'refused' | 'role_switch' | 'role_pin' | 'share_breakdowns';

const roleWord = (role: unknown) => ROLE_LABELS[role as Role] ?? String(role);

export function describeRoleEvent(action: RoleEventAction, before: unknown, after: unknown): string[] {
  const a = isRecord(after) ? after : {};
  switch (action) {
    case 'refused': {
      const operation = String(a.operation ?? '');
      const what = operation in OPERATIONS ? OPERATIONS[operation as Operation].words : operation === 'switch_role' ? 'switch role' : 'see this';
      const who = Array.isArray(a.mayBy) ? ` (only ${a.mayBy.map(roleWord).join(' or ')})` : '';
      const why = a.code === 'pin_required' ? ' without the role’s PIN' : '';
      return [`Tried to ${what}${why}${who}${typeof a.staffId === 'string' ? ` for ${a.staffId}` : ''}`];
    }
    case 'role_switch': {
      const b = isRecord(before) ? before : {};
      return [`${String(b.name ?? '')} (${roleWord(b.role)}) → ${String(a.name ?? '')} (${roleWord(a.role)})${a.withPin === true ? ', with the PIN' : ''}`];
    }
    case 'role_pin':
      return [`${roleWord(a.role)}: PIN ${a.pin === true ? 'set' : 'removed'}`];
    case 'share_breakdowns':
      return [`The room’s breakdowns now show the panel as it was then (${String(a.changed ?? '?')} people changed since the last share)`];
  }
}
