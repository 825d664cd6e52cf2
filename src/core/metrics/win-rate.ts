// Win rate against a baseline as AlpacaEval reports it: tatsu-lab/alpaca_eval,
// src/alpaca_eval/metrics/winrate.py `get_winrate` / `pairwise_to_winrate` and helpers.py
// `AbsoluteScoringRule.describe_head2head` (win_rate = mean preference × 100, standard_error =
// pandas `sem`, i.e. SD with ddof 1 over √n, × 100) and `ZeroOneScoringRule` (each preference
// rounded to win / draw / loss: discrete_win_rate = (wins + draws/2)/n × 100). Unreadable
// preferences (NaN) are dropped from n and counted.

export interface WinRate {
  /** Readable preferences. */
  readonly n: number;
  /** Preferences that were NaN (unparsed), left out of everything else. */
  readonly unparsed: number;
  /** Mean preference × 100; null when n = 0. */
  readonly winRate: number | null;
  /** Standard error of winRate (ddof 1); null when n < 2. */
  readonly standardError: number | null;
  /** (wins + draws/2)/n × 100; null when n = 0. */
  readonly discreteWinRate: number | null;
  /** Preferences above / exactly at / below one half. */
  readonly wins: number;
  readonly draws: number;
  readonly losses: number;
}

/**
 * AlpacaEval's win rate of a model over a baseline from the model's preferences in [0, 1]
 * (1 = the model is better, 0.5 = a draw; NaN = unparsed). AlpacaEval's own scale is 1..2 with
 * 0 also meaning a draw: convert with `fromAlpacaEvalPreference`.
 *
 * @example winRate(Float64Array.of(1, 0, 0.5, 0.5, 0.75, NaN))
 *   // { n: 5, unparsed: 1, winRate: 55, standardError: 16.583…, discreteWinRate: 60,
 *   //   wins: 2, draws: 2, losses: 1 }
 * @throws RangeError on a preference outside [0, 1] that is not NaN.
 */
export function winRate(preferences: Float64Array): WinRate {
  let n = 0;
  let unparsed = 0;
  let wins = 0;
  let draws = 0;
  let mean = 0;
  let m2 = 0; // Welford: sum of squared deviations from the running mean
  for (let i = 0; i < preferences.length; i++) {
    const p = preferences[i]!;
    if (Number.isNaN(p)) {
      unparsed++;
      continue;
    }
    if (!(p >= 0 && p <= 1)) throw new RangeError(`preferences[${i}] must be in [0, 1], got ${p}`);
    n++;
    if (p > 0.5) wins++;
    else if (p === 0.5) draws++;
    const delta = p - mean;
    mean += delta / n;
    m2 += delta * (p - mean);
  }
  return {
    n,
    unparsed,
    winRate: n > 0 ? mean * 100 : null,
    standardError: n > 1 ? Math.sqrt(m2 / (n - 1) / n) * 100 : null,
    discreteWinRate: n > 0 ? ((wins + draws / 2) / n) * 100 : null,
    wins,
    draws,
    losses: n - wins - draws,
  };
}

/**
 * Converts AlpacaEval's `preference` (1 = baseline `output_1` better, 2 = model `output_2`
 * better, 1.5 or 0 = a draw, NaN = none) into the model's preference in [0, 1]. Anything else
 * is not a preference (AlpacaEval drops it) and becomes NaN.
 */
export function fromAlpacaEvalPreference(value: number): number {
  if (value === 0) return 0.5;
  return value >= 1 && value <= 2 ? value - 1 : Number.NaN;
}
