// What may go on the projector. With names as initials, no full name appears anywhere on screen: cards,
// dialogs, banners, the person panel, the notice, the queue. Job titles, line managers and reasons are
// hidden too unless the chair shows them. Text that comes from the host (a refusal naming people) is
// rewritten here, so every message is covered, not just the ones built in the window.

import { useCallback } from 'react';
import type { Person } from '../../shared/domain';
import { initialsOf } from '../grid/boxes';
import { usePanelStore, type PanelState } from '../store';

const namesCache = new WeakMap<Readonly<Record<string, Person>>, { names: string[]; initials: Map<string, string> }>();

function namesOf(peopleById: Readonly<Record<string, Person>>) {
  let cached = namesCache.get(peopleById);
  if (!cached) {
    const initials = new Map<string, string>();
    for (const person of Object.values(peopleById)) if (person.name.trim() !== '') initials.set(person.name, initialsOf(person.name));
    // Longest first, so "Ann Lee-Smith" is replaced before "Ann Lee".
    cached = { names: [...initials.keys()].sort((a, b) => b.length - a.length), initials };
    namesCache.set(peopleById, cached);
  }
  return cached;
}

/** `text` with every panel member's full name replaced by their initials. */
export function withInitials(text: string, peopleById: Readonly<Record<string, Person>>): string {
  if (text === '') return text;
  const { names, initials } = namesOf(peopleById);
  let result = text;
  for (const name of names) if (result.includes(name)) result = result.split(name).join(initials.get(name)!);
  return result;
}

export const initialsOnScreen = (s: PanelState): boolean => s.presentation && s.initialsOnly;

/** Job titles, line managers and reasons are on screen (always, except with initials unless the chair shows them). */
export const detailsOnScreen = (s: PanelState): boolean => !(s.presentation && s.initialsOnly) || s.presentationShows.details;

/** A function that makes any text safe for the screen as it is now (names as initials when asked). */
export function useOnScreen(): (text: string) => string {
  const on = usePanelStore(initialsOnScreen);
  const peopleById = usePanelStore((s) => (on ? s.peopleById : null));
  return useCallback((text: string) => (peopleById ? withInitials(text, peopleById) : text), [peopleById]);
}

/** The same, outside React (announcements, drag messages). */
export function onScreenNow(text: string): string {
  const state = usePanelStore.getState();
  return initialsOnScreen(state) ? withInitials(text, state.peopleById) : text;
}

/** One person's name as the screen shows it now. */
export function shownName(person: Pick<Person, 'name'>, initials: boolean): string {
  return initials ? initialsOf(person.name) : person.name;
}

const MANAGER_REASON = /^Every provisional marking from (.+) is Exceeding or High Performing$/;

/** A discussion reason as the screen shows it: without the line manager's name while details are hidden. */
export function reasonOnScreen(text: string, hideDetails: boolean): string {
  return hideDetails ? text.replace(MANAGER_REASON, 'Every provisional marking from their line manager is Exceeding or High Performing') : text;
}
