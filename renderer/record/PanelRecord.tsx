// The panel record: a printable account of the panel (details, distribution before and after, the
// Cabinet Office return, every change with its reason, the shared breakdowns with their notes, sign-off). The print stylesheet
// (record.css) turns it into clean A4 pages; Electron saves them as a PDF through printToPDF.

import { useId, useMemo, useState } from 'react';
import { usePanelStore } from '../store';
import { host } from '../host';
import type { Result } from '../../shared/contract';
import { RecordBreakdowns } from './RecordBreakdowns';
import { ReturnTable } from './ReturnSection';
import { ChangesTable, DistributionTable, PanelDetails, SignOff } from './RecordSections';
import { RecordHistorySeal } from '../trust/RecordHistorySeal';
import { useRecordData } from './useRecordData';
import { AttendanceSection } from '../attendance/AttendanceSection';
import './record.css';

/** What the host's printToPdf answered, in words; null when there is nothing to say (the browser's own dialog). */
function printOutcome(answer: Result<string | null>, platform: string): string | null {
  if (!answer.ok) return `The PDF could not be saved: ${answer.error.message}.`;
  if (answer.value !== null) return `The panel record was saved as ${answer.value}.`;
  return platform === 'web' ? null : 'Saving the PDF was cancelled.';
}

export default function PanelRecord() {
  const panel = usePanelStore((s) => s.panel);
  const fileName = usePanelStore((s) => s.fileName);
  const peopleById = usePanelStore((s) => s.peopleById);
  const order = usePanelStore((s) => s.order);
  const announce = usePanelStore((s) => s.announce);
  const { moves, breakdowns } = useRecordData();
  const [printing, setPrinting] = useState(false);
  const ids = useId();
  const people = useMemo(() => order.map((id) => peopleById[id]).filter((p) => p !== undefined), [order, peopleById]);

  if (!panel) return null;
  const nameOf = (staffId: string | null) => (staffId === null ? '–' : (peopleById[staffId]?.name ?? 'Left the panel'));

  async function print() {
    // The desktop app saves an A4 PDF through the native dialog; a browser opens its own print dialog.
    setPrinting(true);
    try {
      const words = printOutcome(await host.printToPdf(), host.platform);
      if (words) announce(words);
    } catch (error) {
      announce(`The PDF could not be saved: ${error instanceof Error ? error.message : String(error)}.`);
    } finally {
      setPrinting(false);
    }
  }

  return (
    <article className="panel-record" aria-labelledby={`${ids}-title`} data-testid="panel-record">
      <div className="record-actions no-print">
        <p>A record of this panel for filing. It holds no one’s protected characteristics; breakdowns are the shared copy.</p>
        <button type="button" className="button button-primary" disabled={printing} onClick={() => void print()}>
          {printing ? 'Saving…' : 'Print / Save as PDF'}
        </button>
      </div>

      <header className="record-title">
        <p className="record-kicker">Performance moderation · panel record</p>
        <h2 id={`${ids}-title`}>{panel.name}</h2>
      </header>

      <section className="record-section" aria-labelledby={`${ids}-details`}>
        <h3 id={`${ids}-details`}>1. Panel details</h3>
        <PanelDetails panel={panel} fileName={fileName} people={people} />
      </section>

      <section className="record-section" aria-labelledby={`${ids}-distribution`}>
        <h3 id={`${ids}-distribution`}>2. Distribution before and after moderation</h3>
        <DistributionTable people={people} />
      </section>

      <section className="record-section" aria-labelledby={`${ids}-return`}>
        <h3 id={`${ids}-return`}>3. Cabinet Office return (paras 91–94)</h3>
        <ReturnTable panel={panel} people={people} caption="The figures HR reports to the Cabinet Office, as on the Summary sheet" />
      </section>

      <section className="record-section record-section-flow" aria-labelledby={`${ids}-changes`}>
        <h3 id={`${ids}-changes`}>4. Changes made by the panel</h3>
        {moves.error ? <p className="form-problem">The changes could not be read from the audit log: {moves.error}</p> : null}
        {moves.value === null ? (moves.error ? null : <p role="status">Reading the audit log…</p>) : <ChangesTable moves={moves.value} nameOf={nameOf} />}
      </section>

      <section className="record-section record-section-flow" aria-labelledby={`${ids}-breakdowns`}>
        <h3 id={`${ids}-breakdowns`}>5. Fairness breakdowns</h3>
        {breakdowns.error ? <p className="form-problem">The breakdowns could not be worked out: {breakdowns.error}</p> : null}
        {breakdowns.value === null ? (breakdowns.error ? null : <p role="status">Working out the breakdowns…</p>) : <RecordBreakdowns reports={breakdowns.value} />}
      </section>

      <section className="record-section record-section-flow" aria-labelledby={`${ids}-attendance`}>
        <h3 id={`${ids}-attendance`}>6. Who was in the room</h3>
        <AttendanceSection />
      </section>

      <section className="record-section" aria-labelledby={`${ids}-signoff`}>
        <h3 id={`${ids}-signoff`}>7. Sign-off</h3>
        <SignOff panel={panel} />
        <RecordHistorySeal />
      </section>
    </article>
  );
}
