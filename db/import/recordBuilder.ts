// The validator: turns each row of cells into an ImportRecord following the column plan, and collects every
// problem (file, row, column, value, what was expected) rather than stopping at the first.

import { type BoxMarking, type FinanceObjective, NOT_RECORDED } from '../../shared/domain';
import type { ImportIssue, ImportRecord } from '../../shared/importTypes';
import { ageBandAt, ageBandForAge } from '../../shared/rules';
import { type Cells, cellReader, characteristicSpelling, isBlankRow, sharedSpelling, trimmed } from './cellReading';
import { compileDateFormat, parseDefaultDate } from './dates';
import { type ColumnPlan, type TargetSource, columnLetter } from './headers';
import type { MappingFile } from './mappingFile';
import { EXPECTED, FIELD_TARGETS, expectedDate, isFieldTarget, targetKind } from './targets';
import { parseAge, parseJobWeight, parsePayment, parseYesNo, readFinanceObjective, readMarking, remembering } from './values';
import { IMPORT_LIMITS, count, shownValue } from './limits';
import { readStaffId, staffIdSkeleton } from './staffIds';

/** A cell the reader could not turn into text (an Excel error, a byte that is not UTF-8, an over-long cell). */
export interface CellProblem {
  /** Column index (0 = A). */
  index: number;
  value: string;
  expected: string;
}

/** One target's work on one row; returns false when the cell was wrong (the issue is already recorded). */
type RowStep = (cells: Cells, record: ImportRecord) => boolean;

// Direct property stores, one function per field, keep record writes monomorphic on 100k-row files.
const TEXT_SETTERS = {
  grade: (r: ImportRecord, v: string) => void (r.grade = v),
  businessUnit: (r: ImportRecord, v: string) => void (r.businessUnit = v),
  jobTitle: (r: ImportRecord, v: string) => void (r.jobTitle = v),
  lineManager: (r: ImportRecord, v: string) => void (r.lineManager = v),
};
const MARKING_SETTERS = {
  provisionalMarking: (r: ImportRecord, v: BoxMarking | null) => void (r.provisionalMarking = v),
  q1Marking: (r: ImportRecord, v: BoxMarking | null) => void (r.q1Marking = v),
  q2Marking: (r: ImportRecord, v: BoxMarking | null) => void (r.q2Marking = v),
  q3Marking: (r: ImportRecord, v: BoxMarking | null) => void (r.q3Marking = v),
  midYearMarking: (r: ImportRecord, v: BoxMarking | null) => void (r.midYearMarking = v),
  previousMarking1: (r: ImportRecord, v: BoxMarking | null) => void (r.previousMarking1 = v),
  previousMarking2: (r: ImportRecord, v: BoxMarking | null) => void (r.previousMarking2 = v),
};
const OPTIONAL_TEXT_SETTERS = {
  gradeForYear: (r: ImportRecord, v: string | null) => void (r.gradeForYear = v),
  countersigningOfficer: (r: ImportRecord, v: string | null) => void (r.countersigningOfficer = v),
};
const DATE_SETTERS = {
  csStartDate: (r: ImportRecord, v: string | null) => void (r.csStartDate = v),
  joinedDepartmentDate: (r: ImportRecord, v: string | null) => void (r.joinedDepartmentDate = v),
  leftDate: (r: ImportRecord, v: string | null) => void (r.leftDate = v),
};
const YES_NO_SETTERS = {
  corporateContribution: (r: ImportRecord, v: boolean) => void (r.corporateContribution = v),
  poorPerformanceMeasures: (r: ImportRecord, v: boolean) => void (r.poorPerformanceMeasures = v),
};

/** Steps run in this order so the age band column wins over date of birth, which wins over age. */
const STEP_ORDER = (target: string): number =>
  isFieldTarget(target) ? 0 : target === 'date_of_birth' ? 2 : target === 'age' ? 3 : 1;

export class RecordBuilder {
  readonly records: ImportRecord[] = [];
  /** The first IMPORT_LIMITS.issuesListed problems; the rest are only counted, so a file of millions of bad rows stays small. */
  readonly errors: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];
  errorsNotListed = 0;
  warningsNotListed = 0;
  /** Rows read after the header, blank ones included. */
  rowsRead = 0;

  private row = 0;
  private readonly steps: RowStep[];
  /** The column each step reads (null for a mapping default), so a cell the reader refused is not read again. */
  private readonly stepColumns: (number | null)[];
  /** Columns that feed the panel: a refused cell anywhere else does not matter. */
  private readonly usedColumns: ReadonlySet<number>;
  /** By staffIdSkeleton: the first row with an id, and the id as written there. */
  private readonly firstRowOfStaffId = new Map<string, { row: number; staffId: string }>();
  private readonly headers: readonly (string | null)[];

  constructor(
    private readonly file: string,
    plan: ColumnPlan,
    private readonly headerCount: number,
    mapping: MappingFile | undefined,
    private readonly cutoff: string,
  ) {
    // Column order within each group, so a row's issues read left to right.
    const sources = [...plan.sources].sort(
      (a, b) => STEP_ORDER(a.target) - STEP_ORDER(b.target) || (a.index ?? Infinity) - (b.index ?? Infinity),
    );
    this.steps = sources.map((source) => this.compileStep(source, mapping));
    this.stepColumns = sources.map((source) => source.index);
    this.usedColumns = new Set(sources.flatMap((source) => (source.index === null ? [] : [source.index])));
    const headers: (string | null)[] = [];
    for (const source of plan.sources) if (source.index !== null) headers[source.index] = source.header;
    this.headers = headers;
  }

  /**
   * Validates one row; `row` is its spreadsheet row number. Entirely blank rows are skipped silently.
   * `problems` are cells the reader could not read; those in columns the panel uses make the row wrong.
   */
  addRow(cells: Cells, row: number, problems: readonly CellProblem[] = []): void {
    this.rowsRead += 1;
    let refused: Set<number> | null = null;
    for (const problem of problems) {
      if (!this.usedColumns.has(problem.index)) continue;
      refused ??= new Set();
      if (refused.has(problem.index)) continue;
      refused.add(problem.index);
      this.row = row;
      this.problem(this.headers[problem.index] ?? `(column ${columnLetter(problem.index)})`, problem.value, problem.expected);
    }
    if (isBlankRow(cells)) return;
    this.row = row;
    const record: ImportRecord = {
      row,
      staffId: '',
      name: '',
      grade: '',
      businessUnit: '',
      jobTitle: '',
      lineManager: '',
      jobWeight: null,
      provisionalMarking: null,
      q1Marking: null,
      q2Marking: null,
      q3Marking: null,
      midYearMarking: null,
      financeObjective: 'Not assessed',
      corporateContribution: false,
      csStartDate: null,
      poorPerformanceMeasures: false,
      joinedDepartmentDate: null,
      leftDate: null,
      gradeForYear: null,
      inYearPayments: null,
      endYearPayment: null,
      characteristics: {},
    };
    let valid = refused === null;
    const steps = this.steps;
    for (let i = 0; i < steps.length; i++) {
      if (refused !== null && refused.has(this.stepColumns[i] as number)) continue;
      valid = (steps[i] as RowStep)(cells, record) && valid;
    }
    if (cells.length > this.headerCount) valid = this.checkExtraCells(cells) && valid;
    if (valid) this.records.push(record);
  }

  /**
   * Every person needs a staff id, and only one row may have it; the issue says which row had it first. Two
   * ids that differ only in case or in look-alike letters are taken for one id typed two ways.
   */
  private checkStaffId(staffId: string, column: string | null): boolean {
    if (staffId === '') return this.problem(column, '', EXPECTED.staffId);
    const skeleton = staffIdSkeleton(staffId);
    const first = this.firstRowOfStaffId.get(skeleton);
    if (first === undefined) {
      this.firstRowOfStaffId.set(skeleton, { row: this.row, staffId });
      return true;
    }
    if (first.staffId === staffId) return this.problem(column, staffId, `a staff id used only once, but row ${first.row} already has it`);
    return this.problem(
      column,
      staffId,
      `a staff id used only once, but row ${first.row} has "${shownValue(first.staffId)}", which differs from it only in case or in letters that look alike; write the id the same way HR's system does`,
    );
  }

  private problem(column: string | null, value: string, expected: string): false {
    if (this.errors.length < IMPORT_LIMITS.issuesListed) this.errors.push({ file: this.file, row: this.row, column, value: shownValue(value), expected });
    else this.errorsNotListed += 1;
    return false;
  }

  private warn(column: string | null, value: string, expected: string): void {
    if (this.warnings.length < IMPORT_LIMITS.issuesListed) this.warnings.push({ file: this.file, row: this.row, column, value: shownValue(value), expected });
    else this.warningsNotListed += 1;
  }

  /** A last line for problems past the listed ones: "… and 3,998,000 more". */
  static notListed(file: string, listed: number, notListed: number, what: 'problems' | 'warnings'): ImportIssue {
    return {
      file,
      row: null,
      column: null,
      value: null,
      expected: `… and ${count(notListed)} more ${what} like those above (only the first ${count(listed)} are listed; ${count(listed + notListed)} in all)`,
    };
  }

  /** A value beyond the last header usually means an unquoted comma shifted the row, so every cell is suspect. */
  private checkExtraCells(cells: Cells): boolean {
    for (let i = this.headerCount; i < cells.length; i++) {
      const extra = trimmed(cells[i]);
      if (extra !== '') {
        return this.problem(
          `(column ${columnLetter(i)}, no header)`,
          extra,
          `no more values than there are headers (${this.headerCount}); is there an unquoted comma or delimiter in a value on this row?`,
        );
      }
    }
    return true;
  }

  private compileStep(source: TargetSource, mapping: MappingFile | undefined): RowStep {
    const { target, header } = source;
    const read = cellReader(source, mapping?.values?.[target], mapping?.defaults?.[target]);
    const rawAt = source.index;
    /** The value as the file has it (before value translation), for the issue. */
    const raw = (cells: Cells): string => (rawAt === null ? '' : trimmed(cells[rawAt]));
    const fail = (cells: Cells, expected: string): false => {
      const original = raw(cells);
      const translated = read(cells);
      const note = translated !== original ? ` (read as "${translated}")` : '';
      return this.problem(header, original, expected + note);
    };
    const dateFormat = mapping?.dateFormats?.[target];
    const kind = targetKind(target);

    if (isFieldTarget(target)) {
      const { field, kind: fieldKind } = FIELD_TARGETS[target];
      switch (fieldKind) {
        case 'text': {
          if (target === 'staff_id') {
            return (cells, record) => {
              const reading = readStaffId(read(cells));
              record.staffId = reading.staffId;
              if (reading.refusal !== null) return this.problem(header, raw(cells), reading.refusal);
              if (reading.warning !== null) this.warn(header, reading.staffId, reading.warning);
              return this.checkStaffId(record.staffId, header);
            };
          }
          if (target === 'name') {
            return (cells, record) => {
              record.name = read(cells);
              return record.name === '' ? this.problem(header, '', EXPECTED.name) : true;
            };
          }
          const set = TEXT_SETTERS[field as keyof typeof TEXT_SETTERS];
          const shared = sharedSpelling();
          return (cells, record) => (set(record, shared(read(cells))), true);
        }
        case 'number': {
          const jobWeight = remembering(parseJobWeight);
          return (cells, record) => {
            const text = read(cells);
            if (text === '') return true;
            const weight = jobWeight(text);
            if (weight === null) return fail(cells, EXPECTED.number);
            record.jobWeight = weight;
            return true;
          };
        }
        case 'marking': {
          const set = MARKING_SETTERS[field as keyof typeof MARKING_SETTERS];
          const marking = remembering(readMarking);
          return (cells, record) => {
            const value = marking(read(cells));
            if (value === undefined) return fail(cells, EXPECTED.marking);
            set(record, value);
            return true;
          };
        }
        case 'finance': {
          const finance = remembering(readFinanceObjective);
          return (cells, record) => {
            const value: FinanceObjective | null = finance(read(cells));
            if (value === null) return fail(cells, EXPECTED.finance);
            record.financeObjective = value;
            return true;
          };
        }
        case 'yes_no': {
          const set = YES_NO_SETTERS[field as keyof typeof YES_NO_SETTERS];
          const yesNo = remembering(parseYesNo);
          return (cells, record) => {
            const value = yesNo(read(cells));
            if (value === null) return fail(cells, EXPECTED.yes_no);
            set(record, value);
            return true;
          };
        }
        case 'date': {
          const set = DATE_SETTERS[field as keyof typeof DATE_SETTERS];
          const date = remembering(dateFormat === undefined ? parseDefaultDate : compileDateFormat(dateFormat));
          if (target === 'cs_start_date') {
            // Eligibility fails closed (paras 69-70): an unreadable start date is a warning and the person
            // is listed apart as "start date unknown", never silently eligible and never a lost import.
            return (cells, record) => {
              const text = read(cells);
              if (text === '') return true;
              const iso = date(text);
              if (iso === null) {
                this.warn(header, raw(cells), `${expectedDate(dateFormat)}; eligibility cannot be checked, so this person is listed apart until it is fixed`);
                return true;
              }
              set(record, iso);
              return true;
            };
          }
          return (cells, record) => {
            const text = read(cells);
            if (text === '') return true;
            const iso = date(text);
            if (iso === null) return fail(cells, expectedDate(dateFormat));
            set(record, iso);
            return true;
          };
        }
        case 'optional_text': {
          const set = OPTIONAL_TEXT_SETTERS[field as keyof typeof OPTIONAL_TEXT_SETTERS];
          const shared = sharedSpelling();
          return (cells, record) => {
            const text = shared(read(cells));
            set(record, text === '' ? null : text);
            return true;
          };
        }
        case 'count': {
          return (cells, record) => {
            const text = read(cells);
            if (text === '') return true;
            const value = /^\d{1,6}$/.test(text) ? Number(text) : null;
            if (value === null) return fail(cells, EXPECTED.count);
            record.inYearPayments = value;
            return true;
          };
        }
        case 'payment': {
          const payment = remembering(parsePayment);
          return (cells, record) => {
            const text = read(cells);
            if (text === '') return true;
            const value = payment(text);
            if (value === null) return fail(cells, EXPECTED.payment);
            record.endYearPayment = value;
            return true;
          };
        }
      }
    }

    if (kind === 'date_of_birth') {
      const date = remembering(dateFormat === undefined ? parseDefaultDate : compileDateFormat(dateFormat));
      return (cells, record) => {
        const text = read(cells);
        if (text === '') return this.fillAgeBand(record, NOT_RECORDED);
        const iso = date(text);
        if (iso === null) return fail(cells, expectedDate(dateFormat));
        const band = ageBandAt(iso, this.cutoff);
        if (band === null) this.ageWarning(header, raw(cells), `a date of birth at least 16 years before the cut-off ${this.cutoff}; age band left as ${NOT_RECORDED}`);
        return this.fillAgeBand(record, band ?? NOT_RECORDED);
      };
    }

    if (kind === 'age') {
      return (cells, record) => {
        const text = read(cells);
        if (text === '') return this.fillAgeBand(record, NOT_RECORDED);
        const age = parseAge(text);
        if (age === null) return fail(cells, EXPECTED.age);
        const band = ageBandForAge(age);
        if (band === null) this.ageWarning(header, raw(cells), `an age of 16 or over; age band left as ${NOT_RECORDED}`);
        return this.fillAgeBand(record, band ?? NOT_RECORDED);
      };
    }

    const spelling = characteristicSpelling();
    return (cells, record) => {
      const text = read(cells);
      record.characteristics[target] = text === '' ? NOT_RECORDED : spelling(text);
      return true;
    };
  }

  /** Date of birth and age only fill the band where the age_band column (if any) left it blank. */
  private fillAgeBand(record: ImportRecord, band: string): true {
    const current = record.characteristics.age_band;
    if (current === undefined || current === NOT_RECORDED) record.characteristics.age_band = band;
    return true;
  }

  private ageWarning(column: string | null, value: string, expected: string): void {
    this.warn(column, value, expected);
  }
}
