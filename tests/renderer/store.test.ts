// The window's store against a fake contract: a change swaps only the people it returns, refusals are
// shown and announced (every time), and a "finalised" refusal picks up the read-only panel.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeResult, PanelSnapshot, Result } from '../../shared/contract';
import type { Panel, Person } from '../../shared/domain';
import { person as basePerson } from './people';

const fake = vi.hoisted(() => ({
  lockState: vi.fn(),
  newPanelDraft: vi.fn(),
  getPanel: vi.fn(),
  move: vi.fn(),
  undo: vi.fn(),
}));

vi.mock('../../renderer/api', () => ({ api: fake }));

const saved = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (key: string) => saved.get(key) ?? null,
  setItem: (key: string, value: string) => void saved.set(key, value),
});

type StoreModule = typeof import('../../renderer/store');
let usePanelStore: StoreModule['usePanelStore'];

beforeAll(async () => {
  ({ usePanelStore } = await import('../../renderer/store'));
});

const panel: Panel = {
  name: 'Test panel',
  businessUnit: 'Policy Group',
  performanceYear: 2025,
  stage: 'local',
  eligibilityCutoff: '2026-01-01',
  highPerformingAward: 'discretion',
  status: 'open',
  finalisedAt: null,
  finalisedBy: null,
  suppressionThreshold: 5,
  notComparedGroups: [],
  createdAt: '2025-04-01T00:00:00Z',
};

function person(staffId: string, sortKey: number, patch: Partial<Person> = {}): Person {
  return basePerson(staffId, { sortKey, ...patch });
}

function snapshot(people: Person[], over: Partial<PanelSnapshot> = {}): Result<PanelSnapshot> {
  return { ok: true, value: { panel, fileName: 'test.modpanel', people, discussion: {}, canUndo: false, canRedo: false, ...over } };
}

function changed(people: Person[], announcement: string): Result<ChangeResult> {
  return { ok: true, value: { people, discussion: {}, canUndo: true, canRedo: false, announcement } };
}

beforeEach(async () => {
  vi.clearAllMocks();
  fake.lockState.mockResolvedValue({ ok: true, value: { locked: false } });
  fake.newPanelDraft.mockResolvedValue({ ok: true, value: null });
  fake.getPanel.mockResolvedValue(snapshot([person('a', 1), person('b', 2), person('c', 3)], { externalVersion: 7, encrypted: false }));
  await usePanelStore.getState().load();
});

describe('the panel store', () => {
  it('loads the snapshot in sort-key order', () => {
    const state = usePanelStore.getState();
    expect(state.status).toBe('ready');
    expect(state.order).toEqual(['a', 'b', 'c']);
    expect(state.panel?.name).toBe('Test panel');
  });

  it('swaps only the person a change returns, and re-sorts when the sort key moved', async () => {
    const before = usePanelStore.getState().peopleById;
    fake.move.mockResolvedValue(changed([person('a', 4, { moderatedMarking: 'High Performing' })], 'Person a moved to High Performing'));
    const result = await usePanelStore.getState().move('a', 'High Performing', 'Evidence');
    expect(result.ok).toBe(true);
    expect(fake.move).toHaveBeenCalledWith(expect.objectContaining({ staffId: 'a', to: 'High Performing', reason: 'Evidence' }));
    const state = usePanelStore.getState();
    expect(state.peopleById.a?.moderatedMarking).toBe('High Performing');
    expect(state.peopleById.b).toBe(before.b);
    expect(state.order).toEqual(['b', 'c', 'a']);
    expect(state.announcement).toBe('Person a moved to High Performing');
    expect(state.canUndo).toBe(true);
  });

  it('offers the department view while the panel spans business units, through moves and a change of unit', async () => {
    const { departmentAvailable } = await import('../../renderer/department/available');
    fake.getPanel.mockResolvedValue(snapshot([person('a', 1, { businessUnit: 'Policy' }), person('b', 2, { businessUnit: 'Operations' })]));
    await usePanelStore.getState().load();
    expect(departmentAvailable(usePanelStore.getState())).toBe(true);
    // A move keeps the answer (carried over, not worked out again from everyone).
    fake.move.mockResolvedValue(changed([person('a', 1, { businessUnit: 'Policy', moderatedMarking: 'High Performing' })], 'moved'));
    await usePanelStore.getState().move('a', 'High Performing', 'x');
    expect(departmentAvailable(usePanelStore.getState())).toBe(true);
    // A change that leaves one business unit takes the view away.
    fake.move.mockResolvedValue(changed([person('b', 2, { businessUnit: 'Policy' })], 'moved'));
    await usePanelStore.getState().move('b', 'Achieving', 'x');
    expect(departmentAvailable(usePanelStore.getState())).toBe(false);
  });

  it('shows and announces a refusal, and announces it again when it happens again', async () => {
    const refusal = { ok: false as const, error: { code: 'rule', message: 'Person a cannot be placed above Achieving' } };
    fake.move.mockResolvedValue(refusal);
    await usePanelStore.getState().move('a', 'Exceeding');
    const first = usePanelStore.getState().announcementId;
    await usePanelStore.getState().move('a', 'Exceeding');
    const state = usePanelStore.getState();
    expect(state.error).toBe('Person a cannot be placed above Achieving');
    expect(state.announcement).toBe('Person a cannot be placed above Achieving');
    expect(state.announcementId).toBe(first + 1);
    expect(state.peopleById.a?.moderatedMarking).toBe('Achieving');
  });

  it('re-reads the panel when a change is refused because it was finalised elsewhere', async () => {
    fake.move.mockResolvedValue({ ok: false, error: { code: 'finalised', message: 'The panel was finalised' } });
    fake.getPanel.mockResolvedValue({
      ok: true,
      value: { panel: { ...panel, status: 'finalised' }, fileName: 'test.modpanel', people: [person('a', 1)], discussion: {}, canUndo: false, canRedo: false },
    } satisfies Result<PanelSnapshot>);
    await usePanelStore.getState().move('a', 'High Performing', 'x');
    await vi.waitFor(() => expect(usePanelStore.getState().panel?.status).toBe('finalised'));
    expect(usePanelStore.getState().error).toBe('The panel was finalised');
  });

  it('sends undo as the current actor, who is remembered on this machine', async () => {
    usePanelStore.getState().setActor({ name: 'Dr Jane Chair', role: 'chair' });
    fake.undo.mockResolvedValue(changed([person('a', 1)], 'Undid move for Person a'));
    await usePanelStore.getState().undo();
    expect(fake.undo).toHaveBeenCalledWith({ actor: { name: 'Dr Jane Chair', role: 'chair', seenThrough: 7 } });
    expect(JSON.parse(saved.get('modpanel-actor')!)).toEqual({ name: 'Dr Jane Chair', role: 'chair' });
  });

  it('sends with each change the newest change from elsewhere it has shown, and reloads when refused for it', async () => {
    expect(usePanelStore.getState()).toMatchObject({ externalVersion: 7, encrypted: false });
    fake.move.mockResolvedValue({ ok: false, error: { code: 'changed_elsewhere', message: 'Person a was changed by Pat Chair with modpanel' } });
    fake.getPanel.mockResolvedValue(snapshot([person('a', 1, { moderatedMarking: 'Partially Met' }), person('b', 2), person('c', 3)], { externalVersion: 9 }));
    await usePanelStore.getState().move('a', 'High Performing', 'x');
    expect(fake.move).toHaveBeenCalledWith(expect.objectContaining({ actor: expect.objectContaining({ seenThrough: 7 }) }));
    await vi.waitFor(() => expect(usePanelStore.getState().externalVersion).toBe(9));
    expect(usePanelStore.getState().peopleById.a?.moderatedMarking).toBe('Partially Met');
    expect(usePanelStore.getState().error).toBe('Person a was changed by Pat Chair with modpanel');
  });

  it('offers to send a change again when the panel was busy elsewhere', async () => {
    fake.move.mockResolvedValueOnce({ ok: false, error: { code: 'busy', message: 'The panel is busy in modpanel (the command line)' } });
    await usePanelStore.getState().move('a', 'High Performing', 'x');
    const retry = usePanelStore.getState().retry;
    expect(retry).not.toBeNull();
    fake.move.mockResolvedValueOnce(changed([person('a', 4, { moderatedMarking: 'High Performing' })], 'Person a moved to High Performing'));
    await retry!();
    expect(usePanelStore.getState()).toMatchObject({ error: null, retry: null });
    expect(usePanelStore.getState().peopleById.a?.moderatedMarking).toBe('High Performing');
  });

  it('waits for the passphrase when the panel is locked', async () => {
    fake.lockState.mockResolvedValue({ ok: true, value: { locked: true } });
    fake.getPanel.mockClear();
    await usePanelStore.getState().load();
    expect(usePanelStore.getState().status).toBe('locked');
    expect(fake.getPanel).not.toHaveBeenCalled();
  });

  it('shows the import wizard for a new panel waiting for it, before any panel open behind it', async () => {
    fake.newPanelDraft.mockResolvedValue({ ok: true, value: { fileName: 'people.csv', targetName: 'people.modpanel' } });
    fake.getPanel.mockClear();
    await usePanelStore.getState().load();
    expect(usePanelStore.getState().status).toBe('new_panel');
    expect(fake.getPanel).not.toHaveBeenCalled();
  });
});
