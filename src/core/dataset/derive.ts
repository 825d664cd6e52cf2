/**
 * Derivations between preference shapes (issue 3): rated completions to pairs (every pair,
 * or best versus worst, with a minimum score margin — as UltraFeedback-binarised and
 * HelpSteer-to-DPO recipes do), pairs to unpaired KTO examples.
 */
import type { Message } from "../types.js";
import type { PreferencePair, UnpairedExample } from "./preference.js";

export interface ScoredCompletion {
  readonly messages: readonly Message[];
  readonly score: number;
  readonly model?: string;
  /** Every score the source gave, by criterion (NaN when unrated): `score` is one of them. */
  readonly criteria?: Readonly<Record<string, number>>;
}

export interface RatedCompletions {
  readonly prompt: readonly Message[];
  readonly completions: readonly ScoredCompletion[];
  readonly id?: string;
}

export type PairStrategy = "all" | "best-vs-worst";

/**
 * Pairs whose chosen completion scores at least `minMargin` (> 0) above the rejected one.
 * "all": every such pair, in input order; "best-vs-worst": the first top-scoring against the
 * first bottom-scoring completion. Equal scores never make a pair.
 * @throws RangeError when minMargin is not positive.
 */
export function ratedToPairs(
  rated: RatedCompletions,
  strategy: PairStrategy = "all",
  minMargin = Number.MIN_VALUE,
): PreferencePair[] {
  if (!(minMargin > 0)) throw new RangeError("minMargin must be > 0");
  const { completions } = rated;
  const make = (w: ScoredCompletion, l: ScoredCompletion): PreferencePair => ({
    prompt: rated.prompt,
    chosen: w.messages,
    rejected: l.messages,
    margin: w.score - l.score,
    ...(w.model !== undefined ? { chosenModel: w.model } : {}),
    ...(l.model !== undefined ? { rejectedModel: l.model } : {}),
    ...(rated.id !== undefined ? { id: rated.id } : {}),
  });
  if (strategy === "best-vs-worst") {
    let best: ScoredCompletion | undefined;
    let worst: ScoredCompletion | undefined;
    for (const c of completions) {
      if (!Number.isFinite(c.score)) continue;
      if (!best || c.score > best.score) best = c;
      if (!worst || c.score < worst.score) worst = c;
    }
    return best && worst && best.score - worst.score >= minMargin ? [make(best, worst)] : [];
  }
  const pairs: PreferencePair[] = [];
  for (let i = 0; i < completions.length; i++) {
    for (let j = i + 1; j < completions.length; j++) {
      const a = completions[i]!;
      const b = completions[j]!;
      if (!Number.isFinite(a.score) || !Number.isFinite(b.score)) continue;
      if (a.score - b.score >= minMargin) pairs.push(make(a, b));
      else if (b.score - a.score >= minMargin) pairs.push(make(b, a));
    }
  }
  return pairs;
}

/** A pair as two KTO examples: the chosen answer desirable, the rejected one undesirable. */
export function pairToUnpaired(pair: PreferencePair): [UnpairedExample, UnpairedExample] {
  const base = {
    prompt: pair.prompt,
    ...(pair.id !== undefined ? { id: pair.id } : {}),
    ...(pair.metadata !== undefined ? { metadata: pair.metadata } : {}),
  };
  return [
    {
      ...base,
      completion: pair.chosen,
      label: true,
      ...(pair.chosenModel !== undefined ? { model: pair.chosenModel } : {}),
    },
    {
      ...base,
      completion: pair.rejected,
      label: false,
      ...(pair.rejectedModel !== undefined ? { model: pair.rejectedModel } : {}),
    },
  ];
}
