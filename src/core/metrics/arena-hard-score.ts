// arena-hard-auto's score of each model against the baseline (methods.md §D5;
// lmarena/arena-hard-auto show_result.py `print_leaderboard`): every 0/0.5/1 battle score from
// the model's perspective (strong verdicts entered three times by the caller), 100 bootstrap
// rounds that resample each model's battles with replacement; the score is the mean of the
// bootstrap means and the interval their 5% and 95% quantiles; the baseline is shown as 50.
// Here a model's resample is drawn as multinomial counts over its distinct scores, which is
// the same distribution. Scores are percentages.
//
// Bradley–Terry variant: show_result.py fits a BT model only with style control
// (--control-features; methods.md §A5). Its battles all pit a model against the baseline, a
// star graph, on which the BT predicted win rate against the baseline, σ(θ_m − θ_base), equals
// the model's mean score exactly (the MLE solves mean = σ(θ_m − θ_base)); so the plain BT
// variant is this score and is not computed separately.
import { createRandom } from "../random/xoshiro128.js";
import { quantileSorted } from "../stats/quantile.js";
import { patternBootstrap } from "./pattern-bootstrap.js";

export interface ArenaHardOptions {
  /** Default 100, as arena-hard-auto. */
  readonly rounds?: number;
  readonly seed?: number;
  /** Lower and upper quantiles of the interval; default [0.05, 0.95]. */
  readonly quantiles?: readonly [number, number];
  /** The baseline's name: added as a row with score 50 and a zero-width interval. */
  readonly baseline?: string;
}

export interface ArenaHardRow {
  readonly model: string;
  /** Battles (score entries). */
  readonly n: number;
  /** Mean score × 100. */
  readonly mean: number;
  /** Mean of the bootstrap means × 100 (the mean when rounds = 0). */
  readonly score: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * @example arenaHardScore({ m: Float64Array.of(1, 1, 1, 0.5) }, { baseline: "gpt-4" })
 * @throws RangeError on a score outside [0, 1] or NaN, a model with no battles, or bad options.
 * Rows are sorted by score, highest first.
 */
export function arenaHardScore(
  battlesPerModel: Readonly<Record<string, Float64Array>>,
  options: ArenaHardOptions = {},
): ArenaHardRow[] {
  const rounds = options.rounds ?? 100;
  const [qLow, qHigh] = options.quantiles ?? [0.05, 0.95];
  if (!Number.isSafeInteger(rounds) || rounds < 0) {
    throw new RangeError(`rounds must be an integer >= 0, got ${rounds}`);
  }
  if (!(qLow >= 0 && qLow <= qHigh && qHigh <= 1)) throw new RangeError("bad quantiles");
  const random = createRandom(options.seed ?? 0);
  const rows: ArenaHardRow[] = Object.entries(battlesPerModel).map(([model, scores]) => {
    if (scores.length === 0) throw new RangeError(`${model} has no battles`);
    const values = new Map<number, number>();
    let sum = 0;
    for (const s of scores) {
      if (!(s >= 0 && s <= 1)) throw new RangeError(`a score of ${model} is ${s}, not in [0, 1]`);
      values.set(s, (values.get(s) ?? 0) + 1);
      sum += s;
    }
    const distinct = Float64Array.from(values.keys());
    const counts = Float64Array.from(values.values());
    const means = new Float64Array(rounds);
    patternBootstrap([counts], rounds, random, (round, _s, c) => {
      let total = 0;
      for (let k = 0; k < c.length; k++) total += c[k]! * distinct[k]!;
      means[round] = total / scores.length;
    });
    const mean = (sum / scores.length) * 100;
    if (rounds === 0)
      return { model, n: scores.length, mean, score: mean, lower: null, upper: null };
    const score = (means.reduce((a, b) => a + b, 0) / rounds) * 100;
    means.sort();
    return {
      model,
      n: scores.length,
      mean,
      score,
      lower: quantileSorted(means, qLow) * 100,
      upper: quantileSorted(means, qHigh) * 100,
    };
  });
  if (options.baseline !== undefined && !(options.baseline in battlesPerModel)) {
    rows.push({ model: options.baseline, n: 0, mean: 50, score: 50, lower: 50, upper: 50 });
  }
  return rows.sort((a, b) => b.score - a.score);
}
