/**
 * Item-level (cluster) bootstrap intervals of the bias report's rates. The two orders of a pair
 * share their answers, so a judge's verdicts on them are not independent and the Wilson
 * intervals of `biasReport`, which count games, can be too narrow. Here whole items — all their
 * games — are resampled with replacement, and each rate is recomputed (Efron & Tibshirani 1993
 * §6; resampling clusters, Davison & Hinkley 1997 §3.8). Round r uses the random stream
 * createRandom(streamSeed(seed, r)), as the other bootstraps in core; the interval is the
 * percentile interval of the rounds where the rate is defined (agreement/resample.ts).
 */
import { checkBootstrapOptions, type Interval, percentileInterval } from "../agreement/resample.js";
import { createRandom, streamSeed } from "../random/index.js";
import { type BiasReport, biasReport, type JudgedGame } from "./bias-report.js";

export interface BiasIntervals {
  readonly firstPosition: Interval | null;
  readonly swapInconsistency: Interval | null;
  readonly longerWins: Interval | null;
  readonly selfPreference: Interval | null;
  /** The judge's agreement with humans; null without human labels. */
  readonly agreement: Interval | null;
}

const RATES = [
  (r: BiasReport) => r.firstPosition.rate,
  (r: BiasReport) => r.swapInconsistency.rate,
  (r: BiasReport) => r.longerWins.rate,
  (r: BiasReport) => r.selfPreference.rate,
  (r: BiasReport) => r.humans?.agreement.rate ?? null,
] as const;

/**
 * Cluster-bootstrap intervals of the bias report's rates, resampling items.
 * @example biasBootstrap(games, { rounds: 1000, seed: 1, confidence: 0.95 }).firstPosition
 * @throws RangeError on bad options, or as biasReport. Complexity: O(rounds · games).
 */
export function biasBootstrap(
  games: readonly JudgedGame[],
  options: { readonly rounds: number; readonly seed: number; readonly confidence: number },
): BiasIntervals {
  checkBootstrapOptions(options);
  biasReport(games); // validates every game once, with its index in the message
  const byItem = new Map<string, JudgedGame[]>();
  for (const g of games) {
    const list = byItem.get(g.item);
    if (list) list.push(g);
    else byItem.set(g.item, [g]);
  }
  const items = [...byItem.values()];
  const values = RATES.map(() => new Float64Array(options.rounds));
  for (let round = 0; round < options.rounds; round++) {
    const random = createRandom(streamSeed(options.seed, round));
    const sample: JudgedGame[] = [];
    for (let k = 0; k < items.length; k++) {
      const drawn = items[Math.floor(random() * items.length)]!;
      // A fresh key per draw: an item drawn twice counts as two items.
      for (const g of drawn) sample.push({ ...g, item: String(k) });
    }
    const report = biasReport(sample, options.confidence);
    RATES.forEach((rate, s) => {
      values[s]![round] = rate(report) ?? Number.NaN;
    });
  }
  const [firstPosition, swapInconsistency, longerWins, selfPreference, agreement] = values.map(
    (v) => percentileInterval(v, options.confidence),
  ) as [Interval | null, Interval | null, Interval | null, Interval | null, Interval | null];
  return { firstPosition, swapInconsistency, longerWins, selfPreference, agreement };
}
