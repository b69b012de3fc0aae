// The distribution beside the guidance curve: shares per box and advisory notes.

import { describe, expect, it } from 'vitest';
import { compareWithGuidanceCurve, countBoxes } from '../../shared/stats';

const counts = (e: number, hp: number, a: number, pm: number) => ({ Exceeding: e, 'High Performing': hp, Achieving: a, 'Partially Met': pm });

describe('compareWithGuidanceCurve', () => {
  it.each([
    { name: 'on the curve: no notes', c: counts(10, 25, 60, 5), notes: [] },
    { name: 'Partially Met well below 5%', c: counts(10, 25, 64, 1), notes: ['Partially Met is 1% against the expected roughly 5% (a suggestion to look: the tool notes shares outside 2.5–7.5%; the framework gives no band).'] },
    { name: 'Partially Met well above 5%', c: counts(10, 20, 58, 12), notes: ['Partially Met is 12% against the expected roughly 5% (a suggestion to look: the tool notes shares outside 2.5–7.5%; the framework gives no band).'] },
    { name: '1 of 40 (2.5%) is still roughly 5%', c: counts(4, 10, 25, 1), notes: [] },
    {
      name: 'Achieving not the largest box',
      c: counts(10, 50, 35, 5),
      notes: ['Achieving is not the largest box: High Performing (50%) is larger than Achieving (35%); the guidance expects the largest share in Achieving.'],
    },
    {
      name: 'Achieving level with another box',
      c: counts(5, 45, 45, 5),
      notes: ['Achieving (45%) is level with High Performing; the guidance expects the largest share in Achieving.'],
    },
  ])('$name', ({ c, notes }) => {
    expect(compareWithGuidanceCurve(c).notes).toEqual(notes);
  });

  it('gives exact shares and warns when the panel is too small for the curve', () => {
    const small = compareWithGuidanceCurve(countBoxes(['Achieving', 'Achieving', 'High Performing', 'Exceeding', 'Achieving', 'Achieving', 'Achieving', 'Achieving']));
    expect(small.percent).toEqual({ Exceeding: 12.5, 'High Performing': 12.5, Achieving: 75, 'Partially Met': 0 });
    expect(small.notes).toEqual([
      'Partially Met is 0% against the expected roughly 5% (a suggestion to look: the tool notes shares outside 2.5–7.5%; the framework gives no band).',
      'With 8 people, one person is 13% of the distribution, so the curve is only a rough guide here.',
    ]);
  });

  it('says so when there is nothing to compare', () => {
    expect(compareWithGuidanceCurve(counts(0, 0, 0, 0)).notes).toEqual(['There are no markings yet to set beside the guidance curve.']);
  });

  it('takes the expected share and tolerance as options', () => {
    expect(compareWithGuidanceCurve(counts(10, 25, 61, 4), { expectedPartiallyMet: 0.1, partiallyMetTolerance: 0.02 }).notes).toEqual([
      'Partially Met is 4% against the expected roughly 10% (a suggestion to look: the tool notes shares outside 8–12%; the framework gives no band).',
    ]);
  });
});
