/**
 * Simulated labels from the Dawid–Skene generative model (methods.md §A8): item j's true category
 * z_j ~ priors; rater w labels it with probability coverage_w and then says k with probability
 * confusion[w][k][z_j]. For tests with planted parameters and for benchmarks.
 */
import type { RandomSource } from "../random/index.js";
import { type LabelTable, labelTable } from "./label-table.js";

export interface LabelSimulation {
  readonly itemCount: number;
  /** Prior of each true category (sums to 1). */
  readonly priors: readonly number[];
  /** confusion[w][k][c] = P(rater w says k | truth c); each column c sums to 1. */
  readonly confusion: readonly (readonly (readonly number[])[])[];
  /** Probability that a rater labels an item: one for all raters or one per rater (default 1). */
  readonly coverage?: number | readonly number[];
  readonly random: RandomSource;
}

/**
 * Draws a label table and the true categories behind it.
 * @example simulateLabels({ itemCount: 100, priors: [0.5, 0.5],
 *   confusion: [[[0.9, 0.2], [0.1, 0.8]]], random: createRandom(1) })
 * @throws RangeError when priors or a confusion column do not sum to 1 (±1e-9), hold a negative
 * entry, or the shapes or coverages are wrong. Complexity: O(items · raters · K).
 */
export function simulateLabels(options: LabelSimulation): { table: LabelTable; truth: Int32Array } {
  const { itemCount, priors, confusion, random } = options;
  const K = priors.length;
  const R = confusion.length;
  checkDistribution("priors", priors);
  const cumulative = new Float64Array(R * K * K); // [(w·K + c)·K + k]: P(says ≤ k | truth c)
  confusion.forEach((matrix, w) => {
    if (matrix.length !== K) throw new RangeError(`confusion[${w}] must have ${K} rows`);
    for (let c = 0; c < K; c++) {
      const column = matrix.map((row) => row[c] ?? Number.NaN);
      checkDistribution(`column ${c} of confusion[${w}]`, column);
      let sum = 0;
      for (let k = 0; k < K; k++) cumulative[(w * K + c) * K + k] = sum += column[k]!;
    }
  });
  const coverage = Array.from({ length: R }, (_, w) =>
    typeof options.coverage === "number" ? options.coverage : (options.coverage?.[w] ?? 1),
  );
  if (coverage.some((p) => !(p >= 0 && p <= 1))) {
    throw new RangeError("coverage must be in [0, 1]");
  }
  const priorCumulative = new Float64Array(K);
  priors.reduce((sum, p, c) => (priorCumulative[c] = sum + p), 0);
  const truth = new Int32Array(itemCount);
  const item = new Int32Array(itemCount * R);
  const rater = new Int32Array(itemCount * R);
  const category = new Int32Array(itemCount * R);
  let n = 0;
  for (let j = 0; j < itemCount; j++) {
    const z = draw(priorCumulative, 0, K, random());
    truth[j] = z;
    for (let w = 0; w < R; w++) {
      if (coverage[w]! < 1 && random() >= coverage[w]!) continue;
      item[n] = j;
      rater[n] = w;
      category[n++] = draw(cumulative, (w * K + z) * K, K, random());
    }
  }
  const table = labelTable({
    itemCount,
    raterCount: R,
    categoryCount: K,
    item: item.slice(0, n),
    rater: rater.slice(0, n),
    category: category.slice(0, n),
  });
  return { table, truth };
}

/** Inverse CDF: the first k with u < cumulative (the last category absorbs rounding). */
function draw(cumulative: Float64Array, offset: number, K: number, u: number): number {
  for (let k = 0; k < K - 1; k++) if (u < cumulative[offset + k]!) return k;
  return K - 1;
}

function checkDistribution(name: string, p: readonly number[]): void {
  let sum = 0;
  for (const x of p) {
    if (!(x >= 0)) throw new RangeError(`${name} has an entry ${x}; probabilities must be ≥ 0`);
    sum += x;
  }
  if (p.length === 0 || Math.abs(sum - 1) > 1e-9) {
    throw new RangeError(`${name} must sum to 1, got ${sum}`);
  }
}
