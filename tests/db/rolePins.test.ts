// A PIN per role (issue 9): HR sets it, the service keeps a salted scrypt hash and checks it, so a role is
// not taken casually on a shared laptop. A window switches role with it (recorded in the history); the
// command line gives it in MODPANEL_PIN; a missing or wrong PIN is refused and recorded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModerationService } from '../../db/service';
import { ModerationError } from '../../db/errors';
import { createPanelApi } from '../../db/api';
import type { Actor } from '../../shared/domain';
import { parsed, record } from './helpers';

const HR: Actor = { name: 'Hana HR', role: 'hr' };
const CHAIR: Actor = { name: 'Cat Chair', role: 'chair' };

let dir: string;
let path: string;
let hrWindow: ModerationService;
const opened: ModerationService[] = [];

/** Another window (or command) on the same panel file: a session of its own. */
function session(options: Parameters<typeof ModerationService.open>[1] = {}): ModerationService {
  const service = ModerationService.open(path, options);
  opened.push(service);
  return service;
}

function refusal(work: () => unknown): ModerationError {
  try {
    work();
  } catch (error) {
    if (error instanceof ModerationError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-pins-'));
  path = join(dir, 'panel.modpanel');
  hrWindow = ModerationService.create(path, { name: 'PIN panel', businessUnit: 'Policy', performanceYear: 2025 }, HR);
  hrWindow.applyImport(parsed([record('S1'), record('S2'), record('S3')]), HR);
  hrWindow.setRolePin(HR, 'chair', '2468');
});
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  hrWindow.close();
  delete process.env.MODPANEL_PIN;
  rmSync(dir, { recursive: true, force: true });
});

describe('role PINs', () => {
  it('are kept as a salted scrypt hash, never the PIN, and recorded without it', () => {
    hrWindow.setRolePin(HR, 'finance', '2468');
    const rows = hrWindow.db.prepare<[], { role: string; salt: Buffer; hash: Buffer; params: string }>('SELECT role, salt, hash, params FROM role_pin ORDER BY role').all();
    expect(rows.map((r) => r.role)).toEqual(['chair', 'finance']);
    for (const row of rows) {
      expect(row.salt).toHaveLength(16);
      expect(row.hash).toHaveLength(32);
      expect(row.hash.toString('latin1')).not.toContain('2468');
      expect(JSON.parse(row.params)).toMatchObject({ N: 16384, r: 8, p: 1 });
    }
    // The same PIN for two roles: different salts, different hashes.
    expect(rows[0]!.hash.equals(rows[1]!.hash)).toBe(false);
    const events = hrWindow.audit({ action: 'role_pin' });
    expect(events.map((e) => e.after)).toEqual([{ role: 'finance', pin: true }, { role: 'chair', pin: true }]);
    expect(JSON.stringify(hrWindow.audit())).not.toContain('2468');
  });

  it('refuse a window acting as the chair until it switches with the PIN; a wrong PIN is refused and recorded', () => {
    const laptop = session();
    const move = () => laptop.move({ staffId: 'S1', to: 'High Performing', reason: 'Led the review' }, CHAIR);
    const noPin = refusal(move);
    expect(noPin.code).toBe('pin_required');
    expect(noPin.message).toMatch(/the panel chair’s role on this panel has a PIN/i);

    const wrong = refusal(() => laptop.switchRole({ name: 'Someone', role: 'observer' }, { name: 'Cat Chair', role: 'chair' }, '1111'));
    expect(wrong).toMatchObject({ code: 'pin_required', message: 'That PIN is not right for the panel chair’s role on this panel.' });
    expect(laptop.audit({ action: 'refused' }).map((e) => [e.actor, e.role, (e.after as { code: string }).code])).toEqual([
      ['Cat Chair', 'chair', 'pin_required'],
      ['Cat Chair', 'chair', 'pin_required'],
    ]);

    laptop.switchRole({ name: 'Someone', role: 'observer' }, { name: 'Cat Chair', role: 'chair' }, '2468');
    expect(laptop.audit({ action: 'role_switch' })[0]).toMatchObject({
      actor: 'Cat Chair',
      role: 'chair',
      before: { name: 'Someone', role: 'observer' },
      after: { name: 'Cat Chair', role: 'chair', withPin: true },
    });
    expect(move().moderatedMarking).toBe('High Performing');

    // Switching away locks the chair's role again: back needs the PIN.
    laptop.switchRole(CHAIR, { name: 'Fay Finance', role: 'finance' });
    expect(refusal(move).code).toBe('pin_required');
    expect(refusal(() => laptop.switchRole({ name: 'Fay Finance', role: 'finance' }, { name: 'Cat Chair', role: 'chair' })).message).toMatch(/has a PIN: give it to switch/);
  });

  it('on the command line, come from MODPANEL_PIN, or the command is refused', () => {
    const move = (service: ModerationService) => service.move({ staffId: 'S2', to: 'High Performing', reason: 'Led the review' }, CHAIR);
    expect(refusal(() => move(session({ program: 'cli' }))).message).toMatch(/set MODPANEL_PIN/);
    process.env.MODPANEL_PIN = '9999';
    expect(refusal(() => move(session({ program: 'cli' }))).message).toBe('The PIN given for the panel chair’s role on this panel is not right.');
    process.env.MODPANEL_PIN = '2468';
    expect(move(session({ program: 'cli' })).moderatedMarking).toBe('High Performing');
  });

  it('protect what a role may see: HR’s unsuppressed figures need HR’s PIN', async () => {
    hrWindow.setRolePin(HR, 'hr', '1357');
    // HR set their own role's PIN in this window, so this window goes on as HR.
    const own = await createPanelApi({ service: () => hrWindow }).breakdown({ actor: HR, characteristic: 'sex', threshold: 1 });
    expect(own.ok && own.value.breakdown.audience).toBe('hr');
    const other = session();
    const claimed = await createPanelApi({ service: () => other }).breakdown({ actor: HR, characteristic: 'sex', threshold: 1 });
    expect(claimed).toMatchObject({ ok: false, error: { code: 'pin_required' } });
    const audit = await createPanelApi({ service: () => other }).audit({ role: 'hr' });
    expect(audit).toMatchObject({ ok: false, error: { code: 'pin_required' } });
    // A window polls: a refused read is recorded once for the role, not on every poll.
    for (let i = 0; i < 3; i++) await createPanelApi({ service: () => other }).discussionQueue({ role: 'hr' });
    expect(other.audit({ action: 'refused' }).filter((e) => e.role === 'hr')).toHaveLength(1);
    // As anyone else, the room's copy, no PIN needed.
    const chair = await createPanelApi({ service: () => other }).breakdown({ actor: { name: 'Olu', role: 'observer' }, characteristic: 'sex' });
    expect(chair.ok && chair.value.breakdown.audience).toBe('shared');
  });

  it('are HR’s to set, at least 4 characters, and only for roles that can act', () => {
    expect(refusal(() => hrWindow.setRolePin(CHAIR, 'chair', '0000')).message).toBe('The panel chair cannot set or remove a role’s PIN: only HR can.');
    expect(refusal(() => hrWindow.setRolePin(HR, 'finance', '12')).message).toBe('A PIN has at least 4 characters');
    expect(refusal(() => hrWindow.setRolePin(HR, 'observer', '1234')).message).toMatch(/an observer only reads/);
    hrWindow.setRolePin(HR, 'chair', null);
    expect(hrWindow.roleAccess().pinned).toEqual([]);
    expect(session().move({ staffId: 'S3', to: 'High Performing', reason: 'r' }, CHAIR).moderatedMarking).toBe('High Performing');
  });
});
