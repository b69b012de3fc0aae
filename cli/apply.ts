// `modpanel apply <panel> <changes.csv|xlsx> --actor <name> --role <role> [--dry-run] [--json]`: a list of
// agreed changes applied as one batch (db/batchChanges.ts), all or nothing, with a summary.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHANGE_ACTIONS, CHANGE_COLUMNS, type ChangesSummary } from '../shared/changeTypes';
import { ROLES, type Role } from '../shared/domain';
import { readChangesFile, runChanges } from '../db/batchChanges';
import { formatIssues } from './format';
import { withPanel, type Io } from './panels';

export const APPLY_HELP = `  apply <panel> <changes.csv|xlsx> --actor "Name" --role <role> [--dry-run]
                                    A list of changes, one per row: ${CHANGE_COLUMNS.join(', ')}
                                    (actions: ${CHANGE_ACTIONS.join(', ')}). Every row is checked first; with
                                    any problem nothing is changed. One audit event per change.`;

export interface ApplyOptions {
  actor: string | undefined;
  role: string | undefined;
  json: boolean;
  dryRun: boolean;
}

export function formatChangesSummary(summary: ChangesSummary): string {
  const counts = Object.entries(summary.byAction)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${action} ${n}`)
    .join(', ');
  const lines = [`${summary.file}: ${summary.rows} ${summary.rows === 1 ? 'change' : 'changes'} for ${summary.people} ${summary.people === 1 ? 'person' : 'people'}${counts ? ` (${counts})` : ''}`];
  const events = `${summary.auditEvents} audit ${summary.auditEvents === 1 ? 'event' : 'events'}`;
  if (summary.applied) {
    const ids = summary.firstEventId === null ? '' : ` (${summary.firstEventId}–${summary.lastEventId})`;
    lines.push(`  changed ${summary.changed}, already so ${summary.unchanged}; ${events} written${ids}`);
  } else {
    lines.push(`  would change ${summary.changed}, already so ${summary.unchanged}; would write ${events}`);
  }
  if (summary.warnings.length) lines.push('  warnings:', ...formatIssues(summary.warnings).split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}

/** Exit 0 when applied (or a clean dry run), 1 when the file or the panel refused it, 2 for a command mistake. */
export async function applyCommand(positionals: string[], options: ApplyOptions, io: Io): Promise<number> {
  const usage = (message: string) => {
    io.err(`modpanel: ${message}. See \`modpanel --help\`.`);
    return 2;
  };
  const [panelArg, fileArg] = positionals;
  if (!panelArg) return usage('Missing the panel file');
  if (!fileArg) return usage('Missing the changes file (.csv or .xlsx)');
  if (!options.actor?.trim()) return usage('Missing --actor "Your name" (every change is recorded against a person)');
  if (!options.role) return usage(`Missing --role (one of ${ROLES.join(', ')}): the role every change in the file is made in`);
  if (!ROLES.includes(options.role as Role)) return usage(`--role must be one of ${ROLES.join(', ')}`);
  const file = resolve(fileArg);
  if (!existsSync(file)) return usage(`No file at ${file}`);

  // The file is read before the panel is opened: a bad file never touches it.
  const parsed = await readChangesFile(file);
  // Opened as every command opens a panel (cli/panels.ts): `modpanel undo` undoes the same person's applied changes, last first.
  const summary = await withPanel(resolve(panelArg), (service) => runChanges(service, parsed, { name: options.actor!.trim(), role: options.role as Role }, { apply: !options.dryRun }));
  if (options.json) io.out(JSON.stringify(summary, null, 2));
  if (summary.errors.length > 0) {
    io.err(formatIssues(summary.errors));
    io.err(`Nothing was changed: ${summary.errors.length} ${summary.errors.length === 1 ? 'problem' : 'problems'} in ${summary.file}. Fix them and run apply again.`);
    return 1;
  }
  if (!options.json) {
    io.out(formatChangesSummary(summary));
    io.out(summary.applied ? `Applied to ${resolve(panelArg)}.` : 'Dry run: nothing was written.');
  }
  return 0;
}
