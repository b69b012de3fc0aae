// The person panel: everything the room may see about one person (never a protected characteristic),
// their quarterly history, where they came from in an overall panel, corporate contribution, finance annotation,
// discussion reasons, flags, notes and audit trail.
// On the grid it sits beside the boxes (non-modal, so the room keeps working); elsewhere it is a dialog. With
// names as initials on the projector it shows initials, and no job title, line manager, reason or note unless
// the chair shows them.

import { useEffect, useState } from 'react';
import type { PersonDetailView } from '../../shared/contract';
import { ELIGIBILITY_LABELS, type Person } from '../../shared/domain';
import { endYearAward, inYearAward } from '../../shared/awards';
import { api } from '../api';
import { PanelShell, closePanel } from './PanelShell';
import { detailsOnScreen, initialsOnScreen, reasonOnScreen, shownName } from '../components/projection';
import { usePanelStore } from '../store';
import { formatDate } from '../grid/moveFlow';
import { AuditTrail } from './AuditTrail';
import { ContributionEditor } from './ContributionEditor';
import { FlagEditor } from './FlagEditor';
import { NotesSection } from './NotesSection';
import { MemberVerdictList } from '../fairness/MemberVerdicts';
import { PanelMemberNote } from '../attendance/PanelMemberNote';
import { UnitSourceSection } from './UnitSourceSection';
import { conflictsById, useAttendance } from '../attendance/useAttendance';
import { DetailsList, HIDDEN_ON_PROJECTOR } from './DetailsList';

function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

const HIDDEN = HIDDEN_ON_PROJECTOR;

function Details({ person }: { person: Person }) {
  const highPerformingAward = usePanelStore((s) => s.panel?.highPerformingAward ?? 'discretion');
  const details = usePanelStore(detailsOnScreen);
  const rows: [string, string][] = [
    ['Staff id', person.staffId],
    ['Grade', person.grade],
    ['Business unit', person.businessUnit],
    ['Job title', details ? person.jobTitle || 'Not given' : HIDDEN],
    ['Line manager', details ? person.lineManager || 'Not given' : HIDDEN],
    ['Job weight', person.jobWeight === null ? 'Not given' : String(person.jobWeight)],
    ['In the Civil Service since', person.csStartDate ? formatDate(person.csStartDate) : 'Not given'],
    ['Moderated by this panel', person.eligible ? 'Yes' : `No: ${ELIGIBILITY_LABELS[person.eligibility]}`],
    ['Corporate contribution evidenced', person.corporateContribution ? 'Yes (HR’s file)' : person.corporateContributionEvidence ? `Recorded by the panel: ${person.corporateContributionEvidence}` : 'No'],
    ['On formal poor performance measures', yesNo(person.poorPerformanceMeasures)],
    ...(person.leftDate ? ([['Left the Civil Service', formatDate(person.leftDate)]] as [string, string][]) : []),
    ['End-year award', endYearAward(person, highPerformingAward) ?? 'Decided where they are moderated'],
    ['In-year award', inYearAward(person)],
  ];
  return (
    <DetailsList rows={rows} />
  );
}

function MarkingHistory({ person }: { person: Person }) {
  const details = usePanelStore(detailsOnScreen);
  const steps: [string, string | null][] = [
    ['Q1', person.q1Marking],
    ['Q2', person.q2Marking],
    ['Mid-year', person.midYearMarking],
    ['Q3', person.q3Marking],
    ['Provisional', person.provisionalMarking],
    ['Moderated', person.moderatedMarking],
  ];
  return (
    <section className="person-section" aria-labelledby="history-h">
      <h3 id="history-h">Markings through the year</h3>
      <table className="history-table">
        <thead>
          <tr>
            {steps.map(([label]) => (
              <th key={label} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {steps.map(([label, marking]) => (
              <td key={label}>{marking ?? '—'}</td>
            ))}
          </tr>
        </tbody>
      </table>
      {person.changeReason ? <p className="change-reason">Reason for the change: {details ? person.changeReason : HIDDEN}</p> : null}
    </section>
  );
}

/** `docked`: beside the grid, non-modal; otherwise a modal dialog over the view. */
export function PersonPanel({ docked = false }: { docked?: boolean }) {
  const staffId = usePanelStore((s) => s.selectedStaffId);
  const person = usePanelStore((s) => (staffId ? s.peopleById[staffId] : undefined));
  if (!staffId || !person) return null;
  return <PersonPanelContent key={staffId} person={person} docked={docked} />;
}

function PersonPanelContent({ person, docked }: { person: Person; docked: boolean }) {
  const select = usePanelStore((s) => s.select);
  const initials = usePanelStore(initialsOnScreen);
  const details = usePanelStore(detailsOnScreen);
  const presenting = usePanelStore((s) => s.presentation);
  const readOnly = usePanelStore((s) => s.panel?.status === 'finalised');
  const actorRole = usePanelStore((s) => s.actor.role);
  const [detail, setDetail] = useState<PersonDetailView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  // Reload notes and the trail whenever the person changes in the store (a flag, a note, an undo).
  useEffect(() => {
    let current = true;
    void api.getPerson({ staffId: person.staffId, role: actorRole }).then((result) => {
      if (!current) return;
      if (result.ok) {
        setDetail(result.value);
        setLoadError(null);
      } else setLoadError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [person, actorRole]);

  const discussion = detail?.discussion ?? [];
  const returnFocus = () => document.querySelector<HTMLElement>(`article[data-staff-id="${CSS.escape(person.staffId)}"]`);
  const close = () => closePanel(() => select(null), returnFocus);
  return (
    <PanelShell docked={docked} onClose={close} returnFocusTo={returnFocus} staffId={person.staffId}>
      <div className="person-panel-head">
        <div>
          <h2 id="person-panel-title">{shownName(person, initials)}</h2>
          <p className="muted">
            {person.grade} · {details ? `${person.jobTitle || 'No job title'} · ` : ''}
            {person.moderatedMarking ?? 'Not in a box'}
          </p>
        </div>
        <button type="button" className="button" onClick={close}>
          Close
        </button>
      </div>
      {readOnly ? <p className="readonly-note">The panel is finalised: flags and notes can no longer be changed.</p> : null}
      {loadError ? <p className="form-problem">Could not load the notes and audit trail: {loadError}</p> : null}
      <div className="person-panel-body">
        <section className="person-section" aria-labelledby="details-h">
          <h3 id="details-h">Details</h3>
          <Details person={person} />
        </section>
        <MarkingHistory person={person} />
        <UnitSourceSection person={person} />
        {person.eligible ? <ContributionEditor key={person.corporateContributionEvidence ?? ''} person={person} readOnly={readOnly} /> : null}
        <section className="person-section" aria-labelledby="finance-h">
          <h3 id="finance-h">Finance partner’s annotation</h3>
          <p>
            Finance/efficiency objective: <strong>{person.financeObjective}</strong>
          </p>
          <p>{person.financeNote ? `Resource management: ${person.financeNote}` : 'No resource-management note.'}</p>
        </section>
        <section className="person-section" aria-labelledby="discussion-h">
          <h3 id="discussion-h">Suggested for discussion</h3>
          {discussion.length === 0 ? (
            <p className="muted">{detail ? 'Not suggested.' : 'Loading…'}</p>
          ) : (
            <ul>
              {discussion.map((reason) => (
                <li key={reason.code}>{reasonOnScreen(reason.text, !details)}</li>
              ))}
            </ul>
          )}
        </section>
        <PanelMembers staffId={person.staffId} />
        {detail?.memberVerdicts?.length ? (
          <section className="person-section" aria-labelledby="member-verdicts-h">
            <h3 id="member-verdicts-h">Panel members’ previews</h3>
            <MemberVerdictList verdicts={presenting ? detail.memberVerdicts.map((v) => ({ ...v, comment: '' })) : detail.memberVerdicts} />
          </section>
        ) : null}
        <section className="person-section" aria-labelledby="flags-h">
          <h3 id="flags-h" className="sr-only">
            Flags
          </h3>
          <FlagEditor person={person} readOnly={readOnly} />
        </section>
        <NotesSection staffId={person.staffId} notes={detail?.notes ?? []} readOnly={readOnly} hideText={!details} />
        <AuditTrail events={detail?.audit ?? []} hideReasons={!details} />
      </div>
    </PanelShell>
  );
}

/** A panel member this person reports to (issue 8), with the step-out toggle; nothing when there is none. */
function PanelMembers({ staffId }: { staffId: string }) {
  const conflict = conflictsById(useAttendance().value).get(staffId);
  if (!conflict) return null;
  return (
    <section className="person-section" aria-labelledby="panel-members-h">
      <h3 id="panel-members-h">Reports to someone on the panel</h3>
      <PanelMemberNote conflict={conflict} />
    </section>
  );
}
