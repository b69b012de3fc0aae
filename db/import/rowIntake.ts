// Each row on its way into the record builder: first the mapping's skipRows (a skipped row is never
// validated), then the builder; a row that gets problems is remembered with its staff id and name, so the
// wizard can offer to skip that row by who it is rather than by a row number that changes next month.

import type { ImportIssue, ProblemRow, SkippedRow } from '../../shared/importTypes';
import { isBlankRow, trimmed, type Cells } from './cellReading';
import type { ColumnPlan } from './headers';
import type { MappingFile } from './mappingFile';
import type { CellProblem, RecordBuilder } from './recordBuilder';
import { RowSkipper } from './skipRows';

export class RowIntake {
  readonly problemRows: ProblemRow[] = [];
  private readonly skipper: RowSkipper | null;
  private readonly staffIdAt: number | null;
  private readonly nameAt: number | null;
  private readonly staffIdHeader: string | null;

  constructor(
    file: string,
    plan: ColumnPlan,
    private readonly builder: RecordBuilder,
    mapping: MappingFile | undefined,
  ) {
    const rules = mapping?.skipRows ?? [];
    this.skipper = rules.length > 0 ? new RowSkipper(file, rules, plan) : null;
    const source = (target: string) => plan.sources.find((s) => s.target === target);
    this.staffIdAt = source('staff_id')?.index ?? null;
    this.nameAt = source('name')?.index ?? null;
    this.staffIdHeader = source('staff_id')?.header ?? null;
  }

  add(cells: Cells, row: number, problems?: readonly CellProblem[]): void {
    const builder = this.builder;
    if (this.skipper !== null && !isBlankRow(cells) && this.skipper.skips(cells, row)) {
      builder.rowsRead += 1;
      return;
    }
    const listedBefore = builder.errors.length;
    builder.addRow(cells, row, problems);
    if (builder.errors.length > listedBefore) {
      const cell = (at: number | null) => (at === null ? '' : trimmed(cells[at]));
      const staffId = cell(this.staffIdAt);
      let inQuestion = staffId === '';
      for (let i = listedBefore; i < builder.errors.length && !inQuestion; i++) inQuestion = builder.errors[i]!.column === this.staffIdHeader;
      this.problemRows.push({ row, staffId, name: cell(this.nameAt), staffIdInQuestion: inQuestion });
    }
  }

  get skipped(): SkippedRow[] {
    return this.skipper?.skipped ?? [];
  }

  warnings(): ImportIssue[] {
    return this.skipper?.warnings() ?? [];
  }
}
