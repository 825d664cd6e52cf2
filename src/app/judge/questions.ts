/**
 * What a judge job judges, prompt by prompt: the prompt, its candidates as answer texts, and the
 * pairs the input's judgments name (with a human's preference where a human gave it). The
 * planner (plan.ts) reads these; `questionsOf` makes them from the domain's prompts, candidates
 * and judgments, whatever they were read from (a dataset file, a project).
 *
 * Nothing is merged or left out silently: a second prompt with an id already seen, a candidate of
 * a prompt not in the input or of an id already seen, a judgment that is not pairwise are counted
 * in `QuestionCounts` (the first of an id is kept).
 */
import type { Candidate, Judgment, Prompt } from "../../core/types.js";
import { labelTurn } from "../../formats/dataset/as-comparisons.js";
import { contentText } from "../../llm/tokens.js";

/** A candidate as a judge sees it. */
export interface QuestionCandidate {
  id: string;
  systemId: string;
  /** The assistant turns' text, joined by a blank line. */
  text: string;
  /** The system's declared family (self-preference in the bias report). */
  family?: string;
}

/**
 * A pair an input judgment names; `human`: a human's preference for `a` in [0, 1]; `turn`: the
 * turn of the conversation the judgment is about (its metadata's `turn`), when it names one.
 */
export interface InputPair {
  a: string;
  b: string;
  human?: number;
  turn?: number;
}

export interface JudgeQuestion {
  prompt: Prompt;
  candidates: readonly QuestionCandidate[];
  /** The pairs the input's judgments name, one per judgment (duplicates are the planner's to count). */
  pairs: readonly InputPair[];
}

export interface QuestionCounts {
  prompts: number;
  duplicatePrompts: number;
  candidates: number;
  duplicateCandidates: number;
  /** Candidates whose prompt is not in the input. */
  orphanCandidates: number;
  /** Pairwise judgments read as pairs (human ones give the human preference). */
  pairs: number;
  /** Judgments that are not pairwise (rankings, ratings): no pair, no human preference. */
  otherJudgments: number;
  /** Pairwise judgments whose prompt is not in the input. */
  orphanJudgments: number;
}

/** A human's outcome as a preference for `a` ("both_bad" is a tie, as in core/dataset). */
const PREFERENCE = { a: 1, b: 0, tie: 0.5, both_bad: 0.5 } as const;

/** The text a judge reads of a candidate: its assistant turns (every turn when it has none). */
export function answerText(candidate: Pick<Candidate, "messages">): string {
  const turns = candidate.messages.filter((m) => m.role === "assistant");
  return (turns.length > 0 ? turns : candidate.messages).map(contentText).join("\n\n");
}

export function emptyQuestionCounts(): QuestionCounts {
  return {
    prompts: 0,
    duplicatePrompts: 0,
    candidates: 0,
    duplicateCandidates: 0,
    orphanCandidates: 0,
    pairs: 0,
    otherJudgments: 0,
    orphanJudgments: 0,
  };
}

/**
 * The questions of an input, in the prompts' order. Reads the candidates and judgments once into
 * maps by prompt (memory: the input's size), then yields prompt by prompt.
 *
 * @example [...questionsOf(prompts, candidates, [], counts)].length // prompts with distinct ids
 */
export function* questionsOf(
  prompts: Iterable<Prompt>,
  candidates: Iterable<Candidate>,
  judgments: Iterable<Judgment>,
  counts: QuestionCounts = emptyQuestionCounts(),
  families: ReadonlyMap<string, string> = new Map(),
): Generator<JudgeQuestion> {
  const promptList: Prompt[] = [];
  const promptIds = new Set<string>();
  for (const prompt of prompts) {
    if (promptIds.has(prompt.id)) {
      counts.duplicatePrompts++;
      continue;
    }
    promptIds.add(prompt.id);
    promptList.push(prompt);
  }
  const byPrompt = new Map<string, QuestionCandidate[]>();
  const candidateIds = new Set<string>();
  for (const c of candidates) {
    if (!promptIds.has(c.promptId)) {
      counts.orphanCandidates++;
      continue;
    }
    if (candidateIds.has(c.id)) {
      counts.duplicateCandidates++;
      continue;
    }
    candidateIds.add(c.id);
    counts.candidates++;
    const family = families.get(c.systemId);
    const q: QuestionCandidate = { id: c.id, systemId: c.systemId, text: answerText(c) };
    if (family !== undefined) q.family = family;
    const list = byPrompt.get(c.promptId);
    if (list === undefined) byPrompt.set(c.promptId, [q]);
    else list.push(q);
  }
  const pairsByPrompt = new Map<string, InputPair[]>();
  for (const j of judgments) {
    if (j.kind !== "pairwise") {
      counts.otherJudgments++;
      continue;
    }
    if (!promptIds.has(j.promptId)) {
      counts.orphanJudgments++;
      continue;
    }
    counts.pairs++;
    const pair: InputPair = { a: j.a, b: j.b };
    if (j.source.kind === "human") pair.human = PREFERENCE[j.outcome];
    const turn = labelTurn(j.metadata);
    if (turn !== undefined) pair.turn = turn;
    const list = pairsByPrompt.get(j.promptId);
    if (list === undefined) pairsByPrompt.set(j.promptId, [pair]);
    else list.push(pair);
  }
  for (const prompt of promptList) {
    counts.prompts++;
    yield {
      prompt,
      candidates: byPrompt.get(prompt.id) ?? [],
      pairs: pairsByPrompt.get(prompt.id) ?? [],
    };
  }
}
