/**
 * A stored pairwise judgment as a labelled comparison, so a project's votes (humans and AI
 * judges alike) go through the same agreement and judge evaluation as files do. The two
 * candidates' ids stand for the sides: an item is one prompt's pair of candidates, whichever
 * side each judgment showed first.
 */
import type { Candidate, PairwiseJudgment, PairwiseOutcome } from "../types.js";
import type { Comparison, ComparisonLabel } from "./comparison.js";

const PREFERENCE: Readonly<Record<PairwiseOutcome, number>> = {
  a: 1,
  b: 0,
  tie: 0.5,
  both_bad: 0.5,
};

/** Who gave a judgment, as a labeller's name: the annotator's id, or the judge's model (and template). */
export function labellerOf(judgment: PairwiseJudgment): string {
  const source = judgment.source;
  if (source.kind === "human") return source.annotatorId;
  return source.template ? `${source.model} (${source.template})` : source.model;
}

/**
 * The judgment's comparison: id the prompt's (and criterion's), sides the candidates' ids, subset
 * the prompt's category, systems in `extra`.
 * @example comparisonOfJudgment(j, candidates.get(j.a), candidates.get(j.b))
 */
export function comparisonOfJudgment(
  judgment: PairwiseJudgment,
  a: Candidate | undefined,
  b: Candidate | undefined,
  category?: string,
): Comparison {
  const source = judgment.source;
  const label: { -readonly [K in keyof ComparisonLabel]: ComparisonLabel[K] } = {
    labeller: labellerOf(judgment),
    source: source.kind,
    preference: PREFERENCE[judgment.outcome],
    raw: judgment.outcome,
  };
  if (judgment.outcome === "both_bad") label.bothBad = true;
  if (source.kind === "ai" && source.swapped !== undefined) label.shownSwapped = source.swapped;
  return {
    // Votes on different criteria of one pair are different questions.
    id: judgment.criterion ? `${judgment.promptId}/${judgment.criterion}` : judgment.promptId,
    ...(category !== undefined ? { subset: category } : {}),
    prompt: [],
    ...(a ? { a: a.messages } : {}),
    ...(b ? { b: b.messages } : {}),
    systemA: judgment.a,
    systemB: judgment.b,
    labels: [label],
    extra: { system_a: a?.systemId, system_b: b?.systemId },
  };
}
