// Who goes where on the grid: the four boxes in sort-key order, the people listed apart, and the counts
// the box headings show. Pure, so the store's data can be checked against it without a window.

import { BOX_MARKINGS, type BoxMarking, type Person } from '../../shared/domain';
import type { DiscussionReason } from '../../shared/rules';

export type ShowOnly = 'everyone' | 'flagged' | 'changed' | 'suggested';

export interface GridFilters {
  /** '' = every grade. */
  grade: string;
  /** '' = every business unit. */
  businessUnit: string;
  search: string;
  show: ShowOnly;
}

export const NO_FILTERS: GridFilters = { grade: '', businessUnit: '', search: '', show: 'everyone' };

export interface GridLayout {
  /** Staff ids shown in each box, in sort-key order. */
  boxes: Record<BoxMarking, string[]>;
  /** Everyone in each box within the grade and business unit chosen (search and "show only" narrow the cards, not the counts). */
  counts: Record<BoxMarking, number>;
  /** Eligible people in boxes within the grade and business unit: the base of the percentages. */
  inBoxes: number;
  /** Eligible but with no marking yet. */
  notMarked: string[];
  /** Listed apart, not moderated here (paras 69-70): `eligibility` on each person says why. */
  ineligible: string[];
  /** Cards hidden by the search or "show only". */
  hidden: number;
}

export function isChanged(person: Person): boolean {
  return person.moderatedMarking !== null && person.moderatedMarking !== person.provisionalMarking;
}

function inScope(person: Person, filters: GridFilters): boolean {
  if (filters.grade && person.grade !== filters.grade) return false;
  if (filters.businessUnit && person.businessUnit !== filters.businessUnit) return false;
  return true;
}

/** What the search box matches against, worked out once per person (a search runs over everyone per key). */
const searchText = new WeakMap<Person, string>();

function searchable(person: Person): string {
  let text = searchText.get(person);
  if (text === undefined) {
    text = `${person.name.toLocaleLowerCase('en-GB')}\u0000${person.staffId.toLowerCase()}`;
    searchText.set(person, text);
  }
  return text;
}

function needleOf(filters: GridFilters): string {
  return filters.search.trim().toLocaleLowerCase('en-GB');
}

function shown(person: Person, filters: GridFilters, discussion: Record<string, DiscussionReason[]>, needle = needleOf(filters)): boolean {
  if (needle && !searchable(person).includes(needle)) return false;
  switch (filters.show) {
    case 'flagged':
      return person.flags.length > 0;
    case 'changed':
      return isChanged(person);
    case 'suggested':
      return (discussion[person.staffId]?.length ?? 0) > 0;
    default:
      return true;
  }
}

export function layoutGrid(
  order: readonly string[],
  peopleById: Readonly<Record<string, Person>>,
  discussion: Record<string, DiscussionReason[]>,
  filters: GridFilters,
): GridLayout {
  const boxes = Object.fromEntries(BOX_MARKINGS.map((b) => [b, [] as string[]])) as Record<BoxMarking, string[]>;
  const counts = Object.fromEntries(BOX_MARKINGS.map((b) => [b, 0])) as Record<BoxMarking, number>;
  const notMarked: string[] = [];
  const ineligible: string[] = [];
  let inBoxes = 0;
  let hidden = 0;
  // Most of the time nothing narrows the cards: then no one needs checking against the search.
  const needle = needleOf(filters);
  const narrowing = needle !== '' || filters.show !== 'everyone';
  const scoped = filters.grade !== '' || filters.businessUnit !== '';
  for (const staffId of order) {
    const person = peopleById[staffId];
    if (!person || (scoped && !inScope(person, filters))) continue;
    const visible = !narrowing || shown(person, filters, discussion, needle);
    if (!visible) hidden += 1;
    if (!person.eligible) {
      if (visible) ineligible.push(staffId);
    } else if (person.moderatedMarking === null) {
      if (visible) notMarked.push(staffId);
    } else {
      counts[person.moderatedMarking] += 1;
      inBoxes += 1;
      if (visible) boxes[person.moderatedMarking].push(staffId);
    }
  }
  return { boxes, counts, inBoxes, notMarked, ineligible, hidden };
}

/** Whether the filters show this person's card. */
export function isShown(person: Person, filters: GridFilters, discussion: Record<string, DiscussionReason[]>): boolean {
  return inScope(person, filters) && shown(person, filters, discussion);
}

/** The distinct values of a field, sorted for a filter's options. */
export function distinctValues(peopleById: Readonly<Record<string, Person>>, field: 'grade' | 'businessUnit'): string[] {
  const values = new Set<string>();
  for (const person of Object.values(peopleById)) if (person[field]) values.add(person[field]);
  return [...values].sort((a, b) => a.localeCompare(b, 'en-GB', { numeric: true }));
}

/** "A. P." for "Aisha Patel": what the projector shows when names are hidden. */
export function initialsOf(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((part) => /\p{L}/u.test(part))
    .map((part) => `${[...part.replace(/^[^\p{L}]+/u, '')][0]?.toLocaleUpperCase('en-GB') ?? ''}.`)
    .join(' ');
}

/** Where to anchor a reorder that puts `staffId` one place up or down among the ids shown. */
export function reorderAnchor(ids: readonly string[], staffId: string, direction: 'up' | 'down'): { afterStaffId: string | null } | null {
  const index = ids.indexOf(staffId);
  if (index === -1) return null;
  if (direction === 'up') {
    if (index === 0) return null;
    return { afterStaffId: index >= 2 ? ids[index - 2]! : null };
  }
  if (index >= ids.length - 1) return null;
  return { afterStaffId: ids[index + 1]! };
}

/** The anchor for a drop that takes `staffId` from `from` to `to` within the same list (dnd-kit indices). */
export function dropAnchor(ids: readonly string[], from: number, to: number): string | null {
  if (to > from) return ids[to]!;
  return to > 0 ? ids[to - 1]! : null;
}
