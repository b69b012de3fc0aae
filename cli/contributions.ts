// Contributions before the meeting from the command line: the finance partner's workbook
// (`finance-sheet`, `finance-import`) and panel members' previews (`preview-sheet`, `preview-import`).
// Taking a workbook back previews what it would change and applies only with --apply, as `import` does. The
// panel is opened as every command opens it (cli/panels.ts), so `modpanel undo --actor X` reverses X's annotations.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ROLES, type Actor, type Role } from '../shared/domain';
import type { FinanceAnnotation, FinanceWorkbookSummary, MemberPreviewSummary } from '../shared/contributions';
import type { ModerationService } from '../db/service';
import { buildFinanceWorkbook, recordFinanceWorkbookWritten } from '../db/workbooks/financeWorkbook';
import { buildMemberPreview, recordMemberPreviewWritten } from '../db/workbooks/memberPreview';
import { allVerdicts } from '../db/workbooks/verdicts';
import { formatIssues } from './format';
import { withPanel, type Io } from './panels';
import { viaApi } from './viaApi';

export const CONTRIBUTION_COMMANDS = ['finance-sheet', 'finance-import', 'preview-sheet', 'preview-import'] as const;
export type ContributionCommand = (typeof CONTRIBUTION_COMMANDS)[number];

export const CONTRIBUTIONS_HELP = `  finance-sheet <panel> <out.xlsx> --actor "Name" [--role hr]
                                    The finance partner's workbook: one row per person moderated here,
                                    the finance objective (a drop-down) and note to fill in, the rest
                                    locked. No protected characteristic is ever in it.
  finance-import <panel> <in.xlsx> --actor "Name" [--role finance] [--apply]
        [--take-workbook-values all|S1,S2]
                                    Take the finance partner's workbook back: every row checked, then
                                    what would change; with --apply each annotation is recorded as
                                    --actor, all or nothing. Annotations the panel changed since the
                                    workbook was written keep the panel's value unless taken.
  preview-sheet <panel> <out.xlsx> --member "Name" --actor "Name" [--role hr]
                                    A panel member's preview: agree / question / abstain and a comment
                                    for each person, filled in in Excel before the meeting.
  preview-import <panel> <in.xlsx>… --actor "Name" [--role member] [--apply]
                                    A panel member takes back their own preview (--actor is the member
                                    the workbook is for); their next one replaces their earlier verdicts. The discussion queue then
                                    puts the cases most members questioned first.`;

export interface ContributionOptions {
  actor: string | undefined;
  role: string | undefined;
  json: boolean;
  apply: boolean;
  member: string | undefined;
  takeWorkbookValues: string | undefined;
}

/** Who each command is recorded against when --role is not given. */
const DEFAULT_ROLES: Record<ContributionCommand, Role> = {
  'finance-sheet': 'hr',
  'finance-import': 'finance',
  'preview-sheet': 'hr',
  'preview-import': 'member',
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const annotation = (a: FinanceAnnotation) => `${a.objective}${a.note ? ` ("${a.note.length > 60 ? `${a.note.slice(0, 60)}…` : a.note}")` : ''}`;

export function formatFinanceSummary(summary: FinanceWorkbookSummary): string {
  const would = summary.applied ? '' : ' (would be)';
  const lines = [
    `${summary.file}${summary.writtenAt ? ` (written ${summary.writtenAt.slice(0, 16).replace('T', ' ')} by ${summary.writtenBy ?? 'someone'})` : ''}: ${plural(summary.rows, 'row', 'rows')}`,
    `  annotations changed${would}: ${summary.changes.length}; unchanged: ${summary.unchanged}`,
  ];
  for (const change of summary.changes.slice(0, 20)) lines.push(`    ${change.staffId} ${change.name}: ${annotation(change.before)} → ${annotation(change.after)}`);
  if (summary.changes.length > 20) lines.push(`    … and ${summary.changes.length - 20} more`);
  if (summary.laterEdits.length > 0) {
    lines.push(`  changed in the panel after the workbook was written: ${summary.laterEdits.length}`);
    for (const edit of summary.laterEdits) {
      const by = edit.editedBy ? ` by ${edit.editedBy}${edit.editedAt ? ` at ${edit.editedAt.slice(0, 16).replace('T', ' ')}` : ''}` : '';
      const kept = edit.resolution === 'panel' ? "keeps the panel's value" : "takes the workbook's value";
      lines.push(`    ${edit.staffId} ${edit.name}: panel ${annotation(edit.panel)}${by}; workbook ${annotation(edit.workbook)} — ${kept}`);
    }
    if (summary.laterEdits.some((e) => e.resolution === 'panel')) lines.push("    (take the workbook's value with --take-workbook-values <staff ids> or all)");
  }
  if (summary.ruleConflicts.length > 0) {
    lines.push(`  Not met above Achieving (Annex D 4.a), for discussion before finalising: ${summary.ruleConflicts.length}`);
    for (const c of summary.ruleConflicts) lines.push(`    ${c.staffId} ${c.name} (${c.marking})${c.fromWorkbook ? ' — from this workbook' : ''}`);
  }
  if (summary.warnings.length) lines.push('  warnings:', ...formatIssues(summary.warnings).split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}

export function formatMemberSummary(summary: MemberPreviewSummary): string {
  const lines: string[] = [];
  for (const w of summary.workbooks) {
    lines.push(
      `${w.file}: ${w.member || '(no member named)'}, ${plural(w.rows, 'row', 'rows')} — agree ${w.counts.agree}, question ${w.counts.question}, abstain ${w.counts.abstain}, blank ${w.blank}` +
        (w.replaces > 0 ? `; ${summary.applied ? 'replaced' : 'replaces'} ${plural(w.replaces, 'earlier verdict', 'earlier verdicts')}` : ''),
    );
  }
  lines.push(`Members with previews${summary.applied ? '' : ' once applied'}: ${summary.members.join(', ') || '(none)'}`);
  if (summary.warnings.length) lines.push('warnings:', ...formatIssues(summary.warnings).split('\n').map((l) => `  ${l}`));
  return lines.join('\n');
}

/** The cases the discussion queue now puts first (after rule breaches): most questioned by members. */
function mostQuestioned(service: ModerationService): string {
  const questions = new Map<string, number>();
  for (const v of allVerdicts(service.db)) if (v.verdict === 'question') questions.set(v.staffId, (questions.get(v.staffId) ?? 0) + 1);
  if (questions.size === 0) return 'No member questioned any case.';
  const ranked = [...questions].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
  return [
    'Most questioned (the discussion queue takes these first, after rule breaches):',
    ...ranked.map(([staffId, n]) => `  ${staffId} ${service.person(staffId).name}: questioned by ${plural(n, 'member', 'members')}`),
  ].join('\n');
}

/** Exit 0 on success (or a clean preview), 1 when a file or the panel refused it, 2 for a command mistake. */
export async function contributionsCommand(command: ContributionCommand, positionals: string[], options: ContributionOptions, io: Io): Promise<number> {
  const usage = (message: string) => {
    io.err(`modpanel: ${message}. See \`modpanel --help\`.`);
    return 2;
  };
  const [panelArg, ...files] = positionals;
  if (!panelArg) return usage('Missing the panel file');
  if (files.length === 0) return usage(command.endsWith('-sheet') ? 'Missing the workbook to write (.xlsx)' : 'Missing the returned workbook (.xlsx)');
  if (!options.actor?.trim()) return usage('Missing --actor "Your name" (every change is recorded against a person)');
  const role = (options.role ?? DEFAULT_ROLES[command]) as Role;
  if (!ROLES.includes(role)) return usage(`--role must be one of ${ROLES.join(', ')}`);
  const actor: Actor = { name: options.actor.trim(), role };
  const panelPath = resolve(panelArg);
  if (!existsSync(panelPath)) return usage(`No panel file at ${panelPath}`);

  if (command === 'finance-sheet' || command === 'preview-sheet') {
    if (files.length > 1) return usage('Give one workbook to write');
    const out = resolve(files[0]!);
    if (!out.toLowerCase().endsWith('.xlsx')) return usage('The workbook to write must end in .xlsx');
    if (command === 'preview-sheet' && !options.member?.trim()) return usage('Missing --member "Name" (the panel member the preview is for)');
    // Opened as every command opens a panel (cli/panels.ts); the workbook is recorded under the name it was saved as.
    return withPanel(panelPath, async (service) => {
      const preview = command === 'preview-sheet' ? await buildMemberPreview(service, options.member!, actor) : null;
      const written = preview ?? (await buildFinanceWorkbook(service, actor));
      writeFileSync(out, written.bytes);
      // Recorded once it is on disk: the history never claims a workbook that was not written.
      if (preview) recordMemberPreviewWritten(service, actor, preview, basename(out));
      else recordFinanceWorkbookWritten(service, actor, written, basename(out));
      const who = preview ? `${preview.member}’s preview` : 'The finance partner’s workbook';
      if (options.json) io.out(JSON.stringify({ file: out, people: written.people, writtenAt: written.writtenAt, ...(preview ? { member: preview.member } : {}) }, null, 2));
      else {
        io.out(`Wrote ${who} for ${plural(written.people, 'person', 'people')} to ${out}.`);
        io.out(`When it comes back: modpanel ${command === 'finance-sheet' ? 'finance-import' : 'preview-import'} ${panelArg} <returned.xlsx> --actor "Name"`);
      }
      return 0;
    });
  }

  for (const file of files) if (!existsSync(resolve(file))) return usage(`No file at ${resolve(file)}`);
  if (command === 'finance-import' && files.length > 1) return usage('Take back one finance workbook at a time');
  const take = options.takeWorkbookValues?.split(',').map((s) => s.trim()).filter((s) => s !== '') ?? [];
  const uploads = files.map((file) => ({ fileName: basename(file), bytesBase64: readFileSync(resolve(file)).toString('base64') }));
  // Through the API, as the window takes a workbook back: checked whole first, then applied as `actor`.
  return withPanel(panelPath, async (service) => {
    if (command === 'finance-import') {
      const choices = { takeAllWorkbookValues: take.includes('all'), takeWorkbookValues: take.filter((t) => t !== 'all') };
      const checked = await viaApi(service, 'previewFinanceWorkbook', { actor, ...uploads[0]!, ...choices });
      const summary = options.apply && checked.errors.length === 0 ? await viaApi(service, 'applyFinanceWorkbook', { actor, ...uploads[0]!, ...choices }) : checked;
      return report(summary, formatFinanceSummary, summary.file);
    }
    const checked = await viaApi(service, 'previewMemberWorkbooks', { actor, files: uploads });
    const summary = options.apply && checked.errors.length === 0 ? await viaApi(service, 'applyMemberWorkbooks', { actor, files: uploads }) : checked;
    const code = report(summary, formatMemberSummary, files.length === 1 ? basename(files[0]!) : `${files.length} workbooks`);
    if (summary.applied && !options.json) io.out(mostQuestioned(service));
    return code;
  });

  function report<S extends { applied: boolean; errors: FinanceWorkbookSummary['errors'] }>(summary: S, format: (s: S) => string, what: string): number {
    if (options.json) io.out(JSON.stringify(summary, null, 2));
    if (summary.errors.length > 0) {
      io.err(formatIssues(summary.errors));
      io.err(`Nothing was changed: ${plural(summary.errors.length, 'problem', 'problems')} in ${what}. Fix them and run ${command} again.`);
      return 1;
    }
    if (!options.json) {
      io.out(format(summary));
      io.out(summary.applied ? `Applied to ${panelPath}, recorded as ${actor.name} (${actor.role}).` : 'Nothing was written yet: run again with --apply to apply this.');
    }
    return 0;
  }
}
