// The parts every "take a file back" dialog has (Import ▸ Apply a list of changes, Finance partner's
// workbook, Panel members' previews): where it stands (choosing, checking, checked, applying, applied) with
// the host's summary or refusal, the file picker, a progress bar while the host checks or applies, the
// host's refusal, the counts of what the file holds, the problems that stop it and the warnings that do not.

import { useId, useState, type CSSProperties } from 'react';
import type { ApiError, Result } from '../../shared/contract';
import type { ImportIssue } from '../../shared/importTypes';
import { IssuesTable } from './ImportPreviewParts';
import ProgressBar from './ProgressBar';

/** Choosing the file, the host checking it, checked (with or without problems), applying it, applied. */
export type TakeBackStage = 'choose' | 'checking' | 'checked' | 'applying' | 'applied';

export interface TakeBack<S> {
  stage: TakeBackStage;
  /** The host is checking or applying the file. */
  working: boolean;
  /** Moves on (telling the hook's `onBusy` whether the host is now working). */
  setStage(next: TakeBackStage): void;
  /** What the host said the file holds or did. */
  summary: S | null;
  /** The host's refusal, or the file that could not be read. */
  failure: ApiError | null;
  /**
   * A file was chosen, or the choice cleared (null): the last one's summary and refusal go, and with a file
   * the host starts checking it. False when there is nothing to check.
   */
  choose<F>(chosen: F | null | undefined): chosen is F;
  /** Shows the host's answer about the file: its summary, or its refusal. */
  show(result: Result<S>): void;
  /** The chosen file could not be read in the window. */
  unreadable(error: unknown): void;
  /** Applies the file through `request`: true once applied (its summary shown); on a refusal, back to checked. */
  apply(request: () => Promise<Result<S>>): Promise<boolean>;
}

export function useTakeBack<S>(onBusy?: (busy: boolean) => void): TakeBack<S> {
  const [stage, setStageOnly] = useState<TakeBackStage>('choose');
  const [summary, setSummary] = useState<S | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  function setStage(next: TakeBackStage) {
    setStageOnly(next);
    onBusy?.(next === 'checking' || next === 'applying');
  }
  function show(result: Result<S>) {
    if (result.ok) setSummary(result.value);
    else setFailure(result.error);
  }
  return {
    stage,
    working: stage === 'checking' || stage === 'applying',
    setStage,
    summary,
    failure,
    choose<F>(chosen: F | null | undefined): chosen is F {
      setSummary(null);
      setFailure(null);
      const any = chosen !== null && chosen !== undefined;
      setStage(any ? 'checking' : 'choose');
      return any;
    },
    show,
    unreadable(error) {
      setFailure({ code: 'read', message: (error as Error).message });
    },
    async apply(request) {
      setStage('applying');
      const result = await request();
      if (!result.ok) {
        setFailure(result.error);
        setStage('checked');
        return false;
      }
      setSummary(result.value);
      setStage('applied');
      return true;
    },
  };
}

/** "1 problem", "1,204 problems". */
export const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export function FilePickerField({
  label,
  accept,
  multiple = false,
  disabled,
  onChange,
  style,
}: {
  label: string;
  accept: string;
  multiple?: boolean;
  disabled: boolean;
  onChange(files: FileList | null): void;
  style?: CSSProperties;
}) {
  const inputId = useId();
  return (
    <div className="mp-field" style={style}>
      <label className="mp-field__label" htmlFor={inputId}>
        {label}
      </label>
      <input id={inputId} type="file" multiple={multiple} className="mp-input" accept={accept} disabled={disabled} onChange={(event) => onChange(event.target.files)} />
    </div>
  );
}

/** An indeterminate bar while the host checks or applies the file; nothing otherwise. */
export function StageProgress({ stage, checking, applying }: { stage: TakeBackStage; checking: string; applying: string }) {
  if (stage !== 'checking' && stage !== 'applying') return null;
  return <ProgressBar label={stage === 'checking' ? checking : applying} fraction={null} />;
}

/** The host's refusal (or the file that could not be read), with the problems it listed. */
export function FailureMessage({ failure }: { failure: ApiError | null }) {
  if (!failure) return null;
  return (
    <div className="mp-message mp-message--error" role="alert">
      <p>{failure.message}</p>
      {failure.issues?.length ? <IssuesTable issues={failure.issues} caption="Problems the host reported" /> : null}
    </div>
  );
}

export interface Stat {
  label: string;
  value: number;
  /** Drawn to catch the eye: something to look at before applying. */
  alert?: boolean;
}

/** What the file holds, as a row of counts. */
export function StatList({ label, stats }: { label: string; stats: readonly Stat[] }) {
  return (
    <dl className="mp-stats" aria-label={label}>
      {stats.map((stat) => (
        <div key={stat.label} className={stat.alert ? 'mp-stat mp-stat--alert' : 'mp-stat'}>
          <dt>{stat.label}</dt>
          <dd>{stat.value.toLocaleString('en-GB')}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The problems that stop the file, by row and column: "3 problems to fix — nothing will be changed until they are". */
export function ProblemsToFix({ issues, nothingWillBe, caption }: { issues: ImportIssue[]; nothingWillBe: string; caption: string }) {
  return (
    <>
      <h3 className="mp-issues-title">
        {count(issues.length, 'problem', 'problems')} to fix — nothing will be {nothingWillBe} until they are
      </h3>
      <IssuesTable issues={issues} caption={caption} />
    </>
  );
}

/** Warnings that do not stop the file (nothing when there are none). */
export function WarningsList({ issues, whatTheyDoNotStop, caption }: { issues: ImportIssue[]; whatTheyDoNotStop: string; caption: string }) {
  if (issues.length === 0) return null;
  return (
    <>
      <h3 className="mp-subheading">Warnings — these do not stop {whatTheyDoNotStop}</h3>
      <IssuesTable issues={issues} caption={caption} />
    </>
  );
}
