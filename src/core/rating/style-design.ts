// Style covariates of LMSYS "style control" (methods.md §A5): FastChat
// fastchat/serve/monitor/rating_systems.py preprocess_for_style with its defaults
// (apply_ratio on all four elements, add_one = true, z-score with numpy's population std).
// Mean and variance by the corrected two-pass algorithm (Chan, Golub & LeVeque 1983,
// "Algorithms for computing the sample variance", Amer. Statist. 37(3)).

import type { StyleElements } from "./style-features.js";

/** Column names of the V1 style elements, in the order of the packed arrays. */
export const STYLE_COLUMNS: readonly string[] = ["tokens", "headers", "lists", "bold"];

/** Standardised style covariates, one row per battle. */
export interface StyleDesign {
  /** N×K row-major: z-scored ratio features of the kept columns. */
  readonly z: Float64Array;
  /** Names of the K kept columns, in the order of `z`'s columns. */
  readonly columns: string[];
  /** Mean of each kept column's ratio feature (before z-scoring). */
  readonly mean: Float64Array;
  /** Population standard deviation of each kept column's ratio feature. */
  readonly std: Float64Array;
  /** Columns whose ratio feature has no spread (constant, or no battles), left out of `z`. */
  readonly dropped: string[];
}

/**
 * Packs per-battle style elements into a row-major Float64Array (columns as
 * {@link STYLE_COLUMNS}), the input layout of {@link styleDesign}.
 */
export function packStyleElements(rows: readonly StyleElements[]): Float64Array {
  const out = new Float64Array(rows.length * 4);
  rows.forEach((r, i) => {
    out.set([r.tokens, r.headers, r.lists, r.bold], i * 4);
  });
  return out;
}

/**
 * Builds the style covariates of N battles from each side's element counts.
 *
 * `a` and `b` are row-major N×W arrays (W = `columns.length`, by default the four V1 elements
 * tokens, headers, lists, bold). For every element, d = (a − b)/(a + b + 1), which lies in
 * (−1, 1); each column is then z-scored, z = (d − mean d)/std d, with the population std.
 * A column whose d is constant (max − min ≤ 1e-12), or every column when N = 0, would give NaN
 * in FastChat; here it is dropped and listed in `dropped`.
 *
 * Complexity: O(N·W) time, three passes over the inputs; no per-row allocation.
 *
 * @example
 * const a = new Float64Array([3, 1, 0, 2,  1, 1, 0, 0]);
 * const b = new Float64Array([1, 1, 0, 0,  3, 1, 0, 2]);
 * const d = styleDesign(a, b);
 * // d.columns = ["tokens", "bold"], d.dropped = ["headers", "lists"],
 * // d.z = [1, 1, -1, -1], d.mean = [0, 0], d.std = [0.4, 2/3]
 * @throws {RangeError} if the lengths differ or are not a multiple of W, W = 0, or a count
 * is negative or not finite.
 */
export function styleDesign(
  a: Float64Array,
  b: Float64Array,
  columns: readonly string[] = STYLE_COLUMNS,
): StyleDesign {
  const w = columns.length;
  if (w === 0) throw new RangeError("styleDesign needs at least one column");
  if (a.length !== b.length) throw new RangeError(`a has ${a.length} entries, b ${b.length}`);
  if (a.length % w !== 0) throw new RangeError(`length ${a.length} is not a multiple of ${w}`);
  const n = a.length / w;
  const sum = new Float64Array(w);
  const min = new Float64Array(w).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(w).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!(x >= 0 && y >= 0 && x < Number.POSITIVE_INFINITY && y < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`counts must be finite and non-negative: row ${(i / w) | 0}`);
    }
    const d = (x - y) / (x + y + 1);
    const k = i % w;
    sum[k]! += d;
    if (d < min[k]!) min[k] = d;
    if (d > max[k]!) max[k] = d;
  }
  const mean = new Float64Array(w);
  for (let k = 0; k < w; k++) mean[k] = sum[k]! / n;
  const dev = new Float64Array(w);
  const sq = new Float64Array(w);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const k = i % w;
    const e = (x - y) / (x + y + 1) - mean[k]!;
    dev[k]! += e;
    sq[k]! += e * e;
  }
  const kept: number[] = [];
  const dropped: string[] = [];
  for (let k = 0; k < w; k++) {
    if (n > 0 && max[k]! - min[k]! > 1e-12) kept.push(k);
    else dropped.push(columns[k]!);
  }
  const kk = kept.length;
  const keptMean = new Float64Array(kk);
  const keptStd = new Float64Array(kk);
  kept.forEach((k, j) => {
    keptMean[j] = mean[k]!;
    keptStd[j] = Math.sqrt(Math.max(0, (sq[k]! - (dev[k]! * dev[k]!) / n) / n));
  });
  const z = new Float64Array(n * kk);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < kk; j++) {
      const i = r * w + kept[j]!;
      const x = a[i]!;
      const y = b[i]!;
      z[r * kk + j] = ((x - y) / (x + y + 1) - keptMean[j]!) / keptStd[j]!;
    }
  }
  return { z, columns: kept.map((k) => columns[k]!), mean: keptMean, std: keptStd, dropped };
}
