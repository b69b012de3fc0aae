// The contract's role entries (shared/rolesContract.ts) over the service: which roles have a PIN, switching
// role (audited), HR setting a role's PIN, and the room's copy of the breakdowns HR shares at checkpoints.

import type { ApiParsedRequest } from '../shared/contract';
import type { RolesResponses } from '../shared/rolesContract';
import { roomCopyState } from './roomCopy';
import type { ModerationService } from './service';

type RoleName = keyof RolesResponses;
type RoleHandlers = { [K in RoleName]: (request: ApiParsedRequest<K>) => RolesResponses[K] };

export function roleHandlers(service: () => ModerationService): RoleHandlers {
  return {
    roleAccess: () => service().roleAccess(),
    switchRole: ({ from, to, pin }) => service().switchRole(from, to, pin),
    setRolePin: ({ actor, role, pin }) => service().setRolePin(actor, role, pin),
    roomCopyState: ({ actor }) => {
      service().verifyRole(actor);
      return roomCopyState(service());
    },
    shareBreakdowns: ({ actor }) => service().shareBreakdowns(actor),
  };
}
