// AlpacaEval 2's length-controlled win rate (Dubois et al., arXiv 2404.04475; methods.md §B11;
// tatsu-lab/alpaca_eval src/alpaca_eval/metrics/glm_winrate.py, "length_controlled_v1"): a
// logistic GLM without intercept of the model's preference p (soft labels) on
//   tanh(Δlen / sd(Δlen)), instruction difficulty, 1 (the model's own term),
// Δlen = len(baseline) − len(model) in characters, sd with ddof 1 over every row; L1 penalty
// with C chosen from 10 values logspace(−4, 4) by 5-fold cross-validation grouped by
// instruction on the soft-label log loss (scikit-learn LogisticRegressionCV, liblinear). The
// LC win rate is 100 × the mean over every instruction (unparsed ones too, as upstream) of the
// predicted preference with Δlen = 0.
// Reproduced: the features, the loss, the C grid and the rule of choice, the prediction.
// Not reproduced: (1) the "regularise to gamed baselines" rows (λ = 0.2) — they come from
// AlpacaEval's df_gamed.csv annotations, not from the model's data; (2) instruction difficulty,
// which AlpacaEval precomputes from many models (pass it in, or it is left out); (3) the exact
// fold membership of sklearn's GroupKFold (ours: instruction k goes to fold k mod 5), so when
// two values of C score almost alike the choice may differ; (4) liblinear's stopping
// tolerance (1e-4): we solve to convergence.
import { err, ok, type Result } from "../result.js";
import { crossEntropy, fitL1Logistic, type L1LogisticProblem } from "./l1-logistic.js";
import { type WinRate, winRate } from "./win-rate.js";

export interface LengthControlledInput {
  /** The model's preference over the baseline per instruction, in [0, 1]; NaN unparsed. */
  readonly preferences: Float64Array;
  readonly lengthModel: Float64Array;
  readonly lengthBaseline: Float64Array;
  /** AlpacaEval's precomputed per-instruction difficulty; optional. */
  readonly instructionDifficulty?: Float64Array;
}

export interface LengthControlledOptions {
  /** A fixed inverse penalty strength (skips cross-validation); Infinity for no penalty. */
  readonly C?: number;
  /** Candidates for C; default 10 values logspace(−4, 4), scikit-learn's Cs = 10. */
  readonly Cs?: readonly number[];
  readonly folds?: number;
}

export interface LengthControlled {
  readonly lengthControlledWinRate: number;
  /** The raw (not length-controlled) win rate, as `winRate`. */
  readonly raw: WinRate;
  /** GLM coefficients; instructionDifficulty is null when none was given. */
  readonly weights: {
    readonly length: number;
    readonly instructionDifficulty: number | null;
    readonly model: number;
  };
  readonly C: number;
  /** Mean held-out log loss per candidate C (null when C was fixed). */
  readonly cvLogLoss: readonly number[] | null;
  /** AlpacaEval's warning rule: LC moved by more than max(10, a quarter of the room left). */
  readonly extremeChange: boolean;
}

export type LengthControlledError = {
  readonly code: "empty" | "one_fold";
  readonly message: string;
};

export const DEFAULT_CS: readonly number[] = Array.from(
  { length: 10 },
  (_, k) => 10 ** (-4 + (8 * k) / 9),
);

/**
 * @example lengthControlledWinRate({ preferences, lengthModel, lengthBaseline }).value?.lengthControlledWinRate
 * @throws RangeError on arrays of unequal length, a non-finite or negative length, a
 *   preference outside [0, 1], or bad options.
 * Returns ok:false when no preference is readable, or when cross-validation has fewer
 * readable instructions than folds.
 */
export function lengthControlledWinRate(
  input: LengthControlledInput,
  options: LengthControlledOptions = {},
): Result<LengthControlled, LengthControlledError> {
  const { preferences, lengthModel, lengthBaseline, instructionDifficulty } = input;
  const n = preferences.length;
  if (
    lengthModel.length !== n ||
    lengthBaseline.length !== n ||
    (instructionDifficulty && instructionDifficulty.length !== n)
  ) {
    throw new RangeError(
      "preferences, lengths and instructionDifficulty must have the same length",
    );
  }
  const raw = winRate(preferences); // checks the preferences
  if (raw.n === 0) return err({ code: "empty", message: "no readable preference" });
  const folds = options.folds ?? 5;
  if (!Number.isSafeInteger(folds) || folds < 2)
    throw new RangeError(`folds must be an integer >= 2, got ${folds}`);
  const delta = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const lm = lengthModel[i]!;
    const lb = lengthBaseline[i]!;
    if (!(lm >= 0 && lb >= 0 && lm < Infinity && lb < Infinity))
      throw new RangeError(`lengths of row ${i} must be finite and >= 0`);
    delta[i] = lb - lm;
    mean += (delta[i]! - mean) / (i + 1);
  }
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (delta[i]! - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0; // sd 0: no length signal, the feature is 0
  const d = instructionDifficulty ? 3 : 2;
  const rows = Int32Array.from(
    Array.from({ length: n }, (_, i) => i).filter((i) => !Number.isNaN(preferences[i]!)),
  );
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    x[i * d] = sd > 0 ? Math.tanh(delta[i]! / sd) : 0;
    if (instructionDifficulty) {
      const v = instructionDifficulty[i]!;
      if (!Number.isFinite(v))
        throw new RangeError(`instructionDifficulty[${i}] must be finite, got ${v}`);
      x[i * d + 1] = v;
    }
    x[i * d + d - 1] = 1;
  }
  const problem: L1LogisticProblem = {
    x,
    d,
    p: preferences.map((v) => (Number.isNaN(v) ? 0.5 : v)),
  };

  let c = options.C;
  let cvLogLoss: number[] | null = null;
  if (c === undefined) {
    if (rows.length < folds)
      return err({
        code: "one_fold",
        message: `${rows.length} readable preferences for ${folds} folds`,
      });
    const cs = options.Cs ?? DEFAULT_CS;
    if (cs.length === 0 || cs.some((v) => !(v > 0)))
      throw new RangeError("Cs must be positive numbers");
    cvLogLoss = cs.map((candidate) => {
      let total = 0;
      for (let k = 0; k < folds; k++) {
        const train = rows.filter((_, r) => r % folds !== k);
        const test = rows.filter((_, r) => r % folds === k);
        total += crossEntropy(problem, fitL1Logistic(problem, candidate, train), test);
      }
      return total / folds;
    });
    const best = cvLogLoss.indexOf(Math.min(...cvLogLoss)); // the first best, as sklearn's argmax
    c = cs[best]!;
  } else if (!(c > 0)) {
    throw new RangeError(`C must be > 0, got ${c}`);
  }
  const w = fitL1Logistic(problem, c, rows);
  let predicted = 0;
  for (let i = 0; i < n; i++) {
    let z = w[d - 1]!;
    if (instructionDifficulty) z += w[1]! * instructionDifficulty[i]!;
    predicted += 1 / (1 + Math.exp(-z));
  }
  const lc = (predicted / n) * 100;
  const before = raw.winRate!;
  const tooSmall = lc < Math.min(before - before / 4, before - 10);
  const tooLarge = lc > Math.max(before + (100 - before) / 4, before + 10);
  return ok({
    lengthControlledWinRate: lc,
    raw,
    weights: {
      length: w[0]!,
      instructionDifficulty: instructionDifficulty ? w[1]! : null,
      model: w[d - 1]!,
    },
    C: c,
    cvLogLoss,
    extremeChange: tooSmall || tooLarge,
  });
}
