// `modpanel share` and `modpanel pin`: HR shares the breakdowns with the room at a checkpoint, and sets or
// removes a role's PIN (issue 9). Both go through the API layer like every other command (cli/viaApi.ts).

import { askHidden } from './passphrase';
import { viaApi } from './viaApi';
import type { ModerationService } from '../db/service';
import type { Role } from '../shared/domain';
import { PERSON_ROLES, ROLE_LABELS, type PersonRole } from '../shared/roles';
import type { RoomCopyState } from '../shared/rolesContract';
import { ModerationError } from '../db/errors';

export const ROLES_HELP = `  share <panel> --actor "Name" [--role hr]
                                    HR shares the breakdowns as they are now with the room. Everyone but
                                    HR sees figures by group only as last shared (the panel as imported
                                    until then); refused until at least the small-number threshold of
                                    people have changed since, so no comparison singles anyone out.
                                    Without --actor: when they were last shared and how many changed since.
  pin <panel> --for chair|member|finance|hr [--remove] --actor "Name" [--role hr]
                                    HR sets (or removes) a role's PIN on this panel, so the role is not
                                    taken casually on a shared laptop. The new PIN comes from
                                    MODPANEL_NEW_PIN, or is asked for on a terminal. A command acting in a
                                    role with a PIN needs it in MODPANEL_PIN, or is refused.`;

interface Io {
  out(text: string): void;
  err(text: string): void;
}

interface RoleValues {
  actor?: string | undefined;
  role?: string | undefined;
  for?: string | undefined;
  remove?: boolean | undefined;
  json?: boolean | undefined;
}

function hrActor(values: RoleValues): { name: string; role: Role } {
  return { name: values.actor ?? '', role: (values.role ?? 'hr') as Role };
}

export function describeRoomCopy(state: RoomCopyState): string {
  const when = state.sharedAt ? `last shared by ${state.sharedBy} at ${state.sharedAt.slice(0, 16).replace('T', ' ')}` : 'not yet shared: the room sees the panel as imported';
  const left = state.leftOut > 0 ? ` ${state.leftOut} eligible ${state.leftOut === 1 ? 'person is' : 'people are'} in HR’s figures only (no marking at every stage the panel holds).` : '';
  return `Breakdowns for the room: ${when}. ${state.changedSince} ${state.changedSince === 1 ? 'person has' : 'people have'} changed since; they can be shared again once at least ${state.threshold} have.${left}`;
}

export async function shareCommand(service: ModerationService, values: RoleValues, io: Io): Promise<number> {
  const actor = hrActor(values);
  if (!values.actor) {
    const state = await viaApi(service, 'roomCopyState', { actor: { name: 'modpanel', role: 'observer' } });
    io.out(values.json ? JSON.stringify(state, null, 2) : describeRoomCopy(state));
    return 0;
  }
  const state = await viaApi(service, 'shareBreakdowns', { actor });
  io.out(values.json ? JSON.stringify(state, null, 2) : `Shared with the room. ${describeRoomCopy(state)}`);
  return 0;
}

export async function pinCommand(service: ModerationService, values: RoleValues, io: Io): Promise<number> {
  const role = values.for as PersonRole | undefined;
  if (!role || !(PERSON_ROLES as readonly string[]).includes(role)) {
    const state = await viaApi(service, 'roleAccess', {});
    const text = state.pinned.length ? `Roles with a PIN on this panel: ${state.pinned.map((r) => ROLE_LABELS[r]).join(', ')}.` : 'No role has a PIN on this panel.';
    if (values.for !== undefined) throw new ModerationError('invalid', `--for must be one of chair, member, finance, hr (got "${values.for}")`);
    io.out(values.json ? JSON.stringify(state, null, 2) : text);
    return 0;
  }
  let pin: string | null = null;
  if (!values.remove) {
    pin = process.env.MODPANEL_NEW_PIN ?? (await askHidden(`New PIN for ${ROLE_LABELS[role]}: `));
    if (pin === null) throw new ModerationError('invalid', 'Give the new PIN in MODPANEL_NEW_PIN (a PIN on the command line would be visible to other users)');
  }
  const state = await viaApi(service, 'setRolePin', { actor: hrActor(values), role, pin });
  io.out(values.json ? JSON.stringify(state, null, 2) : `${ROLE_LABELS[role]}: PIN ${pin === null ? 'removed' : 'set'}. Roles with a PIN: ${state.pinned.map((r) => ROLE_LABELS[r]).join(', ') || 'none'}.`);
  return 0;
}
