// Log probabilities of the hypergeometric distribution, accurate to near machine precision even
// for populations of 100,000+, using Loader's saddle-point form (C. Loader, "Fast and accurate
// computation of binomial probabilities", 2000). Plain log-factorial differences lose about
// log10(N) digits to cancellation; this form keeps them, so Fisher's test can see exact ties.

const LOG_TWO_PI = Math.log(2 * Math.PI);
const HALF_LOG_TWO_PI = 0.5 * LOG_TWO_PI;

// Stirling's error for n = 0 … 15, from exact factorials (15! < 2^53, so ln n! is correctly rounded).
const SMALL_STIRLING_ERRORS: number[] = (() => {
  const table = [0];
  let factorial = 1;
  for (let n = 1; n <= 15; n++) {
    factorial *= n;
    table.push(Math.log(factorial) - (n + 0.5) * Math.log(n) + n - HALF_LOG_TWO_PI);
  }
  return table;
})();

/** Stirling's error δ(n) = ln n! − [(n + ½) ln n − n + ½ ln 2π], for whole n ≥ 0. */
export function stirlingError(n: number): number {
  if (n <= 15) return SMALL_STIRLING_ERRORS[n] ?? Number.NaN;
  // Asymptotic series 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹); fewer terms suffice as n grows.
  const nn = n * n;
  if (n > 500) return (1 / 12 - 1 / 360 / nn) / n;
  if (n > 80) return (1 / 12 - (1 / 360 - 1 / 1260 / nn) / nn) / n;
  if (n > 35) return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / 1680 / nn) / nn) / nn) / n;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
}

/** Deviance term x ln(x / μ) + μ − x, summed as a series when x ≈ μ where the direct form cancels. */
export function binomialDeviance(x: number, mean: number): number {
  if (Math.abs(x - mean) < 0.1 * (x + mean)) {
    const v = (x - mean) / (x + mean);
    let sum = (x - mean) * v;
    let power = 2 * x * v;
    const v2 = v * v;
    for (let j = 1; j < 1000; j++) {
      power *= v2;
      const next = sum + power / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / mean) + mean - x;
}

/** ln P(X = x) for X ~ Binomial(n, p), with q = 1 − p passed in so it carries no rounding of its own. */
function logBinomialProbability(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (q === 0) return x === n ? 0 : -Infinity;
  if (x < 0 || x > n) return -Infinity;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -binomialDeviance(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) {
    return q < 0.1 ? -binomialDeviance(n, n * p) - n * q : n * Math.log(p);
  }
  const exponent =
    stirlingError(n) -
    stirlingError(x) -
    stirlingError(n - x) -
    binomialDeviance(x, n * p) -
    binomialDeviance(n - x, n * q);
  const logScale = LOG_TWO_PI + Math.log(x) + Math.log1p(-x / n);
  return exponent - 0.5 * logScale;
}

/**
 * ln P(X = x) where X counts the marked items in `draws` taken without replacement from a
 * population of `marked` + `unmarked`. −Infinity outside the support.
 */
export function logHypergeometricProbability(x: number, marked: number, unmarked: number, draws: number): number {
  const population = marked + unmarked;
  if (x < Math.max(0, draws - unmarked) || x > Math.min(draws, marked)) return -Infinity;
  if (draws === 0 || draws === population) return 0;
  // Writing the hypergeometric as a ratio of binomials with p = draws / population
  // lets every factor use the saddle-point form above.
  const p = draws / population;
  const q = (population - draws) / population;
  return (
    logBinomialProbability(x, marked, p, q) +
    logBinomialProbability(draws - x, unmarked, p, q) -
    logBinomialProbability(draws, population, p, q)
  );
}
