/**
 * Plain-data shapes shared by the judge, reward-model and win-rate metrics. Every output is
 * JSON-ready: numbers, strings, arrays, and null where a statistic is undefined (never NaN).
 */

/** A judge's verdicts against gold labels, one slot per comparison (see `evaluateVerdicts`). */
export interface VerdictTable {
  /** Number of comparisons; every array below has this length. */
  readonly n: number;
  /** Gold preference for `a` in [0, 1]: 1, 0, 0.5 (tie); fractional values classify as `verdictOf`. */
  readonly gold: Float64Array;
  /** Index into `subsetNames`, or -1 for none (counted in the overall figures only). */
  readonly subset: Int32Array;
  readonly subsetNames: readonly string[];
  /** The judge's preference for `a` when shown `a` first; NaN: no readable verdict in that order. */
  readonly shownInOrder: Float64Array;
  /** The judge's preference for `a` when shown `b` first, mapped back to `a`'s side; NaN as above. */
  readonly shownSwapped: Float64Array;
  /**
   * Bit flags per comparison: 1 = the in-order answer could not be read, 2 = the swapped
   * answer could not be read (3 = both). A flagged order must hold NaN. An unparsed answer is a
   * judgement that counts as wrong in accuracy and is reported, never a tie; a NaN order without
   * its flag was not judged at all and counts nowhere.
   */
  readonly unparsed: Uint8Array;
  /** Response lengths (characters); NaN unknown. Both or neither. */
  readonly lengthA?: Float64Array;
  readonly lengthB?: Float64Array;
  /** The judge's probability that `a` is better, for calibration; NaN none. */
  readonly probability?: Float64Array;
}

/** How comparisons whose gold label is a tie are treated. */
export type GoldTieHandling = "count-as-class" | "exclude-gold-ties";

/** A confidence interval; `level` is the coverage asked for (0.95). */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/**
 * A rate (or other statistic) with its denominator and its interval. The interval is null when
 * no bootstrap was asked for (rounds = 0).
 */
export interface Estimate {
  readonly value: number;
  /** The denominator: comparisons or judgements the statistic is computed over. */
  readonly n: number;
  readonly ci: Interval | null;
}

/** Shared bootstrap settings. */
export interface BootstrapOptions {
  /** Bootstrap rounds; 0 gives point estimates only. Default 1000. */
  readonly rounds?: number;
  /** Seed of `createRandom`; default 0. */
  readonly seed?: number;
  /** Coverage of the percentile intervals, in (0, 1); default 0.95. */
  readonly confidence?: number;
}
