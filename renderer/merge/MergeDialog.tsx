// File ▸ New overall panel from unit panels (the overall moderation meeting, paras 82-84): choose the unit
// panel files, see every conflict with its choice (whose marking stands, leave someone out, merge an open
// unit as it stands, a passphrase), check again, and make the overall panel, encrypted unless HR explicitly
// chooses not to. Nothing is written until no conflict is left; then the host opens the new panel and the
// window lands on the department view.

import { useEffect, useId, useRef, useState } from 'react';
import type { MergeCheck } from '../../shared/overallContract';
import { performanceYearLabel } from '../../shared/performanceYear';
import { Dialog } from '../components/Dialog';
import { api } from '../api';
import { usePanelStore } from '../store';
import { readFileAsBase64 } from '../views/download';
import ProgressBar from '../views/ProgressBar';
import { useMergeDialog } from './mergeState';
import { DuplicatesTable, OtherConflicts, UnitsTable, count, duplicateRows, type DuplicateChoice } from './MergeParts';
import { ProtectOverall, protectionProblem, type OverallProtection } from './ProtectOverall';
import '../views/views.css';
import './merge.css';

type Busy = 'reading' | 'checking' | 'creating' | null;

export default function MergeDialog() {
  const hide = useMergeDialog((s) => s.hide);
  const chosenByHost = useMergeDialog((s) => s.chosenByHost);
  const actor = usePanelStore((s) => s.actor);
  const load = usePanelStore((s) => s.load);
  const setView = usePanelStore((s) => s.setView);
  const announce = usePanelStore((s) => s.announce);
  const [hasFiles, setHasFiles] = useState(chosenByHost);
  const [check, setCheck] = useState<MergeCheck | null>(null);
  const [choices, setChoices] = useState<Record<string, DuplicateChoice>>({});
  const [allowOpen, setAllowOpen] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [name, setName] = useState('');
  const [protection, setProtection] = useState<OverallProtection>({ passphrase: '', confirm: '', noEncryption: false });
  const [protectProblem, setProtectProblem] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState<Busy>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const requestId = useRef(0);
  const ids = useId();
  const isHr = actor.role === 'hr';

  function requestOf(commit: boolean, current = { choices, allowOpen, passphrase, name }) {
    const prefer: string[] = [];
    const exclude: string[] = [];
    for (const [staffId, choice] of Object.entries(current.choices)) {
      if (choice === 'exclude') exclude.push(staffId);
      else if (choice !== '' && !prefer.includes(choice)) prefer.push(choice);
    }
    return {
      actor,
      commit,
      prefer,
      exclude,
      allowOpen: current.allowOpen,
      ...(current.passphrase ? { passphrase: current.passphrase } : {}),
      ...(current.name.trim() ? { name: current.name.trim() } : {}),
    };
  }

  async function runCheck(current?: Parameters<typeof requestOf>[1]): Promise<void> {
    const id = ++requestId.current;
    setBusy('checking');
    setFailure(null);
    const result = await api.mergeUnitPanels(requestOf(false, current));
    if (id !== requestId.current) return;
    setBusy(null);
    if (!result.ok) {
      setFailure(result.error.message);
      return;
    }
    setCheck(result.value);
    setStale(false);
  }

  // The desktop's native dialog already chose the files: check them straight away.
  useEffect(() => {
    if (chosenByHost && isHr) void runCheck();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function onFilesChosen(list: FileList | null): Promise<void> {
    const files = [...(list ?? [])];
    if (files.length === 0) return;
    const id = ++requestId.current;
    setBusy('reading');
    setFailure(null);
    setCheck(null);
    setChoices({});
    try {
      const units = await Promise.all(files.map(async (file) => ({ fileName: file.name, bytesBase64: await readFileAsBase64(file, () => {}) })));
      const staged = await api.stageUnitPanels({ units });
      if (id !== requestId.current) return;
      if (!staged.ok) {
        setBusy(null);
        setFailure(staged.error.message);
        return;
      }
      setHasFiles(true);
      await runCheck({ choices: {}, allowOpen, passphrase, name });
    } catch (error) {
      setBusy(null);
      setFailure((error as Error).message);
    }
  }

  async function onCreate(): Promise<void> {
    // Encrypted units' passphrase encrypts the overall panel too; otherwise HR chooses one, or explicitly none.
    const problem = needsPassphrase ? null : protectionProblem(protection);
    setProtectProblem(problem);
    if (problem) return;
    const { passphrase: _unitPassphrase, ...choices } = requestOf(true);
    const protect = needsPassphrase ? { passphrase } : protection.noEncryption ? { noEncryption: true } : { passphrase: protection.passphrase };
    setBusy('creating');
    setFailure(null);
    const result = await api.mergeUnitPanels({ ...choices, ...protect });
    setBusy(null);
    if (!result.ok) {
      setFailure(result.error.message);
      return;
    }
    const value = result.value;
    setCheck(value);
    if (!value.merged) return; // cancelled at the save dialog, or a conflict appeared meanwhile
    await load();
    setView('department');
    announce(`${value.fileName ?? 'The overall panel'} is open: ${count(value.people, 'person', 'people')} from ${count(value.units.length, 'unit panel', 'unit panels')}`);
    hide();
  }

  function change<T>(set: (value: T) => void, value: T): void {
    set(value);
    setStale(true);
  }

  const conflicts = check?.conflicts ?? [];
  const duplicates = check ? duplicateRows(check) : [];
  const openUnits = check?.units.filter((u) => u.status !== 'finalised') ?? [];
  const needsPassphrase = conflicts.some((c) => c.kind === 'passphrase') || (check?.units.some((u) => u.encrypted) ?? false);
  const others = conflicts.filter((c) => c.kind !== 'duplicate_staff_id' && c.kind !== 'not_finalised');
  const ready = check !== null && conflicts.length === 0 && !stale && busy === null && check.performanceYear !== null;
  const year = check?.performanceYear ?? check?.units[0]?.performanceYear ?? null;

  return (
    <Dialog open onCancel={() => busy === null && hide()} labelledBy={`${ids}-title`} describedBy={`${ids}-desc`} className="mp-dialog mp-dialog--wide merge-dialog">
      <h2 id={`${ids}-title`}>New overall panel from unit panels</h2>
      <p id={`${ids}-desc`}>
        The overall moderation meeting looks at the whole department (paras 82-84). Each person’s moderated marking in their unit panel
        becomes their provisional marking in the overall panel, and where it came from is kept: the unit panel, its chair, when it was
        finalised and the reason it gave. Nothing is written until every conflict is resolved.
      </p>
      {!isHr ? (
        <p className="mp-message mp-message--error" role="alert">
          Merging unit panels gathers every unit’s diversity data, which is HR’s to hold. Change who you are (top right) to HR to merge them.
        </p>
      ) : null}

      <div className="mp-field merge-files">
        <label className="mp-field__label" htmlFor={`${ids}-files`}>
          {hasFiles ? 'Choose different unit panel files (.modpanel)' : 'Unit panel files (.modpanel)'}
        </label>
        <input
          id={`${ids}-files`}
          type="file"
          multiple
          className="mp-input"
          accept=".modpanel"
          disabled={!isHr || busy !== null}
          onChange={(event) => void onFilesChosen(event.target.files)}
        />
      </div>

      {busy ? <ProgressBar label={busy === 'reading' ? 'Reading the unit panel files' : busy === 'checking' ? 'Checking the unit panels' : 'Making the overall panel'} fraction={null} /> : null}
      {failure ? (
        <p className="mp-message mp-message--error" role="alert">
          {failure}
        </p>
      ) : null}

      {check ? (
        <div aria-live="polite">
          <UnitsTable units={check.units} />
          {conflicts.length > 0 ? (
            <h3 className="mp-issues-title merge-heading">
              {count(conflicts.length, 'conflict', 'conflicts')} to resolve — nothing will be written until they are
            </h3>
          ) : (
            <p className="mp-message">
              {stale
                ? 'Your choices have changed: check again before making the overall panel.'
                : `No conflicts: ${count(check.people, 'person', 'people')} from ${count(check.units.length, 'unit panel', 'unit panels')}${year !== null ? `, performance year ${performanceYearLabel(year)}` : ''}. Nothing has been written yet.`}
            </p>
          )}

          {duplicates.length > 0 ? (
            <section className="merge-section" aria-labelledby={`${ids}-dups`}>
              <h3 id={`${ids}-dups`} className="mp-subheading">
                The same staff id in more than one unit panel
              </h3>
              <p>Choose whose marking stands, or leave the person out of the overall panel. The choice is recorded in its history.</p>
              <DuplicatesTable rows={duplicates} check={check} choices={choices} disabled={busy !== null} onChoose={(staffId, choice) => change(setChoices, { ...choices, [staffId]: choice })} />
            </section>
          ) : null}

          {openUnits.length > 0 ? (
            <section className="merge-section" aria-labelledby={`${ids}-open`}>
              <h3 id={`${ids}-open`} className="mp-subheading">
                Unit panels not finalised
              </h3>
              <p>
                {openUnits.map((u) => `${u.label} (${u.panel})`).join(', ')} {openUnits.length === 1 ? 'has' : 'have'} not been finalised, so{' '}
                {openUnits.length === 1 ? 'its' : 'their'} markings may still change. Finalise {openUnits.length === 1 ? 'it' : 'them'} first, or merge as{' '}
                {openUnits.length === 1 ? 'it stands' : 'they stand'}.
              </p>
              <label className="mp-check">
                <input type="checkbox" checked={allowOpen} disabled={busy !== null} onChange={(event) => change(setAllowOpen, event.target.checked)} />
                Merge unit panels that are not finalised, as they stand (recorded in the overall panel’s history)
              </label>
            </section>
          ) : null}

          <OtherConflicts conflicts={others} />

          {needsPassphrase ? (
            <div className="mp-field merge-passphrase">
              <label className="mp-field__label" htmlFor={`${ids}-key`}>
                Passphrase for the encrypted unit panels (the overall panel is encrypted with it too)
              </label>
              <input id={`${ids}-key`} type="password" className="mp-input" value={passphrase} disabled={busy !== null} onChange={(event) => change(setPassphrase, event.target.value)} />
            </div>
          ) : null}

          {check.warnings.length > 0 ? (
            <ul className="merge-warnings" aria-label="Warnings">
              {check.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}

          <div className="mp-field merge-name">
            <label className="mp-field__label" htmlFor={`${ids}-name`}>
              Name of the overall panel
            </label>
            <input
              id={`${ids}-name`}
              className="mp-input"
              value={name}
              placeholder={year !== null ? `Overall moderation ${performanceYearLabel(year)}` : 'Overall moderation'}
              disabled={busy !== null}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          {!needsPassphrase ? (
            <ProtectOverall
              choice={protection}
              problem={protectProblem}
              disabled={busy !== null}
              onChange={(choice) => {
                setProtection(choice);
                setProtectProblem(null);
              }}
            />
          ) : null}
          {check.cancelled ? <p className="mp-message">Saving was cancelled: nothing was made.</p> : null}
        </div>
      ) : null}

      <div className="mp-actions merge-actions">
        {ready ? (
          <button type="button" className="mp-button" disabled={!isHr} onClick={() => void onCreate()}>
            Create the overall panel ({count(check.people, 'person', 'people')})
          </button>
        ) : (
          <button type="button" className="mp-button" disabled={!isHr || !hasFiles || busy !== null} onClick={() => void runCheck()}>
            Check again
          </button>
        )}
        <button type="button" className="mp-button mp-button--secondary" disabled={busy !== null} onClick={hide}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
