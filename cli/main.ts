// `modpanel`: drives the moderation service headlessly. Each command is a thin adapter over db/;
// exit 0 on success, non-zero with the problems on stderr, `--json` for machine-readable output.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultEligibilityCutoff, gradeForModeration } from '../shared/rules';
import { defaultPerformanceYear, isIsoDate, parsePerformanceYear, performanceYearLabel } from '../shared/performanceYear';
import { returnLines } from '../shared/cabinetOfficeReturn';
import { CONFLICT_FIELDS, type ConflictField, type ImportOptions } from '../db/importApply';
import { AUDIT_ACTIONS, BOX_MARKINGS, FLAG_KINDS, HIGH_PERFORMING_AWARD_LABELS, HIGH_PERFORMING_AWARD_SETTINGS, PANEL_STAGES, type AuditAction, type HighPerformingAwardSetting, type PanelStage, parseFinanceObjective, parseMarking, type Actor, type FlagKind, type Person, type Role } from '../shared/domain';
import { ModerationError, PanelFileError } from '../db/errors';
import { ModerationService } from '../db/service';
import type { ImportPreview } from '../db/importApply';
import type { ModerationService as Service } from '../db/service';
import { withoutCharacteristicChanges } from '../db/api';
import { viaApi } from './viaApi';
import { PERSON_ROLES, may, refusalMessage } from '../shared/roles';
import { ROLES_HELP, pinCommand, shareCommand } from './roles';
import { setOpenedMidYear } from '../db/midYear';
import { ExportMappingError, readExportMappingFile } from '../db/exportMapping';
import { createPanelWithImport } from '../db/newPanel';
import { passphraseFrom, UNENCRYPTED_PANEL_WARNING } from './passphrase';
import { UsageError, beginRun, openPanel, panelKey, runPassphrase, withPanel, type Io } from './panels';
import { TRUST_HELP, rekeyCommand, verifyCommand } from './trust';
import { EXPORT_NOT_ENCRYPTED } from '../shared/trust';
import { finalisePreflightFor } from '../db/preflight';
import { preflightLines } from '../shared/finalise';
import { outcomeRows } from '../db/export';
import { MappingFileError, parseImportFile, readMappingFile, safeText } from '../db/import';
import { ensureDemoPanel } from '../db/demo';
import { formatAudit, formatBreakdown, formatImportPreview, formatIssues, formatPeople } from './format';
import { APPLY_HELP, applyCommand } from './apply';
import { MERGE_HELP, mergeCommand } from './merge';
import { CONTRIBUTIONS_HELP, contributionsCommand, type ContributionCommand } from './contributions';
import { CYCLE_HELP, attendanceCommand, importPreviousCommand, midYearCommand, steppedOutCommand } from './cycle';
import { DISCUSSION_HELP, discussionCommand } from './discussion';
import { readMidYearPanel } from '../db/midYear';
import { BREAKDOWN_STAGES, type BreakdownStage } from '../shared/fairness';

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
${DISCUSSION_HELP}
  finalise <panel> --actor "Chair's name"
                                    Locks the panel. Warns first (stderr) of undiscussed queue cases, open
                                    borderline flags, "Not assessed" finance and changes in the last 10 minutes.
  export <panel> <out.csv|out.xlsx> The moderated outcome. The XLSX pack has a "Mid-year vs end-year"
        [--mid-year <mid.modpanel>] sheet (from a mid-year panel file, else the mid_year_marking column).
        [--mapping <m.json>]        The outcome in an HR system's layout: columns, order, headers,
                                    values and date format from an export mapping (docs/export-mapping.md).
  return <panel>                    The Cabinet Office return figures (paras 91-94).
  info <panel>                      The panel: year, cut-off, stage, status, people, settings.
  audit <panel> [--staff-id S] [--action A] [--limit N] [--role hr]
                                    The log; discussion times per person only with --role hr.
${TRUST_HELP}
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
${MERGE_HELP}
${CONTRIBUTIONS_HELP}
${CYCLE_HELP}
${ROLES_HELP}
  demo <panel>                      Write the generated demo panel to a file.

Options for every command: --json (machine-readable output), --help.
Encrypted panels: every command takes the passphrase the same way, from MODPANEL_KEY, or the variable named
by --passphrase-env VAR (on a terminal, modpanel asks for it). --key <passphrase> also works but other users
of the computer can see it, so it is warned against. A new panel is encrypted when a passphrase is given;
import warns when it is not, and merge makes none without one unless told --no-encryption. An empty
passphrase is refused. Every command records its changes as the command line's session, so
\`modpanel undo --actor "Name" --role R\` reverses that person's last change, whichever command made it.
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
  for: { type: 'string' },
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
  'mid-year': { type: 'string' },
  member: { type: 'string' },
  'take-workbook-values': { type: 'string' },
  key: { type: 'string' },
  'passphrase-env': { type: 'string' },
  'new-passphrase-env': { type: 'string' },
  'remove-encryption': { type: 'boolean' },
  verify: { type: 'boolean' },
  hash: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function need(value: string | undefined, what: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`Missing ${what}. See \`modpanel --help\`.`);
  return value;
}

function actorOf(values: Values, defaultRole: Role): Actor {
  const name = need(values.actor, '--actor "Your name" (every change is recorded against a person)');
  const role = (values.role ?? defaultRole) as Role;
  if (!(PERSON_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${PERSON_ROLES.join(', ')}`);
  return { name, role };
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
  // HR imports (shared/roles.ts): refused before the file is read; on an existing panel the refusal is recorded.
  if (isNew && !may(actor.role, 'import')) throw new ModerationError('not_permitted', refusalMessage(actor.role, 'import'));
  // Validate before anything is created or opened for writing: a bad file leaves no panel behind.
  const existing = isNew ? null : await openPanel(panelPath);
  try {
    existing?.authorize(actor, 'import', { file: basename(file) });
  } catch (error) {
    existing?.close();
    throw error;
  }
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
  if (isNew && !values['dry-run']) {
    // The file appears only once the import has committed (db/newPanel.ts): a kill part-way leaves no panel.
    const made = createPanelWithImport(panelPath, newPanel, parsed, actor, { ...panelKey(), program: 'cli', import: { ...options, ...yearOptions } });
    if (values.json) io.out(JSON.stringify(withoutCharacteristicChanges(made.summary), null, 2));
    else {
      io.out(formatImportPreview(made.summary));
      io.out(`Imported into ${panelPath}.`);
    }
    if (runPassphrase().key === undefined) io.err(UNENCRYPTED_PANEL_WARNING(panelPath));
    return 0;
  }
  // A dry run never creates the file: it previews against an empty panel in memory.
  const service = existing ?? ModerationService.create(':memory:', newPanel, actor);
  try {
    const hadPeople = !isNew && service.people().length > 0;
    const apply = !values['dry-run'] && (!hadPeople || values.apply === true);
    if (!apply) {
      // Previewed only when it is all that is shown: applying previews again (a fifth of a 100k import).
      const preview = service.previewImport(parsed, { ...options, ...yearOptions });
      if (values.json) io.out(JSON.stringify({ applied: false, ...withoutCharacteristicChanges(preview) }, null, 2));
      else {
        io.out(formatImportPreview(preview));
        io.out(values['dry-run'] ? 'Dry run: nothing was written.' : 'Nothing was written yet: run again with --apply to apply these changes.');
      }
      return 0;
    }
    const summary = service.applyImport(parsed, actor, { ...options, ...yearOptions });
    if (values.json) io.out(JSON.stringify(withoutCharacteristicChanges(summary), null, 2));
    else {
      io.out(formatImportPreview(summary));
      io.out(`Imported into ${panelPath}.`);
    }
    return 0;
  } finally {
    service.close();
  }
}

/** An export mapping file, checked with its own messages (file, JSON path), as JSON for the API. */
function checkedMappingJson(path: string): unknown {
  try {
    readExportMappingFile(resolve(path));
  } catch (error) {
    if (error instanceof ExportMappingError) throw new ModerationError('invalid', error.message);
    throw error;
  }
  return JSON.parse(readFileSync(resolve(path), 'utf8')) as unknown;
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
  // An empty MODPANEL_KEY is refused for every command that opens a panel, never read as "not encrypted".
  if (argv.length > 0 && argv[0] !== 'help' && !argv.includes('--help') && !argv.includes('-h')) passphraseFrom({}, process.env, () => {});
  // merge takes repeatable options (--prefer, --exclude) of its own.
  if (argv[0] === 'merge') return mergeCommand(argv.slice(1), io);
  // The cycle's commands parse their own options (attendance pairs each --add with the --role after it).
  if (argv[0] === 'attendance') return attendanceCommand(argv.slice(1), io);
  if (argv[0] === 'stepped-out') return steppedOutCommand(argv.slice(1), io);
  if (argv[0] === 'midyear' || argv[0] === 'mid-year') return midYearCommand(argv.slice(1), io);
  if (argv[0] === 'import-previous') return importPreviousCommand(argv.slice(1), io);
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    io.out(HELP);
    return command || values.help ? 0 : 2;
  }
  beginRun(values, io);
  if (values.role !== undefined && !(PERSON_ROLES as readonly string[]).includes(values.role)) throw new UsageError(`--role must be one of ${PERSON_ROLES.join(', ')}`);
  if (values.action !== undefined && !AUDIT_ACTIONS.includes(values.action as AuditAction)) {
    throw new UsageError(`--action must be one of ${AUDIT_ACTIONS.join(', ')}`);
  }
  // Who sees what is the API's (db/api.ts, db/roomViews.ts): people come through it without their
  // characteristics, whatever the role, as they reach the window.
  const print = (value: unknown, text: () => string) => io.out(values.json ? JSON.stringify(value, null, 2) : text());
  /** The person a change returned, through the API (never with characteristics). */
  const changed = (result: { people: Person[] }) => result.people[0]!;

  switch (command) {
    case 'import':
      return importCommand(values, rest, io);
    case 'list':
      return withPanel(rest[0], async (s) => {
        const people = (await viaApi(s, 'getPanel', {})).people.filter(
          (p) => (values.grade === undefined || gradeForModeration(p) === values.grade) && (values.box === undefined || p.moderatedMarking === parseMarking(values.box)),
        );
        print(people, () => formatPeople(s.panel(), people));
        return 0;
      });
    case 'move':
      return withPanel(rest[0], async (s) => {
        const person = changed(
          await viaApi(s, 'move', {
            actor: actorOf(values, 'chair'),
            staffId: need(rest[1], 'the staff id'),
            to: markingArg(rest[2]),
            ...(values.reason ? { reason: values.reason } : {}),
            ...(values.contribution ? { corporateContributionEvidence: values.contribution } : {}),
            acknowledgeNoCorporateContribution: values.acknowledge === true,
          }),
        );
        print(person, () => `${person.name} (${person.staffId}) is now ${person.moderatedMarking}.`);
        return 0;
      });
    case 'contribution':
      return withPanel(rest[0], async (s) => {
        const text = rest[2];
        if (text === undefined) throw new UsageError('Missing the contribution the panel saw (in quotes; "" clears it). See `modpanel --help`.');
        const person = changed(await viaApi(s, 'recordContribution', { actor: actorOf(values, 'chair'), staffId: need(rest[1], 'the staff id'), text }));
        print(person, () =>
          person.corporateContributionEvidence
            ? `${person.name}: corporate contribution recorded (para 34).`
            : `${person.name}: recorded corporate contribution cleared.`,
        );
        return 0;
      });
    case 'return':
      return withPanel(rest[0], async (s) => {
        const figures = await viaApi(s, 'cabinetOfficeReturn', {});
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
      return withPanel(rest[0], (s) => {
        const info = panelInfo(s);
        print(info, () => formatInfo(info));
        return 0;
      });
    case 'reorder':
      return withPanel(rest[0], async (s) => {
        const after = need(values.after, '--after <staff_id|top>');
        const person = changed(await viaApi(s, 'reorder', { actor: actorOf(values, 'chair'), staffId: need(rest[1], 'the staff id'), afterStaffId: after === 'top' ? null : after }));
        print(person, () => `${person.name} reordered within ${person.moderatedMarking}.`);
        return 0;
      });
    case 'flag':
      return withPanel(rest[0], async (s) => {
        const kind = need(rest[2], 'the flag kind') as FlagKind;
        if (!FLAG_KINDS.includes(kind)) throw new UsageError(`Flag kind must be one of ${FLAG_KINDS.join(', ')}`);
        const staffId = need(rest[1], 'the staff id');
        const actor = actorOf(values, 'chair');
        const person = changed(values.remove ? await viaApi(s, 'unflag', { actor, staffId, kind }) : await viaApi(s, 'flag', { actor, staffId, kind, text: values.text ?? '' }));
        print(person, () => `${person.name}: flags ${person.flags.map((f) => f.kind).join(', ') || 'none'}.`);
        return 0;
      });
    case 'finance':
      return withPanel(rest[0], async (s) => {
        const objective = parseFinanceObjective(need(rest[2], 'the finance objective'));
        if (!objective) throw new UsageError('The finance objective must be Met, "Not met" or "Not assessed"');
        const person = changed(await viaApi(s, 'setFinance', { actor: actorOf(values, 'finance'), staffId: need(rest[1], 'the staff id'), objective, note: values.note ?? '' }));
        print(person, () => `${person.name}: finance objective ${person.financeObjective}.`);
        return 0;
      });
    case 'note':
      return withPanel(rest[0], async (s) => {
        const staffId = need(rest[1], 'the staff id');
        await viaApi(s, 'addNote', { actor: actorOf(values, 'chair'), staffId, text: need(rest[2], 'the note text') });
        const note = s.personDetail(staffId).notes.at(-1)!;
        print(note, () => `Note ${note.id} added.`);
        return 0;
      });
    case 'undo':
    case 'redo':
      return withPanel(rest[0], async (s) => {
        const result = await viaApi(s, command, { actor: actorOf(values, 'chair') });
        print(result, () => result.announcement + '.');
        return 0;
      });
    case 'discussion':
      // The rail's queue through the API, with members' preview verdicts (comments for the chair and HR).
      return withPanel(rest[0], async (s) => {
        io.out(await discussionCommand(s, values.role as Role | undefined, values.json === true));
        return 0;
      });
    case 'finalise':
    case 'finalize':
      return withPanel(rest[0], async (s) => {
        // The same pre-flight checklist the window shows before the chair signs: it warns, the rules refuse.
        const checks = preflightLines(await finalisePreflightFor(s));
        if (checks.length > 0) io.err(['Warning: before finalising, check:', ...checks.map((line) => `  ${line}`)].join('\n'));
        const { panel } = await viaApi(s, 'finalise', { actor: actorOf(values, 'chair') });
        print(panel, () => `Finalised by ${panel.finalisedBy} at ${panel.finalisedAt}. The panel is now read-only.`);
        return 0;
      });
    case 'export':
      return withPanel(rest[0], async (s) => {
        const out = resolve(need(rest[1], 'the output file (.csv or .xlsx)'));
        // HR exports (shared/roles.ts); the file is made by the API's exportOutcome, as the window's is.
        const actor = { name: values.actor ?? process.env.USER ?? 'HR', role: (values.role ?? 'hr') as Role };
        const xlsx = out.toLowerCase().endsWith('.xlsx');
        if (!values.mapping && !xlsx && !out.toLowerCase().endsWith('.csv')) throw new UsageError('The output file must end in .csv or .xlsx');
        const history = s.historyTip();
        const rows = outcomeRows(s.panel(), s.people(), history);
        // An export mapping writes the HR system's layout (docs/export-mapping.md); --mid-year feeds the pack's mid-year sheet.
        const mapping = values.mapping ? checkedMappingJson(values.mapping) : null;
        if (values['mid-year']) setOpenedMidYear(s, readMidYearPanel(resolve(values['mid-year']), { expectedYear: s.panel().performanceYear, ...panelKey() }));
        const file = await viaApi(s, 'exportOutcome', {
          actor,
          format: xlsx ? 'xlsx' : 'csv',
          ...(mapping ? { mapping, mappingFileName: basename(values.mapping!) } : {}),
        });
        writeFileSync(out, Buffer.from(file.bytesBase64, 'base64'));
        if (s.panel().status !== 'finalised') {
          io.err(`Warning: Draft — panel not finalised: the outcome may still change.${out.toLowerCase().endsWith('.xlsx') && !values.mapping ? ' Every sheet of the workbook says so in its first row.' : ''}`);
        }
        io.err(`Warning: ${basename(out)}: ${EXPORT_NOT_ENCRYPTED}`);
        print({ file: out, rows: rows.length, historyHash: history?.hash ?? null, historyEvent: history?.eventId ?? null }, () =>
          [
            `Wrote ${rows.length} people to ${out}.`,
            history ? `History hash ${history.hash} (event #${history.eventId}): \`modpanel audit ${s.path} --verify --hash ${history.hash.slice(0, 16)}\` ties this file to the panel's history.` : '',
          ].filter(Boolean).join('\n'),
        );
        return 0;
      });
    case 'audit':
      if (values.verify || values.hash !== undefined) return withPanel(rest[0], (s) => verifyCommand(s, { json: values.json === true, hash: values.hash }, io));
      return withPanel(rest[0], async (s) => {
        // Per-person discussion times are for HR only (issue 4): shown with --role hr, as the API decides.
        const events = await viaApi(s, 'audit', {
          ...(values.role ? { role: values.role as Role } : {}),
          ...(values['staff-id'] ? { staffId: values['staff-id'] } : {}),
          ...(values.action ? { action: values.action as AuditAction } : {}),
          ...(values.limit ? { limit: Number(values.limit) } : {}),
        });
        print(events, () => formatAudit(events));
        return 0;
      });
    case 'breakdown':
      return withPanel(rest[0], async (s) => {
        const characteristic = need(values.by, '--by <characteristic>');
        const stage = (values.stage ?? 'moderated') as BreakdownStage;
        if (!BREAKDOWN_STAGES.includes(stage)) throw new UsageError(`--stage must be one of ${BREAKDOWN_STAGES.join(', ')}`);
        const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
        if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 1)) throw new UsageError('--threshold must be a whole number of people, 1 or more');
        // HR's figures or the room's copy, small groups suppressed at no less than the panel's threshold: the API's policy (db/roomViews.ts).
        const report = await viaApi(s, 'breakdown', {
          actor: { name: values.actor ?? process.env.USER ?? 'modpanel', role: (values.role ?? 'observer') as Role },
          characteristic,
          stage,
          ...(threshold !== undefined ? { threshold } : {}),
          ...(values.reference ? { referenceGroup: values.reference } : {}),
        });
        print(report.breakdown, () => formatBreakdown(report));
        return 0;
      });
    case 'settings':
      return withPanel(rest[0], async (s) => {
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
        const panel = Object.keys(changes).length ? (await viaApi(s, 'updateSettings', { actor: actorOf(values, 'hr'), ...changes })).panel : s.panel();
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
      return applyCommand(rest, { actor: values.actor, role: values.role, json: values.json === true, dryRun: values['dry-run'] === true }, io);
    case 'finance-sheet':
    case 'finance-import':
    case 'preview-sheet':
    case 'preview-import':
      return contributionsCommand(command as ContributionCommand, rest, {
        actor: values.actor,
        role: values.role,
        json: values.json === true,
        apply: values.apply === true,
        member: values.member,
        takeWorkbookValues: values['take-workbook-values'],
      }, io);
    case 'rekey':
      return rekeyCommand(
        {
          panel: rest[0],
          currentKey: runPassphrase().key,
          newPassphraseEnv: values['new-passphrase-env'],
          removeEncryption: values['remove-encryption'] === true,
          actor: values.actor,
          role: values.role,
          json: values.json === true,
        },
        io,
      );
    case 'share':
      return withPanel(rest[0], (s) => shareCommand(s, values, io));
    case 'pin':
      return withPanel(rest[0], (s) => pinCommand(s, values, io));
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

/** Entry point used by cli/modpanel.mjs. Every failure ends in one readable line on stderr, never a stack trace. */
export async function main(
  argv: string[],
  io: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
): Promise<number> {
  // A NUL byte or a megabyte cell in a message is shown escaped and cut, never written to the terminal as is.
  const safeIo: Io = { out: io.out, err: (t) => io.err(safeText(t)) };
  try {
    return await run(argv, safeIo);
  } catch (error) {
    if (error instanceof ModerationError || error instanceof PanelFileError || error instanceof MappingFileError || error instanceof UsageError) {
      safeIo.err(`modpanel: ${error.message}`);
      return error instanceof UsageError ? 2 : 1;
    }
    if (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      safeIo.err(`modpanel: ${error.message}. See \`modpanel --help\`.`);
      return 2;
    }
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 500);
    safeIo.err(`modpanel: unexpected error: ${message}`);
    if (process.env.MODPANEL_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
}
