// ln(k!) for integers k >= 0. Below 256: a table of running sums of ln(i). From 256 up: the
// Stirling (de Moivre) asymptotic series ln Γ(k + 1) = (k + 1/2) ln k - k + ln(2π)/2
// + 1/(12k) - 1/(360k³) + 1/(1260k⁵) - ... (Abramowitz & Stegun 6.1.41); the first omitted term,
// 1/(1680k⁷), is below 1e-20 there, so the result is accurate to a few ulps.
const TABLE_SIZE = 256;
const HALF_LN_2PI = 0.9189385332046728;

const TABLE = new Float64Array(TABLE_SIZE);
for (let i = 2; i < TABLE_SIZE; i++) TABLE[i] = TABLE[i - 1]! + Math.log(i);

/**
 * Natural log of k!, for a non-negative integer k (for k >= 256, non-integers give ln Γ(k + 1)).
 * Throws a RangeError for negative, non-integer (below 256) or NaN input. Allocation-free.
 */
export function logFactorial(k: number): number {
  if (k >= TABLE_SIZE) {
    const r = 1 / k;
    const r2 = r * r;
    return (
      (k + 0.5) * Math.log(k) - k + HALF_LN_2PI + r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260)))
    );
  }
  const v = TABLE[k];
  if (v === undefined) throw new RangeError(`logFactorial needs an integer k >= 0, got ${k}`);
  return v;
}
