// The department view for the overall moderation meeting (paras 82-84): the distribution across the whole
// department, by business unit and by grade side by side, which units' distributions differ from the rest,
// and for each group of a characteristic whether its gap comes from one unit or from all. Computed in the
// host (characteristics never reach the window); small groups show [c] outside HR, as in Breakdowns. Live:
// it asks again after every move.

import { useId } from 'react';
import type { ApiResponses } from '../../shared/contract';
import { BOX_MARKINGS } from '../../shared/domain';
import { STAGE_LABELS, type BreakdownStage } from '../../shared/fairness';
import { api } from '../api';
import { usePanelStore } from '../store';
import { useLiveResult } from '../fairness/live';
import { BoxLegend, Section, Sentences } from '../fairness/parts';
import { capitalise } from '../fairness/format';
import { AudienceNote, CharacteristicStageControls, PROBE, useCharacteristicChoice, useChoiceFromAnswer, type RememberedChoice } from '../fairness/CharacteristicChoice';
import { CountsTable, ComparisonsTable } from '../fairness/BreakdownTables';
import { GuidanceSection } from '../fairness/GuidanceSection';
import { DistributionSection, GapsTable } from './DepartmentTables';
import { departmentAvailable } from './available';
import '../fairness/fairness.css';
import './department.css';

type Report = ApiResponses['departmentBreakdown'];

/** Kept while the window is open, so coming back to the view finds the same choice. */
const remembered: RememberedChoice = { characteristic: null, stage: 'moderated' };
/** First visit: start from the first protected characteristic the panel holds (grade has its own table). */
const firstBesideGrade = (characteristics: string[]) => characteristics.find((c) => c !== 'grade');

export default function DepartmentView() {
  const actor = usePanelStore((s) => s.actor);
  const panel = usePanelStore((s) => s.panel);
  const available = usePanelStore(departmentAvailable);
  const choice = useCharacteristicChoice(remembered);
  const { chosen, stage } = choice;
  const ids = useId();
  const asked = chosen ?? PROBE;
  const key = available ? JSON.stringify([asked, stage, actor.role, actor.name]) : null;
  const live = useLiveResult<Report>(key, () => api.departmentBreakdown({ actor, characteristic: asked, stage }), 150);

  useChoiceFromAnswer(choice, live, firstBesideGrade);

  const overall = panel?.stage === 'overall';
  const stageLabel = (s: BreakdownStage) => (overall && s === 'provisional' ? 'Unit panels’ markings' : overall && s === 'moderated' ? 'Overall meeting (moderated)' : STAGE_LABELS[s]);
  const hr = actor.role === 'hr';
  const threshold = panel?.suppressionThreshold ?? 5;
  const report = live.value && (chosen === null || live.value.characteristic === chosen || live.value.characteristic === PROBE) ? live.value : null;

  if (!available) {
    return (
      <div className="fairness-view department-view" data-testid="department-view">
        <h2>Department</h2>
        <p className="empty-state">
          The department view is for an overall panel (File ▸ New overall panel from unit panels…) or a panel with more than one business unit.
        </p>
      </div>
    );
  }

  return (
    <div className="fairness-view department-view" data-testid="department-view">
      <div className="fairness-intro">
        <h2>Department</h2>
        <p>
          The overall moderation meeting looks at the distribution across the whole department and at whether the performance management
          system is having a detrimental impact on a particular group (paras 82-84). Moves made on the grid show here at once.
        </p>
        <AudienceNote hr={hr} threshold={threshold} roomCopyAlso="in each unit as in the department" />
      </div>

      <CharacteristicStageControls ids={ids} choice={choice} characteristics={report?.characteristics ?? []} disabled={!report} stageLabel={stageLabel} />

      {live.error ? (
        <p className="form-problem" role="alert">
          The department figures could not be worked out: {live.error}
        </p>
      ) : null}
      {!report ? (
        live.error ? null : <p role="status">Working out the department’s figures…</p>
      ) : report.population === 0 ? (
        <p className="empty-state">No one has a {stageLabel(stage).toLowerCase()} marking yet, so there is nothing to show.</p>
      ) : (
        <div className="department-results" aria-busy={live.updating}>
          <Results report={report} ids={ids} stageLabel={stageLabel(report.stage)} />
        </div>
      )}
    </div>
  );
}

function Results({ report, ids, stageLabel }: { report: Report; ids: string; stageLabel: string }) {
  const label = report.characteristicLabel;
  const gapSentences = report.gaps.map((g) => g.sentence).filter((s) => s !== '');
  return (
    <>
      <Section id={`${ids}-whole`} title={`The whole department · ${stageLabel}`}>
        <div className="department-whole">
          <div>
            <ul className="department-boxes" aria-label="People in each box across the department">
              {BOX_MARKINGS.map((box) => (
                <li key={box} data-box={box}>
                  <span className="department-box-name">{box}</span>
                  <span className="department-box-count">{report.totals[box].toLocaleString('en-GB')}</span>
                  <span className="department-box-share">{report.population ? `${Math.round((report.totals[box] * 100) / report.population)}%` : '–'}</span>
                </li>
              ))}
            </ul>
            <p className="muted">
              {report.population.toLocaleString('en-GB')} people eligible for moderation with a marking, in {report.units.length} business{' '}
              {report.units.length === 1 ? 'unit' : 'units'}. The grid view holds everyone; a move there changes these figures.
            </p>
          </div>
          <div>
            <GuidanceSection blocks={[{ title: 'Whole department', comparison: report.guidance }]} />
          </div>
        </div>
      </Section>

      <div className="department-side-by-side">
        <Section id={`${ids}-units`} title="By business unit">
          <BoxLegend />
          <DistributionSection table={report.byUnit} captionId={`${ids}-units-caption`} />
          <Sentences sentences={report.byUnit.sentences} label="Which business units differ from the rest of the department" />
        </Section>
        <Section id={`${ids}-grades`} title="By grade">
          <BoxLegend />
          <DistributionSection table={report.byGrade} captionId={`${ids}-grades-caption`} />
          <Sentences sentences={report.byGrade.sentences} label="Which grades differ from the rest of the department" />
        </Section>
      </div>

      <Section id={`${ids}-gaps`} title={`${capitalise(label)}: does a group’s gap come from one unit or from all?`}>
        {report.gaps.length === 0 ? (
          <p className="empty-state">There are no compared {label} groups to look at.</p>
        ) : (
          <>
            {gapSentences.length > 0 ? (
              <Sentences sentences={gapSentences} label={`Where the ${label} gaps are`} />
            ) : (
              <p>
                No {label} group is below four-fifths of the highest group, across the department or in any unit
                {report.gaps.some((g) => g.department.hidden || g.units.some((c) => c.hidden))
                  ? ' among the figures shown here: some groups are too small to show ([c]), and HR’s view has every number.'
                  : '.'}
              </p>
            )}
            <GapsTable gaps={report.gaps} units={report.units} label={label} />
          </>
        )}
      </Section>

      <Section id={`${ids}-breakdown`} title={`${capitalise(label)} across the department · ${stageLabel}`}>
        <CountsTable breakdown={report.breakdown} caption={`${capitalise(label)}: people in each box across the department`} />
        <ComparisonsTable breakdown={report.breakdown} caption={`${capitalise(label)}: rates, ratios and Fisher’s exact tests across the department`} />
        <Sentences sentences={report.explanations} label={`What the ${label} breakdown means`} />
      </Section>

      <Section id={`${ids}-notes`} title="How to read this">
        <Sentences sentences={report.notes} label="Notes" />
      </Section>
    </>
  );
}
