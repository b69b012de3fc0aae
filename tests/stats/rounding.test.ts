// Percentages are shown rounded half up from exact counts; other numbers half up from the decimal a person would read.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHalfUp, formatPercent, formatWholeNumber, percentHalfUp } from '../../shared/stats';

describe('percentHalfUp', () => {
  it.each([
    { count: 1, n: 40, shown: 3 }, // 2.5% → 3
    { count: 1, n: 200, shown: 1 }, // 0.5% → 1
    { count: 1, n: 8, shown: 13 }, // 12.5% → 13
    { count: 3, n: 40, shown: 8 }, // 7.5% → 8
    { count: 7, n: 200, shown: 4 }, // 3.5% → 4
    { count: 1, n: 3, shown: 33 },
    { count: 2, n: 3, shown: 67 },
    { count: 1, n: 400, shown: 0 }, // 0.25% → 0
    { count: 0, n: 9, shown: 0 },
    { count: 9, n: 9, shown: 100 },
    { count: 99_999, n: 100_000, shown: 100 }, // 99.999% → 100
    { count: 50_499, n: 100_000, shown: 50 }, // 50.499%
  ])('$count of $n → $shown%', ({ count, n, shown }) => {
    expect(percentHalfUp(count, n)).toBe(shown);
    expect(formatPercent(count, n)).toBe(`${shown}%`);
  });

  it('agrees with exact rational arithmetic for every count and n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))), ([n, count]) => {
        // round half up of 100·count/n = floor((200·count + n) / 2n), in BigInt.
        const exact = Number((200n * BigInt(count) + BigInt(n)) / (2n * BigInt(n)));
        expect(percentHalfUp(count, n)).toBe(exact);
      }),
    );
  });

  it('where the naive (count / n) × 100 goes wrong, it does not', () => {
    // 0.035 × 100 is 3.5000000000000004 and 0.145 × 100 is 14.499999999999998 in binary floating point.
    expect(Math.round((29 / 200) * 100)).toBe(14);
    expect(percentHalfUp(29, 200)).toBe(15);
  });

  it('refuses counts that are not whole or not within 0…n', () => {
    expect(() => percentHalfUp(1.5, 4)).toThrow(RangeError);
    expect(() => percentHalfUp(5, 4)).toThrow(RangeError);
    expect(() => percentHalfUp(0, 0)).toThrow(RangeError);
  });
});

describe('formatHalfUp', () => {
  it.each([
    { value: 2.5, places: 0, text: '3' },
    { value: 0.5, places: 0, text: '1' },
    { value: 12.5, places: 0, text: '13' },
    { value: 1.005, places: 2, text: '1.01' }, // toFixed gives 1.00
    { value: 0.615, places: 2, text: '0.62' }, // toFixed gives 0.61
    { value: 0.125, places: 2, text: '0.13' },
    { value: 0.62, places: 2, text: '0.62' },
    { value: 0.7996, places: 2, text: '0.80' },
    { value: -2.5, places: 0, text: '-3' },
    { value: -0.001, places: 2, text: '0.00' },
    { value: 1e-7, places: 2, text: '0.00' },
    { value: 2.4e-7, places: 7, text: '0.0000002' },
    { value: 123456.789, places: 1, text: '123456.8' },
    { value: 1e21, places: 0, text: '1000000000000000000000' },
    { value: 7, places: 3, text: '7.000' },
  ])('$value to $places places → $text', ({ value, places, text }) => {
    expect(formatHalfUp(value, places)).toBe(text);
  });

  it('matches a rational rounding of the decimal the number prints as', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 3 }), (thousandths, places) => {
        const value = thousandths / 1000; // prints as exactly three decimals (or fewer)
        const scaled = Math.abs(thousandths) * 10 ** places; // value × 10^places × 1000
        const rounded = Math.floor((2 * scaled + 1000) / 2000);
        const body = places === 0 ? String(rounded) : `${Math.floor(rounded / 10 ** places)}.${String(rounded % 10 ** places).padStart(places, '0')}`;
        expect(formatHalfUp(value, places)).toBe(thousandths < 0 && rounded !== 0 ? `-${body}` : body);
      }),
    );
  });
});

describe('formatWholeNumber', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567, '1,234,567'],
    [49.6, '50'],
  ])('%d → %s', (value, text) => {
    expect(formatWholeNumber(value)).toBe(text);
  });
});
