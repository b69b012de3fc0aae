// The window's state: the open panel's snapshot, who is acting, and the actions that go through the
// contract. A change replaces only the people it touched, so a drop does not re-render every card.

import { create } from 'zustand';
import type { ApiName, ApiRequest, ApiResponses, ChangeResult, PanelSnapshot, Result } from '../shared/contract';
import type { Actor, BoxMarking, FinanceObjective, FlagKind, Panel, Person } from '../shared/domain';
import type { DiscussionReason } from '../shared/rules';
import { api } from './api';
import { changeWords } from './components/changeWords';
import { carryDepartmentAnswer } from './department/available';

export type View = 'grid' | 'table' | 'history' | 'import' | 'export' | 'breakdowns' | 'record' | 'department' | 'midyear';

/** What the chair chooses to put on the projector besides the grid. */
export interface PresentationShows {
  /** Job titles, line managers and reasons, hidden while names are initials. */
  details: boolean;
  /** The fairness check, hidden in presentation mode. */
  fairness: boolean;
}

/** The visible echo of the last thing done (a move, an undo), with the way back beside it. */
export interface Notice {
  id: number;
  text: string;
  /** The command offered beside the words: Redo after an undo (the header's Undo is always there). */
  offer: 'redo' | null;
}

/** Why HR's view never goes on the projector: it shows groups below the small-number threshold. */
export const HR_NOT_PROJECTED =
  'HR’s view cannot be projected: it shows every figure, including groups smaller than the panel’s small-number threshold, which the room must not see.';

export interface PanelState {
  /** 'locked': the panel waits for its passphrase (or a new panel for its protection): trust/UnlockScreen asks. */
  status: 'loading' | 'ready' | 'error' | 'locked' | 'new_panel';
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
  presentationShows: PresentationShows;
  notice: Notice | null;
  /** The discussion queue rail beside the grid is open (it folds to a narrow strip). */
  railOpen: boolean;

  load(): Promise<void>;
  /** False (and says why) when the change is refused: HR is never projected. */
  setActor(actor: Actor): boolean;
  setView(view: View): void;
  /** False (and says why) when refused: HR's view is never projected. */
  setPresentation(on: boolean): boolean;
  setPresentationShow(what: keyof PresentationShows, on: boolean): void;
  /**
   * Shows `text` in the visible notice, with an undo or redo beside it, and says it in the live region unless
   * `announce` is false (the host's own words were just announced).
   */
  notify(text: string, offer?: Notice['offer'], announce?: boolean): void;
  dismissNotice(): void;
  setRailOpen(open: boolean): void;
  setInitialsOnly(on: boolean): void;
  select(staffId: string | null): void;
  clearError(): void;
  /** Says something in the live region (and nothing else). */
  announce(message: string): void;
  /** A refusal decided in the window (a rule, a read-only panel): shown and announced like the host's. */
  refuse(message: string): void;
  /** Whether the panel file is encrypted (null until known): the window says "Not encrypted" when it is not. */
  encrypted: boolean | null;
  /** The newest change made elsewhere (another window, the CLI) that this window shows. */
  externalVersion: number;
  /** After a refusal because the panel was busy elsewhere: sends the same request again. */
  retry: (() => Promise<unknown>) | null;
  /** Reloads the panel (after a change made elsewhere). */
  refresh(): Promise<void>;
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

/**
 * The box order after a few people's sort keys changed: each taken out and put back in its place (a binary
 * search), so a move at 10,000 people costs a splice, not a sort of everyone.
 */
export function orderAfter(order: readonly string[], peopleById: Readonly<Record<string, Person>>, changed: readonly Person[]): string[] {
  if (changed.length > 8 || changed.some((p) => !order.includes(p.staffId))) return orderOf(peopleById as Record<string, Person>);
  const ids = new Set(changed.map((p) => p.staffId));
  const next = order.filter((id) => !ids.has(id));
  const before = (a: Person, b: Person) => a.sortKey - b.sortKey || (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0);
  for (const person of changed) {
    let low = 0;
    let high = next.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (before(peopleById[next[mid]!]!, person) < 0) low = mid + 1;
      else high = mid;
    }
    next.splice(low, 0, person.staffId);
  }
  return next;
}

/** The people merged into the store's copy, and the order if any sort key moved. */
function mergePeople(state: Pick<PanelState, 'peopleById' | 'order'>, people: readonly Person[]): Pick<PanelState, 'peopleById' | 'order'> {
  const peopleById = { ...state.peopleById };
  const moved: Person[] = [];
  for (const p of people) {
    const old = peopleById[p.staffId];
    if (!old || old.sortKey !== p.sortKey) moved.push(p);
    peopleById[p.staffId] = p;
  }
  carryDepartmentAnswer(state.peopleById, peopleById, people, (staffId) => state.peopleById[staffId]?.businessUnit);
  return { peopleById, order: moved.length > 0 ? orderAfter(state.order, peopleById, moved) : state.order };
}

export function applySnapshot(
  snapshot: PanelSnapshot,
): Pick<PanelState, 'panel' | 'fileName' | 'peopleById' | 'order' | 'discussion' | 'canUndo' | 'canRedo' | 'encrypted' | 'externalVersion'> {
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
    encrypted: snapshot.encrypted ?? null,
    externalVersion: snapshot.externalVersion ?? 0,
  };
}

type LoadAnswers = [Awaited<ReturnType<typeof api.lockState>>, Awaited<ReturnType<typeof api.newPanelDraft>>, Awaited<ReturnType<typeof api.getPanel>>];

/**
 * What opening the window asks the host: whether the panel waits for its passphrase and whether a new panel
 * waits for the import wizard, both at once; then, only when neither waits, the panel itself (never a panel
 * that is locked or that stands behind a new one).
 */
async function askToOpen(actorName: string): Promise<LoadAnswers> {
  const [lock, draft] = await Promise.all([api.lockState({}), api.newPanelDraft({})]);
  if ((lock.ok && lock.value.locked) || (draft.ok && draft.value !== null)) {
    return [lock, draft, { ok: false, error: { code: 'not_asked', message: 'The panel was not asked for' } }];
  }
  return [lock, draft, await api.getPanel({ actorName })];
}

/** The first opening's answers, asked for as soon as the window's code runs (main.tsx), before React draws. */
let firstOpening: Promise<LoadAnswers> | null = null;

export function openPanelEarly(): void {
  firstOpening ??= askToOpen(savedActor().name);
}

export const usePanelStore = create<PanelState>((set, get) => {
  /**
   * Sends a change and merges the people it returns; refusals land in `error`. `guess`: the people as the
   * change will leave them, shown at once (a drop is on screen before the host answers) and put back as they
   * were if the host refuses.
   */
  async function change<K extends ApiName>(name: K, request: ApiRequest<K>, guess?: Person[]): Promise<Result<ChangeResult>> {
    const send = api[name] as (r: ApiRequest<K>) => Promise<Result<ApiResponses[K]>>;
    const was = guess?.map((p) => get().peopleById[p.staffId]).filter((p): p is Person => p !== undefined) ?? [];
    if (guess && guess.length > 0) set((state) => mergePeople(state, guess));
    // The change carries the newest change from elsewhere this window has shown: the host refuses to let it
    // overwrite someone changed since (never a lost update).
    const sent = 'actor' in (request as object) ? { ...request, actor: { ...(request as { actor: Actor }).actor, seenThrough: get().externalVersion } } : request;
    const result = (await send(sent as ApiRequest<K>)) as Result<ChangeResult>;
    if (!result.ok) {
      const retry = result.error.code === 'busy' ? () => change(name, request, guess) : null;
      // The guess is taken back wherever it is still what the store shows.
      const undone = was.filter((p) => guess?.some((g) => g.staffId === p.staffId && get().peopleById[p.staffId] === g));
      set((state) => ({
        ...(undone.length > 0 ? mergePeople(state, undone) : {}),
        error: result.error.message,
        announcement: result.error.message,
        announcementId: state.announcementId + 1,
        retry,
      }));
      // Someone finalised the panel, or changed this person, from elsewhere: show the latest without losing the message.
      if (result.error.code === 'finalised' || result.error.code === 'changed_elsewhere') void refreshPanel();
      if (result.error.code === 'locked') void get().load();
      return result;
    }
    const value = result.value;
    set((state) => {
      const { peopleById, order } = mergePeople(state, value.people);
      const discussion = { ...state.discussion };
      for (const [id, reasons] of Object.entries(value.discussion)) {
        if (reasons.length) discussion[id] = reasons;
        else delete discussion[id];
      }
      return {
        peopleById,
        order,
        discussion,
        canUndo: value.canUndo,
        canRedo: value.canRedo,
        announcement: value.announcement,
        announcementId: state.announcementId + 1,
        error: null,
        retry: null,
      };
    });
    return result;
  }

  async function refreshPanel(): Promise<void> {
    const result = await api.getPanel({ actorName: get().actor.name });
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
    presentationShows: { details: false, fairness: false },
    notice: null,
    railOpen: true,
    encrypted: null,
    externalVersion: 0,
    retry: null,
    refresh: refreshPanel,

    async load() {
      const early = firstOpening;
      firstOpening = null;
      const [lock, draft, result] = await (early ?? askToOpen(get().actor.name));
      // An encrypted panel waits for its passphrase: the window asks before anything else.
      if (lock.ok && lock.value.locked) {
        set({ status: 'locked', loadError: null });
        return;
      }
      // A new panel from HR's file waits for the import wizard (views/NewPanelFromFile.tsx) before anything else.
      if (draft.ok && draft.value !== null) {
        set({ status: 'new_panel', loadError: null });
        return;
      }
      if (!result.ok && result.error.code === 'locked') {
        set({ status: 'locked', loadError: null });
        return;
      }
      if (!result.ok) {
        set({ status: 'error', loadError: result.error.message });
        return;
      }
      set({ status: 'ready', loadError: null, ...applySnapshot(result.value) });
    },
    setActor(actor) {
      if (get().presentation && actor.role === 'hr') {
        get().refuse(`${HR_NOT_PROJECTED} Leave presentation mode (Alt+P) to work as HR.`);
        return false;
      }
      localStorage.setItem(ACTOR_KEY, JSON.stringify(actor));
      set({ actor });
      // Undo is per person: the Undo button now speaks for the new person.
      if (get().status === 'ready') void refreshPanel();
      return true;
    },
    // The person panel belongs to the view it was opened in (beside the grid, over the table): a new view starts without it.
    setView: (view) => set((state) => (state.view === view ? {} : { view, selectedStaffId: null })),
    setPresentation: (presentation) => {
      if (presentation && get().actor.role === 'hr') {
        get().refuse(`${HR_NOT_PROJECTED} Change who you are to the chair or a panel member first.`);
        return false;
      }
      set({ presentation });
      return true;
    },
    setPresentationShow: (what, on) => set((state) => ({ presentationShows: { ...state.presentationShows, [what]: on } })),
    notify: (text, offer = null, announce = true) =>
      set((state) => ({
        notice: { id: (state.notice?.id ?? 0) + 1, text, offer },
        ...(announce ? { announcement: text, announcementId: state.announcementId + 1 } : {}),
      })),
    dismissNotice: () => set({ notice: null }),
    setRailOpen: (railOpen) => set({ railOpen }),
    setInitialsOnly: (initialsOnly) => set({ initialsOnly }),
    select: (selectedStaffId) => set({ selectedStaffId }),
    clearError: () => set({ error: null, retry: null }),
    announce: (message) => set((state) => ({ announcement: message, announcementId: state.announcementId + 1 })),
    refuse: (message) => set((state) => ({ error: message, announcement: message, announcementId: state.announcementId + 1 })),
    setPanel: (panel) => set({ panel }),
    move: (staffId, to, reason, acknowledgeNoCorporateContribution, corporateContributionEvidence) => {
      // Shown in its new box at once, at its place as it stands (its job-weight place unless it was ranked by hand).
      const person = get().peopleById[staffId];
      const guess = person
        ? [{ ...person, moderatedMarking: to, changeReason: to === person.provisionalMarking ? null : (reason ?? person.changeReason) }]
        : undefined;
      return change(
        'move',
        {
          actor: get().actor,
          staffId,
          to,
          ...(reason !== undefined ? { reason } : {}),
          ...(acknowledgeNoCorporateContribution ? { acknowledgeNoCorporateContribution } : {}),
          ...(corporateContributionEvidence ? { corporateContributionEvidence } : {}),
        },
        guess,
      );
    },
    recordContribution: (staffId, text) => change('recordContribution', { actor: get().actor, staffId, text }),
    reorder: (staffId, afterStaffId) => change('reorder', { actor: get().actor, staffId, afterStaffId }),
    flag: (staffId, kind, text) => change('flag', { actor: get().actor, staffId, kind, text }),
    unflag: (staffId, kind) => change('unflag', { actor: get().actor, staffId, kind }),
    setFinance: (staffId, objective, note) => change('setFinance', { actor: get().actor, staffId, objective, note }),
    addNote: (staffId, text) => change('addNote', { actor: get().actor, staffId, text }),
    undo: async () => {
      const before = get().peopleById;
      const result = await change('undo', { actor: get().actor });
      if (result.ok) get().notify(changeWords('Undid', before, result.value.people, result.value.announcement), 'redo');
      return result;
    },
    redo: async () => {
      const before = get().peopleById;
      const result = await change('redo', { actor: get().actor });
      if (result.ok) get().notify(changeWords('Redid', before, result.value.people, result.value.announcement));
      return result;
    },
  };
});
