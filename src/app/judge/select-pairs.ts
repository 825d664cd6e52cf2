/**
 * Which pairs of a prompt's candidates a pairwise judge sees (PairSelection): the pairs the input
 * names ("given"), every pair of different systems ("all"), each other system's candidate against
 * a baseline's ("baseline"), or a seeded draw of all ("sample"); each with the humans' preference
 * for x averaged over the input's human judgments of that pair. See plan.ts for the rules.
 */
import type { RandomSource } from "../../core/random/index.js";
import { randomFor } from "./keys.js";
import type { JudgePlanCounts } from "./plan-counts.js";
import type { InputPair, JudgeQuestion, QuestionCandidate } from "./questions.js";
import type { PairSelection } from "./types.js";

/**
 * A selected pair: x sorts before y; `human` is a human's preference for x in [0, 1]; `turn` the
 * turn the input's judgments of the pair are about, when all of them name the same one.
 */
export interface Pair {
  x: QuestionCandidate;
  y: QuestionCandidate;
  human?: number;
  turn?: number;
}

/**
 * The prompt's pairs under the selection, in a fixed order; what is left out is counted.
 * `answers` (sorted by id) are the candidates that may be judged, `refs` the reference's.
 * Time: O(answers²) for "all" and "sample".
 */
export function selectPairs(
  question: JudgeQuestion,
  answers: readonly QuestionCandidate[],
  refs: readonly QuestionCandidate[],
  selection: PairSelection,
  counts: JudgePlanCounts,
): Pair[] {
  const humans = humanPreferences(question.pairs);
  const turns = inputTurns(question.pairs);
  const human = (x: QuestionCandidate, y: QuestionCandidate): Pair => {
    const key = `${x.id}\0${y.id}`;
    const h = humans.get(key);
    const turn = turns.get(key);
    return {
      x,
      y,
      ...(h === undefined ? {} : { human: h.sum / h.n }),
      ...(typeof turn === "number" ? { turn } : {}),
    };
  };
  let pairs: Pair[] = [];
  if (selection.kind === "given") {
    const byIdMap = new Map(answers.map((c) => [c.id, c]));
    const refIds = new Set(refs.map((c) => c.id));
    const seen = new Set<string>();
    for (const p of question.pairs) {
      if (p.a === p.b) {
        counts.selfPairs++;
        continue;
      }
      if (refIds.has(p.a) || refIds.has(p.b)) {
        counts.referencePairs++;
        continue;
      }
      const a = byIdMap.get(p.a);
      const b = byIdMap.get(p.b);
      if (a === undefined || b === undefined) {
        counts.unknownCandidates++;
        continue;
      }
      const [x, y] = a.id < b.id ? [a, b] : [b, a];
      const key = `${x.id}\0${y.id}`;
      if (seen.has(key)) {
        counts.duplicatePairs++;
        continue;
      }
      seen.add(key);
      pairs.push(human(x, y));
    }
  } else if (selection.kind === "baseline") {
    const baseline = answers.filter((c) => c.systemId === selection.system);
    if (baseline.length === 0) {
      counts.noBaseline++;
      return [];
    }
    for (const c of answers) {
      if (c.systemId === selection.system) continue;
      for (const b of baseline) pairs.push(c.id < b.id ? human(c, b) : human(b, c));
    }
  } else {
    for (let i = 0; i < answers.length; i++)
      for (let j = i + 1; j < answers.length; j++)
        if (answers[i]!.systemId !== answers[j]!.systemId)
          pairs.push(human(answers[i]!, answers[j]!));
    if (selection.kind === "sample" && pairs.length > selection.perPrompt) {
      counts.notSampled += pairs.length - selection.perPrompt;
      pairs = drawn(pairs, selection.perPrompt, randomFor(selection.seed, question.prompt.id));
    }
  }
  if (pairs.length === 0) counts.noPairs++;
  return pairs;
}

/** `n` of the pairs drawn without replacement (partial Fisher–Yates), kept in their order. */
function drawn(pairs: readonly Pair[], n: number, random: RandomSource): Pair[] {
  const index = pairs.map((_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (index.length - i));
    [index[i], index[j]] = [index[j]!, index[i]!];
  }
  return index
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => pairs[i]!);
}

/** The turn of each named pair whose judgments all name one; null where they differ or name none. */
function inputTurns(pairs: readonly InputPair[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const p of pairs) {
    const key = p.a < p.b ? `${p.a}\0${p.b}` : `${p.b}\0${p.a}`;
    const turn = p.turn ?? null;
    if (!out.has(key)) out.set(key, turn);
    else if (out.get(key) !== turn) out.set(key, null);
  }
  return out;
}

/** Human preferences by pair, oriented to the candidate sorting first (summed, with counts). */
function humanPreferences(pairs: readonly InputPair[]): Map<string, { sum: number; n: number }> {
  const out = new Map<string, { sum: number; n: number }>();
  for (const p of pairs) {
    if (p.human === undefined || p.a === p.b) continue;
    const [key, h] = p.a < p.b ? [`${p.a}\0${p.b}`, p.human] : [`${p.b}\0${p.a}`, 1 - p.human];
    const entry = out.get(key);
    if (entry === undefined) out.set(key, { sum: h, n: 1 });
    else {
      entry.sum += h;
      entry.n++;
    }
  }
  return out;
}
