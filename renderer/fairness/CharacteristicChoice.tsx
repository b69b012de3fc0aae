// What the Breakdowns and Department views share: choosing a characteristic and a stage (remembered while
// the window is open, started from what the panel holds), and the note that says whose copy of the figures
// is on screen.

import { useEffect, useState } from 'react';
import { BREAKDOWN_STAGES, characteristicLabel, type BreakdownStage } from '../../shared/fairness';
import { capitalise } from './format';

/** Asked first when nothing is chosen yet: every panel has grades, and the answer lists the rest. */
export const PROBE = 'grade';

/** A view's last choice, kept (by the view's module) while the window is open. */
export interface RememberedChoice {
  characteristic: string | null;
  stage: BreakdownStage;
}

export interface CharacteristicChoice {
  chosen: string | null;
  setChosen(characteristic: string | null): void;
  stage: BreakdownStage;
  setStage(stage: BreakdownStage): void;
}

/** The choice, starting from (and kept in) `remembered`, so coming back to the view finds it again. */
export function useCharacteristicChoice(remembered: RememberedChoice): CharacteristicChoice {
  const [chosen, setChosen] = useState<string | null>(remembered.characteristic);
  const [stage, setStage] = useState<BreakdownStage>(remembered.stage);
  useEffect(() => {
    remembered.characteristic = chosen;
    remembered.stage = stage;
  }, [remembered, chosen, stage]);
  return { chosen, setChosen, stage, setStage };
}

/**
 * With nothing chosen, chooses `first` of the characteristics the answer lists; a remembered choice this
 * panel has no data for (another file was opened) starts again from the list.
 */
export function useChoiceFromAnswer(
  choice: CharacteristicChoice,
  answer: { value: { characteristics: string[] } | null; error: string | null },
  first: (characteristics: string[]) => string | undefined,
): void {
  const { chosen, setChosen } = choice;
  useEffect(() => {
    if (chosen === null && answer.value) setChosen(first(answer.value.characteristics) ?? PROBE);
  }, [chosen, answer.value, first, setChosen]);
  useEffect(() => {
    if (answer.error && answer.value === null && chosen !== null && chosen !== PROBE) setChosen(null);
  }, [answer.error, answer.value, chosen, setChosen]);
}

/** The characteristic and stage selects. */
export function CharacteristicStageControls({
  ids,
  choice,
  characteristics,
  disabled,
  stageLabel,
}: {
  ids: string;
  choice: CharacteristicChoice;
  /** What the panel holds; none while the first answer is awaited. */
  characteristics: readonly string[];
  disabled: boolean;
  stageLabel(stage: BreakdownStage): string;
}) {
  return (
    <div className="fairness-controls no-print">
      <div className="field">
        <label htmlFor={`${ids}-characteristic`}>Characteristic</label>
        <select id={`${ids}-characteristic`} value={choice.chosen ?? ''} disabled={disabled} onChange={(e) => choice.setChosen(e.target.value)}>
          {characteristics.map((c) => (
            <option key={c} value={c}>
              {capitalise(characteristicLabel(c))}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-stage`}>Stage</label>
        <select id={`${ids}-stage`} value={choice.stage} onChange={(e) => choice.setStage(e.target.value as BreakdownStage)}>
          {BREAKDOWN_STAGES.map((s) => (
            <option key={s} value={s}>
              {stageLabel(s)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** Whose copy is on screen: HR's, with every number, or the room's, with small groups as [c]. */
export function AudienceNote({ hr, threshold, roomCopyAlso }: { hr: boolean; threshold: number; roomCopyAlso: string }) {
  return (
    <p className={hr ? 'audience-note audience-hr' : 'audience-note'} data-testid="audience-note">
      {hr
        ? `HR’s view: every number is shown, including groups of fewer than ${threshold} people that others see as [c]. Do not project or share this screen.`
        : `You see the copy the panel may share: groups of fewer than ${threshold} people show [c], ${roomCopyAlso}. HR’s own view shows every number.`}
    </p>
  );
}
