// `modpanel` commands for the moderation cycle (issue 8): who was in the room (attendance, stepped-out),
// mid-year against end-year (midyear), last year's markings (import-previous), and the export mapping used
// by `modpanel export --mapping`. Each parses its own options, since attendance pairs every --add with the
// --role that follows it, but opens the panel as every command does (cli/panels.ts: the run's passphrase, the
// command line's session) and, where the contract has an entry, reads and changes it through the API, as the
// window does.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ATTENDANCE_ROLES, ATTENDANCE_ROLE_LABELS, FINANCE_ATTENDANCE_QUOTE, sameName, type AttendanceRole } from '../shared/attendance';
import { BOX_MARKINGS, ROLES, type Actor, type Panel, type Role } from '../shared/domain';
import { MID_YEAR_QUOTES, midYearSummary, stepsText, type MidYearComparison } from '../shared/midYear';
import { displayCell, displayPercentCell } from '../shared/stats';
import { ModerationError } from '../db/errors';
import { ExportMappingError, mappedCsv, mappedXlsx, readExportMappingFile } from '../db/exportMapping';
import type { OutcomeRow } from '../db/export';
import { readMidYearPanel, setOpenedMidYear } from '../db/midYear';
import { previewPreviousMarkings, readPreviousOutcome, type PreviousMarkingsSummary } from '../db/previousYears';
import { formatIssues } from './format';
import { PASSPHRASE_OPTIONS, UsageError, beginRun, panelKey, withPanel, type Io } from './panels';
import { passphraseFrom } from './passphrase';
import { viaApi } from './viaApi';

export const CYCLE_HELP = `  attendance <panel> [--add "Name" --role chair|member|finance|hr|observer]… [--remove "Name"]…
        --actor "Name" [--role chair]    Who was in the room, entered once per meeting (audited). A --role
                                    straight after --add is that person's; any other --role is yours.
                                    Without --add or --remove, shows the attendance and who reports to
                                    someone on the panel (Annex D 3.a.ii expects a finance partner).
  stepped-out <panel> <staff_id> "Member" [--stayed] --actor "Name"
                                    Record that a panel member who manages the person stepped out while
                                    they were discussed (or, with --stayed, that they stayed).
  midyear <end.modpanel> [--mid-year <mid.modpanel>] [--mid-year-passphrase-env VAR] [--role hr --actor "Name"]
                                    Mid-year against end-year (paras 85, 90): the same people's indicative
                                    and final distribution by characteristic, who moved and how far. From a
                                    mid-year panel file (stage mid_year) matched by staff id, else from the
                                    panel's own mid_year_marking column. Small groups show [c] unless --role hr.
                                    The mid-year file opens with the panel's passphrase unless it has its
                                    own, in the variable --mid-year-passphrase-env names.
  import-previous <panel> <last-year-outcome.csv|xlsx> [--year-before] [--dry-run] --actor "Name"
                                    Last year's moderated markings (staff_id, moderated_marking) into
                                    previous_marking_1 (--year-before: previous_marking_2). Whole or nothing.`;

/** A mistake in the command (exit 2, printed by `main`). */
function usage(message: string): UsageError {
  return new UsageError(`${message}. See \`modpanel --help\`.`);
}

function actorRole(raw: string | undefined, fallback: Role): Role {
  const role = (raw ?? fallback) as Role;
  if (!ROLES.includes(role)) throw usage(`--role must be one of ${ROLES.join(', ')}`);
  return role;
}

function needActor(name: string | undefined): string {
  if (name === undefined || name.trim() === '') throw usage('Missing --actor "Your name" (every change is recorded against a person)');
  return name.trim();
}

function needPanel(path: string | undefined): string {
  if (path === undefined || path.trim() === '') throw usage('Missing the panel file');
  return path;
}

/** `attendance`: pairs each --add with the --role straight after it; any other --role is the actor's. */
export async function attendanceCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    tokens: true,
    options: {
      add: { type: 'string', multiple: true },
      remove: { type: 'string', multiple: true },
      role: { type: 'string', multiple: true },
      actor: { type: 'string' },
      json: { type: 'boolean' },
      ...PASSPHRASE_OPTIONS,
    },
  });
  beginRun(values, io);
  const add: { name: string; role: AttendanceRole | undefined }[] = [];
  let pending: { name: string; role: AttendanceRole | undefined } | null = null;
  let yourRole: string | undefined;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'add') {
      pending = { name: token.value ?? '', role: undefined };
      add.push(pending);
    } else if (token.name === 'role') {
      if (pending && pending.role === undefined) {
        if (!ATTENDANCE_ROLES.includes(token.value as AttendanceRole)) {
          throw usage(`--role after --add "${pending.name}" must be one of ${ATTENDANCE_ROLES.join(', ')} (got "${token.value}")`);
        }
        pending.role = token.value as AttendanceRole;
      } else yourRole = token.value;
      pending = null;
    } else {
      pending = null;
    }
  }
  const missing = add.find((a) => a.role === undefined);
  if (missing) throw usage(`Say which role ${missing.name || 'the attendee'} attended in: --add "${missing.name}" --role ${ATTENDANCE_ROLES.join('|')}`);
  const remove = values.remove ?? [];
  const changing = add.length > 0 || remove.length > 0;
  const actor: Actor | null = changing ? { name: needActor(values.actor), role: actorRole(yourRole, 'chair') } : null;
  return withPanel(needPanel(positionals[0]), async (service) => {
    const view = actor
      ? await viaApi(service, 'updateAttendance', { actor, add: add.map((a) => ({ name: a.name, role: a.role! })), remove })
      : await viaApi(service, 'attendance', {});
    if (values.json) {
      io.out(JSON.stringify(view, null, 2));
      return 0;
    }
    const { attendees, conflicts } = view;
    const lines = [`Who was in the room: ${service.panel().name}`];
    if (attendees.length === 0) lines.push('  No attendance recorded yet.');
    for (const a of attendees) lines.push(`  ${a.name.padEnd(30)} ${ATTENDANCE_ROLE_LABELS[a.role]}`);
    lines.push(view.financeNote);
    if (!attendees.some((a) => a.role === 'finance')) lines.push(`  ${FINANCE_ATTENDANCE_QUOTE}`);
    if (conflicts.length) {
      lines.push('People who report to someone on the panel (the tool records; it does not police):');
      for (const c of conflicts) {
        for (const link of c.links) {
          const outcome = link.steppedOut === null ? 'stepping out not recorded' : link.steppedOut ? 'stepped out' : 'stayed in the room';
          lines.push(`  ${c.staffId}  ${c.name}: ${link.member} (${link.relation}) — ${outcome}`);
        }
      }
    }
    io.out(lines.join('\n'));
    return 0;
  });
}

/** `stepped-out <panel> <staff_id> "Member" [--stayed]`. */
export async function steppedOutCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { stayed: { type: 'boolean' }, actor: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean' }, ...PASSPHRASE_OPTIONS },
  });
  beginRun(values, io);
  const [panelPath, staffId, member] = positionals;
  needPanel(panelPath);
  if (!staffId) throw usage('Missing the staff id of the person discussed');
  if (!member) throw usage('Missing the panel member’s name (in quotes)');
  const actor: Actor = { name: needActor(values.actor), role: actorRole(values.role, 'chair') };
  return withPanel(panelPath, async (service) => {
    await viaApi(service, 'recordStepOut', { actor, staffId, member, steppedOut: values.stayed !== true });
    const person = service.person(staffId);
    // The record as stored, with the member's name as the attendance spells it.
    const record = service.stepOuts().find((r) => r.staffId === person.staffId && sameName(r.member, member))!;
    io.out(values.json ? JSON.stringify(record, null, 2) : `${record.member} ${record.steppedOut ? 'stepped out' : 'stayed in the room'} while ${person.name} was discussed (recorded).`);
    return 0;
  });
}

/** `midyear <end.modpanel> [--mid-year <mid.modpanel>]`. */
export async function midYearCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'mid-year': { type: 'string' },
      'mid-year-passphrase-env': { type: 'string' },
      actor: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean' },
      ...PASSPHRASE_OPTIONS,
    },
  });
  beginRun(values, io);
  const role = actorRole(values.role, 'chair');
  const midYearPath = values['mid-year'] === undefined ? null : resolve(values['mid-year']);
  if (midYearPath !== null && !existsSync(midYearPath)) throw usage(`No mid-year panel file at ${midYearPath}`);
  // The mid-year file opens with the run's passphrase, unless it has its own (named, never typed on the command line).
  const midYearKey = values['mid-year-passphrase-env'] !== undefined ? passphraseFrom({ 'passphrase-env': values['mid-year-passphrase-env'] }, process.env, () => {}).key : undefined;
  return withPanel(needPanel(positionals[0]), async (service) => {
    if (midYearPath !== null) {
      const key = midYearKey ?? panelKey().key;
      setOpenedMidYear(service, readMidYearPanel(midYearPath, { expectedYear: service.panel().performanceYear, ...(key ? { key } : {}) }));
    }
    // HR's figures or the room's copy, as the window gets them (db/roomViews.ts through the API).
    const comparison = await viaApi(service, 'midYearComparison', { actor: { name: values.actor?.trim() || (process.env.USER ?? 'modpanel'), role } });
    io.out(values.json ? JSON.stringify(comparison, null, 2) : formatMidYear(service.panel(), comparison));
    return 0;
  });
}

export function formatMidYear(panel: Panel, comparison: MidYearComparison): string {
  const lines = [`Mid-year against end-year: ${panel.name}`, `  ${MID_YEAR_QUOTES.para85}`, `  ${MID_YEAR_QUOTES.para90}`, ...midYearSummary(comparison)];
  lines.push('', `  ${'box'.padEnd(16)} ${'mid-year'.padStart(9)} ${'end-year'.padStart(9)}`);
  for (const box of BOX_MARKINGS) lines.push(`  ${box.padEnd(16)} ${String(comparison.midYearCounts[box]).padStart(9)} ${String(comparison.finalCounts[box]).padStart(9)}`);
  lines.push('', '  Moves:', ...comparison.steps.filter((s) => s.people > 0).map((s) => `    ${stepsText(s.steps).padEnd(14)} ${s.people}`));
  for (const c of comparison.byCharacteristic) {
    lines.push('', `  By ${c.label} (top two boxes and Partially Met, mid-year → end-year):`);
    for (const g of c.midYear.groups) {
      const final = c.final.groups.find((f) => f.group === g.group) ?? g;
      const show = (group: typeof g, box: (typeof BOX_MARKINGS)[number]) => displayPercentCell(group, box);
      lines.push(
        `    ${g.group.padEnd(28)} n ${displayCell(g, g.n).padStart(5)}  Exceeding ${show(g, 'Exceeding')} → ${show(final, 'Exceeding')}` +
          `  High Performing ${show(g, 'High Performing')} → ${show(final, 'High Performing')}  Partially Met ${show(g, 'Partially Met')} → ${show(final, 'Partially Met')}`,
      );
    }
    for (const note of c.notes) lines.push(`    ${note}`);
  }
  if (comparison.movers.length) {
    lines.push('', '  Who moved:');
    for (const m of comparison.movers) lines.push(`    ${m.staffId.padEnd(10)} ${m.name.padEnd(28)} ${m.midYear} → ${m.final} (${stepsText(m.steps)})`);
  }
  return lines.join('\n');
}

/** `import-previous <panel> <file> [--year-before] [--dry-run]`. */
export async function importPreviousCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'year-before': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      actor: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean' },
      ...PASSPHRASE_OPTIONS,
    },
  });
  beginRun(values, io);
  const [panelPath, filePath] = positionals;
  needPanel(panelPath);
  if (!filePath) throw usage('Missing last year’s outcome file (CSV or XLSX)');
  const file = resolve(filePath);
  if (!existsSync(file)) throw usage(`No file at ${file}`);
  const year = values['year-before'] ? 2 : 1;
  const parsed = await readPreviousOutcome(file, new Uint8Array(readFileSync(file)));
  if (parsed.errors.length > 0) {
    io.err(formatIssues(parsed.errors));
    io.err(`Nothing was imported: ${parsed.errors.length} problem(s) in ${parsed.file}. Fix them and run the import again.`);
    if (values.json) io.out(JSON.stringify({ applied: false, file: parsed.file, errors: parsed.errors }, null, 2));
    return 1;
  }
  const actor: Actor | null = values['dry-run'] ? null : { name: needActor(values.actor), role: actorRole(values.role, 'hr') };
  // No contract entry takes last year's outcome file (the window gets previous markings from HR's file's columns).
  return withPanel(panelPath, (service) => {
    const summary = actor ? service.importPreviousMarkings(parsed, year, actor) : previewPreviousMarkings(service.repo, parsed, year);
    io.out(values.json ? JSON.stringify(summary, null, 2) : formatPrevious(summary));
    return 0;
  });
}

function formatPrevious(summary: PreviousMarkingsSummary): string {
  const which = summary.year === 1 ? 'last year’s marking (previous_marking_1)' : 'the year before’s marking (previous_marking_2)';
  return [
    `${summary.file}: ${summary.rows} ${summary.rows === 1 ? 'row' : 'rows'}, ${summary.matched} matched in this panel by staff id.`,
    `  ${summary.applied ? 'Set' : 'Would set'} ${which} for ${summary.changed} ${summary.changed === 1 ? 'person' : 'people'}; ${summary.matched - summary.changed} already had it.`,
    `  ${summary.notInFile} ${summary.notInFile === 1 ? 'person' : 'people'} in the panel not in the file (left as they were); ${summary.notInPanel.length} in the file not in the panel (ignored).`,
    summary.applied ? '  Recorded in the audit log.' : '  Dry run: nothing was written.',
  ].join('\n');
}

/** Writes the outcome in an HR system's layout. Throws ModerationError naming the mapping's JSON path. */
export async function writeMappedOutcome(out: string, mappingPath: string, panel: Panel, rows: readonly OutcomeRow[]): Promise<void> {
  let mapping;
  try {
    mapping = readExportMappingFile(resolve(mappingPath));
  } catch (error) {
    if (error instanceof ExportMappingError) throw new ModerationError('invalid', error.message);
    throw error;
  }
  if (out.toLowerCase().endsWith('.xlsx')) writeFileSync(out, await mappedXlsx(mapping, panel, rows));
  else writeFileSync(out, mappedCsv(mapping, panel, rows), 'utf8');
}
