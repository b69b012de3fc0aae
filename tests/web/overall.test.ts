// The window's side of the merge through the contract, as the web host serves it: unit panels uploaded as
// bytes, conflicts returned with nothing written, resolved, then the overall panel made beside the host's
// panel and opened in its place; and the department view's figures, suppressed outside HR.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createPanelApi } from '../../db/api';
import { ModerationService } from '../../db/service';
import type { PanelApi } from '../../shared/contract';
import { WebPanelSession, freePanelPath } from '../../web/session';
import { hr, makeThreeUnits, type ThreeUnits } from '../db/unitPanels';

let dir: string;
let units: ThreeUnits;
let session: WebPanelSession;
let api: PanelApi;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-web-merge-'));
  units = makeThreeUnits(dir);
  // The host was started on the Policy panel; the overall panel is written beside it.
  session = new WebPanelSession(ModerationService.open(units.policy), dir);
  api = createPanelApi(session);
});
afterEach(() => {
  session.close();
  rmSync(dir, { recursive: true, force: true });
});

const upload = (path: string) => ({ fileName: basename(path), bytesBase64: readFileSync(path).toString('base64') });

describe('mergeUnitPanels through the contract', () => {
  it('checks uploaded unit panels, refuses conflicts without writing, then makes and opens the overall panel', async () => {
    const staged = await api.stageUnitPanels({ units: [units.policy, units.ops, units.digital].map(upload) });
    expect(staged).toMatchObject({ ok: true, value: { units: [{ label: 'policy.modpanel' }, { label: 'ops.modpanel' }, { label: 'digital.modpanel' }] } });

    const refused = await api.mergeUnitPanels({ actor: hr, commit: true });
    expect(refused.ok && refused.value.merged).toBe(false);
    expect(refused.ok ? refused.value.conflicts.map((c) => c.kind).sort() : []).toEqual(['duplicate_staff_id', 'not_finalised']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.modpanel')).sort()).toEqual(['digital.modpanel', 'ops.modpanel', 'policy.modpanel']);

    // Resolved, but with neither a passphrase nor the choice not to encrypt: refused, nothing written.
    const undecided = await api.mergeUnitPanels({ actor: hr, commit: true, prefer: ['ops.modpanel'], allowOpen: true, name: 'Department 2025-26' });
    expect(undecided).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(undecided.ok ? '' : undecided.error.message).toBe(
      'The overall panel holds special-category data about everyone in the unit panels: choose a passphrase to encrypt it, or choose explicitly not to encrypt it. Nothing was written.',
    );
    expect(readdirSync(dir).filter((f) => f.endsWith('.modpanel')).sort()).toEqual(['digital.modpanel', 'ops.modpanel', 'policy.modpanel']);

    const made = await api.mergeUnitPanels({ actor: hr, commit: true, prefer: ['ops.modpanel'], allowOpen: true, name: 'Department 2025-26', passphrase: 'department secret' });
    expect(made).toMatchObject({ ok: true, value: { merged: true, fileName: 'Department 2025-26.modpanel', people: 37 } });
    expect(existsSync(join(dir, 'Department 2025-26.modpanel'))).toBe(true);
    // Encrypted with the passphrase chosen: the host opened it with it, and the file needs it.
    expect(() => ModerationService.open(join(dir, 'Department 2025-26.modpanel'), { readonly: true })).toThrow(/passphrase/);
    const locked = await api.getPanel({});
    expect(locked.ok && locked.value.encrypted).toBe(true);

    // The host now serves the overall panel.
    const snapshot = await api.getPanel({});
    expect(snapshot.ok && snapshot.value.panel).toMatchObject({ name: 'Department 2025-26', stage: 'overall' });
    expect(snapshot.ok && snapshot.value.fileName).toBe('Department 2025-26.modpanel');
    // Characteristics stay in the file; where a person came from travels with them.
    const shared = snapshot.ok ? snapshot.value.people.find((p) => p.staffId === 'X001') : undefined;
    expect(shared?.characteristics).toEqual({});
    expect(shared?.source).toMatchObject({ file: 'ops.modpanel', chair: 'Olu Chair' });
  });

  it('is HR’s to do', async () => {
    await api.stageUnitPanels({ units: [upload(units.policy)] });
    const chair = await api.mergeUnitPanels({ actor: { name: 'Pat Chair', role: 'chair' }, commit: false });
    expect(chair).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(chair.ok ? '' : chair.error.message).toContain('act as HR');
  });

  it('makes the overall panel without encryption only when HR chooses so explicitly, and not with a passphrase as well', async () => {
    await api.stageUnitPanels({ units: [units.policy, units.ops, units.digital].map(upload) });
    const both = await api.mergeUnitPanels({ actor: hr, commit: true, exclude: ['X001'], allowOpen: true, passphrase: 'x', noEncryption: true });
    expect(both.ok ? '' : both.error.message).toBe('Choose either a passphrase for the overall panel or no encryption, not both.');
    const plain = await api.mergeUnitPanels({ actor: hr, commit: true, exclude: ['X001'], allowOpen: true, noEncryption: true });
    expect(plain).toMatchObject({ ok: true, value: { merged: true } });
    const snapshot = await api.getPanel({});
    expect(snapshot.ok && snapshot.value.encrypted).toBe(false);
  });

  it('never overwrites: a second overall panel of the same name gets a new file', () => {
    expect(freePanelPath(dir, 'policy.modpanel')).toBe(join(dir, 'policy (2).modpanel'));
  });
});

describe('departmentBreakdown', () => {
  it('gives the distribution by business unit and grade, and the gaps per unit, suppressed outside HR', async () => {
    await api.stageUnitPanels({ units: [units.policy, units.ops, units.digital].map(upload) });
    await api.mergeUnitPanels({ actor: hr, commit: true, exclude: ['X001'], allowOpen: true, noEncryption: true });
    const forHr = await api.departmentBreakdown({ actor: hr, characteristic: 'sex' });
    expect(forHr.ok).toBe(true);
    if (!forHr.ok) return;
    expect(forHr.value.byUnit.rows.map((r) => r.name)).toEqual(['Digital', 'Operations', 'Policy Group']);
    expect(forHr.value.units).toEqual(['Digital', 'Operations', 'Policy Group']);
    expect(forHr.value.characteristics).toContain('sex');
    expect(forHr.value.characteristics).not.toContain('line_manager');
    const forChair = await api.departmentBreakdown({ actor: { name: 'Dee Director', role: 'chair' }, characteristic: 'sex' });
    expect(forChair.ok && forChair.value.audience).toBe('shared');
    // Twelve or thirteen people a unit: some groups are small, and outside HR they show [c].
    const hiddenForChair = forChair.ok ? forChair.value.gaps.flatMap((g) => g.units).filter((c) => c.hidden).length : 0;
    expect(hiddenForChair).toBeGreaterThan(0);
    expect(forHr.value.gaps.flatMap((g) => g.units).every((c) => !c.hidden)).toBe(true);
  });
});
