// The contract entries for roles the service enforces (issue 9): which roles have a PIN on this panel,
// switching role in the window (audited; a PIN where the role has one), HR setting a role's PIN, and the
// room's copy of the breakdowns that HR shares at checkpoints. Merged into shared/contract.ts.

import { z } from 'zod';
import type { Role } from './domain';
import { PERSON_ROLES } from './roles';

/** The two schemas the main contract defines, passed in so this file does not import it (no cycle). */
export function rolesRequestSchemas<A extends z.ZodTypeAny>(actorSchema: A) {
  const person = z.object({ name: z.string().trim().min(1, 'Give your name: every change is recorded under it').max(200), role: z.enum(PERSON_ROLES) });
  return {
    /** Which roles have a PIN here, and which role this window has unlocked. */
    roleAccess: z.object({}),
    /** The person changes who they are; a role with a PIN needs it. Recorded in the history either way. */
    switchRole: z.object({ from: z.object({ name: z.string().max(200), role: z.enum(PERSON_ROLES) }), to: person, pin: z.string().max(64).optional() }),
    /** HR sets a role's PIN for this panel, or removes it (null). */
    setRolePin: z.object({ actor: actorSchema, role: z.enum(PERSON_ROLES), pin: z.string().max(64).nullable() }),
    /** When HR last shared the breakdowns with the room, and how many people have changed since. */
    roomCopyState: z.object({ actor: actorSchema }),
    /** HR shares the panel as it is now with the room (refused while too few people have changed). */
    shareBreakdowns: z.object({ actor: actorSchema }),
  };
}

export interface RoleAccessView {
  pinned: Role[];
  current: Role | null;
}

export interface RoomCopyState {
  /** When HR last shared the breakdowns with the room; null: never, so the room sees the panel as imported. */
  sharedAt: string | null;
  sharedBy: string | null;
  /** People whose figures differ from the room's copy now. */
  changedSince: number;
  /** The panel's small-number threshold: HR can share again once this many have changed. */
  threshold: number;
  canShare: boolean;
  /** Eligible people left out of every figure the room sees (no marking at one of the stages held). */
  leftOut: number;
}

/** What the Breakdowns view says about the room's copy its figures come from (no counting of changes). */
export type RoomCopyInfo = Pick<RoomCopyState, 'sharedAt' | 'sharedBy' | 'threshold' | 'leftOut'>;

export interface RolesResponses {
  roleAccess: RoleAccessView;
  switchRole: RoleAccessView;
  setRolePin: RoleAccessView;
  roomCopyState: RoomCopyState;
  shareBreakdowns: RoomCopyState;
}
