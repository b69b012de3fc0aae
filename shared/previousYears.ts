// Previous years (issue 8): each person's marking last year and the year before, the trend a card shows,
// and movement against last year by group. The framework says nothing about markings across years, so all
// of this informs the panel; the "again" suggestions (shared/rules.ts sameAsLastYear) are the tool's own.

import { markingIndex, type Person } from './domain';
import { characteristicLabel, characteristicValue, describeGroup } from './fairness';
import { computeMovement, explainMovement, suppressMovement, type MovementResult } from './stats';

/**
 * What a card says about the trend: "↑ from Achieving" when this year's marking is above last year's,
 * "↓ from Exceeding" below it, "= last year" when the same; null when last year is not known.
 */
export function trendText(person: Pick<Person, 'moderatedMarking' | 'provisionalMarking' | 'previousMarking1'>): string | null {
  const last = person.previousMarking1 ?? null;
  const current = person.moderatedMarking ?? person.provisionalMarking;
  if (last === null || current === null) return null;
  const change = markingIndex(last) - markingIndex(current);
  if (change > 0) return `↑ from ${last}`;
  if (change < 0) return `↓ from ${last}`;
  return '= last year';
}

/** The same trend in words a screen reader says well. */
export function trendWords(person: Pick<Person, 'moderatedMarking' | 'provisionalMarking' | 'previousMarking1' | 'previousMarking2'>): string | null {
  const last = person.previousMarking1 ?? null;
  const current = person.moderatedMarking ?? person.provisionalMarking;
  if (last === null || current === null) return null;
  const change = markingIndex(last) - markingIndex(current);
  const before = person.previousMarking2 ? `; ${person.previousMarking2} the year before` : '';
  return `${change > 0 ? 'Up' : change < 0 ? 'Down' : 'Same'} from last year’s ${last}${before}`;
}

type Member = Pick<
  Person,
  'staffId' | 'eligible' | 'grade' | 'lineManager' | 'characteristics' | 'provisionalMarking' | 'moderatedMarking' | 'midYearMarking' | 'q1Marking' | 'q2Marking' | 'q3Marking' | 'previousMarking1'
>;

export interface LastYearMovement {
  characteristic: string;
  characteristicLabel: string;
  /** People eligible here with a marking last year. */
  withLastYear: number;
  /** "Moved up" here means a better box this year than last; "moved down" a worse one. */
  movement: MovementResult;
  explanations: string[];
}

/** Movement against last year by group: last year's moderated marking against this year's moderated one. */
export function lastYearMovement(
  people: readonly Member[],
  options: { characteristic: string; threshold: number; audience: 'hr' | 'shared'; notComparedGroups?: readonly string[]; referenceGroup?: string | null },
): LastYearMovement {
  const eligible = people.filter((p) => p.eligible);
  let movement = computeMovement(
    eligible.map((p) => ({ group: characteristicValue(p, options.characteristic), provisional: p.previousMarking1 ?? null, moderated: p.moderatedMarking })),
    {
      characteristic: options.characteristic,
      threshold: options.threshold,
      ...(options.notComparedGroups ? { notComparedGroups: options.notComparedGroups } : {}),
      ...(options.referenceGroup ? { referenceGroup: options.referenceGroup } : {}),
    },
  );
  if (options.audience === 'shared') movement = suppressMovement(movement);
  const label = characteristicLabel(options.characteristic);
  // explainMovement speaks of moderation; here the comparison is with last year.
  // The table shows counts only, so of the notes on what is withheld only the one on hidden cells applies.
  const explanations = explainMovement(movement, label, describeGroup(options.characteristic))
    .filter((sentence) => !movement.withheld.includes(sentence) || sentence.startsWith('Groups of fewer'))
    .map((sentence) =>
    sentence
      .replace(/left in their provisional box or moved up at moderation/g, 'kept or improved on last year’s box')
      .replace(/moved down at moderation/g, 'marked lower than last year')
      .replace(/their provisional or moderated marking is missing/g, 'they have no marking last year or none this year'),
  );
  return {
    characteristic: options.characteristic,
    characteristicLabel: label,
    withLastYear: eligible.filter((p) => (p.previousMarking1 ?? null) !== null).length,
    movement,
    explanations,
  };
}
