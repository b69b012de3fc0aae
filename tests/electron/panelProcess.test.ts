// The panel process and the main process's client for it, run under plain Node: createPanelHost (what
// electron/panelProcess.ts serves in Electron's utility process) behind a MessageChannel that stands in for
// the parent port, and PanelProcessClient forwarding the window's contract calls to it. Every answer is the
// contract's own { ok, value } | { ok, error }, including when the process has died under a call.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { demoRecordsImport } from '../../db/demo';
import { ModerationService } from '../../db/service';
import { PanelProcessClient, forwardingApi, type UtilityProcessLike } from '../../electron/panelClient';
import { createPanelHost } from '../../electron/panelHost';
import type { MainHostMethods, PanelDescription } from '../../electron/panelProtocol';
import { connectRpc, type PortLike, type RpcPeer } from '../../electron/rpc';
import { makeTempPanel, type TempPanel } from './fakes';

const hr = { name: 'Hana HR', role: 'hr' as const };
const chair = { name: 'Pat Chair', role: 'chair' as const };

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

function tempPanel(people = 20): TempPanel {
  const panel = makeTempPanel(people);
  panel.service.close();
  cleanups.push(() => rmSync(panel.dir, { recursive: true, force: true }));
  return panel;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-process-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The main process's side, recording what the panel process told it; passphrases kept in a Map. */
function fakeMain() {
  const remembered = new Map<string, string>();
  const opened: PanelDescription[] = [];
  const methods: MainHostMethods = {
    chooseOverallTarget: async (name) => join(tmpdir(), name),
    panelOpened: (panel) => {
      opened.push(panel);
    },
    newPanelWarnings: async () => undefined,
    passphraseAvailability: async () => ({ available: true, note: 'Kept in a test Map.' }),
    passphraseRecall: async (path) => remembered.get(path) ?? null,
    passphraseRemember: async (path, passphrase) => {
      remembered.set(path, passphrase);
    },
    passphraseForget: async (path) => {
      remembered.delete(path);
    },
    passphraseHas: (path) => remembered.has(path),
  };
  return { methods, remembered, opened };
}

/**
 * A stand-in for Electron's UtilityProcess: the panel host in this process, reached only through a
 * MessageChannel (structured clone), with `crash` to end it as a killed process would.
 */
class InProcessPanelProcess extends EventEmitter implements UtilityProcessLike {
  readonly pid = 4242;
  private readonly channel = new MessageChannel();
  private readonly peer: RpcPeer<MainHostMethods>;
  private ended = false;

  constructor() {
    super();
    const { port1, port2 } = this.channel;
    port1.on('message', (message) => this.emit('message', message));
    const childPort: PortLike = {
      postMessage: (message) => port2.postMessage(message),
      onMessage: (listener) => {
        port2.on('message', listener);
        return () => port2.off('message', listener);
      },
    };
    let peer: RpcPeer<MainHostMethods> | null = null;
    const host = createPanelHost(() => peer!.remote);
    peer = connectRpc<MainHostMethods>(childPort, host.methods);
    this.peer = peer;
    cleanups.push(() => {
      host.session.close();
      this.end(0);
    });
  }

  postMessage(message: unknown): void {
    if (!this.ended) this.channel.port1.postMessage(message);
  }

  kill(): boolean {
    this.end(0);
    return true;
  }

  crash(code: number): void {
    this.end(code);
  }

  private end(code: number): void {
    if (this.ended) return;
    this.ended = true;
    this.peer.close('ended');
    this.channel.port1.close();
    this.channel.port2.close();
    this.emit('exit', code);
  }
}

function client(main = fakeMain()) {
  const children: InProcessPanelProcess[] = [];
  const exits: number[] = [];
  const panelProcess = new PanelProcessClient(
    () => {
      const child = new InProcessPanelProcess();
      children.push(child);
      return child;
    },
    main.methods,
    { onUnexpectedExit: (code) => exits.push(code) },
  );
  return { panelProcess, children, exits, main };
}

describe('the panel process behind the contract', () => {
  it('answers the window’s contract calls with the contract’s own results', async () => {
    const panel = tempPanel(20);
    const { panelProcess } = client();
    const api = forwardingApi(panelProcess);

    expect(await api.getPanel({})).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('No panel is open') } });
    const opened = await panelProcess.panel.open(panel.path);
    // The generated people come from several business units, so View › Department applies.
    expect(opened).toMatchObject({ opened: true, panel: { path: panel.path, name: 'Electron test panel', encrypted: false, hasDepartment: true, waitingFor: null } });

    const snapshot = await api.getPanel({});
    expect(snapshot.ok && snapshot.value.people.length).toBe(20);
    const someone = snapshot.ok ? snapshot.value.people[0]! : null;
    const moved = await api.move({ actor: chair, staffId: someone!.staffId, to: 'High Performing', reason: 'Led the spending review' });
    expect(moved).toMatchObject({ ok: true, value: { people: [{ staffId: someone!.staffId, moderatedMarking: 'High Performing' }] } });

    // Validation happens in the panel process, against the same schemas as every host.
    expect(await api.getPerson({} as never)).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('staffId') } });
    expect(await panelProcess.contract('dropAllTables', {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

    // The move reached the file: another connection sees it.
    const check = ModerationService.open(panel.path);
    expect(check.person(someone!.staffId).moderatedMarking).toBe('High Performing');
    check.close();
  });

  it('asks the window for an encrypted panel’s passphrase, and remembers it in the main process', async () => {
    const dir = tempDir();
    const path = join(dir, 'secret.modpanel');
    const made = ModerationService.create(path, { name: 'Secret panel', businessUnit: 'Policy Group', performanceYear: 2025 }, hr, { key: 'correct horse' });
    made.applyImport(demoRecordsImport(8), hr);
    made.close();

    const main = fakeMain();
    const { panelProcess } = client(main);
    const api = forwardingApi(panelProcess);
    const waiting = await panelProcess.panel.open(path);
    expect(waiting).toMatchObject({ opened: false, panel: { path: null, waitingFor: 'secret.modpanel' } });
    expect(await api.lockState({})).toMatchObject({ ok: true, value: { locked: true, waitingFor: 'passphrase', fileName: 'secret.modpanel', canRemember: true } });

    expect(await api.unlockPanel({ passphrase: 'wrong', remember: true })).toMatchObject({ ok: false });
    expect(await api.unlockPanel({ passphrase: 'correct horse', remember: true })).toEqual({ ok: true, value: { fileName: 'secret.modpanel' } });
    expect(main.remembered.get(path)).toBe('correct horse');
    expect(main.opened.at(-1)).toMatchObject({ path, name: 'Secret panel', encrypted: true });
    expect(await api.lockState({})).toMatchObject({ ok: true, value: { locked: false, encrypted: true, remembered: true } });

    // Next time the remembered passphrase (kept by the main process's safeStorage) opens it without asking.
    await panelProcess.stop();
    const again = await client(main).panelProcess.panel.open(path);
    expect(again).toMatchObject({ opened: true, panel: { path, encrypted: true } });
  });

  it('makes an export and writes it where the main process says, the bytes never leaving the process', async () => {
    const panel = tempPanel(12);
    const { panelProcess } = client();
    await panelProcess.panel.open(panel.path);
    const prepared = await panelProcess.panel.prepareExport('exportOutcome', { format: 'csv', actor: hr });
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect(prepared.value.file).not.toHaveProperty('bytesBase64');
    expect(prepared.value.file).toMatchObject({ fileName: expect.stringMatching(/\.csv$/), byteLength: expect.any(Number) });
    const target = join(tempDir(), prepared.value.file.fileName);
    await panelProcess.panel.writeExport(prepared.value.token, target);
    const written = readFileSync(target);
    expect(written.byteLength).toBe(prepared.value.file.byteLength);
    expect(written.toString('utf8')).toContain('staff_id');

    // Cancelled in the save dialog: nothing written, the bytes dropped.
    const again = await panelProcess.panel.prepareExport('exportOutcome', { format: 'csv', actor: hr });
    if (!again.ok) throw new Error(again.error.message);
    await panelProcess.panel.writeExport(again.value.token, null);
    await expect(panelProcess.panel.writeExport(again.value.token, join(tempDir(), 'late.csv'))).rejects.toThrow('no longer held');

    expect(await panelProcess.panel.prepareExport('getPanel', {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await panelProcess.panel.prepareExport('exportOutcome', { format: 'pdf', actor: hr })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('makes a new panel from HR’s file through the window’s import wizard, once the window says how to protect it', async () => {
    const dir = tempDir();
    const source = join(dir, 'policy-group_2025.csv');
    const rows = demoRecordsImport(5).records;
    const text = ['staff_id,name,grade,business_unit,provisional_marking', ...rows.map((r, i) => `${r.staffId},${r.name},${r.grade},${r.businessUnit},${i === 0 ? 'Strong' : r.provisionalMarking}`)].join('\n');
    writeFileSync(source, text);
    const target = join(dir, 'policy.modpanel');
    const main = fakeMain();
    const { panelProcess } = client(main);
    const api = forwardingApi(panelProcess);

    // The file waits for the wizard: a problem in it is the wizard's to show, and nothing is written yet.
    expect(await panelProcess.panel.prepareNewPanel(source, target, hr)).toEqual({ fileName: 'policy.modpanel', people: 4 });
    expect(existsSync(target)).toBe(false);
    const draft = await api.newPanelDraft({});
    if (!draft.ok || draft.value === null) throw new Error('no draft');
    expect(draft.value).toMatchObject({ fileName: 'policy-group_2025.csv', targetName: 'policy.modpanel', name: 'policy group 2025' });
    const upload = { fileName: draft.value.fileName, bytesBase64: draft.value.bytesBase64, newPanel: { name: 'Policy Group SCS', businessUnit: draft.value.businessUnit } };
    const preview = await api.previewImport(upload);
    expect(preview.ok && preview.value.errors.map((e) => [e.row, e.value])).toEqual([[2, 'Strong']]);
    expect(await api.applyImport({ ...upload, actor: hr })).toMatchObject({ ok: false, error: { code: 'import_invalid' } });
    expect(existsSync(target)).toBe(false);

    // Read "Strong" as High Performing (the mapping's values), then apply: the window asks how to protect it.
    const fixed = { ...upload, mapping: { values: { provisional_marking: { Strong: 'High Performing' } } } };
    expect(await api.applyImport({ ...fixed, actor: hr })).toMatchObject({ ok: true, value: { added: 5 } });
    expect(existsSync(target)).toBe(false);
    expect(await api.lockState({})).toMatchObject({ ok: true, value: { locked: true, waitingFor: 'new_panel', fileName: 'policy.modpanel' } });
    expect(await api.protectNewPanel({ passphrase: 'a long passphrase', remember: false })).toEqual({ ok: true, value: { fileName: 'policy.modpanel', encrypted: true } });
    expect(existsSync(target)).toBe(true);
    expect(main.opened.at(-1)).toMatchObject({ path: target, name: 'Policy Group SCS', encrypted: true });
    const snapshot = await api.getPanel({});
    expect(snapshot.ok && snapshot.value.people.length).toBe(5);
    expect(snapshot.ok && snapshot.value.people.find((p) => p.staffId === rows[0]!.staffId)!.provisionalMarking).toBe('High Performing');
    expect(await api.newPanelDraft({})).toEqual({ ok: true, value: null });

    // An existing panel file is never replaced: refused before the wizard is shown.
    await expect(panelProcess.panel.prepareNewPanel(source, target, hr)).rejects.toThrow(/already exists/);
  });

  it('answers a call cut short by the process dying with a result, not a throw, and starts it again', async () => {
    const panel = tempPanel(6);
    const { panelProcess, children, exits } = client();
    await panelProcess.panel.open(panel.path);
    const pending = panelProcess.contract('getPanel', {});
    children[0]!.crash(9);
    expect(await pending).toEqual({
      ok: false,
      error: { code: 'panel_process', message: expect.stringContaining('The panel process stopped unexpectedly (exit code 9).') },
    });
    expect(exits).toEqual([9]);
    expect(panelProcess.running).toBe(false);

    // The next call starts a new panel process (the main process reopens the panel: electron/main.ts).
    await panelProcess.panel.open(panel.path);
    expect(children).toHaveLength(2);
    expect(await panelProcess.contract('getPanel', {})).toMatchObject({ ok: true });
  });

  it('stops on request without counting it as a crash', async () => {
    const panel = tempPanel(4);
    const { panelProcess, exits } = client();
    await panelProcess.panel.open(panel.path);
    await panelProcess.stop();
    expect(panelProcess.running).toBe(false);
    expect(exits).toEqual([]);
    // Closed cleanly: the write-ahead log folded back into the file.
    expect(existsSync(`${panel.path}-wal`)).toBe(false);
  });
});
