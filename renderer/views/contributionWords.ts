// Plain words for the contribution events in the history: a workbook written for the finance partner or a
// panel member, the finance partner's workbook taken back, a member's preview recorded.

import type { ContributionSheetEvent, FinanceWorkbookEvent, MemberPreviewEvent } from '../../shared/contributions';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const people = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'person' : 'people'}`;

export function describeContributionEvent(action: 'contribution_sheet' | 'finance_workbook' | 'member_preview', after: unknown): string[] {
  if (!isRecord(after)) return ['Contribution recorded'];
  if (action === 'contribution_sheet') {
    const sheet = after as unknown as ContributionSheetEvent;
    return sheet.kind === 'finance'
      ? [`Finance partner’s workbook written for ${people(sheet.people)}: ${sheet.file}`]
      : [`Preview workbook written for ${sheet.member ?? 'a panel member'}, ${people(sheet.people)}: ${sheet.file}`];
  }
  if (action === 'finance_workbook') {
    const event = after as unknown as FinanceWorkbookEvent;
    const lines = [`${event.file}: ${event.changed.toLocaleString('en-GB')} of ${event.rows.toLocaleString('en-GB')} annotations changed`];
    const kept = event.laterEditsKeptPanel?.length ?? 0;
    const took = event.laterEditsTookWorkbook?.length ?? 0;
    if (kept + took > 0) lines.push(`Changed in the panel since it was written: ${kept} kept the panel’s value, ${took} took the workbook’s`);
    const conflicts = event.ruleConflicts?.length ?? 0;
    if (conflicts > 0) lines.push(`${people(conflicts)} Not met above Achieving (Annex D 4.a), for discussion`);
    return lines;
  }
  const preview = after as unknown as MemberPreviewEvent;
  const counts = preview.counts;
  return [
    `${preview.member}’s preview${preview.file ? ` (${preview.file})` : ''}: ` +
      (counts ? `${counts.agree} agree, ${counts.question} question, ${counts.abstain} abstain` : `${preview.verdicts?.length ?? 0} verdicts`),
  ];
}
