// The sentences a panel reads for each flag and for the overall test.

import { describe, expect, it } from 'vitest';
import {
  chancePhrase,
  computeBreakdown,
  computeMovement,
  explainBreakdown,
  explainMovement,
  formatPValue,
  formatRatio,
  suppressBreakdown,
} from '../../shared/stats';
import { entriesFromCounts } from './fixtures';

describe('number wording', () => {
  it.each([
    [0.02, 'p = 0.02'],
    [0.015, 'p = 0.02'],
    [0.0449, 'p = 0.04'],
    [0.0045, 'p = 0.005'],
    [0.001, 'p = 0.001'],
    [0.00099, 'p < 0.001'],
    [0.64, 'p = 0.64'],
  ])('p-value %f → %s', (p, text) => {
    expect(formatPValue(p)).toBe(text);
  });

  it.each([
    [0.02, "a difference this large would arise by chance about 1 time in 50 (Fisher's exact test, p = 0.02)"],
    [0.0004, "a difference this large would arise by chance less than 1 time in 1,000 (Fisher's exact test, p < 0.001)"],
    [0.7, "a difference this large could easily arise by chance (Fisher's exact test, p = 0.70)"],
  ])('chance at p = %f', (p, text) => {
    expect(chancePhrase(p, "Fisher's exact test")).toBe(text);
  });

  it('never rounds a flagged ratio onto the threshold', () => {
    expect(formatRatio(0.625)).toBe('0.63');
    expect(formatRatio(0.7996, (shown) => shown < 0.8)).toBe('0.7996');
    expect(formatRatio(1.2504, (shown) => shown > 1.25)).toBe('1.2504');
  });
});

describe('explainBreakdown', () => {
  const result = computeBreakdown(
    entriesFromCounts({ '40-49': [20, 60, 110, 10], '50-59': [5, 12, 55, 8], 'Prefer not to say': [1, 1, 4, 0] }),
    { characteristic: 'age_band', stage: 'moderated' },
  );
  const older = result.groups.find((g) => g.group === '50-59');

  it('writes one sentence per flag, with the Fisher result, as in the issue', () => {
    const sentences = explainBreakdown(result, 'age band', (group) => `Staff aged ${group}`);
    expect(older?.flags.map((f) => f.kind)).toEqual(['top_impact_ratio', 'top_relative_likelihood', 'bottom_relative_likelihood']);
    expect(sentences[0]).toBe(
      `Staff aged 50-59 were 0.53 times as likely as the highest group (40-49) to be marked Exceeding or High Performing; ${chancePhrase(older?.fisher_top_p ?? NaN, "Fisher's exact test")}.`,
    );
    expect(sentences[1]).toMatch(/^Staff aged 50-59 were 0\.53 times as likely as the reference group \(40-49\) to be marked Exceeding or High Performing; /);
    expect(sentences[2]).toMatch(/^Staff aged 50-59 were 2\.00 times as likely as the reference group \(40-49\) to be marked Partially Met; a difference this large would arise by chance about 1 time in \d+ \(Fisher's exact test, p = 0\.\d+\)\.$/);
  });

  it('explains the chi-square result and the groups left out', () => {
    const sentences = explainBreakdown(result, 'age band');
    expect(sentences).toContain(
      `Markings differ by age band across the 2 compared groups more than chance alone usually produces: differences this large would arise by chance about 1 time in ${Math.round(1 / (result.chi_square?.p_value ?? 1))} (chi-square test, χ² = ${result.chi_square?.statistic.toFixed(1)}, 3 degrees of freedom, ${formatPValue(result.chi_square?.p_value ?? 1)}).`,
    );
    expect(sentences).toContain('Shown but not compared (not a group with something in common): Prefer not to say.');
    expect(sentences[0]).toMatch(/^Staff whose age band is 50-59 were/);
  });

  it('says when differences are within chance, and leads with Fisher when counts are small', () => {
    const even = computeBreakdown(entriesFromCounts({ A: [1, 2, 6, 1], B: [1, 3, 5, 1] }), { characteristic: 'sex', stage: 'local' });
    const sentences = explainBreakdown(even, 'sex');
    expect(sentences.some((s) => s.startsWith('The differences in markings by sex across the 2 compared groups are within what chance often produces'))).toBe(true);
    expect(sentences).toContain(even.preferFisherReason);
  });

  it('in the shared copy, says nothing about hidden groups and says what is withheld', () => {
    const shared = suppressBreakdown(computeBreakdown(entriesFromCounts({ A: [0, 0, 3, 0], B: [1, 1, 1, 1], C: [10, 30, 50, 10] }), { characteristic: 'sex', stage: 'local' }));
    const sentences = explainBreakdown(shared, 'sex');
    expect(sentences.some((s) => s.includes('whose sex is A') || s.includes('whose sex is B'))).toBe(false);
    expect(sentences.some((s) => s.includes('chi-square test,'))).toBe(false);
    expect(sentences).toEqual(expect.arrayContaining(shared.withheld));
  });

  it('words a rate of zero as none', () => {
    const none = computeBreakdown(entriesFromCounts({ A: [0, 0, 40, 0], B: [10, 20, 30, 0] }), { characteristic: 'sex', stage: 'local' });
    expect(explainBreakdown(none, 'sex')[0]).toMatch(/^None of the staff whose sex is A were marked Exceeding or High Performing, against 50% of the highest group \(B\); /);
  });
});

describe('explainMovement', () => {
  it('explains a moved-down likelihood and who was left out', () => {
    const result = computeMovement(
      [
        ...Array.from({ length: 50 }, (_, i) => ({ group: 'White', provisional: 'Achieving' as const, moderated: i < 2 ? ('Partially Met' as const) : ('Achieving' as const) })),
        ...Array.from({ length: 20 }, (_, i) => ({ group: 'Black', provisional: 'Achieving' as const, moderated: i < 4 ? ('Partially Met' as const) : ('Achieving' as const) })),
        { group: 'Black', provisional: null, moderated: 'Achieving' as const },
      ],
      { characteristic: 'ethnicity' },
    );
    const sentences = explainMovement(result, 'ethnicity');
    expect(sentences[0]).toMatch(/^Staff whose ethnicity is Black were 5\.00 times as likely as the reference group \(White\) to be moved down at moderation; /);
    expect(sentences.at(-1)).toBe('1 person is left out because their provisional or moderated marking is missing.');
  });
});
