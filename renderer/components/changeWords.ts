// What an undo or a redo did, in the room's words: "Undid: Priya Raman back to Achieving". Worked out from
// the person before and after, so it says what the screen now shows rather than an event's name.

import { FLAG_LABELS, type Person } from '../../shared/domain';

/** One person's change, from `before` to `after`, as the end of "Undid: …". */
function what(before: Person, after: Person, verb: 'Undid' | 'Redid'): string | null {
  const name = after.name;
  const back = verb === 'Undid' ? 'back ' : '';
  if (before.moderatedMarking !== after.moderatedMarking) {
    return after.moderatedMarking === null ? `${name} ${back}to not marked` : `${name} ${back}to ${after.moderatedMarking}`;
  }
  const added = after.flags.filter((f) => !before.flags.some((b) => b.kind === f.kind));
  const removed = before.flags.filter((f) => !after.flags.some((a) => a.kind === f.kind));
  if (added.length > 0) return `${FLAG_LABELS[added[0]!.kind]} flag ${verb === 'Undid' ? 'back on' : 'on'} ${name}`;
  if (removed.length > 0) return `${FLAG_LABELS[removed[0]!.kind]} flag off ${name}`;
  if (before.financeObjective !== after.financeObjective || before.financeNote !== after.financeNote) {
    return `${name}’s finance objective ${back}to ${after.financeObjective}`;
  }
  if ((before.corporateContributionEvidence ?? '') !== (after.corporateContributionEvidence ?? '')) {
    return after.corporateContributionEvidence ? `corporate contribution ${back}on record for ${name}` : `corporate contribution cleared for ${name}`;
  }
  if (before.sortKey !== after.sortKey) {
    return `${name} ${verb === 'Undid' ? 'back to their earlier place' : 'to their new place'} in ${after.moderatedMarking ?? 'the list'}`;
  }
  return null;
}

/**
 * "Undid: Priya Raman back to Achieving" from the people as they were (`before`, by staff id) and as the
 * host returned them; `fallback` (the host's own words) when nothing visible changed.
 */
export function changeWords(verb: 'Undid' | 'Redid', before: Readonly<Record<string, Person>>, after: readonly Person[], fallback: string): string {
  for (const person of after) {
    const old = before[person.staffId];
    if (!old) continue;
    const words = what(old, person, verb);
    if (words) return `${verb}: ${words}`;
  }
  return fallback;
}
