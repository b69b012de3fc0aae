// The performance year and eligibility cut-off as HR edits them, in the import wizard (what the file is
// checked against) and in the panel's settings: the year written like 2025-26, and the cut-off following the
// year while it is still that year's default (para 69).

import { useId, useState } from 'react';
import { defaultEligibilityCutoff, isIsoDate, parsePerformanceYear, performanceYearLabel } from '../../shared/performanceYear';

export interface YearAndCutoff {
  yearText: string;
  cutoff: string;
  onYear(text: string): void;
  setCutoff(cutoff: string): void;
}

/** The fields' state, starting from `year` and `cutoff`. */
export function useYearAndCutoff(year: number, cutoff: string): YearAndCutoff {
  const [yearText, setYearText] = useState(performanceYearLabel(year).replace('/', '-'));
  const [cutoffText, setCutoff] = useState(cutoff);
  function onYear(text: string) {
    setYearText(text);
    // The cut-off follows the year while it is still the year's default.
    const before = parsePerformanceYear(yearText);
    const after = parsePerformanceYear(text);
    if (after !== null && before !== null && cutoffText === defaultEligibilityCutoff(before)) setCutoff(defaultEligibilityCutoff(after));
  }
  return { yearText, cutoff: cutoffText, onYear, setCutoff };
}

/** The year as a number once both fields are readable, or what to fix. */
export function checkYearAndCutoff(fields: YearAndCutoff): { year: number; problem: null } | { year: null; problem: string } {
  const year = parsePerformanceYear(fields.yearText);
  if (year === null) return { year: null, problem: 'Write the performance year like 2025, 2025-26 or 2025/26.' };
  if (!isIsoDate(fields.cutoff)) return { year: null, problem: 'Choose the eligibility cut-off date.' };
  return { year, problem: null };
}

/** The two labelled fields (the caller lays them out). */
export function YearCutoffFields({ fields, disabled, cutoffDescribedBy }: { fields: YearAndCutoff; disabled: boolean; cutoffDescribedBy?: string }) {
  const ids = useId();
  return (
    <>
      <div className="mp-field">
        <label className="mp-field__label" htmlFor={`${ids}-year`}>
          Performance year (e.g. 2025-26)
        </label>
        <input
          id={`${ids}-year`}
          className="mp-input"
          type="text"
          inputMode="numeric"
          size={9}
          value={fields.yearText}
          disabled={disabled}
          onChange={(e) => fields.onYear(e.target.value)}
        />
      </div>
      <div className="mp-field">
        <label className="mp-field__label" htmlFor={`${ids}-cutoff`}>
          Eligibility cut-off
        </label>
        <input
          id={`${ids}-cutoff`}
          className="mp-input"
          type="date"
          value={fields.cutoff}
          disabled={disabled}
          aria-describedby={cutoffDescribedBy}
          onChange={(e) => fields.setCutoff(e.target.value)}
        />
      </div>
    </>
  );
}
