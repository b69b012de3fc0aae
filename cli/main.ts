// `modpanel`: drives the moderation service headlessly. Each command is a thin adapter over db/;
// exit 0 on success, non-zero with the problems on stderr, `--json` for machine-readable output.

import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultEligibilityCutoff, gradeForModeration } from '../shared/rules';
import { defaultPerformanceYear, isIsoDate, parsePerformanceYear, performanceYearLabel } from '../shared/performanceYear';
import { cabinetOfficeReturn, returnLines } from '../shared/cabinetOfficeReturn';
import { CONFLICT_FIELDS, type ConflictField, type ImportOptions } from '../db/importApply';
import { AUDIT_ACTIONS, BOX_MARKINGS, FLAG_KINDS, HIGH_PERFORMING_AWARD_LABELS, HIGH_PERFORMING_AWARD_SETTINGS, PANEL_STAGES, ROLES, type AuditAction, type HighPerformingAwardSetting, type PanelStage, parseFinanceObjective, parseMarking, type Actor, type FlagKind, type Role } from '../shared/domain';
import { ModerationError, PanelFileError } from '../db/errors';
import { ModerationService } from '../db/service';
import type { ImportPreview } from '../db/importApply';
import type { ModerationService as Service } from '../db/service';
import { withoutCharacteristicValues } from '../db/api';
import { outcomeCsv, outcomeRows, outcomeXlsx } from '../db/export';
import { outcomePackExtras } from '../db/outcomePack';
import { MappingFileError, parseImportFile, readMappingFile } from '../db/import';
import { ensureDemoPanel } from '../db/demo';
import { formatAudit, formatBreakdown, formatImportPreview, formatIssues, formatPeople } from './format';
import { APPLY_HELP, applyCommand } from './apply';
import { BREAKDOWN_STAGES, availableCharacteristics, fairnessReport, type BreakdownStage } from '../shared/fairness';

const HELP = `modpanel: moderation panels from the command line

Usage: modpanel <command> [options]

Commands
  import <file> --panel <panel>     Load provisional markings from a CSV or XLSX file.
        [--mapping m.json] [--dry-run] [--apply]
        [--name N --unit U --year 2025-26 --stage local|mid_year|overall --cutoff yyyy-mm-dd]
        [--remove-missing]          Also remove people the panel has but the file lacks.
        [--take-file-values finance_objective,moderated_marking]
                                    Where the file disagrees with the panel's own work (a finance
                                    annotation, a move), take the file's value; otherwise the panel's
                                    value stays and the conflict is listed.
        [--eligible-without-start-date]
                                    Confirm that people with no readable Civil Service start date are
                                    eligible (otherwise they are listed apart, para 69).
        [--threshold 10]            (a new panel's small-number threshold; default 5)
        [--not-compared "Not recorded; Prefer not to say; Unknown; Not declared"]
                                    A new panel is created and filled at once; a panel that already has
                                    people shows what would be added / changed / removed, and applies
                                    only with --apply.
  list <panel> [--grade G] [--box B] People by box.
  move <panel> <staff_id> <marking> --reason "…" --actor "Name" [--role chair]
        [--contribution "what the panel saw" | --acknowledge]
                                    Exceeding needs a significant corporate contribution (para 34).
  contribution <panel> <staff_id> "what the panel saw" --actor "Name"
                                    Record the corporate contribution the panel saw ("" clears it).
  reorder <panel> <staff_id> --after <staff_id|top> --actor "Name"
  flag <panel> <staff_id> <kind> [--text "…"] [--remove] --actor "Name"
                                    kinds: ${FLAG_KINDS.join(', ')}
  finance <panel> <staff_id> <Met|"Not met"|"Not assessed"> [--note "…"] --actor "Name" [--role finance]
  note <panel> <staff_id> "text" --actor "Name"
  undo <panel> --actor "Name"       Reverse the last change (recorded as a new event).
  redo <panel> --actor "Name"
  discussion <panel>                Who is suggested for discussion, and why.
  finalise <panel> --actor "Chair's name"
  export <panel> <out.csv|out.xlsx> The moderated outcome.
  return <panel>                    The Cabinet Office return figures (paras 91-94).
  info <panel>                      The panel: year, cut-off, stage, status, people, settings.
  audit <panel> [--staff-id S] [--action A] [--limit N] [--role hr]
                                    The log; discussion times per person only with --role hr.
  breakdown <panel> --by <characteristic> [--stage provisional|moderated|mid_year|q1|q2|q3]
        [--threshold N] [--reference GROUP] [--role hr]
                                    Markings by a protected characteristic (or grade, line_manager),
                                    with impact ratios, relative likelihoods, chi-square and Fisher
                                    tests. Small groups are suppressed unless --role hr.
  settings <panel> [--threshold N] [--not-compared "Not recorded; Prefer not to say"]
        [--hp-award yes|no|discretion] [--year 2025-26] [--cutoff yyyy-mm-dd] --actor "Name"
                                    Show or change the panel's settings (audited). A new cut-off
                                    re-decides who is moderated here (paras 69-70).
${APPLY_HELP}
  demo <panel>                      Write the generated demo panel to a file.

Options for every command: --json (machine-readable output), --key <passphrase> (encrypted panel
files; or set MODPANEL_KEY), --help.
Markings: Exceeding, High Performing, Achieving, Partially Met (any case) or E, HP, A, PM.`;

const OPTIONS = {
  panel: { type: 'string' },
  mapping: { type: 'string' },
  'dry-run': { type: 'boolean' },
  apply: { type: 'boolean' },
  name: { type: 'string' },
  unit: { type: 'string' },
  year: { type: 'string' },
  stage: { type: 'string' },
  cutoff: { type: 'string' },
  reason: { type: 'string' },
  actor: { type: 'string' },
  role: { type: 'string' },
  acknowledge: { type: 'boolean' },
  after: { type: 'string' },
  text: { type: 'string' },
  remove: { type: 'boolean' },
  note: { type: 'string' },
  grade: { type: 'string' },
  box: { type: 'string' },
  'staff-id': { type: 'string' },
  action: { type: 'string' },
  limit: { type: 'string' },
  by: { type: 'string' },
  threshold: { type: 'string' },
  reference: { type: 'string' },
  'not-compared': { type: 'string' },
  'remove-missing': { type: 'boolean' },
  'take-file-values': { type: 'string' },
  'eligible-without-start-date': { type: 'boolean' },
  'hp-award': { type: 'string' },
  contribution: { type: 'string' },
  key: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

class UsageError extends Error {}

interface Io {
  out(text: string): void;
  err(text: string): void;
}

function need(value: string | undefined, what: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`Missing ${what}. See \`modpanel --help\`.`);
  return value;
}

function actorOf(values: Values, defaultRole: Role): Actor {
  const name = need(values.actor, '--actor "Your name" (every change is recorded against a person)');
  const role = (values.role ?? defaultRole) as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return { name, role };
}

function keyOf(values: Values): { key?: string } {
  const key = values.key ?? process.env.MODPANEL_KEY;
  return key ? { key } : {};
}

function openPanel(values: Values, path: string | undefined): ModerationService {
  return ModerationService.open(resolve(need(path, 'the panel file')), keyOf(values));
}

async function withPanel<T>(values: Values, path: string | undefined, work: (service: ModerationService) => T | Promise<T>): Promise<T> {
  const service = openPanel(values, path);
  try {
    return await work(service);
  } finally {
    service.close();
  }
}

async function importCommand(values: Values, positionals: string[], io: Io): Promise<number> {
  const file = resolve(need(positionals[0], 'the file to import'));
  if (!existsSync(file)) throw new UsageError(`No file at ${file}`);
  const panelPath = resolve(need(values.panel, '--panel <file.modpanel>'));
  const mapping = values.mapping ? readMappingFile(resolve(values.mapping)) : undefined;
  const actor: Actor = { name: values.actor ?? process.env.USER ?? 'HR', role: (values.role as Role | undefined) ?? 'hr' };
  const isNew = !existsSync(panelPath);
  const year = yearArg(values.year) ?? defaultPerformanceYear();
  if (values.stage !== undefined && !PANEL_STAGES.includes(values.stage as PanelStage)) {
    throw new UsageError(`--stage must be one of ${PANEL_STAGES.join(', ')}`);
  }
  cutoffArg(values.cutoff);
  const options = importOptionsOf(values);
  const newPanel = {
    name: values.name ?? basename(panelPath, '.modpanel'),
    businessUnit: values.unit ?? '',
    performanceYear: year,
    ...(values.stage ? { stage: values.stage as PanelStage } : {}),
    ...(values.cutoff ? { eligibilityCutoff: values.cutoff } : {}),
    ...(values.threshold !== undefined ? { suppressionThreshold: Number(values.threshold) } : {}),
    ...(values['not-compared'] !== undefined ? { notComparedGroups: listArg(values['not-compared']) } : {}),
  };
  if (values.threshold !== undefined && (!Number.isInteger(Number(values.threshold)) || Number(values.threshold) < 1)) {
    throw new UsageError('--threshold must be a whole number of people, 1 or more');
  }
  // On an existing panel, --year and --cutoff change its settings (audited) as the import applies.
  const yearOptions = isNew ? {} : { ...(values.year !== undefined ? { performanceYear: year } : {}), ...(values.cutoff ? { eligibilityCutoff: values.cutoff } : {}) };
  // Validate before anything is created or opened for writing: a bad file leaves no panel behind.
  const existing = isNew ? null : openPanel(values, panelPath);
  let parsed;
  try {
    parsed = await parseImportFile(file, {
      cutoff: isNew ? (newPanel.eligibilityCutoff ?? defaultEligibilityCutoff(year)) : existing!.importCutoff(yearOptions),
      ...(mapping ? { mapping } : {}),
    });
  } catch (error) {
    existing?.close();
    throw error;
  }
  if (parsed.errors.length > 0) {
    existing?.close();
    io.err(formatIssues(parsed.errors));
    io.err(`Nothing was imported: ${parsed.errors.length} problem(s) in ${parsed.file}. Fix them and run the import again.`);
    if (values.json) io.out(JSON.stringify({ applied: false, file: parsed.file, errors: parsed.errors }, null, 2));
    return 1;
  }
  // A dry run never creates the file: it previews against an empty panel in memory.
  const service =
    existing ??
    (values['dry-run'] ? ModerationService.create(':memory:', newPanel, actor) : ModerationService.create(panelPath, newPanel, actor, keyOf(values)));
  try {
    const hadPeople = !isNew && service.people().length > 0;
    const apply = !values['dry-run'] && (!hadPeople || values.apply === true);
    if (!apply) {
      // Previewed only when it is all that is shown: applying previews again (a fifth of a 100k import).
      const preview = service.previewImport(parsed, { ...options, ...yearOptions });
      if (values.json) io.out(JSON.stringify({ applied: false, ...redactChanges(preview, values.role) }, null, 2));
      else {
        io.out(formatImportPreview(preview));
        io.out(values['dry-run'] ? 'Dry run: nothing was written.' : 'Nothing was written yet: run again with --apply to apply these changes.');
      }
      return 0;
    }
    const summary = service.applyImport(parsed, actor, { ...options, ...yearOptions });
    if (values.json) io.out(JSON.stringify(redactChanges(summary, values.role), null, 2));
    else {
      io.out(formatImportPreview(summary));
      io.out(`Imported into ${panelPath}.`);
    }
    return 0;
  } catch (error) {
    if (isNew && !values['dry-run']) {
      // A new panel that failed to fill is not left half-made on disk.
      service.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(panelPath + suffix, { force: true });
    }
    throw error;
  } finally {
    service.close();
  }
}

/** "2025", "2025-26" or "2025/26"; undefined when not given. */
function yearArg(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const year = parsePerformanceYear(raw);
  if (year === null) throw new UsageError(`--year must be a performance year such as 2025, 2025-26 or 2025/26 (got "${raw}")`);
  return year;
}

function cutoffArg(raw: string | undefined): string | undefined {
  if (raw !== undefined && !isIsoDate(raw)) throw new UsageError(`--cutoff must be a date written yyyy-mm-dd (got "${raw}")`);
  return raw;
}

/** What HR decides about a re-import: nothing of the panel's own work is overwritten unless asked. */
function importOptionsOf(values: Values): ImportOptions {
  const options: ImportOptions = {};
  if (values['remove-missing']) options.removeMissing = true;
  if (values['eligible-without-start-date']) options.assumeEligibleWithoutStartDate = true;
  if (values['take-file-values'] !== undefined) {
    const fields = values['take-file-values'].split(',').map((f) => f.trim()).filter((f) => f !== '');
    const wanted = fields.includes('all') ? [...CONFLICT_FIELDS] : fields;
    for (const field of wanted) {
      if (!CONFLICT_FIELDS.includes(field as ConflictField)) {
        throw new UsageError(`--take-file-values takes ${CONFLICT_FIELDS.join(', ')} or all (got "${field}")`);
      }
    }
    options.takeFileValues = wanted.map((field) => ({ field: field as ConflictField }));
  }
  return options;
}

/** The panel as `info` shows it; the JSON uses the contract's Panel field names. */
function panelInfo(s: Service) {
  const panel = s.panel();
  const people = s.people();
  const eligible = people.filter((p) => p.eligible);
  return {
    ...panel,
    performanceYearLabel: performanceYearLabel(panel.performanceYear),
    file: s.path,
    people: {
      total: people.length,
      eligible: eligible.length,
      moderated: eligible.filter((p) => p.moderatedMarking !== null).length,
      changed: eligible.filter((p) => p.moderatedMarking !== null && p.moderatedMarking !== p.provisionalMarking).length,
      listedApart: people.length - eligible.length,
      flagged: people.filter((p) => p.flags.length > 0).length,
    },
  };
}

function formatInfo(info: ReturnType<typeof panelInfo>): string {
  return [
    `${info.name}`,
    `  Business unit        ${info.businessUnit || '(none)'}`,
    `  Performance year     ${info.performanceYearLabel}`,
    `  Stage                ${info.stage}`,
    `  Eligibility cut-off  ${info.eligibilityCutoff} (in the Civil Service since before this date, para 69)`,
    `  Status               ${info.status}${info.finalisedAt ? ` — finalised by ${info.finalisedBy} at ${info.finalisedAt}` : ''}`,
    `  People               ${info.people.total} (${info.people.eligible} eligible, ${info.people.listedApart} listed apart; ${info.people.moderated} moderated, ${info.people.changed} changed at moderation, ${info.people.flagged} flagged)`,
    `  High Performing end-year awards  ${HIGH_PERFORMING_AWARD_LABELS[info.highPerformingAward]}`,
    `  Small-number threshold  ${info.suppressionThreshold}`,
    `  Shown but not compared  ${info.notComparedGroups.join('; ') || '(none)'}`,
  ].join('\n');
}

/** Re-import changes name a changed characteristic but, outside HR, never its values. */
function redactChanges<T extends ImportPreview>(preview: T, role: string | undefined): T {
  if (role === 'hr') return preview;
  return {
    ...preview,
    changed: preview.changed.map((c) => ({
      ...c,
      fields: c.fields.map((f) => (f.field === 'characteristics' ? { field: f.field, before: '(diversity data)', after: '(diversity data)' } : f)),
    })),
  };
}

/** "A; B; C" → ['A', 'B', 'C'] (semicolons, since group names may hold commas). */
function listArg(raw: string): string[] {
  return raw.split(';').map((g) => g.trim()).filter((g) => g !== '');
}

function markingArg(raw: string | undefined) {
  const marking = parseMarking(need(raw, 'the marking'));
  if (!marking) throw new UsageError(`"${raw}" is not a box marking: expected ${BOX_MARKINGS.join(', ')} (or E, HP, A, PM)`);
  return marking;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    io.out(HELP);
    return command || values.help ? 0 : 2;
  }
  if (values.role !== undefined && !ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  if (values.action !== undefined && !AUDIT_ACTIONS.includes(values.action as AuditAction)) {
    throw new UsageError(`--action must be one of ${AUDIT_ACTIONS.join(', ')}`);
  }
  // Characteristics are special category data: people leave the CLI without them unless HR asks.
  const hideCharacteristics = (value: unknown): unknown => {
    if (values.role === 'hr') return value;
    const strip = (p: unknown) => (p !== null && typeof p === 'object' && 'characteristics' in p && 'staffId' in p ? { ...p, characteristics: {} } : p);
    return Array.isArray(value) ? value.map(strip) : strip(value);
  };
  const print = (value: unknown, text: () => string) => io.out(values.json ? JSON.stringify(hideCharacteristics(value), null, 2) : text());

  switch (command) {
    case 'import':
      return importCommand(values, rest, io);
    case 'list':
      return withPanel(values, rest[0], (s) => {
        const people = s.people().filter(
          (p) => (values.grade === undefined || gradeForModeration(p) === values.grade) && (values.box === undefined || p.moderatedMarking === parseMarking(values.box)),
        );
        print(people, () => formatPeople(s.panel(), people));
        return 0;
      });
    case 'move':
      return withPanel(values, rest[0], (s) => {
        const person = s.move(
          {
            staffId: need(rest[1], 'the staff id'),
            to: markingArg(rest[2]),
            ...(values.reason ? { reason: values.reason } : {}),
            ...(values.contribution ? { corporateContributionEvidence: values.contribution } : {}),
            acknowledgeNoCorporateContribution: values.acknowledge === true,
          },
          actorOf(values, 'chair'),
        );
        print(person, () => `${person.name} (${person.staffId}) is now ${person.moderatedMarking}.`);
        return 0;
      });
    case 'contribution':
      return withPanel(values, rest[0], (s) => {
        const text = rest[2];
        if (text === undefined) throw new UsageError('Missing the contribution the panel saw (in quotes; "" clears it). See `modpanel --help`.');
        const person = s.recordContribution(need(rest[1], 'the staff id'), text, actorOf(values, 'chair'));
        print(person, () =>
          person.corporateContributionEvidence
            ? `${person.name}: corporate contribution recorded (para 34).`
            : `${person.name}: recorded corporate contribution cleared.`,
        );
        return 0;
      });
    case 'return':
      return withPanel(values, rest[0], (s) => {
        const figures = cabinetOfficeReturn(s.panel(), s.people());
        print(figures, () =>
          [
            `Cabinet Office return (paras 91-94): ${s.panel().name}${s.panel().status === 'finalised' ? '' : ' — DRAFT: the panel is not finalised'}`,
            ...returnLines(figures).map(([figure, n, percent]) => `  ${figure.padEnd(96)} ${String(n).padStart(8)}${percent === null ? '' : `  ${percent.toFixed(1)}%`}`),
            'Percentages are of the people eligible for moderation, to one decimal place, rounded half up.',
          ].join('\n'),
        );
        return 0;
      });
    case 'info':
      return withPanel(values, rest[0], (s) => {
        const info = panelInfo(s);
        print(info, () => formatInfo(info));
        return 0;
      });
    case 'reorder':
      return withPanel(values, rest[0], (s) => {
        const after = need(values.after, '--after <staff_id|top>');
        const person = s.reorder({ staffId: need(rest[1], 'the staff id'), afterStaffId: after === 'top' ? null : after }, actorOf(values, 'chair'));
        print(person, () => `${person.name} reordered within ${person.moderatedMarking}.`);
        return 0;
      });
    case 'flag':
      return withPanel(values, rest[0], (s) => {
        const kind = need(rest[2], 'the flag kind') as FlagKind;
        if (!FLAG_KINDS.includes(kind)) throw new UsageError(`Flag kind must be one of ${FLAG_KINDS.join(', ')}`);
        const staffId = need(rest[1], 'the staff id');
        const actor = actorOf(values, 'chair');
        const person = values.remove ? s.unflag(staffId, kind, actor) : s.flag(staffId, kind, values.text ?? '', actor);
        print(person, () => `${person.name}: flags ${person.flags.map((f) => f.kind).join(', ') || 'none'}.`);
        return 0;
      });
    case 'finance':
      return withPanel(values, rest[0], (s) => {
        const objective = parseFinanceObjective(need(rest[2], 'the finance objective'));
        if (!objective) throw new UsageError('The finance objective must be Met, "Not met" or "Not assessed"');
        const person = s.setFinance(need(rest[1], 'the staff id'), objective, values.note ?? '', actorOf(values, 'finance'));
        print(person, () => `${person.name}: finance objective ${person.financeObjective}.`);
        return 0;
      });
    case 'note':
      return withPanel(values, rest[0], (s) => {
        const note = s.addNote(need(rest[1], 'the staff id'), need(rest[2], 'the note text'), actorOf(values, 'chair'));
        print(note, () => `Note ${note.id} added.`);
        return 0;
      });
    case 'undo':
    case 'redo':
      return withPanel(values, rest[0], (s) => {
        const result = command === 'undo' ? s.undo(actorOf(values, 'chair')) : s.redo(actorOf(values, 'chair'));
        print(result, () => `${command === 'undo' ? 'Undid' : 'Redid'} ${result.undone.action}${result.staffId ? ` for ${result.staffId}` : ''}.`);
        return 0;
      });
    case 'discussion':
      return withPanel(values, rest[0], (s) => {
        const list = s.discussionList();
        print(list, () => list.map((d) => `${d.staffId}  ${d.name}\n${d.reasons.map((r) => `    - ${r.text}`).join('\n')}`).join('\n') || 'No one is suggested for discussion.');
        return 0;
      });
    case 'finalise':
    case 'finalize':
      return withPanel(values, rest[0], (s) => {
        const panel = s.finalise(actorOf(values, 'chair'));
        print(panel, () => `Finalised by ${panel.finalisedBy} at ${panel.finalisedAt}. The panel is now read-only.`);
        return 0;
      });
    case 'export':
      return withPanel(values, rest[0], async (s) => {
        const out = resolve(need(rest[1], 'the output file (.csv or .xlsx)'));
        const rows = outcomeRows(s.panel(), s.people());
        if (out.toLowerCase().endsWith('.xlsx')) writeFileSync(out, await outcomeXlsx(s.panel(), rows, s.audit(), outcomePackExtras(s.people(), s.panel(), s.discussionSeconds())));
        else if (out.toLowerCase().endsWith('.csv')) writeFileSync(out, outcomeCsv(rows), 'utf8');
        else throw new UsageError('The output file must end in .csv or .xlsx');
        if (s.panel().status !== 'finalised') io.err('Warning: this panel has not been finalised, so the outcome may still change.');
        print({ file: out, rows: rows.length }, () => `Wrote ${rows.length} people to ${out}.`);
        return 0;
      });
    case 'audit':
      return withPanel(values, rest[0], (s) => {
        // Per-person discussion times are for HR only (issue 4): shown with --role hr.
        const all = s.audit({
          ...(values['staff-id'] ? { staffId: values['staff-id'] } : {}),
          ...(values.action ? { action: values.action as AuditAction } : {}),
          ...(values.limit ? { limit: Number(values.limit) } : {}),
        });
        const events = (values.role === 'hr' ? all : all.filter((e) => e.action !== 'discussion_start' && e.action !== 'discussion_end')).map(
          withoutCharacteristicValues,
        );
        print(events, () => formatAudit(events));
        return 0;
      });
    case 'breakdown':
      return withPanel(values, rest[0], (s) => {
        const characteristic = need(values.by, '--by <characteristic>');
        const stage = (values.stage ?? 'moderated') as BreakdownStage;
        if (!BREAKDOWN_STAGES.includes(stage)) throw new UsageError(`--stage must be one of ${BREAKDOWN_STAGES.join(', ')}`);
        const people = s.people();
        const available = availableCharacteristics(people);
        if (!available.includes(characteristic)) throw new UsageError(`This panel holds no "${characteristic}" data; try one of ${available.join(', ')}`);
        const requested = values.threshold === undefined ? s.panel().suppressionThreshold : Number(values.threshold);
        if (!Number.isInteger(requested) || requested < 1) throw new UsageError('--threshold must be a whole number of people, 1 or more');
        // Only HR may look below the panel's small-number threshold.
        const threshold = values.role === 'hr' ? requested : Math.max(requested, s.panel().suppressionThreshold);
        const report = fairnessReport(people, {
          characteristic,
          stage,
          threshold,
          audience: values.role === 'hr' ? 'hr' : 'shared',
          notComparedGroups: s.panel().notComparedGroups,
          ...(values.reference ? { referenceGroup: values.reference } : {}),
          discussionSeconds: s.discussionSeconds(),
        });
        print(report.breakdown, () => formatBreakdown(report));
        return 0;
      });
    case 'settings':
      return withPanel(values, rest[0], (s) => {
        const hpAward = values['hp-award'];
        if (hpAward !== undefined && !HIGH_PERFORMING_AWARD_SETTINGS.includes(hpAward as HighPerformingAwardSetting)) {
          throw new UsageError(`--hp-award must be one of ${HIGH_PERFORMING_AWARD_SETTINGS.join(', ')}`);
        }
        const year = yearArg(values.year);
        const cutoff = cutoffArg(values.cutoff);
        const changes = {
          ...(values.threshold !== undefined ? { suppressionThreshold: Number(values.threshold) } : {}),
          ...(values['not-compared'] !== undefined ? { notComparedGroups: listArg(values['not-compared']) } : {}),
          ...(hpAward !== undefined ? { highPerformingAward: hpAward as HighPerformingAwardSetting } : {}),
          ...(year !== undefined ? { performanceYear: year } : {}),
          ...(cutoff !== undefined ? { eligibilityCutoff: cutoff } : {}),
        };
        const panel = Object.keys(changes).length ? s.updateSettings(changes, actorOf(values, 'hr')) : s.panel();
        print(
          {
            suppressionThreshold: panel.suppressionThreshold,
            notComparedGroups: panel.notComparedGroups,
            highPerformingAward: panel.highPerformingAward,
            performanceYear: panel.performanceYear,
            eligibilityCutoff: panel.eligibilityCutoff,
          },
          () =>
            [
              `Small-number threshold: ${panel.suppressionThreshold}`,
              `Shown but not compared: ${panel.notComparedGroups.join('; ') || '(none)'}`,
              `High Performing receives end-year awards: ${HIGH_PERFORMING_AWARD_LABELS[panel.highPerformingAward]}`,
              `Performance year: ${performanceYearLabel(panel.performanceYear)}`,
              `Eligibility cut-off: ${panel.eligibilityCutoff}`,
            ].join('\n'),
        );
        return 0;
      });
    case 'apply':
      return applyCommand(rest, { actor: values.actor, role: values.role, key: keyOf(values).key, json: values.json === true, dryRun: values['dry-run'] === true }, io);
    case 'demo': {
      const path = resolve(need(rest[0], 'the panel file to write'));
      if (existsSync(path)) throw new UsageError(`${path} already exists`);
      ensureDemoPanel(path);
      print({ file: path }, () => `Wrote the demo panel to ${path}.`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${command}". See \`modpanel --help\`.`);
  }
}

/** Entry point used by cli/modpanel.mjs. */
export async function main(
  argv: string[],
  io: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof ModerationError || error instanceof PanelFileError || error instanceof MappingFileError || error instanceof UsageError) {
      io.err(`modpanel: ${error.message}`);
      return error instanceof UsageError ? 2 : 1;
    }
    if (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`modpanel: ${error.message}. See \`modpanel --help\`.`);
      return 2;
    }
    io.err(`modpanel: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
