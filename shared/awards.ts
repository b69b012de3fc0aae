// Award eligibility as the framework words it: the end-year award (para 73, FAQ) and the in-year award
// (para 51, FAQ). Pure; the outcome file, the return and the window all ask these functions.

import type { HighPerformingAwardSetting, Person } from './domain';

export const END_YEAR_AWARDS = ['Eligible', "At department's discretion", 'Not eligible'] as const;
export type EndYearAward = (typeof END_YEAR_AWARDS)[number];
export const IN_YEAR_AWARDS = ['Eligible', 'Not eligible'] as const;
export type InYearAward = (typeof IN_YEAR_AWARDS)[number];

type AwardInput = Pick<Person, 'eligible' | 'moderatedMarking' | 'leftDate' | 'poorPerformanceMeasures'>;

/**
 * End-year award eligibility, or null for someone this panel does not moderate (listed apart: their
 * award is decided where they are moderated).
 *
 * Para 73: "Those SCS who receive an Exceeding box marking are eligible to receive an end-year
 * non-consolidated performance-related payment, although departments have the flexibility to also award
 * 'High Performing' individuals if they see fit." FAQ: "If the individual has left the Civil Service
 * entirely they will not be entitled to any bonus or performance reward". FAQ: "Only those individuals
 * marked as 'Exceeding' and 'High Performing' are eligible for end-year performance bonuses."
 * The framework sets no end-year bar for people on formal poor performance measures, so none is applied.
 */
export function endYearAward(person: AwardInput, highPerforming: HighPerformingAwardSetting): EndYearAward | null {
  if (!person.eligible) return null;
  if (person.leftDate !== null) return 'Not eligible';
  if (person.moderatedMarking === 'Exceeding') return 'Eligible';
  if (person.moderatedMarking === 'High Performing') {
    if (highPerforming === 'yes') return 'Eligible';
    if (highPerforming === 'no') return 'Not eligible';
    return "At department's discretion";
  }
  return 'Not eligible';
}

/**
 * In-year award eligibility. Para 51: "All members of the SCS are eligible for in-year non-consolidated
 * performance-related payments provided they are not on formal poor performance measures." FAQ: a
 * Civil Service leaver is "not entitled to any bonus or performance reward".
 */
export function inYearAward(person: Pick<Person, 'poorPerformanceMeasures' | 'leftDate'>): InYearAward {
  if (person.poorPerformanceMeasures || person.leftDate !== null) return 'Not eligible';
  return 'Eligible';
}
