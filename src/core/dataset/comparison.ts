/**
 * A labelled comparison: two responses to one prompt and every label anyone gave them —
 * human annotators, LLM judges, reward models, a gold label. It is what the field's judgment
 * files hold (AlpacaEval annotations, MT-Bench judgments, FastChat reviews, arena-hard
 * judgments, tables with a column per annotator) and the unit that agreement and judge
 * evaluation work on. Leaderboards see each label as a battle; training sets see the
 * aggregated label as a preference pair.
 */
import type { Message } from "../types.js";

/**
 * One label. Everything is stated for the comparison's own order (response `a`, then `b`),
 * whatever order the labeller saw: `shownSwapped` records that it saw `b` first.
 */
export interface ComparisonLabel {
  /** Who labelled: an annotator ("annotator2"), a judge ("gpt-4"), a reward model, or "gold". */
  readonly labeller: string;
  readonly source?: "human" | "ai" | "gold";
  /**
   * Preference for `a` in [0, 1]: 1 `a` better, 0 `b` better, 0.5 a tie; fractional for
   * weighted judges (AlpacaEval's `preference` 1..2 is 2 − p). null: the labeller's answer could
   * not be read (AlpacaEval's null, an unparsed verdict) — counted and reported, never a tie.
   */
  readonly preference: number | null;
  /** A tie in which both responses are bad (arena's "tie (bothbad)"). */
  readonly bothBad?: boolean;
  /** A strong verdict (arena-hard's A>>B / B>>A), which arena-hard counts three times. */
  readonly strong?: boolean;
  /** True when the labeller was shown `b` first. */
  readonly shownSwapped?: boolean;
  /** The labeller's probability that `a` is better, when it gave one (calibration). */
  readonly probability?: number;
  /** A reward model's scores of `a` and `b`. */
  readonly scores?: readonly [number, number];
  /** The turn of a multi-turn conversation the label is about (MT-Bench's `turn`). */
  readonly turn?: number;
  /** The label as written in the file ("A>>B", 2, "model_a"), for reports and round trips. */
  readonly raw?: unknown;
}

export interface Comparison {
  /** The record's id (question id, PandaLM's idx): joins verdicts and gold kept in separate files. */
  readonly id?: string;
  /** The conversation before the responses; empty when the file has none. */
  readonly prompt: readonly Message[];
  /** The two responses, when the file holds them (MT-Bench judgment files do not). */
  readonly a?: readonly Message[];
  readonly b?: readonly Message[];
  readonly systemA?: string;
  readonly systemB?: string;
  /** Subset or category (RewardBench's subset, MT-Bench's category). */
  readonly subset?: string;
  readonly labels: readonly ComparisonLabel[];
  /** Every field of the record prefkit does not model, as read. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** The verdict a preference stands for: a win for `a` or `b` above/below one half, else a tie. */
export function verdictOf(preference: number): "a" | "b" | "tie" {
  return preference > 0.5 ? "a" : preference < 0.5 ? "b" : "tie";
}
