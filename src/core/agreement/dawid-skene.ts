/**
 * Dawid–Skene annotator model (A. P. Dawid & A. M. Skene, "Maximum likelihood estimation of
 * observer error-rates using the EM algorithm", J. R. Stat. Soc. C 28(1), 1979), fitted by EM
 * exactly as Toloka/crowd-kit's DawidSkene (full confusion matrices) and OneCoinDawidSkene (one
 * skill per rater; Y. Zhang et al., JMLR 17, 2016) do (methods.md §A8): initialise the posteriors
 * with majority-vote shares, priors with their mean, then an M-step; each iteration is E-step,
 * priors, M-step and the per-label ELBO; stop when the ELBO improves by less than `tolerance` or
 * after `maxIterations`. Deterministic (no randomness); computed on label patterns.
 *
 * Degenerate input: no labels → `{ ok: false, reason: "no_labels" }`. Rows of categories a rater
 * never used are 0 (full model); a rater without labels has an all-zero matrix. Items without
 * labels get the prior as posterior and label −1. Exact posterior ties go to the lowest category.
 */

import {
  eStep,
  evidenceLowerBound,
  fullMStep,
  meanPosterior,
  oneCoinMStep,
  voteShares,
} from "./dawid-skene-steps.js";
import { type AgreementInput, patternsOf } from "./label-patterns.js";

export interface DawidSkeneOptions {
  /** "full" (a K × K confusion matrix per rater, default) or "one-coin". */
  readonly model?: "full" | "one-coin";
  /** EM iterations at most (crowd-kit's n_iter, default 100), an integer ≥ 0. */
  readonly maxIterations?: number;
  /** Stop when the per-label ELBO improves by less than this (crowd-kit's tol, default 1e-5). */
  readonly tolerance?: number;
}

export interface DawidSkeneFit {
  readonly ok: true;
  readonly model: "full" | "one-coin";
  readonly categoryCount: number;
  /** Prior p_c of each true category. */
  readonly priors: Float64Array;
  /** confusion[(w·K + k)·K + c] = P(rater w says k | truth c); columns sum to 1 (see above). */
  readonly confusion: Float64Array;
  /** posteriors[i·K + c] = P(item i's true category is c | labels). */
  readonly posteriors: Float64Array;
  /** Most probable category of each item (lowest on exact ties); −1 for unlabelled items. */
  readonly labels: Int32Array;
  readonly iterations: number;
  /** True when the ELBO test stopped EM before maxIterations. */
  readonly converged: boolean;
  /** Per-label ELBO after each iteration. */
  readonly elbo: Float64Array;
}

export type DawidSkeneResult =
  | DawidSkeneFit
  | { readonly ok: false; readonly reason: "no_labels"; readonly message: string };

/**
 * Fits the Dawid–Skene model.
 * @example dawidSkene(table).posteriors // items × K
 * @throws RangeError on a bad model, maxIterations or tolerance.
 * Complexity: O(iterations · (Σ_patterns labels · K + raters · K²)).
 */
export function dawidSkene(
  input: AgreementInput,
  options: DawidSkeneOptions = {},
): DawidSkeneResult {
  const model = options.model ?? "full";
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-5;
  if (model !== "full" && model !== "one-coin") {
    throw new RangeError(`model must be "full" or "one-coin", got ${String(model)}`);
  }
  if (!(Number.isInteger(maxIterations) && maxIterations >= 0)) {
    throw new RangeError(`maxIterations must be an integer ≥ 0, got ${maxIterations}`);
  }
  if (!(tolerance >= 0 && tolerance < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`tolerance must be finite and ≥ 0, got ${tolerance}`);
  }
  const patterns = patternsOf(input);
  if (patterns.labelCount === 0) {
    return { ok: false, reason: "no_labels", message: "Dawid–Skene needs at least one label" };
  }
  const K = patterns.categoryCount;
  const R = patterns.raterCount;
  const used = new Float64Array(R * K);
  const raterLabels = new Float64Array(R);
  for (let p = 0; p < patterns.patternCount; p++) {
    for (let t = patterns.start[p]!; t < patterns.start[p + 1]!; t++) {
      used[patterns.rater[t]! * K + patterns.category[t]!]! += patterns.count[p]!;
      raterLabels[patterns.rater[t]!]! += patterns.count[p]!;
    }
  }
  const q = new Float64Array(patterns.patternCount * K);
  const priors = new Float64Array(K);
  const e = new Float64Array(R * K * K);
  const logE = new Float64Array(R * K * K);
  const mStep = () => {
    if (model === "full") fullMStep(patterns, q, used, e);
    else oneCoinMStep(patterns, q, raterLabels, e);
    for (let x = 0; x < e.length; x++) logE[x] = Math.log(e[x]!);
  };
  voteShares(patterns, q);
  meanPosterior(patterns, q, priors);
  mStep();
  const elbo: number[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  let converged = false;
  for (let it = 0; it < maxIterations; it++) {
    eStep(patterns, priors, logE, q);
    meanPosterior(patterns, q, priors);
    mStep();
    const value = evidenceLowerBound(patterns, q, priors, logE);
    elbo.push(value);
    if (value - previous < tolerance) {
      converged = true;
      break;
    }
    previous = value;
  }
  const posteriors = new Float64Array(patterns.itemCount * K);
  const labels = new Int32Array(patterns.itemCount);
  const patternLabel = new Int32Array(patterns.patternCount);
  for (let p = 0; p < patterns.patternCount; p++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (q[p * K + c]! > q[p * K + best]!) best = c;
    patternLabel[p] = best;
  }
  for (let i = 0; i < patterns.itemCount; i++) {
    const p = patterns.itemPattern[i]!;
    const source = p < 0 ? priors : q;
    const offset = p < 0 ? 0 : p * K;
    for (let c = 0; c < K; c++) posteriors[i * K + c] = source[offset + c]!;
    labels[i] = p < 0 ? -1 : patternLabel[p]!;
  }
  return {
    ok: true,
    model,
    categoryCount: K,
    priors,
    confusion: e,
    posteriors,
    labels,
    iterations: elbo.length,
    converged,
    elbo: Float64Array.from(elbo),
  };
}
