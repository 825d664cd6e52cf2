/**
 * What a judge job judges, prompt by prompt: the prompt, its candidates as answer texts, and the
 * pairs the input's judgments name (with a human's preference where a human gave it). The
 * planner (plan.ts) reads these; judge-inputs.ts makes them from a dataset file or a project,
 * counting whatever it leaves out.
 */
import type { Prompt } from "../../core/types.js";

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
