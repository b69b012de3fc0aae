// Roles the service enforces (issue 9): whether the person's role may do what they ask (shared/roles.ts),
// a PIN per role that HR may set so a role is not taken casually on a shared laptop, and the audit trail of
// both — every refusal and every change of role is an event. One RoleAccess per service: the role a
// window (or one modpanel command) has unlocked with its PIN belongs to that session only.

import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Actor, Role } from '../shared/domain';
import { OPERATIONS, PERSON_ROLES, ROLE_LABELS, may, pinProblem, refusalMessage, type Operation, type PersonRole } from '../shared/roles';
import type { PanelDatabase } from './connection';
import { ModerationError } from './errors';
import type { NewAuditEvent, PanelRepository } from './repository';

/** Roles that can carry a PIN: an observer only reads, so a PIN would protect nothing. */
export const PIN_ROLES = ['chair', 'member', 'finance', 'hr'] as const satisfies readonly PersonRole[];
export type PinRole = (typeof PIN_ROLES)[number];

/** scrypt's cost: about 16 MB and tens of milliseconds a check, so guessing a PIN is slow even with the file. */
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

interface PinRow {
  role: PinRole;
  salt: Buffer;
  hash: Buffer;
  params: string;
}

export interface RoleAccessState {
  /** Roles with a PIN on this panel. */
  pinned: Role[];
  /** The role this session unlocked with its PIN (or last switched to), if any. */
  current: Role | null;
}

function hashPin(pin: string, salt: Buffer, params: { N: number; r: number; p: number; keylen: number }): Buffer {
  return scryptSync(pin.normalize('NFC'), salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem: 64 * 1024 * 1024 });
}

const now = () => new Date().toISOString();

/** "the panel chair's role", "HR's role". */
function roleWords(role: Role): string {
  return role === 'hr' ? 'HR’s role' : `the ${ROLE_LABELS[role].toLowerCase()}’s role`;
}

export class RoleAccess {
  /** The pinned role this session has given the PIN for; switching role locks it again. */
  private unlocked: Role | null = null;
  /** Refusals made inside a transaction that will roll back: recorded once it has. */
  private readonly pending: { event: NewAuditEvent; at: string }[] = [];
  /** Every change asks: prepared once (a 10,000-change list asks 10,000 times). */
  private pinStatement: ReturnType<PanelDatabase['prepare']> | null = null;
  private pinTable = false;
  /** Reads are asked for over and over (a window polls): a refused one is recorded once per role here. */
  private readonly readRefusals = new Set<Role>();

  constructor(
    private readonly db: PanelDatabase,
    private readonly repo: PanelRepository,
    /** A PIN given up front (the command line's MODPANEL_PIN), tried for whichever role the command acts in. */
    private readonly givenPin: string | undefined,
  ) {}

  state(): RoleAccessState {
    return { pinned: this.pinnedRoles(), current: this.unlocked };
  }

  pinnedRoles(): Role[] {
    if (!this.hasPinTable()) return [];
    const rows = this.db.prepare<[], { role: Role }>('SELECT role FROM role_pin').all();
    const pinned = new Set(rows.map((r) => r.role));
    return PERSON_ROLES.filter((r) => pinned.has(r));
  }

  /**
   * Refuses, with an audit event, unless `actor.role` may do `operation` and has given its PIN (if it has one).
   * `detail` (a staff id, a file) goes into the event, so HR can see what was tried.
   */
  check(actor: Pick<Actor, 'name' | 'role'>, operation: Operation, detail: Record<string, unknown> = {}): void {
    if (!may(actor.role, operation)) this.refuse(actor, operation, 'not_permitted', refusalMessage(actor.role, operation), detail);
    this.checkPin(actor, operation, detail);
  }

  /** For what a role may see rather than do (HR's unsuppressed figures): the role's PIN, if it has one. */
  checkPin(actor: Pick<Actor, 'name' | 'role'>, operation: Operation | 'read' = 'read', detail: Record<string, unknown> = {}): void {
    const role = actor.role;
    if (this.unlocked === role || !(PIN_ROLES as readonly Role[]).includes(role)) return;
    const row = this.pinRow(role as PinRole);
    if (!row) return;
    if (this.givenPin !== undefined) {
      if (this.matches(row, this.givenPin)) {
        this.unlocked = role;
        return;
      }
      this.refuse(actor, operation, 'pin_required', `The PIN given for ${roleWords(role)} on this panel is not right.`, detail);
    }
    this.refuse(
      actor,
      operation,
      'pin_required',
      `${capitalised(roleWords(role))} on this panel has a PIN: switch to it with the PIN first (in the window, Change beside your name; on the command line, set MODPANEL_PIN).`,
      detail,
    );
  }

  /**
   * The person in this window now acts as `to` (recorded, whatever the role). A role with a PIN needs it;
   * a wrong or missing PIN is refused and recorded. Every other pinned role is locked again.
   */
  switchRole(from: Pick<Actor, 'name' | 'role'>, to: { name: string; role: PersonRole }, pin: string | undefined): RoleAccessState {
    const row = (PIN_ROLES as readonly Role[]).includes(to.role) ? this.pinRow(to.role as PinRole) : null;
    // Staying in the role this session already unlocked (a new name, say) needs no PIN again.
    if (row && this.unlocked !== to.role) {
      if (pin === undefined || pin === '') {
        this.refuse(to, 'switch_role', 'pin_required', `${capitalised(roleWords(to.role))} on this panel has a PIN: give it to switch.`, { from: from.role });
      }
      if (!this.matches(row, pin!)) this.refuse(to, 'switch_role', 'pin_required', `That PIN is not right for ${roleWords(to.role)} on this panel.`, { from: from.role });
    }
    this.unlocked = to.role;
    this.append(
      { actor: to.name, role: to.role, action: 'role_switch', before: { name: from.name, role: from.role }, after: { name: to.name, role: to.role, withPin: row !== null } },
      now(),
    );
    return this.state();
  }

  /** HR sets (or, with null, removes) the PIN of a role. Never stored or recorded as the PIN itself. */
  setPin(actor: Pick<Actor, 'name' | 'role'>, role: Role, pin: string | null): RoleAccessState {
    this.check(actor, 'role_pins', { role });
    if (!(PIN_ROLES as readonly Role[]).includes(role)) {
      throw new ModerationError('invalid', `Only the chair, member, finance and HR roles can have a PIN (an observer only reads)`);
    }
    if (pin !== null) {
      const problem = pinProblem(pin);
      if (problem) throw new ModerationError('invalid', problem);
    }
    const at = now();
    this.db
      .transaction(() => {
        const had = this.pinRow(role as PinRole) !== null;
        if (pin === null) this.db.prepare('DELETE FROM role_pin WHERE role = ?').run(role);
        else {
          const salt = randomBytes(16);
          this.db
            .prepare('INSERT OR REPLACE INTO role_pin (role, salt, hash, params, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?)')
            .run(role, salt, hashPin(pin, salt, SCRYPT), JSON.stringify(SCRYPT), at, actor.name);
        }
        this.repo.appendAudit(
          { actor: actor.name, role: actor.role, action: 'role_pin', before: { role, pin: had }, after: { role, pin: pin !== null } },
          at,
        );
      })
      .immediate();
    // Whoever sets their own role's PIN has just shown they hold it.
    if (pin !== null && role === actor.role) this.unlocked = role;
    return this.state();
  }

  /** Records the refusals held back while a transaction that has since rolled back was open. */
  flush(): void {
    if (this.db.inTransaction || this.pending.length === 0 || !this.db.open) return;
    const events = this.pending.splice(0);
    for (const { event, at } of events) this.append(event, at);
  }

  private refuse(actor: Pick<Actor, 'name' | 'role'>, operation: Operation | 'read' | 'switch_role', code: 'not_permitted' | 'pin_required', message: string, detail: Record<string, unknown>): never {
    const event: NewAuditEvent = {
      actor: actor.name.trim() || '(no name given)',
      role: actor.role,
      action: 'refused',
      after: { operation, code, ...(operation in OPERATIONS ? { mayBy: OPERATIONS[operation as Operation].roles } : {}), ...detail },
      reason: message,
    };
    if (operation === 'read' && this.readRefusals.has(actor.role)) throw new ModerationError(code, message);
    if (operation === 'read') this.readRefusals.add(actor.role);
    // Inside a transaction the event would roll back with the change it refused: it waits until after.
    if (this.db.inTransaction) this.pending.push({ event, at: now() });
    else this.append(event, now());
    throw new ModerationError(code, message);
  }

  /** Appends an event in a transaction of its own; a read-only or busy file still refuses, without the record. */
  private append(event: NewAuditEvent, at: string): void {
    try {
      this.db.transaction(() => this.repo.appendAudit(event, at)).immediate();
    } catch {
      // The refusal stands whether or not it could be written down.
    }
  }

  private matches(row: PinRow, pin: string): boolean {
    const params = { ...SCRYPT, ...(JSON.parse(row.params) as Partial<typeof SCRYPT>) };
    const hash = hashPin(pin, row.salt, params);
    return hash.length === row.hash.length && timingSafeEqual(hash, row.hash);
  }

  private pinRow(role: PinRole): PinRow | null {
    if (!this.hasPinTable()) return null;
    this.pinStatement ??= this.db.prepare('SELECT role, salt, hash, params FROM role_pin WHERE role = ?');
    return (this.pinStatement.get(role) as PinRow | undefined) ?? null;
  }

  /** A panel opened read-only from an older version has no table yet: no PINs. */
  private hasPinTable(): boolean {
    this.pinTable ||= this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'role_pin'").get() !== undefined;
    return this.pinTable;
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
