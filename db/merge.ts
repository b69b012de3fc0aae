// The overall moderation meeting (paras 82-84): unit panels merged into one department panel. Para 81: "End-year
// performance markings must first be moderated at the local level in each business unit"; para 82: departments
// "must also conduct overall moderation meetings ... to moderate the scores of the SCS in their department as a
// whole". So each person's moderated marking in their unit becomes their provisional marking here; where they
// came from is kept (person.unit_source), with their finance annotation, corporate contribution evidence, flags
// and notes, so the rules still hold. Every unit is read through a private in-memory copy (unit files are never
// touched); every conflict is named with what to do. db/mergeFile.ts creates the overall file only once none is left.

import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { openPanelSnapshot, type PanelDatabase } from './connection';
import { PanelFileError } from './errors';
import { PanelRepository, type PersonRow } from './repository';
import { changeLines, type ChangeLine } from './export';
import { compareDefaultOrder } from '../shared/rules';
import { performanceYearLabel } from '../shared/performanceYear';
import { meetingLabel } from '../shared/unitSource';
import type { Actor, Panel, UnitSource } from '../shared/domain';
import type { MergeConflict, MergeConflictKind, MergeDuplicate, UnitSummary } from '../shared/overallContract';

export interface UnitPanelFile {
  path: string;
  /** What conflicts, choices and the record call it; its file name by default. */
  label?: string;
  /** Its own passphrase, when encrypted; otherwise the merge's `key` is tried. */
  key?: string;
}

/** How HR resolves conflicts: whose copy of a person stands, who is left out, whether open units may come in. */
export interface MergeChoices {
  /** Unit panels (labels or paths) whose copy stands where a staff id is in more than one; earlier wins. */
  prefer?: readonly string[];
  /** Staff ids left out of the overall panel altogether. */
  exclude?: readonly string[];
  /** Merge unit panels that have not been finalised, as they stand (recorded in the overall panel's audit). */
  allowOpen?: boolean;
}

export interface MergeRequest extends MergeChoices {
  units: readonly UnitPanelFile[];
  /** Passphrase for encrypted unit panels without their own, and for the overall panel when given. */
  key?: string;
}

export type { MergeConflict, MergeConflictKind, UnitSummary };

interface FlagRow {
  person_id: number;
  kind: string;
  text: string;
  created_at: string;
  created_by: string;
}

interface NoteRow {
  person_id: number;
  text: string;
  created_at: string;
  author: string;
  role: string;
}

/** One unit panel as read: its record, people, flags, notes and its own change history by staff id. */
export interface UnitRead {
  summary: UnitSummary;
  panel: Panel;
  rows: PersonRow[];
  flags: Map<number, FlagRow[]>;
  notes: Map<number, NoteRow[]>;
  changes: Map<string, ChangeLine[]>;
}

export interface MergePlan {
  units: UnitSummary[];
  conflicts: MergeConflict[];
  /** Everyone who would be in the overall panel. */
  people: number;
  performanceYear: number | null;
  /** Staff ids in more than one unit and which unit's copy stands (by --prefer), or left out (--exclude). */
  duplicates: MergeDuplicate[];
  excluded: string[];
  /** --exclude entries no unit holds (probably a typo): said, not refused. */
  warnings: string[];
  /** @internal what writeMerge needs; not for display. */
  read: { units: UnitRead[]; chosen: { unit: number; row: PersonRow }[] };
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** An unencrypted panel file starts with SQLite's header; an encrypted one (or something else) does not. */
function looksEncrypted(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    const read = readSync(fd, head, 0, 16, 0);
    return head.subarray(0, read).toString('latin1') !== SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/** Labels: file names, or the full path where two units share a file name. */
function labelsOf(units: readonly UnitPanelFile[]): string[] {
  const names = units.map((u) => u.label ?? basename(u.path));
  return names.map((name, i) => (names.filter((n) => n === name).length > 1 ? resolve(units[i]!.path) : name));
}

function readUnit(file: UnitPanelFile, label: string, defaultKey: string | undefined): UnitRead | MergeConflict {
  const path = resolve(file.path);
  if (!existsSync(path)) {
    return { kind: 'unreadable', units: [label], message: `${label}: there is no file at ${path}`, fix: 'Check the file name, or leave it out of the merge.' };
  }
  const encrypted = looksEncrypted(path);
  const key = encrypted ? (file.key ?? defaultKey) : undefined;
  if (encrypted && !key) {
    return {
      kind: 'passphrase',
      units: [label],
      message: `${label} is encrypted (or is not a panel file) and no passphrase was given for it`,
      fix: 'Give its passphrase in MODPANEL_KEY (or in the variable --passphrase-env names; in the window, the passphrase box). The overall panel is encrypted with it too.',
    };
  }
  let db: PanelDatabase;
  try {
    db = openPanelSnapshot(path, key ? { key } : {});
  } catch (error) {
    if (encrypted) {
      return {
        kind: 'passphrase',
        units: [label],
        message: `${label} could not be opened with the passphrase given (or is not a panel file)`,
        fix: 'Give the passphrase it was encrypted with (MODPANEL_KEY or --passphrase-env; every encrypted unit panel is opened with the one passphrase), or leave it out of the merge.',
      };
    }
    const why = error instanceof PanelFileError ? error.message : error instanceof Error ? error.message : String(error);
    return { kind: 'unreadable', units: [label], message: `${label} could not be read: ${why}`, fix: 'Leave it out of the merge, or open it in the app to check it.' };
  }
  try {
    const repo = new PanelRepository(db);
    const panel = repo.panel();
    if (!panel) return { kind: 'unreadable', units: [label], message: `${label} has no panel in it`, fix: 'Leave it out of the merge.' };
    const rows = repo.allPersonRows();
    const flags = groupBy(db.prepare<[], FlagRow>('SELECT person_id, kind, text, created_at, created_by FROM flag ORDER BY created_at, kind').all());
    const notes = groupBy(db.prepare<[], NoteRow>('SELECT person_id, text, created_at, author, role FROM note WHERE deleted = 0 ORDER BY id').all());
    // The unit's own history, labelled as made locally there, for the overall panel's Changes sheet.
    const changes = new Map<string, ChangeLine[]>();
    for (const line of changeLines(repo.audit(), meetingLabel(panel))) {
      const list = changes.get(line.staffId);
      if (list) list.push(line);
      else changes.set(line.staffId, [line]);
    }
    const eligible = rows.filter((r) => r.eligible === 1);
    return {
      summary: {
        label,
        panel: panel.name,
        businessUnit: panel.businessUnit,
        performanceYear: panel.performanceYear,
        status: panel.status,
        chair: panel.finalisedBy,
        finalisedAt: panel.finalisedAt,
        encrypted,
        people: rows.length,
        eligible: eligible.length,
        changedLocally: eligible.filter((r) => r.moderated_marking !== null && r.moderated_marking !== r.provisional_marking).length,
      },
      panel,
      rows,
      flags,
      notes,
      changes,
    };
  } finally {
    db.close();
  }
}

function groupBy<T extends { person_id: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.person_id);
    if (list) list.push(row);
    else map.set(row.person_id, [row]);
  }
  return map;
}

/** The unit a --prefer entry names: its label, its file name or its path. */
function matchUnit(entry: string, labels: readonly string[], units: readonly UnitPanelFile[]): number {
  const byLabel = labels.indexOf(entry);
  if (byLabel !== -1) return byLabel;
  const byPath = units.findIndex((u) => resolve(u.path) === resolve(entry));
  if (byPath !== -1) return byPath;
  const byName = units.flatMap((u, i) => (basename(u.path) === basename(entry) ? [i] : []));
  return byName.length === 1 ? byName[0]! : -1;
}

/** Reads every unit panel and works out the overall panel and its conflicts, writing nothing. */
export function planMerge(request: MergeRequest): MergePlan {
  const labels = labelsOf(request.units);
  const conflicts: MergeConflict[] = [];
  const units: UnitRead[] = [];
  const unitIndex: number[] = []; // request index of each readable unit
  request.units.forEach((file, i) => {
    const read = readUnit(file, labels[i]!, request.key);
    if ('kind' in read) conflicts.push(read);
    else {
      units.push(read);
      unitIndex.push(i);
    }
  });

  const years = [...new Set(units.map((u) => u.panel.performanceYear))];
  if (years.length > 1) {
    conflicts.push({
      kind: 'different_years',
      units: units.map((u) => u.summary.label),
      message: `The unit panels are for different performance years: ${units.map((u) => `${u.summary.label} ${performanceYearLabel(u.panel.performanceYear)}`).join(', ')}`,
      fix: 'Merge one performance year at a time: leave out the unit panels from the other years.',
    });
  }
  for (const unit of units) {
    if (unit.panel.status === 'finalised' || request.allowOpen) continue;
    conflicts.push({
      kind: 'not_finalised',
      units: [unit.summary.label],
      message: `${unit.summary.label} (${unit.panel.name}) has not been finalised: its markings may still change`,
      fix: `Finalise it first (modpanel finalise ${unit.summary.label} --actor "Chair"), or merge it as it stands with --allow-open (recorded in the overall panel's history).`,
    });
  }

  // Which unit's copy of each person stands.
  const preferOrder = (request.prefer ?? []).map((entry) => matchUnit(entry, labels, request.units));
  const excluded = new Set((request.exclude ?? []).map((s) => s.trim()).filter((s) => s !== ''));
  const holders = new Map<string, number[]>(); // staff id → indexes into `units`
  units.forEach((unit, u) => {
    for (const row of unit.rows) {
      const list = holders.get(row.staff_id);
      if (list) list.push(u);
      else holders.set(row.staff_id, [u]);
    }
  });
  const duplicates: MergePlan['duplicates'] = [];
  const winner = new Map<string, number>();
  for (const [staffId, held] of holders) {
    if (held.length < 2) continue;
    const name = units[held[0]!]!.rows.find((r) => r.staff_id === staffId)!.name;
    const heldLabels = held.map((u) => units[u]!.summary.label);
    if (excluded.has(staffId)) {
      duplicates.push({ staffId, name, units: heldLabels, takenFrom: null });
      continue;
    }
    const preferred = preferOrder.find((requestIndex) => held.some((u) => unitIndex[u] === requestIndex));
    const chosen = preferred === undefined ? undefined : held.find((u) => unitIndex[u] === preferred);
    if (chosen !== undefined) {
      winner.set(staffId, chosen);
      duplicates.push({ staffId, name, units: heldLabels, takenFrom: units[chosen]!.summary.label });
      continue;
    }
    conflicts.push({
      kind: 'duplicate_staff_id',
      units: heldLabels,
      staffId,
      name,
      message: `${staffId} (${name}) is in more than one unit panel: ${heldLabels.join(' and ')}`,
      fix: `Choose whose marking stands with ${heldLabels.map((l) => `--prefer ${l}`).join(' or ')}, or leave them out with --exclude ${staffId}.`,
    });
  }

  const chosen: MergePlan['read']['chosen'] = [];
  units.forEach((unit, u) => {
    for (const row of unit.rows) {
      if (excluded.has(row.staff_id)) continue;
      const win = winner.get(row.staff_id);
      if (win !== undefined && win !== u) continue;
      if (win === undefined && (holders.get(row.staff_id)?.length ?? 0) > 1) continue; // unresolved: a conflict
      chosen.push({ unit: u, row });
    }
  });
  const warnings = [...excluded].filter((s) => !holders.has(s)).map((s) => `--exclude ${s}: no unit panel holds that staff id`);

  return {
    units: units.map((u) => u.summary),
    conflicts,
    people: chosen.length,
    performanceYear: years.length === 1 ? years[0]! : null,
    duplicates,
    excluded: [...excluded].filter((s) => holders.has(s)),
    warnings,
    read: { units, chosen },
  };
}

export interface MergeSummary {
  units: UnitSummary[];
  people: number;
  eligible: number;
  duplicates: MergePlan['duplicates'];
  excluded: string[];
  openUnits: string[];
  auditEventId: number;
}

/** The column every unit's person row shares with the overall panel, minus what the merge decides itself. */
const DECIDED = new Set(['id', 'sort_key', 'default_rank', 'manual_order', 'provisional_marking', 'moderated_marking', 'change_reason', 'unit_source']);

/**
 * Writes the merged people into a new, empty overall panel. Must run inside the service's transaction
 * (ModerationService.applyMerge), so that it applies whole or not at all.
 */
export function writeMerge(repo: PanelRepository, plan: MergePlan, actor: Actor, at: string): MergeSummary {
  if (plan.conflicts.length > 0) throw new Error('writeMerge was given a plan with conflicts');
  const db = repo.db;
  const columns = (db.prepare('PRAGMA table_info(person)').all() as { name: string }[]).map((c) => c.name).filter((c) => !DECIDED.has(c));
  const insert = db.prepare(
    `INSERT INTO person (${[...columns, 'provisional_marking', 'moderated_marking', 'change_reason', 'unit_source', 'sort_key', 'default_rank'].join(', ')})
     VALUES (${columns.map((c) => `@${c}`).join(', ')}, @provisional_marking, @moderated_marking, NULL, @unit_source, @rank, @rank)`,
  );
  const insertFlag = db.prepare('INSERT INTO flag (person_id, kind, text, created_at, created_by) VALUES (?, ?, ?, ?, ?)');
  const insertNote = db.prepare('INSERT INTO note (person_id, text, created_at, author, role) VALUES (?, ?, ?, ?, ?)');

  const { units, chosen } = plan.read;
  // Default order across the department: job weight, then name (Annex D 3.a.iii); units' manual orders do not carry.
  const ordered = chosen
    .map((c) => ({ ...c, staffId: c.row.staff_id, name: c.row.name, jobWeight: c.row.job_weight }))
    .sort(compareDefaultOrder);
  const taken = units.map(() => [] as string[]);
  let eligible = 0;
  ordered.forEach(({ unit: u, row }, rank) => {
    const unit = units[u]!;
    const isEligible = row.eligible === 1;
    if (isEligible) eligible += 1;
    const source: UnitSource = {
      file: unit.summary.label,
      panel: unit.panel.name,
      businessUnit: unit.panel.businessUnit,
      status: unit.panel.status,
      chair: unit.panel.finalisedBy,
      finalisedAt: unit.panel.finalisedAt,
      provisionalMarking: row.provisional_marking,
      moderatedMarking: isEligible ? row.moderated_marking : null,
      changeReason: isEligible && row.moderated_marking !== row.provisional_marking ? row.change_reason : null,
    };
    const values: Record<string, unknown> = { rank, unit_source: JSON.stringify(source) };
    for (const c of columns) values[c] = (row as unknown as Record<string, unknown>)[c] ?? null;
    // The unit's outcome is where the overall meeting starts (paras 82-84).
    values.provisional_marking = isEligible ? row.moderated_marking : row.provisional_marking;
    values.moderated_marking = isEligible ? row.moderated_marking : null;
    const personId = Number(insert.run(values).lastInsertRowid);
    for (const f of unit.flags.get(row.id) ?? []) insertFlag.run(personId, f.kind, f.text, f.created_at, f.created_by);
    for (const n of unit.notes.get(row.id) ?? []) insertNote.run(personId, n.text, n.created_at, n.author, n.role);
    taken[u]!.push(row.staff_id);
  });

  const openUnits = units.filter((u) => u.panel.status !== 'finalised').map((u) => u.summary.label);
  // One event for the whole merge (a bulk change, so the audit chain saves the panel's state once): each
  // unit with the people taken from it and the changes it made locally, for the Changes sheet; and HR's choices.
  const auditEventId = repo.appendAudit(
    {
      actor: actor.name,
      role: actor.role,
      action: 'merge',
      after: {
        units: units.map((unit, u) => ({
          ...unit.summary,
          taken: taken[u]!.length,
          localChanges: taken[u]!.flatMap((staffId) => unit.changes.get(staffId) ?? []).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
        })),
        people: ordered.length,
        eligible,
        duplicates: plan.duplicates,
        excluded: plan.excluded,
        allowOpen: openUnits.length > 0,
        openUnits,
      },
      reason:
        [
          openUnits.length ? `Merged ${openUnits.length} unit panel(s) not yet finalised (allowed by HR): ${openUnits.join(', ')}` : '',
          plan.duplicates.length ? `${plan.duplicates.length} staff id(s) in more than one unit, resolved by HR's choices` : '',
        ]
          .filter((s) => s !== '')
          .join('; ') || null,
    },
    at,
  );
  return { units: plan.units, people: ordered.length, eligible, duplicates: plan.duplicates, excluded: plan.excluded, openUnits, auditEventId };
}
