// Plain-text output for the CLI: import summaries, row-level problems, people by box, the audit log.

import { BOX_MARKINGS, ELIGIBILITY_LABELS, type AuditEvent, type Panel, type Person } from '../shared/domain';
import { performanceYearLabel } from '../shared/performanceYear';
import type { ImportIssue } from '../shared/importTypes';
import type { ImportPreview } from '../db/importApply';
import { STAGE_LABELS, type FairnessReport } from '../shared/fairness';
import { displayCell, displayPercentCell } from '../shared/stats';

export function formatIssues(issues: readonly ImportIssue[]): string {
  return issues
    .map((i) => {
      const where = [i.file, i.row !== null ? `row ${i.row}` : null, i.column !== null ? `column "${i.column}"` : null].filter(Boolean).join(', ');
      const value = i.value !== null ? ` value "${i.value}":` : '';
      return `${where}:${value} expected ${i.expected}`;
    })
    .join('\n');
}

export function formatImportPreview(preview: ImportPreview): string {
  const lines = [
    `${preview.file}: ${preview.rows} people`,
    `  performance year ${performanceYearLabel(preview.performanceYear)}; eligibility cut-off ${preview.eligibilityCutoff} (change with --year and --cutoff)`,
    `  added ${preview.added.length}, changed ${preview.changed.length}, removed ${preview.removed.length}, unchanged ${preview.unchanged}`,
    '  provisional markings of eligible people:',
    ...[...BOX_MARKINGS, 'Not marked' as const].map((m) => `    ${m.padEnd(16)} ${preview.boxCounts[m]}`),
  ];
  if (preview.changed.length) {
    lines.push('  changes:');
    for (const change of preview.changed.slice(0, 20)) {
      const fields = change.fields.map((f) =>
        f.field === 'characteristics' ? 'diversity data updated' : `${f.field} ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`,
      );
      lines.push(`    ${change.staffId} ${change.name}: ${fields.join('; ')}`);
    }
    if (preview.changed.length > 20) lines.push(`    … and ${preview.changed.length - 20} more`);
  }
  if (preview.removed.length) {
    lines.push(`  removed (not in the file, --remove-missing): ${preview.removed.slice(0, 20).map((r) => r.staffId).join(', ')}${preview.removed.length > 20 ? ', …' : ''}`);
  } else if (preview.missing.length) {
    lines.push(
      `  kept though not in the file (add --remove-missing to remove them): ${preview.missing.length}: ${preview.missing.slice(0, 20).map((r) => r.staffId).join(', ')}${preview.missing.length > 20 ? ', …' : ''}`,
    );
  }
  if (preview.conflicts.length) {
    lines.push(`  conflicts with the panel's own work: ${preview.conflicts.length}`);
    for (const c of preview.conflicts.slice(0, 20)) {
      lines.push(`    ${c.staffId} ${c.name}: ${c.field}: panel ${JSON.stringify(c.panelValue)}, file ${JSON.stringify(c.fileValue)} — ${c.resolution === 'panel' ? "keeping the panel's value" : "taking the file's value"}`);
    }
    if (preview.conflicts.length > 20) lines.push(`    … and ${preview.conflicts.length - 20} more`);
    if (preview.conflicts.some((c) => c.resolution === 'panel')) lines.push("    (to take the file's value: --take-file-values finance_objective,moderated_marking)");
  }
  if (preview.ineligible.length) {
    lines.push(`  listed apart, not moderated by this panel: ${preview.ineligible.length}`);
    for (const reason of ['start_date_unknown', 'joined_after_cutoff', 'moved_in_after_cutoff'] as const) {
      const these = preview.ineligible.filter((p) => p.eligibility === reason);
      if (these.length === 0) continue;
      lines.push(`    ${ELIGIBILITY_LABELS[reason]}: ${these.length}`);
      for (const p of these.slice(0, 10)) lines.push(`      ${p.staffId} ${p.name}${p.csStartDate ? ` (started ${p.csStartDate})` : ''}`);
      if (these.length > 10) lines.push(`      … and ${these.length - 10} more`);
    }
    if (preview.ineligible.some((p) => p.eligibility === 'start_date_unknown')) {
      lines.push('    (if you have checked that everyone without a start date is eligible: --eligible-without-start-date)');
    }
  }
  if (preview.leavers) lines.push(`  Civil Service leavers (moderated, no award): ${preview.leavers}`);
  if (preview.financeConflicts.length) {
    lines.push(`  finance objective not met but marked above Achieving (flagged for discussion): ${preview.financeConflicts.length}`);
    for (const p of preview.financeConflicts.slice(0, 10)) lines.push(`    ${p.staffId} ${p.name} (${p.marking})`);
  }
  if (preview.ignoredColumns.length) lines.push(`  columns ignored: ${preview.ignoredColumns.join(', ')}`);
  if (preview.warnings.length) lines.push('  warnings:', ...formatIssues(preview.warnings).split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}

export function formatPeople(panel: Panel, people: readonly Person[]): string {
  const lines = [`${panel.name} (${panel.businessUnit || 'no business unit'}, ${panel.performanceYear}) — ${panel.status}`];
  const inBoxes = people.filter((p) => p.moderatedMarking !== null);
  for (const marking of BOX_MARKINGS) {
    const box = inBoxes.filter((p) => p.moderatedMarking === marking);
    const share = inBoxes.length ? ((box.length * 100) / inBoxes.length).toFixed(1) : '0.0';
    lines.push('', `${marking} — ${box.length} (${share}%)`);
    box.forEach((p, i) => {
      const moved = p.provisionalMarking !== marking ? `  moved from ${p.provisionalMarking ?? 'not marked'}` : '';
      lines.push(`  ${String(i + 1).padStart(4)}. ${p.staffId.padEnd(10)} ${p.name.padEnd(28)} ${p.grade.padEnd(6)} w=${p.jobWeight ?? '-'}${moved}`);
    });
  }
  const apart = people.filter((p) => p.moderatedMarking === null);
  if (apart.length) {
    lines.push('', `Listed apart (not eligible or not marked) — ${apart.length}`);
    for (const p of apart) lines.push(`        ${p.staffId.padEnd(10)} ${p.name.padEnd(28)} ${p.eligible ? 'not marked' : ELIGIBILITY_LABELS[p.eligibility]}`);
  }
  return lines.join('\n');
}

export function formatAudit(events: readonly AuditEvent[]): string {
  if (events.length === 0) return 'No events.';
  return events
    .map((e) => {
      const detail = e.action === 'move' ? ` → ${(e.after as { person?: { moderated_marking?: string } })?.person?.moderated_marking ?? ''}` : '';
      return `${e.id.toString().padStart(6)}  ${e.at}  ${e.actor} (${e.role})  ${e.action}${e.staffId ? ` ${e.staffId}` : ''}${detail}${e.reason ? `  — ${e.reason}` : ''}`;
    })
    .join('\n');
}

export function formatBreakdown(report: FairnessReport): string {
  const b = report.breakdown;
  const ratio = (v: number | null) => (v === null ? '-' : v.toFixed(2));
  const lines = [
    `Markings by ${report.characteristicLabel} — ${STAGE_LABELS[report.stage]} (${b.population} people; groups under ${b.threshold} ${b.audience === 'hr' ? 'marked, HR view' : 'suppressed'})`,
    '',
    `${'group'.padEnd(24)} ${'n'.padStart(5)}  ${BOX_MARKINGS.map((m) => m.padStart(16)).join('')}  ${'impact'.padStart(7)} ${'RL top'.padStart(7)} ${'RL PM'.padStart(7)}`,
  ];
  for (const group of b.groups) {
    // HR's own view keeps every number; the [c] marker stays in the name so HR sees what others will not.
    const g = b.audience === 'hr' ? { ...group, suppressed: false } : group;
    const cells = BOX_MARKINGS.map((m) => `${displayCell(g, g.counts?.[m] ?? null)} (${displayPercentCell(g, m)})`.padStart(16)).join('');
    const name = `${g.group}${g.compared ? '' : ' *'}${group.suppressed ? ' [c]' : ''}`;
    lines.push(`${name.slice(0, 24).padEnd(24)} ${displayCell(g, g.n).padStart(5)}  ${cells}  ${ratio(g.top_impact_ratio).padStart(7)} ${ratio(g.top_relative_likelihood).padStart(7)} ${ratio(g.bottom_relative_likelihood).padStart(7)}`);
  }
  lines.push('', '* shown but not compared; [c] fewer people than the threshold, so suppressed', '');
  lines.push(...report.explanations.map((s) => `- ${s}`));
  if (report.movementExplanations.length) lines.push('', 'Movement at moderation:', ...report.movementExplanations.map((s) => `- ${s}`));
  return lines.join('\n');
}
