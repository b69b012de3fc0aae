// The Breakdowns view: markings by group for a characteristic at a stage, computed in the panel host
// (characteristics never reach the window), with the chart, the tables, the flags in plain sentences,
// the stage comparisons, movement at moderation, discussion time and the guidance curve. Live: it
// asks again after every change and keeps the last figures until the new ones arrive.

import { useId, useMemo, useRef } from 'react';
import type { ApiResponses } from '../../shared/contract';
import { STAGE_LABELS, type BreakdownStage } from '../../shared/fairness';
import { api } from '../api';
import { usePanelStore } from '../store';
import { ComparisonsTable, CountsTable, TestsSummary } from './BreakdownTables';
import { DiscussionSection } from './DiscussionSection';
import { GuidanceSection } from './GuidanceSection';
import { MovementSection } from './MovementSection';
import { LastYearSection } from './LastYearSection';
import { StackedBars } from './StackedBars';
import { StageComparison, barRows } from './StageComparison';
import { capitalise } from './format';
import { AudienceNote, CharacteristicStageControls, PROBE, useCharacteristicChoice, useChoiceFromAnswer, type RememberedChoice } from './CharacteristicChoice';
import { useLiveResult } from './live';
import { BoxLegend, Section, Sentences } from './parts';
import { BreakdownSettings } from './BreakdownSettings';
import { RoomCopyNote, ShareWithRoom } from '../roles/RoomCopyNote';
import './fairness.css';

type Report = ApiResponses['breakdown'];

/** The last choice, kept while the window is open so coming back to the view finds it again. */
const remembered: RememberedChoice = { characteristic: null, stage: 'moderated' };
const firstListed = (characteristics: string[]) => characteristics[0];

function useBreakdown(characteristic: string | null, stage: BreakdownStage) {
  const actor = usePanelStore((s) => s.actor);
  const key = characteristic === null ? null : JSON.stringify([characteristic, stage, actor.role, actor.name]);
  return useLiveResult<Report>(key, () => api.breakdown({ actor, characteristic: characteristic ?? PROBE, stage }));
}

export default function BreakdownsView() {
  const actor = usePanelStore((s) => s.actor);
  const threshold = usePanelStore((s) => s.panel?.suppressionThreshold ?? 5);
  const choice = useCharacteristicChoice(remembered);
  const { chosen, stage } = choice;
  const main = useBreakdown(chosen ?? PROBE, stage);
  const compareWith = chosen ?? null;
  const provisional = useBreakdown(compareWith, 'provisional');
  const moderated = useBreakdown(compareWith, 'moderated');
  const midYear = useBreakdown(compareWith, 'mid_year');
  const ids = useId();
  const shownOnce = useRef(false);

  useChoiceFromAnswer(choice, main, firstListed);

  if (main.value && main.value.characteristic === chosen) shownOnce.current = true;
  const report = shownOnce.current ? main.value : null;
  const hr = actor.role === 'hr';

  return (
    <div className="fairness-view" data-testid="breakdowns-view">
      <div className="fairness-intro">
        <h2>Fairness breakdowns</h2>
        <p>
          Markings by group, to check whether the performance management system is having a detrimental impact on a
          particular group (para 83). Computed from the panel file; no one’s characteristics are shown.
        </p>
        <AudienceNote hr={hr} threshold={threshold} roomCopyAlso="and so does any figure that would reveal them" />
      </div>

      <CharacteristicStageControls ids={ids} choice={choice} characteristics={report?.characteristics ?? []} disabled={!report} stageLabel={stageOf} />

      {hr ? <BreakdownSettings /> : null}
      {/* Outside HR the figures are the room's copy, shared at HR's checkpoints (issue 9). */}
      {hr ? <ShareWithRoom /> : main.value?.room ? <RoomCopyNote room={main.value.room} /> : null}

      {main.error ? (
        <p className="form-problem" role="alert">
          The breakdown could not be worked out: {main.error}
        </p>
      ) : null}
      {!report ? (
        main.error ? null : <p role="status">Working out the breakdown…</p>
      ) : (
        <div className="fairness-results" aria-busy={main.updating}>
          <Results report={report} ids={ids} provisional={provisional.value} moderated={moderated.value} midYear={midYear.value} />
        </div>
      )}
    </div>
  );
}

interface ResultsProps {
  report: Report;
  ids: string;
  provisional: Report | null;
  moderated: Report | null;
  midYear: Report | null;
}

const stageOf = (stage: BreakdownStage) => STAGE_LABELS[stage];

function sameCharacteristic(report: Report, other: Report | null): Report | null {
  return other && other.characteristic === report.characteristic ? other : null;
}

function Results({ report, ids, ...stages }: ResultsProps) {
  const peopleById = usePanelStore((s) => s.peopleById);
  const movedCount = useMemo(
    () => Object.values(peopleById).filter((p) => p.eligible && p.provisionalMarking !== null && p.moderatedMarking !== null && p.provisionalMarking !== p.moderatedMarking).length,
    [peopleById],
  );
  const label = report.characteristicLabel;
  const stageLabel = STAGE_LABELS[report.stage];
  const { breakdown } = report;
  const provisional = sameCharacteristic(report, stages.provisional);
  const moderated = sameCharacteristic(report, stages.moderated);
  const midYear = sameCharacteristic(report, stages.midYear);
  const countsCaption = `${capitalise(label)}: people in each box, ${stageLabel.toLowerCase()}`;
  const bothYearEnds = midYear !== null && moderated !== null && midYear.breakdown.population > 0 && moderated.breakdown.population > 0;

  return (
    <>
      <Section id={`${ids}-groups`} title={`${capitalise(label)} · ${stageLabel}`}>
        {breakdown.population === 0 ? (
          <p className="empty-state">No one has a {stageLabel.toLowerCase()} marking yet, so there is nothing to break down.</p>
        ) : (
          <>
            <BoxLegend />
            <StackedBars rows={barRows(breakdown)} label={`Share of each ${label} group in each box`} describedBy={`${ids}-counts`} />
            <CountsTable breakdown={breakdown} caption={countsCaption} captionId={`${ids}-counts`} />
          </>
        )}
      </Section>

      <Section id={`${ids}-meaning`} title="What the figures say">
        <Sentences sentences={report.explanations} label={`What the ${label} breakdown means`} />
        {report.explanations.length === 0 ? <p>No flags: every compared group is within the four-fifths rule and the 0.80–1.25 range.</p> : null}
      </Section>

      {breakdown.population > 0 ? (
        <Section className="span-2" id={`${ids}-compare`} title="Comparisons and tests">
          <TestsSummary breakdown={breakdown} />
          <ComparisonsTable breakdown={breakdown} caption={`${capitalise(label)}: rates, ratios and Fisher’s exact tests`} />
        </Section>
      ) : null}

      <Section className="span-2" id={`${ids}-stages`} title="Provisional and moderated side by side">
        {provisional && moderated ? (
          <StageComparison
            label={label}
            left={{ title: 'Provisional (line manager)', breakdown: provisional.breakdown }}
            right={{ title: 'Moderated (panel)', breakdown: moderated.breakdown }}
          />
        ) : (
          <p role="status">Working out both stages…</p>
        )}
      </Section>

      <Section className="span-2" id={`${ids}-midyear`} title="Mid-year and end-year">
        {bothYearEnds ? (
          <StageComparison
            label={label}
            left={{ title: 'Mid-year indicative', breakdown: midYear.breakdown }}
            right={{ title: 'End-year (moderated)', breakdown: moderated.breakdown }}
          />
        ) : midYear === null || moderated === null ? (
          <p role="status">Working out both stages…</p>
        ) : (
          <p className="empty-state">
            {midYear.breakdown.population === 0
              ? 'There are no mid-year indicative markings to compare with the end of year.'
              : 'There are no moderated markings yet to compare with mid-year.'}
          </p>
        )}
      </Section>

      <Section className={report.discussion ? undefined : 'span-2'} id={`${ids}-movement`} title="Movement at moderation">
        <MovementSection movement={report.movement} sentences={report.movementExplanations} label={label} movedCount={movedCount} />
      </Section>

      {/* HR's view only: compared with the breakdowns, it would single out those with no marking last year (issue 9). */}
      {report.room ? null : (
        <Section className="span-2" id={`${ids}-last-year`} title="Against last year">
          <LastYearSection characteristic={report.characteristic} />
        </Section>
      )}

      {report.discussion ? (
        <Section id={`${ids}-discussion`} title="Discussion time by group">
          <DiscussionSection discussion={report.discussion} label={label} />
        </Section>
      ) : null}

      <Section className="span-2" id={`${ids}-guidance`} title={`Distribution against the guidance · ${stageLabel}`}>
        <GuidanceSection
          blocks={[
            { title: 'Whole panel', comparison: report.guidance.overall },
            ...report.guidance.byGrade.map((g) => ({ title: `Grade ${g.grade}`, comparison: g.comparison })),
          ]}
        />
      </Section>
    </>
  );
}
