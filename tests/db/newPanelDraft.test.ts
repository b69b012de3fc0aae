// A new panel made through the import wizard: the host holds HR's file, the wizard previews it against an
// empty panel with the fixes HR makes, and the panel file appears only when HR applies (then protected and
// opened). Run through the contract as the window runs it, with the browser host's session.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPanelApi } from '../../db/api';
import { NewPanelDrafts } from '../../db/newPanelDraft';
import { ModerationService } from '../../db/service';
import { GatedWebSession } from '../../web/lockedSession';

const HR = { name: 'Hana HR', role: 'hr' as const };
const FILE = ['staff_id,name,grade,business_unit,provisional_marking,cs_start_date', 'S1,Ada Lovelace,SCS1,Policy,Strong,2010-01-01', 'S2,Grace Hopper,SCS1,Policy,Achieving,2026-03-01', ',Total,,,,', 'S3,Alan Turing,SCS2,Digital,Achieving,2012-05-01'].join('\n');

let dir: string;
let session: GatedWebSession;
let drafts: NewPanelDrafts;
let target: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-new-panel-'));
  writeFileSync(join(dir, 'policy-group_2026.csv'), `${FILE}\n`);
  target = join(dir, 'policy.modpanel');
  session = new GatedWebSession(target);
  drafts = new NewPanelDrafts(() => session.locks, 'web');
  session.newPanel = drafts;
  await drafts.start(join(dir, 'policy-group_2026.csv'), target, new Date('2026-12-02'));
});

afterEach(() => {
  session.close();
  drafts.discard();
  rmSync(dir, { recursive: true, force: true });
});

async function draftUpload() {
  const api = createPanelApi(session);
  const draft = await api.newPanelDraft({});
  if (!draft.ok || draft.value === null) throw new Error('no draft');
  return { api, draft: draft.value, upload: { fileName: draft.value.fileName, bytesBase64: draft.value.bytesBase64 } };
}

describe('a new panel from HR’s file', () => {
  it('waits for the wizard, starting from the file’s name, its most common unit and this year', async () => {
    const { draft } = await draftUpload();
    expect(draft).toMatchObject({ fileName: 'policy-group_2026.csv', targetName: 'policy.modpanel', name: 'policy group 2026', businessUnit: 'Policy', performanceYear: 2026 });
    expect(existsSync(target)).toBe(false);
  });

  it('is previewed against an empty panel, with the year and cut-off the wizard chooses', async () => {
    const { api, upload } = await draftUpload();
    const newPanel = { name: 'Policy Group SCS', businessUnit: 'Policy' };
    const first = await api.previewImport({ ...upload, newPanel });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, 'provisional_marking', 'Strong'],
      [4, 'staff_id', ''],
    ]);
    expect(first.value.problemRows).toEqual([
      { row: 2, staffId: 'S1', name: 'Ada Lovelace', staffIdInQuestion: false },
      { row: 4, staffId: '', name: 'Total', staffIdInQuestion: true },
    ]);
    // With the fixes the wizard makes, and a cut-off that lets Grace in.
    const mapping = { values: { provisional_marking: { Strong: 'High Performing' } }, skipRows: [{ row: 4, staff_id: '', name: 'Total' }] };
    const fixed = await api.previewImport({ ...upload, newPanel, mapping, eligibilityCutoff: '2026-06-30' });
    if (!fixed.ok) throw new Error(fixed.error.message);
    expect(fixed.value).toMatchObject({ errors: [], added: 3, skippedCount: 1, eligibilityCutoff: '2026-06-30', performanceYear: 2026 });
    expect(fixed.value.ineligible).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });

  it('is made when HR applies and says how to protect it, with the name, unit, cut-off and fixes chosen', async () => {
    const { api, upload } = await draftUpload();
    const request = {
      ...upload,
      newPanel: { name: 'Policy Group SCS', businessUnit: 'Policy Group' },
      mapping: { values: { provisional_marking: { strong: 'High Performing' } }, skipRows: [{ row: 4, staff_id: '', name: 'Total' }] },
      eligibilityCutoff: '2026-06-30',
    };
    // Only HR makes a panel.
    expect(await api.applyImport({ ...request, actor: { name: 'Pat Chair', role: 'chair' } })).toMatchObject({ ok: false, error: { code: 'not_permitted' } });
    expect(await api.applyImport({ ...request, actor: HR })).toMatchObject({ ok: true, value: { added: 3, auditEventId: 0 } });
    expect(existsSync(target)).toBe(false);
    expect(await api.lockState({})).toMatchObject({ ok: true, value: { locked: true, waitingFor: 'new_panel', fileName: 'policy.modpanel' } });
    expect(await api.protectNewPanel({ passphrase: null, remember: false })).toEqual({ ok: true, value: { fileName: 'policy.modpanel', encrypted: false } });
    expect(existsSync(target)).toBe(true);
    expect(await api.newPanelDraft({})).toEqual({ ok: true, value: null });

    const made = ModerationService.open(target);
    try {
      expect(made.panel()).toMatchObject({ name: 'Policy Group SCS', businessUnit: 'Policy Group', performanceYear: 2026, eligibilityCutoff: '2026-06-30' });
      expect(made.people().map((p) => [p.staffId, p.provisionalMarking, p.eligible])).toEqual(
        expect.arrayContaining([
          ['S1', 'High Performing', true],
          ['S2', 'Achieving', true],
          ['S3', 'Achieving', true],
        ]),
      );
      expect(made.audit().find((e) => e.action === 'create_panel')).toMatchObject({ actor: 'Hana HR', role: 'hr' });
      // The year and cut-off are the new panel's own settings, not a change to them.
      expect(made.audit().filter((e) => e.action === 'settings')).toEqual([]);
    } finally {
      made.close();
    }
  });

  it('refuses a file with problems whole, writing nothing', async () => {
    const { api, upload } = await draftUpload();
    const refused = await api.applyImport({ ...upload, newPanel: { name: 'P', businessUnit: '' }, actor: HR });
    expect(refused).toMatchObject({ ok: false, error: { code: 'import_invalid', message: expect.stringMatching(/2 problem\(s\), so no panel was made/) } });
    expect(existsSync(target)).toBe(false);
    expect(await api.lockState({})).toMatchObject({ ok: true, value: { locked: false } });
  });

  it('leaves nothing behind when HR decides not to make it', async () => {
    const { api } = await draftUpload();
    expect(await api.discardNewPanel({})).toEqual({ ok: true, value: { discarded: true } });
    expect(await api.newPanelDraft({})).toEqual({ ok: true, value: null });
    expect(await api.previewImport({ fileName: 'x.csv', bytesBase64: '', newPanel: { name: 'P', businessUnit: '' } })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/No new panel is waiting/) },
    });
    expect(existsSync(target)).toBe(false);
  });

  it('never replaces a panel file that exists', async () => {
    writeFileSync(join(dir, 'taken.modpanel'), 'not mine');
    await expect(drafts.start(join(dir, 'policy-group_2026.csv'), join(dir, 'taken.modpanel'))).rejects.toThrow(/taken\.modpanel already exists/);
  });
});
