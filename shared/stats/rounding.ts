// Rounding for display: percentages published half up (2.5 → 3), computed from exact counts
// so binary floating point can never turn a true half into a round-down.

/** Whole-number percentage of `count` out of `n`, rounded half up: floor((200·count + n) / (2n)), in integers. */
export function percentHalfUp(count: number, n: number): number {
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(n) || n <= 0 || count < 0 || count > n) {
    throw new RangeError(`percentHalfUp needs whole counts with 0 ≤ count ≤ n and n > 0; got ${count} of ${n}`);
  }
  // Exact integer division: `%` on safe integers is exact, so no quotient is nudged across .5.
  const numerator = 200 * count + n;
  const denominator = 2 * n;
  return (numerator - (numerator % denominator)) / denominator;
}

/** "3%" for 1 of 40. */
export function formatPercent(count: number, n: number): string {
  return `${percentHalfUp(count, n)}%`;
}

/**
 * A number rounded half up (away from zero) to `places` decimals, as text.
 * Works on the shortest decimal that reads back as the same double (what a person sees
 * when the value is printed), so 1.005 → "1.01" and 0.125 → "0.13", not "1.00" / "0.12".
 */
export function formatHalfUp(value: number, places: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`formatHalfUp needs a finite number; got ${value}`);
  if (!Number.isInteger(places) || places < 0 || places > 20) {
    throw new RangeError(`formatHalfUp needs 0–20 decimal places; got ${places}`);
  }
  const negative = value < 0;
  const [mantissa = '0', exponentText] = Math.abs(value).toString().split('e');
  const [wholeDigits = '0', fractionDigits = ''] = mantissa.split('.');
  // |value| = digits × 10^scale exactly (as a decimal), and we want round(digits × 10^(scale + places)).
  const digits = BigInt(wholeDigits + fractionDigits);
  const shift = (exponentText === undefined ? 0 : Number(exponentText)) - fractionDigits.length + places;
  let scaled: bigint;
  if (shift >= 0) {
    scaled = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    scaled = (2n * digits + divisor) / (2n * divisor);
  }
  const text = scaled.toString().padStart(places + 1, '0');
  const body = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
  return negative && scaled !== 0n ? `-${body}` : body;
}

/** "1,000" — thousands separated with commas, independent of the machine's locale. */
export function formatWholeNumber(value: number): string {
  const text = Math.round(Math.abs(value)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return value < 0 && text !== '0' ? `-${text}` : text;
}

/**
 * Percentage of `count` out of `n` to one decimal place, rounded half up, in exact integers:
 * floor((2000·count + n) / (2n)) / 10. 1 of 8 = 12.5%; 1 of 16 = 6.25% → 6.3%.
 */
export function percentOneDecimalHalfUp(count: number, n: number): number {
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(n) || n <= 0 || count < 0 || count > n) {
    throw new RangeError(`percentOneDecimalHalfUp needs whole counts with 0 ≤ count ≤ n and n > 0; got ${count} of ${n}`);
  }
  const numerator = 2000 * count + n;
  const denominator = 2 * n;
  return (numerator - (numerator % denominator)) / denominator / 10;
}
