// `modpanel merge --out <overall.modpanel> <unit.modpanel>… --actor <name> --role hr`: the overall moderation
// meeting's panel (paras 82-84) made from the business units' panels (db/merge.ts, db/mergeFile.ts). Every
// conflict is named with what to do and nothing is written until none is left: exit 1 naming each. The
// overall panel holds every unit's special-category data, so it is encrypted unless HR says --no-encryption;
// the passphrase comes as every command's does (cli/panels.ts).

import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createOverallPanel } from '../db/mergeFile';
import { planMerge } from '../db/merge';
import type { MergeConflict, MergePlan, UnitSummary } from '../db/merge';
import { performanceYearLabel } from '../shared/performanceYear';
import { PASSPHRASE_OPTIONS, beginRun, type Io } from './panels';
import { UNENCRYPTED_PANEL_WARNING, askHidden } from './passphrase';

export const MERGE_HELP = `  merge --out <overall.modpanel> <unit.modpanel>… --actor "Name" --role hr
        [--prefer <unit.modpanel>]… [--exclude <staff_id>]… [--allow-open] [--name N] [--unit U]
        [--no-encryption]
                                    The overall moderation meeting (paras 82-84): each person's moderated
                                    marking in their unit panel becomes their provisional marking, and
                                    where they came from is kept. Conflicts are named with what to do and
                                    nothing is written until none is left: a staff id in two unit panels
                                    (--prefer the unit whose marking stands, earlier wins; or --exclude
                                    the staff id), a unit panel not finalised (--allow-open, recorded),
                                    different performance years, an encrypted unit panel without its
                                    passphrase. The overall panel is encrypted with the passphrase
                                    (MODPANEL_KEY or --passphrase-env VAR; asked for on a terminal);
                                    without one, only --no-encryption makes it, unencrypted.`;

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Each conflict on its own numbered lines: what is wrong, then what resolves it. */
export function formatConflicts(conflicts: readonly MergeConflict[]): string {
  return conflicts.map((c, i) => `  ${i + 1}. ${c.message}\n     → ${c.fix}`).join('\n');
}

function formatUnit(unit: UnitSummary): string {
  const status = unit.status === 'finalised' ? `finalised by ${unit.chair ?? 'its chair'} on ${unit.finalisedAt?.slice(0, 10) ?? '?'}` : 'NOT finalised';
  return `  ${unit.label}  ${unit.panel} (${unit.businessUnit || 'no business unit'}, ${performanceYearLabel(unit.performanceYear)}): ${count(unit.people, 'person', 'people')}, ${status}, ${count(unit.changedLocally, 'marking', 'markings')} changed locally`;
}

function formatDuplicates(plan: Pick<MergePlan, 'duplicates'>): string[] {
  return plan.duplicates.map((d) =>
    d.takenFrom === null
      ? `  ${d.staffId} (${d.name}) is in ${d.units.join(' and ')}: left out (--exclude)`
      : `  ${d.staffId} (${d.name}) is in ${d.units.join(' and ')}: taken from ${d.takenFrom} (--prefer)`,
  );
}

/** Said when there is neither a passphrase nor an explicit choice not to encrypt. */
export const NOT_ENCRYPTED_WITHOUT_CHOICE =
  'The overall panel holds special-category data about everyone in the unit panels, so it is encrypted: set MODPANEL_KEY to its passphrase ' +
  '(or name a variable holding it with --passphrase-env VAR), or give --no-encryption to make it without encryption. Nothing was written';

/** On a terminal, a passphrase for the new overall panel, typed twice; undefined when there is no terminal or it was left empty. */
async function newPassphrase(io: Io): Promise<string | undefined> {
  const first = await askHidden('Passphrase for the new overall panel (it is encrypted; Enter alone to stop): ');
  if (first === null || first === '') return undefined;
  const again = await askHidden('The same passphrase again: ');
  if (again !== first) {
    io.err('modpanel merge: the two passphrases differ.');
    return undefined;
  }
  return first;
}

/** Exit 0 when the overall panel was made, 1 when conflicts (or the files) refused it, 2 for a command mistake. */
export async function mergeCommand(argv: string[], io: Io): Promise<number> {
  const usage = (message: string) => {
    io.err(`modpanel merge: ${message}. See \`modpanel --help\`.`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        prefer: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        'allow-open': { type: 'boolean' },
        name: { type: 'string' },
        unit: { type: 'string' },
        'no-encryption': { type: 'boolean' },
        ...PASSPHRASE_OPTIONS,
        actor: { type: 'string' },
        role: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`Usage:\n${MERGE_HELP}`);
    return 0;
  }
  if (!values.out?.trim()) return usage('Missing --out <overall.modpanel> (the new overall panel file)');
  if (positionals.length === 0) return usage('Missing the unit panel files to merge');
  if (!values.actor?.trim()) return usage('Missing --actor "Your name" (the merge is recorded against a person)');
  if (!values.role) return usage('Missing --role hr');
  if (values.role !== 'hr') return usage(`--role must be hr: merging unit panels gathers every unit's diversity data, which is HR's to hold (got "${values.role}")`);

  const units = positionals.map((p) => resolve(p));
  for (const unit of units) if (!existsSync(unit)) return usage(`No unit panel file at ${unit}`);
  const twice = units.find((u, i) => units.indexOf(u) !== i);
  if (twice) return usage(`${twice} is given twice`);
  // A --prefer must name one of the unit panels given (its path or its file name).
  for (const entry of values.prefer ?? []) {
    const matches = units.filter((u) => u === resolve(entry) || basename(u) === entry);
    if (matches.length === 0) return usage(`--prefer ${entry} is not one of the unit panels being merged`);
    if (matches.length > 1) return usage(`--prefer ${entry} matches more than one unit panel: give its path`);
  }

  // One passphrase for the run, as every command takes it: it opens encrypted unit panels and encrypts the overall one.
  const given = beginRun(values, io);
  const key = given.key ?? (values['no-encryption'] ? undefined : await newPassphrase(io));
  if (key !== undefined && values['no-encryption']) {
    return usage(`--no-encryption was given, but so was a passphrase (${given.source ?? 'typed'}): give one or the other`);
  }
  const plan = planMerge({
    units: units.map((path) => ({ path })),
    prefer: (values.prefer ?? []).map((entry) => units.find((u) => u === resolve(entry) || basename(u) === entry)!),
    exclude: values.exclude ?? [],
    allowOpen: values['allow-open'] === true,
    ...(key ? { key } : {}),
  });
  // Without a passphrase or --no-encryption nothing is made; the conflicts, if any, are listed first.
  const undecided = key === undefined && !values['no-encryption'];
  if (undecided && plan.conflicts.length === 0) return usage(NOT_ENCRYPTED_WITHOUT_CHOICE);
  const outcome = undecided
    ? ({ merged: false, plan } as const)
    : createOverallPanel(plan, {
        out: values.out,
        actor: { name: values.actor.trim(), role: 'hr' },
        ...(key ? { key } : {}),
        program: 'cli',
        ...(values.name ? { name: values.name } : {}),
        ...(values.unit ? { businessUnit: values.unit } : {}),
      });

  if (!outcome.merged) {
    const { plan } = outcome;
    if (values.json) {
      io.out(JSON.stringify({ merged: false, conflicts: plan.conflicts, units: plan.units, duplicates: plan.duplicates, warnings: plan.warnings }, null, 2));
    }
    io.err(`modpanel merge: nothing was written: ${count(plan.conflicts.length, 'conflict', 'conflicts')} to resolve.`);
    io.err(formatConflicts(plan.conflicts));
    for (const warning of plan.warnings) io.err(`  Warning: ${warning}`);
    if (undecided) io.err('  Then: the overall panel is encrypted, so set MODPANEL_KEY (or --passphrase-env VAR), or give --no-encryption to make it without encryption.');
    return 1;
  }

  if (values.json) {
    const { panel, path, people, eligible, units: merged, duplicates, excluded, openUnits, warnings, auditEventId } = outcome;
    io.out(JSON.stringify({ merged: true, path, panel, encrypted: key !== undefined, people, eligible, units: merged, duplicates, excluded, openUnits, warnings, auditEventId }, null, 2));
    if (key === undefined) io.err(UNENCRYPTED_PANEL_WARNING(path));
    return 0;
  }
  io.out(
    `Merged ${count(outcome.units.length, 'unit panel', 'unit panels')} into ${outcome.path} (${outcome.panel.name}, ${performanceYearLabel(outcome.panel.performanceYear)}): ` +
      `${count(outcome.people, 'person', 'people')}, ${outcome.eligible.toLocaleString('en-GB')} eligible for moderation.`,
  );
  for (const unit of outcome.units) io.out(formatUnit(unit));
  const duplicates = formatDuplicates(outcome);
  if (duplicates.length) io.out(['In more than one unit panel:', ...duplicates].join('\n'));
  const excludedOnly = outcome.excluded.filter((s) => !outcome.duplicates.some((d) => d.staffId === s));
  if (excludedOnly.length) io.out(`Left out (--exclude): ${excludedOnly.join(', ')}`);
  if (outcome.openUnits.length) io.out(`Merged while still open (--allow-open, recorded in the overall panel's history): ${outcome.openUnits.join(', ')}`);
  for (const warning of outcome.warnings) io.err(`Warning: ${warning}`);
  if (key === undefined) io.err(UNENCRYPTED_PANEL_WARNING(outcome.path));
  else io.out(`The overall panel is encrypted with the passphrase${given.source ? ` from ${given.source}` : ' you typed'}.`);
  io.out("Each person's unit marking is their provisional marking here; a change at the overall meeting needs a reason, as in any panel.");
  return 0;
}
