// The panel process's side: everything that touches the panel file, run in Electron's utility process so that
// SQLite's synchronous work (a 100,000-person import, an export, a breakdown) never blocks the main process,
// its menus or its dialogs. It owns the one open ModerationService (electron/session.ts), the passphrase
// prompt's state (db/panelLock.ts) and the unit panels staged for a merge, and answers the window's contract
// calls with createPanelApi, exactly as the web host does. What only the main process can do — native dialogs,
// safeStorage, the title bar — it asks for through `main`. No Electron import: tested under plain Node.

import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createPanelApi } from '../db/api';
import { ensureDemoPanel } from '../db/demo';
import { UnitPanelStaging } from '../db/mergeApi';
import { PanelLock, type PassphraseMemory } from '../db/panelLock';
import { API_NAMES, type ApiName, type Result } from '../shared/contract';
import type { Actor } from '../shared/domain';
import { hasDepartmentView } from '../shared/department';
import { isExportEntry } from '../shared/hostBridge';
import type { Remote } from './rpc';
import type { MainHostMethods, OpenOutcome, PanelDescription, PanelProcessMethods, PreparedExport } from './panelProtocol';
import { DesktopPanelSession } from './session';
import { NewPanelDrafts } from '../db/newPanelDraft';

/** Exports made but not yet saved are few (one per dialog); more than this and the oldest are dropped. */
const HELD_EXPORTS = 4;

/**
 * Passphrases remembered with safeStorage, which exists only in the main process. PanelLock asks `has`
 * synchronously, so the answer for each file is learnt (asked of the main process) whenever it is opened.
 */
class MainProcessPassphrases implements PassphraseMemory {
  private readonly known = new Map<string, boolean>();

  constructor(private readonly main: () => Remote<MainHostMethods>) {}

  async learn(path: string): Promise<void> {
    this.known.set(resolve(path), await this.main().passphraseHas(path));
  }

  availability(): Promise<{ available: boolean; note: string | null }> {
    return this.main().passphraseAvailability();
  }

  has(path: string): boolean {
    return this.known.get(resolve(path)) ?? false;
  }

  async recall(path: string): Promise<string | null> {
    const passphrase = await this.main().passphraseRecall(path);
    if (passphrase !== null) this.known.set(resolve(path), true);
    return passphrase;
  }

  async remember(path: string, passphrase: string): Promise<void> {
    await this.main().passphraseRemember(path, passphrase);
    this.known.set(resolve(path), await this.main().passphraseHas(path));
  }

  async forget(path: string): Promise<void> {
    await this.main().passphraseForget(path);
    this.known.set(resolve(path), false);
  }
}

export interface PanelHost {
  methods: PanelProcessMethods;
  session: DesktopPanelSession;
}

/** `main` is the main process's side of the connection (a function, because the connection is made after). */
export function createPanelHost(main: () => Remote<MainHostMethods>): PanelHost {
  const session = new DesktopPanelSession();
  const memory = new MainProcessPassphrases(main);
  const held = new Map<string, Uint8Array>();

  const describe = (): PanelDescription => {
    const waitingFor = session.locks?.waitingPath ?? null;
    if (session.path === null) return { path: null, name: null, encrypted: null, hasDepartment: false, waitingFor: waitingFor && basename(waitingFor) };
    const service = session.service();
    const panel = service.panel();
    return {
      path: service.path,
      name: panel.name,
      encrypted: service.encrypted,
      hasDepartment: hasDepartmentView(panel.stage, service.people().map((person) => person.businessUnit)),
      waitingFor: waitingFor && basename(waitingFor),
    };
  };
  const tellMain = () => {
    // A notification: the main process's answer is not needed, and a closed connection is not the panel's concern.
    main().panelOpened(describe()).catch(() => undefined);
  };

  session.locks = new PanelLock({
    open: async (path, passphrase) => {
      await memory.learn(path);
      session.open(path, passphrase);
    },
    current: () => (session.path === null ? null : { path: session.path, encrypted: session.service().encrypted }),
    memory,
    unlocked: () => tellMain(),
  });
  // An overall panel made in the window (issue 8): saved where HR chooses in the native dialog, then opened
  // like any panel; the window reloads its own state.
  session.overall = {
    staging: new UnitPanelStaging(),
    target: (suggestedName) => main().chooseOverallTarget(suggestedName),
    open: async (path, key) => {
      await session.locks!.open(path, key);
      tellMain();
    },
  };
  const newPanels = new NewPanelDrafts(() => session.locks, 'desktop');
  session.newPanel = newPanels;
  const api = createPanelApi(session);

  const open = async (path: string, key?: string): Promise<OpenOutcome> => {
    const opened = await session.locks!.open(path, key);
    return { opened, panel: describe() };
  };

  const methods: PanelProcessMethods = {
    async contract(name, request) {
      if (!(API_NAMES as readonly string[]).includes(name)) {
        return { ok: false, error: { code: 'invalid_request', message: `There is no "${String(name)}" in the panel's contract.` } };
      }
      const entry = api[name as ApiName] as (request: unknown) => Promise<Result<unknown>>;
      return entry(request);
    },
    open,
    async openDemo(folder) {
      mkdirSync(folder, { recursive: true });
      return open(ensureDemoPanel(join(folder, 'demo.modpanel')));
    },
    describe,
    async prepareNewPanel(source, target) {
      // HR's file waits for the window's import wizard (db/newPanelDraft.ts): columns, problems, fixes, year and
      // cut-off are settled there, and the panel file is made only when HR applies (then protected and opened).
      const draft = await newPanels.start(source, target);
      return { fileName: basename(target), people: draft.people };
    },
    stageUnitPanels(paths) {
      session.overall!.staging.stagePaths(paths);
    },
    async prepareExport(entry, request): Promise<Result<PreparedExport>> {
      if (!isExportEntry(entry)) return { ok: false, error: { code: 'invalid_request', message: `"${String(entry)}" does not make a file.` } };
      const result = (await api[entry](request as never)) as Result<{ bytesBase64: string } & Record<string, unknown>>;
      if (!result.ok) return result;
      const { bytesBase64, ...info } = result.value;
      const bytes = new Uint8Array(Buffer.from(bytesBase64, 'base64'));
      const token = randomUUID();
      held.set(token, bytes);
      for (const old of [...held.keys()].slice(0, Math.max(0, held.size - HELD_EXPORTS))) held.delete(old);
      return { ok: true, value: { token, file: { ...info, byteLength: bytes.byteLength } as PreparedExport['file'] } };
    },
    async writeExport(token, path) {
      const bytes = held.get(token);
      held.delete(token);
      if (path === null) return;
      if (!bytes) throw new Error('The exported file is no longer held: export it again.');
      await writeFile(path, bytes);
    },
    close() {
      session.close();
    },
  };
  return { methods, session };
}
