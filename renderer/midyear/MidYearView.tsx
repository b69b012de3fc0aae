// Mid-year against end-year (paras 85, 90): a mid-year consistency check panel opened beside this one (or
// this panel's own mid-year column), the same people's indicative and final distributions by
// characteristic, and who moved and by how much. Computed in the panel host, live after every change;
// outside HR small groups show [c], as in the Breakdowns view.

import { useEffect, useId, useMemo, useState } from 'react';
import { BOX_MARKINGS } from '../../shared/domain';
import { MID_YEAR_QUOTES, midYearSummary, stepsText, type MidYearComparison } from '../../shared/midYear';
import { formatPercent } from '../../shared/stats';
import { api } from '../api';
import { usePanelStore } from '../store';
import { capitalise, numberCell } from '../fairness/format';
import { GroupTable } from '../fairness/GroupTable';
import { useFairnessTick, useLiveResult } from '../fairness/live';
import { BoxLegend, Section } from '../fairness/parts';
import { StageComparison } from '../fairness/StageComparison';
import { readFileAsBase64 } from '../views/download';
import '../fairness/fairness.css';
import './midyear.css';

const share = (count: number, total: number) => (total === 0 ? '–' : formatPercent(count, total));

export default function MidYearView() {
  const actor = usePanelStore((s) => s.actor);
  const threshold = usePanelStore((s) => s.panel?.suppressionThreshold ?? 5);
  const [opened, setOpened] = useState(0);
  const live = useLiveResult<MidYearComparison>(`midyear:${actor.role}:${actor.name}:${opened}`, () => api.midYearComparison({ actor }));
  const comparison = live.value;
  const hr = actor.role === 'hr';
  const ids = useId();

  return (
    <div className="fairness-view midyear-view" data-testid="midyear-view">
      <div className="fairness-intro">
        <h2>Mid-year against end-year</h2>
        <p>
          The mid-year consistency check’s indicative markings beside the end-year outcome, for the same people: how the distribution moved
          across protected characteristics, and who moved and by how much.
        </p>
        <blockquote className="midyear-quote">
          <p>{MID_YEAR_QUOTES.para85}</p>
          <p>{MID_YEAR_QUOTES.para90}</p>
        </blockquote>
        <p className={hr ? 'audience-note audience-hr' : 'audience-note'}>
          {hr
            ? `HR’s view: every number is shown, including groups of fewer than ${threshold} people that others see as [c]. Do not project or share this screen.`
            : `You see the copy the panel may share: groups of fewer than ${threshold} people show [c], and so does any figure that would reveal them.`}
        </p>
      </div>

      <SourceBar comparison={comparison} onChanged={() => setOpened((n) => n + 1)} />

      {live.error ? (
        <p className="form-problem" role="alert">
          The comparison could not be worked out: {live.error}
        </p>
      ) : null}
      {comparison === null ? (
        live.error ? null : <p role="status">Working out the comparison…</p>
      ) : (
        <Results comparison={comparison} ids={ids} />
      )}
    </div>
  );
}

function SourceBar({ comparison, onChanged }: { comparison: MidYearComparison | null; onChanged: () => void }) {
  const actor = usePanelStore((s) => s.actor);
  const announce = usePanelStore((s) => s.announce);
  const bump = useFairnessTick((s) => s.bump);
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const ids = useId();
  const source = comparison?.source ?? null;

  async function open() {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      const bytesBase64 = await readFileAsBase64(file, () => undefined);
      const result = await api.openMidYear({ actor, fileName: file.name, bytesBase64, ...(passphrase ? { key: passphrase } : {}) });
      if (!result.ok) {
        setProblem(result.error.message);
        return;
      }
      announce(`Comparing with the mid-year panel ${result.value.source.panelName ?? file.name}`);
      setFile(null);
      setPassphrase('');
      onChanged();
      bump();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  async function close() {
    setBusy(true);
    const result = await api.closeMidYear({ actor });
    setBusy(false);
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    announce('Comparing with this panel’s own mid-year markings');
    onChanged();
    bump();
  }

  return (
    <section className="fairness-section midyear-source" aria-labelledby={`${ids}-source`}>
      <h3 id={`${ids}-source`}>Mid-year markings</h3>
      {source === null ? (
        <p className="muted">Loading…</p>
      ) : source.kind === 'file' ? (
        <p data-testid="midyear-source">
          From the mid-year panel <strong>{source.panelName}</strong> ({source.fileName}), matched by staff id.{' '}
          <button type="button" className="button button-small" disabled={busy} onClick={() => void close()}>
            Use this panel’s own mid-year column instead
          </button>
        </p>
      ) : (
        <p data-testid="midyear-source">From this panel’s own mid-year column (mid_year_marking). To compare with a mid-year consistency check held as its own panel file, open it here.</p>
      )}
      <div className="midyear-open no-print">
        <div className="field">
          <label htmlFor={`${ids}-file`}>Mid-year panel file (.modpanel, stage mid_year)</label>
          <input
            id={`${ids}-file`}
            type="file"
            accept=".modpanel"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setProblem(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-key`}>Passphrase (if it is encrypted)</label>
          <input id={`${ids}-key`} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        </div>
        <button type="button" className="button button-primary" disabled={!file || busy} onClick={() => void open()}>
          {busy ? 'Opening…' : 'Open beside this panel'}
        </button>
      </div>
      {problem ? (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </section>
  );
}

function Results({ comparison, ids }: { comparison: MidYearComparison; ids: string }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const characteristics = comparison.byCharacteristic;
  useEffect(() => {
    if (chosen === null || !characteristics.some((c) => c.characteristic === chosen)) setChosen(characteristics[0]?.characteristic ?? null);
  }, [characteristics, chosen]);
  const current = useMemo(() => characteristics.find((c) => c.characteristic === chosen) ?? null, [characteristics, chosen]);
  const n = comparison.compared;

  return (
    <div className="fairness-results">
      <Section className="span-2" id={`${ids}-summary`} title="Summary">
        <ul className="fairness-sentences" data-testid="midyear-summary">
          {midYearSummary(comparison).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </Section>

      <Section id={`${ids}-distribution`} title="Distribution of the same people">
        {n === 0 ? (
          <p className="empty-state">No one has both a mid-year and a final marking yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="fairness-table" data-testid="midyear-distribution">
              <caption>Mid-year (indicative) and end-year (final) markings of the {n} people with both</caption>
              <thead>
                <tr>
                  <th scope="col">Box</th>
                  <th scope="col" className="num">Mid-year</th>
                  <th scope="col" className="num">%</th>
                  <th scope="col" className="num">End-year</th>
                  <th scope="col" className="num">%</th>
                  <th scope="col" className="num">Change</th>
                </tr>
              </thead>
              <tbody>
                {BOX_MARKINGS.map((box) => {
                  const mid = comparison.midYearCounts[box];
                  const final = comparison.finalCounts[box];
                  const change = final - mid;
                  return (
                    <tr key={box}>
                      <th scope="row">{box}</th>
                      <td className="num">{mid}</td>
                      <td className="num">{share(mid, n)}</td>
                      <td className="num">{final}</td>
                      <td className="num">{share(final, n)}</td>
                      <td className="num">{change > 0 ? `+${change}` : change === 0 ? '0' : `−${-change}`}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section id={`${ids}-steps`} title="How far people moved">
        {n === 0 ? (
          <p className="empty-state">Nothing to compare yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="fairness-table" data-testid="midyear-steps">
              <caption>
                {comparison.movedUp} moved up, {comparison.movedDown} moved down, {comparison.unchanged} unchanged
              </caption>
              <thead>
                <tr>
                  <th scope="col">Move from mid-year</th>
                  <th scope="col" className="num">People</th>
                </tr>
              </thead>
              <tbody>
                {comparison.steps
                  .filter((s) => s.people > 0 || Math.abs(s.steps) <= 1)
                  .map((s) => (
                    <tr key={s.steps}>
                      <th scope="row">{capitalise(stepsText(s.steps))}</th>
                      <td className="num">{s.people}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section className="span-2" id={`${ids}-by`} title="By characteristic">
        {characteristics.length === 0 || n === 0 ? (
          <p className="empty-state">Nothing to break down yet.</p>
        ) : (
          <>
            <div className="fairness-controls no-print">
              <div className="field">
                <label htmlFor={`${ids}-characteristic`}>Characteristic</label>
                <select id={`${ids}-characteristic`} value={chosen ?? ''} onChange={(e) => setChosen(e.target.value)}>
                  {characteristics.map((c) => (
                    <option key={c.characteristic} value={c.characteristic}>
                      {capitalise(c.label)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            {current ? (
              <>
                <BoxLegend />
                <StageComparison
                  label={current.label}
                  left={{ title: 'Mid-year (indicative)', breakdown: current.midYear }}
                  right={{ title: 'End-year (final)', breakdown: current.final }}
                />
                <GroupTable
                  testId="midyear-movement"
                  caption={`Moved between mid-year and the end of the year, by ${current.label}`}
                  audience={current.movement.audience}
                  groups={current.movement.groups}
                  columns={[
                    { header: 'People', cell: (g, hidden) => numberCell(hidden, g.n) },
                    { header: 'Moved up', cell: (g, hidden) => numberCell(hidden, g.moved_up) },
                    { header: 'Moved down', cell: (g, hidden) => numberCell(hidden, g.moved_down) },
                    { header: 'Unchanged', cell: (g, hidden) => numberCell(hidden, g.unchanged) },
                  ]}
                />
                {current.notes.map((note) => (
                  <p key={note} className="muted">
                    {note}
                  </p>
                ))}
              </>
            ) : null}
          </>
        )}
      </Section>

      <Section className="span-2" id={`${ids}-movers`} title="Who moved">
        {comparison.movers.length === 0 ? (
          <p className="empty-state">{n === 0 ? 'Nothing to compare yet.' : 'No one moved between mid-year and the end of the year.'}</p>
        ) : (
          <div className="table-wrap midyear-movers" tabIndex={0} role="region" aria-label="Who moved (scrolls)">
            <table className="fairness-table" data-testid="midyear-movers">
              <caption>Everyone whose end-year marking differs from the mid-year one, the largest moves first</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Staff id</th>
                  <th scope="col">Grade</th>
                  <th scope="col">Mid-year</th>
                  <th scope="col">End-year</th>
                  <th scope="col">Move</th>
                </tr>
              </thead>
              <tbody>
                {comparison.movers.map((m) => (
                  <tr key={m.staffId}>
                    <th scope="row">{m.name}</th>
                    <td>{m.staffId}</td>
                    <td>{m.grade}</td>
                    <td>{m.midYear}</td>
                    <td>{m.final}</td>
                    <td className={m.steps > 0 ? 'midyear-up' : 'midyear-down'}>
                      <span aria-hidden="true">{m.steps > 0 ? '↑ ' : '↓ '}</span>
                      {stepsText(m.steps)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </div>
  );
}
