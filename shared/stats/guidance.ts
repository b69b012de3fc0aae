// The distribution beside the guidance curve (paras 19, 80, 84, 88; Annex D 2): the largest share
// in Achieving and roughly 5% Partially Met. Advisory notes only; there is no forced distribution.

import { BOX_MARKINGS, type BoxMarking } from '../domain';
import { type BoxCounts, type BoxShares, boxPercents, boxTotal } from './boxes';
import { formatPercent } from './rounding';

export interface GuidanceOptions {
  /** Expected share of Partially Met (default 0.05). */
  expectedPartiallyMet?: number;
  /**
   * How far from the expected share the tool lets pass before it adds a note (default 0.025, so 2.5%–7.5%).
   * The framework says only "roughly 5%" (paras 19, 80): this band is the tool's own suggestion, and the
   * note says so.
   */
  partiallyMetTolerance?: number;
}

export interface GuidanceComparison {
  n: number;
  /** Exact percentages per box (unrounded). */
  percent: BoxShares;
  notes: string[];
}

/** 2.5 → "2.5", 7.5 → "7.5", 5 → "5". */
function formatPercentPoints(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export function compareWithGuidanceCurve(counts: BoxCounts, options: GuidanceOptions = {}): GuidanceComparison {
  const expected = options.expectedPartiallyMet ?? 0.05;
  const tolerance = options.partiallyMetTolerance ?? 0.025;
  const n = boxTotal(counts);
  const percent = boxPercents(counts, n);
  if (n === 0) return { n, percent, notes: ['There are no markings yet to set beside the guidance curve.'] };

  const notes: string[] = [];
  const shown = (box: BoxMarking): string => formatPercent(counts[box], n);
  const larger = BOX_MARKINGS.filter((box) => box !== 'Achieving' && counts[box] > counts.Achieving);
  const level = BOX_MARKINGS.filter((box) => box !== 'Achieving' && counts[box] === counts.Achieving);
  if (larger.length > 0) {
    const list = larger.map((box) => `${box} (${shown(box)})`).join(' and ');
    notes.push(`Achieving is not the largest box: ${list} ${larger.length > 1 ? 'are' : 'is'} larger than Achieving (${shown('Achieving')}); the guidance expects the largest share in Achieving.`);
  } else if (level.length > 0) {
    notes.push(`Achieving (${shown('Achieving')}) is level with ${level.join(' and ')}; the guidance expects the largest share in Achieving.`);
  }
  const partiallyMetShare = counts['Partially Met'] / n;
  // The slack keeps a share exactly on the edge (1 of 40 = 2.5%) inside despite binary rounding.
  const slack = 1e-12;
  if (partiallyMetShare < expected - tolerance - slack || partiallyMetShare > expected + tolerance + slack) {
    notes.push(
      `Partially Met is ${shown('Partially Met')} against the expected roughly ${Math.round(expected * 100)}% (a suggestion to look: the tool notes shares outside ${formatPercentPoints((expected - tolerance) * 100)}–${formatPercentPoints((expected + tolerance) * 100)}%; the framework gives no band).`,
    );
  }
  if (n < 1 / expected) {
    // One person is then more than the whole expected Partially Met share.
    notes.push(`With ${n} people, one person is ${formatPercent(1, n)} of the distribution, so the curve is only a rough guide here.`);
  }
  return { n, percent, notes };
}
