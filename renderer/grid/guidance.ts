// The expected distribution, shown beside each box and never enforced (paras 19, 80, 84, 88; Annex D 2):
// the largest share in Achieving and roughly 5% in Partially Met. No other figure is given, so none is shown.

import type { BoxMarking } from '../../shared/domain';

export interface BoxGuidance {
  /** Short words under the box heading. */
  text: string;
  /** A marker on the share bar, when the framework gives a figure. */
  markerPercent: number | null;
}

export const BOX_GUIDANCE: Record<BoxMarking, BoxGuidance> = {
  Exceeding: { text: 'Corporate contribution needed', markerPercent: null },
  'High Performing': { text: 'No expected share', markerPercent: null },
  Achieving: { text: 'Largest share expected', markerPercent: null },
  'Partially Met': { text: 'About 5% expected', markerPercent: 5 },
};

export const GUIDANCE_NOTE =
  'Guidance, not a quota: the framework expects the largest share in Achieving and roughly 5% in Partially Met, with no forced distribution. Manager recommendations should not be changed just to fit the curve (para 81).';

/** A plain-words comparison with the guide for one box, or null when there is nothing to say. */
export function guidanceStatus(box: BoxMarking, counts: Record<BoxMarking, number>, inBoxes: number): string | null {
  if (inBoxes === 0) return null;
  if (box === 'Achieving') {
    const largest = Math.max(...Object.values(counts));
    return counts.Achieving === largest ? 'largest now' : 'not the largest now';
  }
  return null;
}
