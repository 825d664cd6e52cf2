/**
 * Quantile of sorted values with linear interpolation between order statistics at position
 * (m − 1)·q — numpy's and pandas' default ("type 7" of Hyndman & Fan 1996).
 * @throws RangeError when q is outside [0, 1] or the input is empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError("q must be in [0, 1]");
  const m = sorted.length;
  if (m === 0) throw new RangeError("quantile of no values");
  const position = (m - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, m - 1);
  const frac = position - lo;
  return sorted[lo]! + frac * (sorted[hi]! - sorted[lo]!);
}
