// A labelled progress bar: determinate when the fraction is known (reading a file), indeterminate
// while the host validates or writes, and never animated for people who ask for reduced motion.

export interface ProgressBarProps {
  label: string;
  /** 0–1, or null when how far along is unknown. */
  fraction: number | null;
  detail?: string;
}

export default function ProgressBar({ label, fraction, detail }: ProgressBarProps) {
  const percent = fraction === null ? null : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="mp-progress">
      <span className="mp-field__label" id="mp-progress-label">
        {label}
        {percent !== null ? ` — ${percent}%` : '…'}
      </span>
      <div
        className="mp-progress__track"
        role="progressbar"
        aria-labelledby="mp-progress-label"
        aria-valuemin={percent === null ? undefined : 0}
        aria-valuemax={percent === null ? undefined : 100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? `${label}, please wait` : `${percent}%`}
      >
        <div
          className={percent === null ? 'mp-progress__bar mp-progress__bar--indeterminate' : 'mp-progress__bar'}
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
      {detail ? <span className="mp-muted">{detail}</span> : null}
    </div>
  );
}
