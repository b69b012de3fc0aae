// How the fairness views write numbers: counts and percentages with "[c]" for hidden groups, ratios,
// p-values, durations, and the words for each flag (so a flag is never marked by colour alone).

import type { BoxMarking } from '../../shared/domain';
import {
  FOUR_FIFTHS,
  LIKELIHOOD_RANGE,
  NOT_APPLICABLE_CELL,
  SUPPRESSED_CELL,
  displayCell,
  displayPercentCell,
  formatHalfUp,
  formatPValue,
  formatRatio,
} from '../../shared/stats';

export { SUPPRESSED_CELL, NOT_APPLICABLE_CELL };

export const BOX_COLOUR: Record<BoxMarking, string> = {
  Exceeding: 'var(--box-exceeding)',
  'High Performing': 'var(--box-high-performing)',
  Achieving: 'var(--box-achieving)',
  'Partially Met': 'var(--box-partially-met)',
};

export const BOX_CLASS: Record<BoxMarking, string> = {
  Exceeding: 'swatch-exceeding',
  'High Performing': 'swatch-high-performing',
  Achieving: 'swatch-achieving',
  'Partially Met': 'swatch-partially-met',
};

interface SizedGroup {
  suppressed: boolean;
  n: number | null;
  counts: Record<BoxMarking, number> | null;
}

/**
 * A group is hidden only in the shared copy; in HR's copy `suppressed` marks the groups that others
 * see as "[c]" while the numbers are still there.
 */
export function hiddenIn(audience: 'hr' | 'shared', group: { suppressed: boolean }): boolean {
  return audience === 'shared' && group.suppressed;
}

/** "5 (14%)" or "[c]". */
export function countAndPercent(audience: 'hr' | 'shared', group: SizedGroup, box: BoxMarking): string {
  const view = { ...group, suppressed: hiddenIn(audience, group) };
  const count = displayCell(view, group.counts?.[box]);
  if (view.suppressed || group.counts === null) return count;
  return `${count} (${displayPercentCell(view, box)})`;
}

export function numberCell(hidden: boolean, value: number | null | undefined, format: (v: number) => string = String): string {
  return displayCell({ suppressed: hidden }, value, format);
}

export const percentOfRate = (rate: number): string => `${formatHalfUp(rate * 100, 0)}%`;
export const ratioText = (value: number): string => formatRatio(value);
export const pText = (p: number): string => formatPValue(p).replace(/^p [=<] ?/, (m) => (m.startsWith('p <') ? '< ' : ''));

/** "45 s", "2 min 05 s". */
export function durationText(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  return `${minutes} min ${String(whole % 60).padStart(2, '0')} s`;
}

export const IMPACT_RULE = `below ${FOUR_FIFTHS.toFixed(2)} of the highest group`;
export const LIKELIHOOD_RULE = `outside ${LIKELIHOOD_RANGE.low.toFixed(2)}–${LIKELIHOOD_RANGE.high.toFixed(2)} of the reference group`;

/** "14:05" in the viewer's local time. */
export function clockTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
