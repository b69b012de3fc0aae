// Contributions before the meeting (issue 8): write the finance partner's workbook or a panel member's
// preview for them to fill in Excel, and take them back. Opened from Export ▾ and Import ▾ (and the native
// File menu); the mode says which of the four it is.

import { useId, useState, type ReactNode } from 'react';
import { Dialog } from '../components/Dialog';
import { useContributions, type ContributionMode } from '../components/contributionsState';
import { usePanelStore } from '../store';
import { exportAndSave } from './download';
import FinanceWorkbookImport from './FinanceWorkbookImport';
import MemberPreviewsImport from './MemberPreviewsImport';
import './views.css';
import './applyChanges.css';
import './contributions.css';

export const CONTRIBUTION_TITLES: Record<ContributionMode, string> = {
  'finance-sheet': 'Finance partner’s workbook',
  'finance-import': 'Take back the finance partner’s workbook',
  'preview-sheet': 'Panel member’s preview',
  'preview-import': 'Take back panel members’ previews',
};

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Writes a workbook through the contract and saves it, saying where it went and what to do next. */
function WorkbookDownload({ mode, onBusy, closeButton }: { mode: 'finance-sheet' | 'preview-sheet'; onBusy(busy: boolean): void; closeButton: ReactNode }) {
  const actor = usePanelStore((s) => s.actor);
  const eligible = usePanelStore((s) => Object.values(s.peopleById).filter((p) => p.eligible).length);
  const [member, setMember] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const memberId = useId();
  const finance = mode === 'finance-sheet';

  async function download(): Promise<void> {
    setBusy(true);
    onBusy(true);
    setResult(null);
    // Written and saved by the host where the bytes are: the workbook never travels through the window.
    const outcome = finance ? await exportAndSave('financeSheet', { actor }) : await exportAndSave('memberPreviewSheet', { actor, member });
    if (outcome.kind === 'failed') {
      setResult({ kind: 'error', text: `The workbook could not be written: ${outcome.reason}` });
    } else {
      const file = outcome.file;
      setResult(
        outcome.kind === 'saved'
          ? {
              kind: 'saved',
              text: `Saved ${file.fileName} (${count(file.people, 'person', 'people')}) to ${outcome.where}. ${
                finance ? 'Send it to your finance partner; when it comes back, choose Import ▸ Finance partner’s workbook.' : `Send it to ${member.trim()}; when it comes back, choose Import ▸ Panel members’ previews.`
              }`,
            }
          : { kind: 'error', text: 'Saving was cancelled' },
      );
    }
    setBusy(false);
    onBusy(false);
  }

  return (
    <>
      {finance ? (
        <p>
          One row for each of the {count(eligible, 'person', 'people')} moderated by this panel: staff id, name, grade, business unit, job title,
          provisional marking, and the finance objective and note as they stand. Your finance partner fills in the gold columns in Excel — the
          objective from a drop-down list (Met, Not met, Not assessed) and a note on how each person managed their resources (Annex D 3.a.ii);
          everything else is locked. No protected characteristic is ever in it.
        </p>
      ) : (
        <>
          <p>
            One row for each of the {count(eligible, 'person', 'people')} moderated by this panel, for one panel member to read before the meeting
            and mark Agree, Question or Abstain with a comment. Members’ previews are kept side by side; the discussion queue then takes the
            cases most members questioned first. No protected characteristic is ever in it.
          </p>
          <div className="mp-field" style={{ marginBottom: '0.9rem' }}>
            <label className="mp-field__label" htmlFor={memberId}>
              Panel member
            </label>
            <input id={memberId} className="mp-input" value={member} maxLength={200} onChange={(event) => setMember(event.target.value)} autoComplete="off" />
          </div>
        </>
      )}
      <p className="mp-muted">The history records that {actor.name} ({actor.role}) wrote it, and when, so that taking it back can tell what the panel changed since.</p>
      <p className={result?.kind === 'error' ? 'mp-message mp-message--error' : result ? 'mp-message' : 'sr-only'} role="status" style={{ marginTop: '0.8rem' }}>
        {result?.text ?? ''}
      </p>
      <div className="mp-actions contrib-actions">
        <button type="button" className="mp-button" disabled={busy || (!finance && member.trim() === '')} onClick={() => void download()}>
          {busy ? 'Writing the workbook…' : 'Download the workbook'}
        </button>
        {closeButton}
      </div>
    </>
  );
}

export default function ContributionsDialog() {
  const mode = useContributions((s) => s.mode);
  const hide = useContributions((s) => s.hide);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  if (mode === null) return null;
  const close = () => !busy && hide();
  // Each body puts its own action beside Close, in a bar that stays in view however long the preview is.
  const closeButton = (
    <button type="button" className="mp-button mp-button--secondary contrib-close" onClick={close} disabled={busy}>
      Close
    </button>
  );
  return (
    <Dialog open onCancel={close} labelledBy={titleId} className="mp-dialog mp-dialog--wide contributions-dialog">
      <h2 id={titleId}>{CONTRIBUTION_TITLES[mode]}</h2>
      {mode === 'finance-sheet' || mode === 'preview-sheet' ? (
        <WorkbookDownload key={mode} mode={mode} onBusy={setBusy} closeButton={closeButton} />
      ) : mode === 'finance-import' ? (
        <FinanceWorkbookImport onBusy={setBusy} closeButton={closeButton} />
      ) : (
        <MemberPreviewsImport onBusy={setBusy} closeButton={closeButton} />
      )}
    </Dialog>
  );
}
