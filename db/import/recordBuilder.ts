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
  readonly errors: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];
  /** Rows read after the header, blank ones included. */
  rowsRead = 0;

  private row = 0;
  private readonly steps: RowStep[];
  private readonly firstRowOfStaffId = new Map<string, number>();

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
  }

  /** Validates one row; `row` is its spreadsheet row number. Entirely blank rows are skipped silently. */
  addRow(cells: Cells, row: number): void {
    this.rowsRead += 1;
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
    let valid = true;
    for (const step of this.steps) valid = step(cells, record) && valid;
    if (cells.length > this.headerCount) valid = this.checkExtraCells(cells) && valid;
    if (valid) this.records.push(record);
  }

  /** Every person needs a staff id, and only one row may have it; the issue says which row had it first. */
  private checkStaffId(staffId: string, column: string | null): boolean {
    if (staffId === '') return this.problem(column, '', EXPECTED.staffId);
    const firstRow = this.firstRowOfStaffId.get(staffId);
    if (firstRow === undefined) {
      this.firstRowOfStaffId.set(staffId, this.row);
      return true;
    }
    return this.problem(column, staffId, `a staff id used only once, but row ${firstRow} already has it`);
  }

  private problem(column: string | null, value: string, expected: string): false {
    this.errors.push({ file: this.file, row: this.row, column, value, expected });
    return false;
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
              record.staffId = read(cells);
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
                this.warnings.push({
                  file: this.file,
                  row: this.row,
                  column: header,
                  value: raw(cells),
                  expected: `${expectedDate(dateFormat)}; eligibility cannot be checked, so this person is listed apart until it is fixed`,
                });
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
          const shared = sharedSpelling();
          return (cells, record) => {
            const text = shared(read(cells));
            record.gradeForYear = text === '' ? null : text;
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
    this.warnings.push({ file: this.file, row: this.row, column, value, expected });
  }
}
