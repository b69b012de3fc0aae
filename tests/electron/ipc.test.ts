// The Electron IPC registration, driven through a fake ipcMain: every contract entry has its channel,
// untrusted senders are refused before the panel is touched, payloads are validated, and a real move
// goes through to the panel file.

import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import { createPanelApi } from '../../db/api';
import { ModerationService } from '../../db/service';
import { API_NAMES, type ApiName, type ChangeResult, type PanelApi, type PanelSnapshot, type Result } from '../../shared/contract';
import { HOST_CHANNELS, panelChannel, registerPanelIpc } from '../../electron/ipc';
import { registerHostIpc, registerPrintIpc, safeFileName } from '../../electron/hostIpc';
import { isAppFrame } from '../../electron/security';
import { FakeIpcMain, frameEvent, makeTempPanel, trustedEvent, type TempPanel } from './fakes';

const chair = { name: 'Pat Chair', role: 'chair' as const };

type Spy = Mock<(request: unknown) => Promise<Result<unknown>>>;

/** A PanelApi whose every entry is a spy answering { ok: true, value: <entry name> }. */
function spyApi(): PanelApi & Record<ApiName, Spy> {
  const api = {} as Record<ApiName, Spy>;
  for (const name of API_NAMES) api[name] = vi.fn(async () => ({ ok: true as const, value: name }));
  return api as unknown as PanelApi & Record<ApiName, Spy>;
}

let panel: TempPanel | null = null;
afterEach(() => {
  panel?.cleanup();
  panel = null;
});

describe('registerPanelIpc', () => {
  it('registers exactly one modpanel:<name> channel per contract entry', () => {
    const ipc = new FakeIpcMain();
    registerPanelIpc(ipc, spyApi(), isAppFrame);
    expect([...ipc.handlers.keys()].sort()).toEqual(API_NAMES.map((name) => `modpanel:${name}`).sort());
    expect(API_NAMES.length).toBeGreaterThan(10);
  });

  it('passes the request of a trusted sender to the matching entry and returns its result', async () => {
    const ipc = new FakeIpcMain();
    const api = spyApi();
    registerPanelIpc(ipc, api, isAppFrame);
    for (const name of API_NAMES) {
      const result = await ipc.invoke(panelChannel(name), trustedEvent(), { probe: name }, 'ignored extra argument');
      expect(result).toEqual({ ok: true, value: name });
      expect(api[name]).toHaveBeenCalledWith({ probe: name });
    }
  });

  it.each([
    ['another website', 'https://evil.example/index.html'],
    ['a local file', 'file:///work/main/dist/renderer/index.html'],
    ['a look-alike host', 'app://panel.evil.example/index.html'],
    ['another app host', 'app://evil/index.html'],
    ['credentials in the URL', 'app://user@panel/index.html'],
    ['a port on the host', 'app://panel:8080/index.html'],
    ['a prefix trick', 'https://app://panel/'],
    ['an empty URL', ''],
    ['no frame at all', null],
  ])('refuses %s with a forbidden result and never calls the panel', async (_label, url) => {
    const ipc = new FakeIpcMain();
    const api = spyApi();
    registerPanelIpc(ipc, api, isAppFrame);
    const result = (await ipc.invoke(panelChannel('move'), frameEvent(url), { actor: chair })) as Result<unknown>;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('forbidden');
      expect(result.error.message).toMatch(/did not come from the Moderation Panel window/);
    }
    expect(api.move).not.toHaveBeenCalled();
  });

  it('refuses when the sender check itself throws', async () => {
    const ipc = new FakeIpcMain();
    const api = spyApi();
    registerPanelIpc(ipc, api, () => {
      throw new Error('boom');
    });
    const result = (await ipc.invoke(panelChannel('getPanel'), trustedEvent(), {})) as Result<unknown>;
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(api.getPanel).not.toHaveBeenCalled();
  });

  it('turns an entry that throws into an unexpected-error result instead of a rejected invoke', async () => {
    const ipc = new FakeIpcMain();
    const api = spyApi();
    api.getPanel.mockRejectedValueOnce(new Error('disk on fire'));
    registerPanelIpc(ipc, api, isAppFrame);
    const result = await ipc.invoke(panelChannel('getPanel'), trustedEvent(), {});
    expect(result).toEqual({ ok: false, error: { code: 'unexpected', message: 'Something went wrong: disk on fire' } });
  });

  it('removes every channel again', () => {
    const ipc = new FakeIpcMain();
    const unregister = registerPanelIpc(ipc, spyApi(), isAppFrame);
    unregister();
    expect(ipc.handlers.size).toBe(0);
    // …so a new window can register them afresh.
    registerPanelIpc(ipc, spyApi(), isAppFrame);
    expect(ipc.handlers.size).toBe(API_NAMES.length);
  });

  it('refuses an invalid payload with a message naming the field', async () => {
    panel = makeTempPanel(20);
    const service = panel.service;
    const ipc = new FakeIpcMain();
    registerPanelIpc(ipc, createPanelApi({ service: () => service }), isAppFrame);
    const noStaffId = (await ipc.invoke(panelChannel('move'), trustedEvent(), { actor: chair, to: 'Achieving' })) as Result<unknown>;
    expect(noStaffId.ok).toBe(false);
    if (!noStaffId.ok) {
      expect(noStaffId.error.code).toBe('invalid_request');
      expect(noStaffId.error.message).toContain('staffId');
    }
    const badMarking = (await ipc.invoke(panelChannel('move'), trustedEvent(), {
      actor: chair,
      staffId: service.people()[0]?.staffId,
      to: 'Outstanding',
    })) as Result<unknown>;
    expect(badMarking.ok).toBe(false);
    if (!badMarking.ok) expect(badMarking.error.message).toContain('to');
    const noActor = (await ipc.invoke(panelChannel('undo'), trustedEvent(), {})) as Result<unknown>;
    expect(noActor.ok).toBe(false);
    if (!noActor.ok) expect(noActor.error.message).toContain('actor');
    // A payload that is not even an object is refused the same way, not thrown.
    const notAnObject = (await ipc.invoke(panelChannel('getPerson'), trustedEvent(), 'S001')) as Result<unknown>;
    expect(notAnObject).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('moves a person end to end through IPC into the panel file', async () => {
    panel = makeTempPanel(40);
    const service = panel.service;
    const ipc = new FakeIpcMain();
    registerPanelIpc(ipc, createPanelApi({ service: () => service }), isAppFrame);

    const before = (await ipc.invoke(panelChannel('getPanel'), trustedEvent(), {})) as Result<PanelSnapshot>;
    if (!before.ok) throw new Error(before.error.message);
    const count = (snapshot: PanelSnapshot, marking: string) => snapshot.people.filter((p) => p.moderatedMarking === marking).length;
    const candidate = before.value.people.find(
      (p) => p.eligible && p.moderatedMarking === 'Achieving' && p.provisionalMarking === 'Achieving' && p.financeObjective !== 'Not met',
    );
    if (!candidate) throw new Error('The generated panel has no one in Achieving who can move');

    const moved = (await ipc.invoke(panelChannel('move'), trustedEvent(), {
      actor: chair,
      staffId: candidate.staffId,
      to: 'High Performing',
      reason: 'Led the spending review across the group',
    })) as Result<ChangeResult>;
    if (!moved.ok) throw new Error(moved.error.message);
    expect(moved.value.people[0]).toMatchObject({ staffId: candidate.staffId, moderatedMarking: 'High Performing' });
    expect(moved.value.canUndo).toBe(true);
    expect(moved.value.announcement).toContain('High Performing');

    const after = (await ipc.invoke(panelChannel('getPanel'), trustedEvent(), {})) as Result<PanelSnapshot>;
    if (!after.ok) throw new Error(after.error.message);
    expect(count(after.value, 'Achieving')).toBe(count(before.value, 'Achieving') - 1);
    expect(count(after.value, 'High Performing')).toBe(count(before.value, 'High Performing') + 1);

    // The change is in the file itself, with its reason, as a fresh reader sees it.
    const reader = ModerationService.open(panel.path);
    try {
      expect(reader.person(candidate.staffId)).toMatchObject({
        moderatedMarking: 'High Performing',
        changeReason: 'Led the spending review across the group',
      });
    } finally {
      reader.close();
    }

    // An untrusted sender cannot undo it.
    const untrusted = (await ipc.invoke(panelChannel('undo'), frameEvent('https://evil.example/'), { actor: chair })) as Result<unknown>;
    expect(untrusted).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(service.person(candidate.staffId).moderatedMarking).toBe('High Performing');

    // A rule the service enforces comes back as a refusal a person can read.
    service.setFinance(candidate.staffId, 'Not met', '', { name: 'Fay Finance', role: 'finance' });
    const refused = (await ipc.invoke(panelChannel('move'), trustedEvent(), {
      actor: chair,
      staffId: candidate.staffId,
      to: 'Exceeding',
      reason: 'Try to place above Achieving',
      acknowledgeNoCorporateContribution: true,
    })) as Result<unknown>;
    expect(refused).toMatchObject({ ok: false, error: { code: 'rule' } });
    if (!refused.ok) expect(refused.error.message).toContain(candidate.name);
  });
});

describe('registerHostIpc (saveFile)', () => {
  const bytes = Buffer.from('staff_id,marking\n1,Achieving\n', 'utf8');

  it('hands the decoded bytes and a safe name to the save dialog and returns the path', async () => {
    const ipc = new FakeIpcMain();
    const save = vi.fn(async (name: string, _bytes: Uint8Array) => `/home/hr/${name}`);
    registerHostIpc(ipc, save, isAppFrame);
    const result = await ipc.invoke(HOST_CHANNELS.saveFile, trustedEvent(), 'Policy-outcome.csv', bytes.toString('base64'));
    expect(result).toEqual({ ok: true, value: '/home/hr/Policy-outcome.csv' });
    expect(save).toHaveBeenCalledTimes(1);
    expect(Buffer.from(save.mock.calls[0]?.[1] ?? new Uint8Array()).toString('utf8')).toBe(bytes.toString('utf8'));
  });

  it('reports a cancelled dialog as a null value', async () => {
    const ipc = new FakeIpcMain();
    registerHostIpc(ipc, async () => null, isAppFrame);
    expect(await ipc.invoke(HOST_CHANNELS.saveFile, trustedEvent(), 'a.csv', '')).toEqual({ ok: true, value: null });
  });

  it('refuses untrusted senders and invalid payloads, naming the field', async () => {
    const ipc = new FakeIpcMain();
    const save = vi.fn(async (_name: string, _bytes: Uint8Array) => '/tmp/x');
    registerHostIpc(ipc, save, isAppFrame);
    expect(await ipc.invoke(HOST_CHANNELS.saveFile, frameEvent('https://evil.example/'), 'a.csv', 'AAAA')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const badBytes = (await ipc.invoke(HOST_CHANNELS.saveFile, trustedEvent(), 'a.csv', 'not base64!')) as Result<unknown>;
    expect(badBytes.ok).toBe(false);
    if (!badBytes.ok) expect(badBytes.error.message).toContain('bytesBase64');
    const noName = (await ipc.invoke(HOST_CHANNELS.saveFile, trustedEvent(), '', 'AAAA')) as Result<unknown>;
    expect(noName.ok).toBe(false);
    if (!noName.ok) expect(noName.error.message).toContain('fileName');
    expect(save).not.toHaveBeenCalled();
  });

  it('turns a failed write into a result a person can act on', async () => {
    const ipc = new FakeIpcMain();
    registerHostIpc(ipc, async () => {
      throw new Error('EACCES: permission denied');
    }, isAppFrame);
    expect(await ipc.invoke(HOST_CHANNELS.saveFile, trustedEvent(), 'a.csv', 'AAAA')).toEqual({
      ok: false,
      error: { code: 'save_failed', message: 'The file could not be saved: EACCES: permission denied' },
    });
  });

  it('strips folders and forbidden characters from the suggested name', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\x\\out.csv')).toBe('out.csv');
    expect(safeFileName('a:b*c?.xlsx')).toBe('a-b-c-.xlsx');
    expect(safeFileName('...')).toBe('export');
  });
});

describe('registerPrintIpc (panel record as PDF)', () => {
  it('saves the page as PDF for the app window and refuses anyone else', async () => {
    const ipc = new FakeIpcMain();
    const print = vi.fn(async () => '/home/chair/panel-record.pdf');
    registerPrintIpc(ipc, print, isAppFrame);
    expect(await ipc.invoke(HOST_CHANNELS.printToPdf, trustedEvent())).toEqual({ ok: true, value: '/home/chair/panel-record.pdf' });
    const refused = (await ipc.invoke(HOST_CHANNELS.printToPdf, frameEvent('https://evil.example/'))) as Result<unknown>;
    expect(refused.ok).toBe(false);
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('turns a failed render into a message a person can act on', async () => {
    const ipc = new FakeIpcMain();
    registerPrintIpc(ipc, async () => { throw new Error('disk full'); }, isAppFrame);
    const result = (await ipc.invoke(HOST_CHANNELS.printToPdf, trustedEvent())) as Result<unknown>;
    expect(result).toEqual({ ok: false, error: { code: 'print_failed', message: 'The panel record could not be saved as PDF: disk full' } });
  });
});
