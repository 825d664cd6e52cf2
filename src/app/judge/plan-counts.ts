/**
 * What a judge plan counted as it went: the questions and items planned, and every prompt or
 * pair that gave no item, by reason — nothing is left out without saying so.
 */
export interface JudgePlanCounts {
  prompts: number;
  /** Questions (pairs, lists, answers) planned, each judged by every judge. */
  questions: number;
  items: number;
  /** Prompts with fewer than 2 candidates to compare (pointwise: none). */
  tooFewCandidates: number;
  /** Prompts with enough candidates whose selection gave no pair (one system only, no given pair). */
  noPairs: number;
  /** "baseline": prompts where the baseline system has no candidate. */
  noBaseline: number;
  /** Prompts without a user turn: there is no question to show. */
  noQuestion: number;
  /** Prompts with no reference candidate, for a template that shows one. */
  noReference: number;
  /** Reference candidates beyond the first of a prompt (not used). */
  extraReferences: number;
  /** "sample": pairs of all that were not drawn. */
  notSampled: number;
  /** "given" pairs named again (planned once, human preferences averaged). */
  duplicatePairs: number;
  /** "given" pairs naming a candidate not in the input. */
  unknownCandidates: number;
  /** "given" pairs of a candidate with itself. */
  selfPairs: number;
  /** "given" pairs with a reference candidate in them (a reference is not judged). */
  referencePairs: number;
  /** Listwise: lists shorter than `permutations` (k orders planned: more would repeat one). */
  permutationsCapped: number;
}

export function emptyPlanCounts(): JudgePlanCounts {
  return {
    prompts: 0,
    questions: 0,
    items: 0,
    tooFewCandidates: 0,
    noPairs: 0,
    noBaseline: 0,
    noQuestion: 0,
    noReference: 0,
    extraReferences: 0,
    notSampled: 0,
    duplicatePairs: 0,
    unknownCandidates: 0,
    selfPairs: 0,
    referencePairs: 0,
    permutationsCapped: 0,
  };
}
