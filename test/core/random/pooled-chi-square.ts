/**
 * Pearson chi-square over cells lo..hi, pooling cells left to right until the expected count
 * reaches 5 (the remainder joins the last pooled cell). Shared by the sampler tests.
 */
export function pooledChiSquare(
  observedAt: (k: number) => number,
  expectedAt: (k: number) => number,
  lo: number,
  hi: number,
): { statistic: number; df: number } {
  const observed: number[] = [];
  const expected: number[] = [];
  let o = 0;
  let e = 0;
  for (let k = lo; k <= hi; k++) {
    o += observedAt(k);
    e += expectedAt(k);
    if (e >= 5) {
      observed.push(o);
      expected.push(e);
      o = 0;
      e = 0;
    }
  }
  observed[observed.length - 1]! += o;
  expected[expected.length - 1]! += e;
  let statistic = 0;
  for (let i = 0; i < observed.length; i++)
    statistic += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  return { statistic, df: observed.length - 1 };
}
