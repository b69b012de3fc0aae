// Value readers: dates (default and declared formats, two-digit years), numbers, yes/no, markings.

import { describe, expect, it } from 'vitest';
import { compileDateFormat, expandTwoDigitYear, isValidDateFormat, parseDefaultDate } from '../../db/import/dates';
import { parseAge, parseJobWeight, parseYesNo, readMarking } from '../../db/import/values';

describe('parseDefaultDate (ISO or UK day-first)', () => {
  it.each([
    ['2024-03-31', '2024-03-31'],
    ['2024-3-5', '2024-03-05'],
    ['2024-03-31T00:00:00Z', '2024-03-31'],
    ['2024-03-31 09:30:00', '2024-03-31'],
    ['31/03/2024', '2024-03-31'],
    ['5/3/2024', '2024-03-05'],
    ['31-03-2024', '2024-03-31'],
    ['31.03.2024', '2024-03-31'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2023', null],
    ['03/31/2024', null],
    ['31/03/24', null],
    ['yesterday', null],
    ['2024-13-01', null],
  ])('%j → %j', (raw, iso) => {
    expect(parseDefaultDate(raw)).toBe(iso);
  });
});

describe('compileDateFormat', () => {
  it.each([
    ['M/D/YYYY', '7/5/2011', '2011-07-05'],
    ['M/D/YYYY', '12/31/2011', '2011-12-31'],
    ['MM/DD/YYYY', '7/5/2011', '2011-07-05'],
    ['MM/DD/YY', '07/10/83', '1983-07-10'],
    ['MM/DD/YY', '02/29/00', '2000-02-29'],
    ['DD-MM-YYYY', '05-07-2011', '2011-07-05'],
    ['YYYY/MM/DD', '2011/07/05', '2011-07-05'],
    ['D M YYYY', '5 7 2011', '2011-07-05'],
    ['dd/mm/yy', '05/07/11', '2011-07-05'],
    ['M/D/YYYY', '2011-07-05', '2011-07-05'],
    ['M/D/YYYY', '13/5/2011', null],
    ['M/D/YYYY', '7/5/11', null],
  ])('%s: %j → %j', (format, raw, iso) => {
    expect(compileDateFormat(format)(raw)).toBe(iso);
  });

  it.each([
    ['DD/MM/YYYY', true],
    ['M/D/YY', true],
    ['YYYY-MM-DD', true],
    ['DD/MM/YYY', false],
    ['DD/MM-YYYY', false],
    ['DD/DD/YYYY', false],
    ['dd/mm/yyyy', true],
    ['DD/MM/YY/YY', false],
  ])('isValidDateFormat(%j) = %j', (format, valid) => {
    expect(isValidDateFormat(format)).toBe(valid);
  });

  it('pivots two-digit years on the current year: above it is the 1900s', () => {
    const in2025 = new Date('2025-06-01');
    expect(expandTwoDigitYear(25, in2025)).toBe(2025);
    expect(expandTwoDigitYear(26, in2025)).toBe(1926);
    expect(expandTwoDigitYear(0, in2025)).toBe(2000);
    expect(expandTwoDigitYear(83, in2025)).toBe(1983);
  });
});

describe('parseJobWeight', () => {
  it.each([
    ['1250', 1250],
    ['1,250', 1250],
    ['£1,250.50', 1250.5],
    [' £ 12,500,000 ', 12_500_000],
    ['-3', -3],
    ['.5', 0.5],
    ['1,5', null],
    ['12,34,567', null],
    ['1,2x0', null],
    ['12k', null],
    ['N/A', null],
  ])('%j → %j', (raw, weight) => {
    expect(parseJobWeight(raw)).toBe(weight);
  });
});

describe('parseYesNo', () => {
  it.each([
    ['yes', true],
    ['Y', true],
    ['TRUE', true],
    ['1', true],
    ['No', false],
    ['n', false],
    ['false', false],
    ['0', false],
    ['', false],
    ['maybe', null],
  ])('%j → %j', (raw, answer) => {
    expect(parseYesNo(raw)).toBe(answer);
  });
});

describe('readMarking and parseAge', () => {
  it.each([
    ['Exceeding', 'Exceeding'],
    ['HIGH PERFORMING', 'High Performing'],
    ['hp', 'High Performing'],
    ['A', 'Achieving'],
    ['Partially met', 'Partially Met'],
    ['', null],
    ['Outstanding', undefined],
  ])('readMarking(%j) = %j', (raw, marking) => {
    expect(readMarking(raw)).toBe(marking);
  });

  it.each([
    ['42', 42],
    ['42.7', 42],
    ['-1', null],
    ['forty', null],
  ])('parseAge(%j) = %j', (raw, age) => {
    expect(parseAge(raw)).toBe(age);
  });
});
