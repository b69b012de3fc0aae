// The mapping's skipRows: rows HR chose not to import (a totals line, a test account, a person not for this
// panel), each rule matched against the cells as the file has them, before any translation. Nothing is
// skipped silently: every skipped row and every rule that matched no row is a warning.

import type { ImportIssue, SkippedRow } from '../../shared/importTypes';
import { trimmed, type Cells } from './cellReading';
import type { ColumnPlan } from './headers';
import type { MappingFile } from './mappingFile';
import { IMPORT_LIMITS, count, shownValue } from './limits';
import { readStaffId } from './staffIds';

interface Condition {
  /** The column the rule reads, or 'row' for the row number; null when the file has no such column (read as blank). */
  index: number | null | 'row';
  /** Lower-cased, trimmed; for 'row' the number as text. */
  value: string;
}

interface Rule {
  conditions: Condition[];
  words: string;
  matched: number;
}

export class RowSkipper {
  readonly skipped: SkippedRow[] = [];
  private readonly rules: Rule[];
  /** Rules that name a staff id, by it, so a long list costs one look-up a row; the rest are tried in turn. */
  private readonly byStaffId = new Map<string, Rule[]>();
  private readonly others: Rule[] = [];
  private readonly staffIdAt: number | null;
  private readonly nameAt: number | null;

  constructor(
    private readonly file: string,
    rules: NonNullable<MappingFile['skipRows']>,
    plan: ColumnPlan,
  ) {
    const columnOf = (target: string) => plan.sources.find((source) => source.target === target)?.index ?? null;
    this.staffIdAt = columnOf('staff_id');
    this.nameAt = columnOf('name');
    this.rules = rules.map((rule, i) => {
      const conditions: Condition[] = [];
      const words: string[] = [];
      for (const [key, value] of Object.entries(rule)) {
        if (key === 'note') continue;
        conditions.push({ index: key === 'row' ? 'row' : columnOf(key), value: String(value).trim().toLowerCase() });
        words.push(key === 'row' ? `row ${value}` : `${key} "${shownValue(String(value))}"`);
      }
      const note = typeof rule.note === 'string' && rule.note.trim() !== '' ? ` (${shownValue(rule.note.trim())})` : '';
      return { conditions, words: `rule ${i + 1}: ${words.join(', ')}${note}`, matched: 0 };
    });
    for (const [i, rule] of this.rules.entries()) {
      const staffId = typeof rules[i]!.staff_id === 'string' && this.staffIdAt !== null ? String(rules[i]!.staff_id).trim().toLowerCase() : null;
      if (staffId === null) this.others.push(rule);
      else this.byStaffId.set(staffId, [...(this.byStaffId.get(staffId) ?? []), rule]);
    }
  }

  /** Whether `row` is to be skipped; if so it is recorded. */
  skips(cells: Cells, row: number): boolean {
    const candidates = this.byStaffId.size === 0 ? null : this.byStaffId.get(trimmed(cells[this.staffIdAt!]).toLowerCase());
    const rule = (candidates && this.firstMatch(candidates, cells, row)) ?? this.firstMatch(this.others, cells, row);
    if (rule !== null) {
      rule.matched += 1;
      const cell = (at: number | null) => (at === null ? '' : trimmed(cells[at]));
      // The id as the panel stores it (normalised as the import does), so the person is known as in the file.
      this.skipped.push({ row, staffId: readStaffId(cell(this.staffIdAt)).staffId, name: cell(this.nameAt), rule: rule.words });
      return true;
    }
    return false;
  }

  private firstMatch(rules: readonly Rule[], cells: Cells, row: number): Rule | null {
    for (const rule of rules) {
      let holds = true;
      for (const c of rule.conditions) {
        const actual = c.index === 'row' ? String(row) : c.index === null ? '' : trimmed(cells[c.index]).toLowerCase();
        if (actual !== c.value) {
          holds = false;
          break;
        }
      }
      if (holds) return rule;
    }
    return null;
  }

  /** Each skipped row, and each rule that matched none, as a warning naming the row and the rule. */
  warnings(): ImportIssue[] {
    const listed = this.skipped.slice(0, IMPORT_LIMITS.issuesListed);
    const skipped = listed.map((s): ImportIssue => ({
      file: this.file,
      row: s.row,
      column: null,
      value: s.staffId === '' ? null : shownValue(s.staffId),
      expected: `a row to import; this one was skipped, as the mapping's skipRows asks (${s.rule})`,
    }));
    const unused = this.rules
      .filter((rule) => rule.matched === 0)
      .map((rule): ImportIssue => ({
        file: this.file,
        row: null,
        column: null,
        value: null,
        expected: `a row for the mapping's skipRows ${rule.words}; no row matches it, so it skipped nothing (a rule made for an earlier file?)`,
      }));
    if (this.skipped.length > listed.length) {
      skipped.push({ file: this.file, row: null, column: null, value: null, expected: `… and ${count(this.skipped.length - listed.length)} more rows skipped by the mapping's skipRows` });
    }
    return [...skipped, ...unused];
  }
}
