// Where a person in an overall panel came from, in words: the unit panel, its chair, when it was finalised
// and what it decided with its reason (paras 81-84). The outcome's `source_panel` column and the window say it
// the same way. Pure.

import type { Panel, UnitSource } from './domain';

/** "2026-11-20" from an ISO timestamp (the day is what a reader needs). */
function day(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * "Policy Group SCS (policy.modpanel), chaired by Pat Chair, finalised 2026-11-20; the unit moved Achieving →
 * High Performing: Led the spending review". Empty for someone moderated in the panel itself.
 */
export function describeUnitSource(source: UnitSource | null | undefined): string {
  if (!source) return '';
  const panel = `${source.panel} (${source.file})`;
  const status =
    source.status === 'finalised'
      ? `chaired by ${source.chair ?? 'its chair'}, finalised ${source.finalisedAt ? day(source.finalisedAt) : ''}`.trim()
      : 'merged while still open (not finalised)';
  let decision: string;
  if (source.moderatedMarking === null) decision = 'not moderated by the unit';
  else if (source.moderatedMarking === source.provisionalMarking) decision = `the unit kept ${source.moderatedMarking}`;
  else {
    const reason = (source.changeReason ?? '').trim();
    decision = `the unit moved ${source.provisionalMarking ?? 'not marked'} → ${source.moderatedMarking}${reason ? `: ${reason}` : ''}`;
  }
  return `${panel}, ${status}; ${decision}`;
}

/** Where a change was made, for the Changes sheet: the unit panel (locally) or this panel's own meeting. */
export function meetingLabel(panel: Pick<Panel, 'name' | 'stage'>): string {
  switch (panel.stage) {
    case 'overall':
      return `Overall moderation meeting: ${panel.name}`;
    case 'mid_year':
      return `Mid-year consistency check: ${panel.name}`;
    default:
      return `Local panel: ${panel.name}`;
  }
}
