// The window's state: the open panel's snapshot, who is acting, and the actions that go through the
// contract. A change replaces only the people it touched, so a drop does not re-render every card.

import { create } from 'zustand';
import type { ApiName, ApiRequest, ApiResponses, ChangeResult, PanelSnapshot, Result } from '../shared/contract';
import type { Actor, BoxMarking, FinanceObjective, FlagKind, Panel, Person } from '../shared/domain';
import type { DiscussionReason } from '../shared/rules';
import { api } from './api';

export type View = 'grid' | 'table' | 'history' | 'import' | 'export' | 'breakdowns' | 'record';

export interface PanelState {
  status: 'loading' | 'ready' | 'error';
  loadError: string | null;
  panel: Panel | null;
  fileName: string;
  /** Everyone by staff id; a change swaps one entry so only that card re-renders. */
  peopleById: Record<string, Person>;
  /** Staff ids in box order (sort key). */
  order: string[];
  discussion: Record<string, DiscussionReason[]>;
  canUndo: boolean;
  canRedo: boolean;
  actor: Actor;
  view: View;
  presentation: boolean;
  initialsOnly: boolean;
  selectedStaffId: string | null;
  /** Last thing that happened, for the screen reader live region and the status line. */
  announcement: string;
  /** Bumped on every announcement, so the live region repeats a message that happens twice. */
  announcementId: number;
  /** Last refusal, shown to the person who tried. */
  error: string | null;

  load(): Promise<void>;
  setActor(actor: Actor): void;
  setView(view: View): void;
  setPresentation(on: boolean): void;
  setInitialsOnly(on: boolean): void;
  select(staffId: string | null): void;
  clearError(): void;
  /** Says something in the live region (and nothing else). */
  announce(message: string): void;
  /** A refusal decided in the window (a rule, a read-only panel): shown and announced like the host's. */
  refuse(message: string): void;
  /** After finalising or any other change to the panel record itself. */
  setPanel(panel: Panel): void;
  move(
    staffId: string,
    to: BoxMarking,
    reason?: string,
    acknowledgeNoCorporateContribution?: boolean,
    corporateContributionEvidence?: string,
  ): Promise<Result<ChangeResult>>;
  /** The corporate contribution the panel saw (para 34); empty text clears it. */
  recordContribution(staffId: string, text: string): Promise<Result<ChangeResult>>;
  reorder(staffId: string, afterStaffId: string | null): Promise<Result<ChangeResult>>;
  flag(staffId: string, kind: FlagKind, text: string): Promise<Result<ChangeResult>>;
  unflag(staffId: string, kind: FlagKind): Promise<Result<ChangeResult>>;
  setFinance(staffId: string, objective: FinanceObjective, note: string): Promise<Result<ChangeResult>>;
  addNote(staffId: string, text: string): Promise<Result<ChangeResult>>;
  undo(): Promise<Result<ChangeResult>>;
  redo(): Promise<Result<ChangeResult>>;
}

const ACTOR_KEY = 'modpanel-actor';

function savedActor(): Actor {
  try {
    const saved = JSON.parse(localStorage.getItem(ACTOR_KEY) ?? 'null') as Actor | null;
    if (saved && typeof saved.name === 'string' && saved.name.trim() !== '') return saved;
  } catch {
    // A damaged saved actor falls back to the default.
  }
  return { name: 'Panel chair', role: 'chair' };
}

function orderOf(peopleById: Record<string, Person>): string[] {
  return Object.values(peopleById)
    .sort((a, b) => a.sortKey - b.sortKey || (a.staffId < b.staffId ? -1 : 1))
    .map((p) => p.staffId);
}

export function applySnapshot(snapshot: PanelSnapshot): Pick<PanelState, 'panel' | 'fileName' | 'peopleById' | 'order' | 'discussion' | 'canUndo' | 'canRedo'> {
  const peopleById: Record<string, Person> = {};
  for (const p of snapshot.people) peopleById[p.staffId] = p;
  return {
    panel: snapshot.panel,
    fileName: snapshot.fileName,
    peopleById,
    order: snapshot.people.map((p) => p.staffId),
    discussion: snapshot.discussion,
    canUndo: snapshot.canUndo,
    canRedo: snapshot.canRedo,
  };
}

export const usePanelStore = create<PanelState>((set, get) => {
  /** Sends a change and merges the people it returns; refusals land in `error`. */
  async function change<K extends ApiName>(name: K, request: ApiRequest<K>): Promise<Result<ChangeResult>> {
    const send = api[name] as (r: ApiRequest<K>) => Promise<Result<ApiResponses[K]>>;
    const result = (await send(request)) as Result<ChangeResult>;
    if (!result.ok) {
      set((state) => ({ error: result.error.message, announcement: result.error.message, announcementId: state.announcementId + 1 }));
      // Someone finalised the panel from elsewhere: pick up the read-only status without losing the message.
      if (result.error.code === 'finalised') void refreshPanel();
      return result;
    }
    const value = result.value;
    set((state) => {
      const peopleById = { ...state.peopleById };
      let reordered = false;
      for (const p of value.people) {
        const old = peopleById[p.staffId];
        if (!old || old.sortKey !== p.sortKey) reordered = true;
        peopleById[p.staffId] = p;
      }
      const discussion = { ...state.discussion };
      for (const [id, reasons] of Object.entries(value.discussion)) {
        if (reasons.length) discussion[id] = reasons;
        else delete discussion[id];
      }
      return {
        peopleById,
        order: reordered ? orderOf(peopleById) : state.order,
        discussion,
        canUndo: value.canUndo,
        canRedo: value.canRedo,
        announcement: value.announcement,
        announcementId: state.announcementId + 1,
        error: null,
      };
    });
    return result;
  }

  async function refreshPanel(): Promise<void> {
    const result = await api.getPanel({});
    if (result.ok) set({ ...applySnapshot(result.value) });
  }

  return {
    status: 'loading',
    loadError: null,
    panel: null,
    fileName: '',
    peopleById: {},
    order: [],
    discussion: {},
    canUndo: false,
    canRedo: false,
    actor: savedActor(),
    view: 'grid',
    presentation: false,
    initialsOnly: false,
    selectedStaffId: null,
    announcement: '',
    announcementId: 0,
    error: null,

    async load() {
      const result = await api.getPanel({});
      if (!result.ok) {
        set({ status: 'error', loadError: result.error.message });
        return;
      }
      set({ status: 'ready', loadError: null, ...applySnapshot(result.value) });
    },
    setActor(actor) {
      localStorage.setItem(ACTOR_KEY, JSON.stringify(actor));
      set({ actor });
    },
    setView: (view) => set({ view }),
    setPresentation: (presentation) => set({ presentation }),
    setInitialsOnly: (initialsOnly) => set({ initialsOnly }),
    select: (selectedStaffId) => set({ selectedStaffId }),
    clearError: () => set({ error: null }),
    announce: (message) => set((state) => ({ announcement: message, announcementId: state.announcementId + 1 })),
    refuse: (message) => set((state) => ({ error: message, announcement: message, announcementId: state.announcementId + 1 })),
    setPanel: (panel) => set({ panel }),
    move: (staffId, to, reason, acknowledgeNoCorporateContribution, corporateContributionEvidence) =>
      change('move', {
        actor: get().actor,
        staffId,
        to,
        ...(reason !== undefined ? { reason } : {}),
        ...(acknowledgeNoCorporateContribution ? { acknowledgeNoCorporateContribution } : {}),
        ...(corporateContributionEvidence ? { corporateContributionEvidence } : {}),
      }),
    recordContribution: (staffId, text) => change('recordContribution', { actor: get().actor, staffId, text }),
    reorder: (staffId, afterStaffId) => change('reorder', { actor: get().actor, staffId, afterStaffId }),
    flag: (staffId, kind, text) => change('flag', { actor: get().actor, staffId, kind, text }),
    unflag: (staffId, kind) => change('unflag', { actor: get().actor, staffId, kind }),
    setFinance: (staffId, objective, note) => change('setFinance', { actor: get().actor, staffId, objective, note }),
    addNote: (staffId, text) => change('addNote', { actor: get().actor, staffId, text }),
    undo: () => change('undo', { actor: get().actor }),
    redo: () => change('redo', { actor: get().actor }),
  };
});
