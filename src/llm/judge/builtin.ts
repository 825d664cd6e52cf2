/**
 * Built-in judge templates, written for prefkit in the styles of well-known judges (the wording
 * is ours; the verdict formats follow theirs so that their parsers' habits carry over):
 *
 * - `mt-bench-single`, `-reference` (against a reference answer), `-multiturn` (the last answer
 *   of a conversation, earlier turns shown): a 1–10 rating written "Rating: [[5]]"; as in
 *   MT-Bench, "[5]" is read only when no "[[…]]" rating is present.
 * - `mt-bench-pairwise`: "[[A]]", "[[B]]", or "[[C]]" for a tie. MT-Bench asks for exactly one
 *   verdict, so two different ones are a failure (`pick: unique`) rather than a guess.
 * - `arena-hard`: five levels "[[A>>B]]" … "[[B>>A]]", parsed as arena-hard-auto does (methods
 *   §D5): `\[\[([AB<>=]+)\]\]`, else `\[([AB<>=]+)\]`, on the upper-cased text, last match;
 *   symmetric spellings (B<A, A<<B, B=A) are declared too.
 * - `alpaca-eval`: AlpacaEval's "answer with the better output's identifier" — here the outputs
 *   are "x" and "y" (letters that occur in no other template) and the answer is that letter alone.
 * - `pairwise-json`: a JSON object `{"verdict": "A" | "B" | "tie"}` for JSON-mode providers.
 * - `listwise`: k numbered answers, the verdict a ranking "[[2,1,3]]" (1-based, best first).
 * - `prd-pairwise`: the PRD ("peer rank and discussion") reviewer: Assistant 1 and 2, the last
 *   line 1, 2, or 3 for equivalent.
 *
 * A template's version goes up whenever its text or parsing changes: judgments record both.
 */
import type { JudgeTemplate, LabelMeaning } from "./types.js";

const NO_BIAS =
  "Judge only the content. The order in which answers appear, their length and the names of their authors must not sway you.";

const pairwiseBlock = (a: string, b: string) =>
  `[User question]\n{{question}}\n\n[Start of ${a}]\n{{answer_a}}\n[End of ${a}]\n\n[Start of ${b}]\n{{answer_b}}\n[End of ${b}]`;

export const MT_BENCH_SINGLE: JudgeTemplate = {
  id: "mt-bench-single",
  version: 1,
  mode: "pointwise",
  description: "One answer rated 1 to 10, MT-Bench style: 'Rating: [[5]]'.",
  variables: ["question", "answer"],
  system:
    "You are an impartial reviewer of AI assistants' answers. Weigh helpfulness, relevance, accuracy, depth, creativity and detail.",
  user: `[User question]\n{{question}}\n\n[Start of the answer]\n{{answer}}\n[End of the answer]\n\nExplain your assessment in a few sentences, as objectively as you can. ${NO_BIAS} Then give a rating from 1 to 10 on its own line, exactly in this form: "Rating: [[5]]".`,
  verdict: {
    format: "regex",
    pattern: String.raw`\[\[(?<score>\d+(?:\.\d+)?)\]\]`,
    // MT-Bench's parser, too, accepts a single-bracket rating when no double one is found.
    fallback: [String.raw`\[(?<score>\d+(?:\.\d+)?)\]`],
    uppercase: false,
    pick: "last",
    scale: { min: 1, max: 10 },
  },
};

export const MT_BENCH_SINGLE_REFERENCE: JudgeTemplate = {
  ...MT_BENCH_SINGLE,
  id: "mt-bench-single-reference",
  description: "One answer rated 1 to 10 against a reference answer (math, code).",
  variables: ["question", "reference", "answer"],
  user: `[User question]\n{{question}}\n\n[Start of the reference answer]\n{{reference}}\n[End of the reference answer]\n\n[Start of the answer]\n{{answer}}\n[End of the answer]\n\nCompare the answer with the reference: find and name its mistakes, if any, before anything else. ${NO_BIAS} Then give a rating from 1 to 10 on its own line, exactly in this form: "Rating: [[5]]".`,
};

export const MT_BENCH_SINGLE_MULTITURN: JudgeTemplate = {
  ...MT_BENCH_SINGLE,
  id: "mt-bench-single-multiturn",
  description: "The last answer of a conversation rated 1 to 10, with the earlier turns shown.",
  variables: ["history", "question", "answer"],
  user: `[Earlier turns of the conversation]\n{{history}}\n[End of the earlier turns]\n\n[The user's last message]\n{{question}}\n\n[Start of the assistant's answer to it]\n{{answer}}\n[End of the answer]\n\nRate only the last answer, in the light of the conversation so far: does it follow up on what was said? Explain your assessment in a few sentences. ${NO_BIAS} Then give a rating from 1 to 10 on its own line, exactly in this form: "Rating: [[5]]".`,
};

export const MT_BENCH_PAIRWISE: JudgeTemplate = {
  id: "mt-bench-pairwise",
  version: 1,
  mode: "pairwise",
  description: "Two answers, MT-Bench style: '[[A]]', '[[B]]' or '[[C]]' for a tie.",
  variables: ["question", "answer_a", "answer_b"],
  system:
    "You are an impartial reviewer comparing two AI assistants' answers to the same question.",
  user: `${pairwiseBlock("Assistant A's answer", "Assistant B's answer")}\n\nCompare the two answers for how well they follow the user's instructions and answer the question: helpfulness, relevance, accuracy, depth, creativity and detail. ${NO_BIAS} Explain briefly, then end with exactly one verdict: "[[A]]" if A is better, "[[B]]" if B is better, "[[C]]" for a tie.`,
  verdict: {
    format: "labels",
    patterns: [String.raw`\[\[([A-Z])\]\]`],
    labels: { A: { preference: 1 }, B: { preference: 0 }, C: { preference: 0.5 } },
    uppercase: false,
    pick: "unique",
  },
};

const strong = (preference: number): LabelMeaning => ({ preference, strength: "strong" });
const weak = (preference: number): LabelMeaning => ({ preference, strength: "weak" });

export const ARENA_HARD: JudgeTemplate = {
  id: "arena-hard",
  version: 1,
  mode: "pairwise",
  description:
    "Two answers, arena-hard style: the judge answers first, then '[[A>>B]]', '[[A>B]]', '[[A=B]]', '[[B>A]]' or '[[B>>A]]'.",
  variables: ["question", "answer_a", "answer_b"],
  system:
    "You judge which of two AI assistants answered a user's prompt better. Before reading their answers, write your own answer to the prompt. Then compare both answers with yours: point out mistakes and inaccurate information, and consider whether each answer is helpful, relevant and concise, and whether anything important is missing. When a prompt is ambiguous, asking for clarification is better than guessing. " +
    NO_BIAS,
  user: `${pairwiseBlock("Assistant A's answer", "Assistant B's answer")}\n\nEnd with your final verdict as one of these labels:\n1. [[A>>B]]: A is much better\n2. [[A>B]]: A is slightly better\n3. [[A=B]]: about the same\n4. [[B>A]]: B is slightly better\n5. [[B>>A]]: B is much better\nFor example: "My final verdict is: [[A>B]]".`,
  verdict: {
    format: "labels",
    patterns: [String.raw`\[\[([AB<>=]+)\]\]`, String.raw`\[([AB<>=]+)\]`],
    labels: {
      "A>>B": strong(1),
      "A>B": weak(1),
      "A=B": { preference: 0.5 },
      "B>A": weak(0),
      "B>>A": strong(0),
      "B<<A": strong(1),
      "B<A": weak(1),
      "B=A": { preference: 0.5 },
      "A<B": weak(0),
      "A<<B": strong(0),
    },
    uppercase: true,
    pick: "last",
  },
};

export const ALPACA_EVAL: JudgeTemplate = {
  id: "alpaca-eval",
  version: 1,
  mode: "pairwise",
  description:
    "Two outputs named 'x' and 'y', AlpacaEval style: the judge answers with the better one's identifier alone.",
  variables: ["question", "answer_a", "answer_b"],
  system:
    "You rank the outputs of AI models by how well they follow an instruction, as a careful human would.",
  user: `[Instruction]\n{{question}}\n\n[Output x]\n{{answer_a}}\n[End of output x]\n\n[Output y]\n{{answer_b}}\n[End of output y]\n\nWhich output is better? Prefer the one that follows the instruction more precisely and is more accurate and helpful. ${NO_BIAS} Answer with the identifier of the better output only — the single letter x or y — and nothing else.`,
  verdict: {
    format: "labels",
    patterns: [String.raw`^[\s"'\x60*(\[]*([A-Z])[\s"'\x60*)\].]*$`],
    labels: { X: { preference: 1 }, Y: { preference: 0 } },
    uppercase: true,
    pick: "last",
  },
};

export const PAIRWISE_JSON: JudgeTemplate = {
  id: "pairwise-json",
  version: 1,
  mode: "pairwise",
  description:
    'Two answers; the judge replies with a JSON object {"reason": …, "verdict": "A" | "B" | "tie"}.',
  variables: ["question", "answer_a", "answer_b"],
  system: "You compare two AI assistants' answers and reply in JSON only.",
  user: `${pairwiseBlock("answer A", "answer B")}\n\nWhich answer is better? ${NO_BIAS} Reply with one JSON object and nothing else: {"reason": "<one or two sentences>", "verdict": "A" | "B" | "tie"}.`,
  verdict: {
    format: "json",
    field: "verdict",
    labels: { A: { preference: 1 }, B: { preference: 0 }, tie: { preference: 0.5 } },
    uppercase: true,
    pick: "last",
  },
};

export const LISTWISE: JudgeTemplate = {
  id: "listwise",
  version: 1,
  mode: "listwise",
  description: "k numbered answers ranked best first: '[[2,1,3]]'.",
  variables: ["question", "answers"],
  system: "You rank several AI assistants' answers to the same question, best first.",
  user: `[User question]\n{{question}}\n\n{{answers}}\n\nRank all the answers from best to worst by helpfulness, relevance, accuracy and detail. ${NO_BIAS} Explain briefly, then end with the ranking as the answers' numbers, best first, each exactly once, in double brackets: for three answers, e.g. "[[2,1,3]]".`,
  verdict: {
    format: "regex",
    pattern: String.raw`\[\[(?<order>\s*\d+(?:\s*,\s*\d+)*\s*)\]\]`,
    uppercase: false,
    pick: "last",
  },
};

export const PRD_PAIRWISE: JudgeTemplate = {
  id: "prd-pairwise",
  version: 1,
  mode: "pairwise",
  description:
    "Two answers, PRD reviewer style: the last line is 1 or 2 for the better assistant, 3 if they are equivalent.",
  variables: ["question", "answer_a", "answer_b"],
  system: "You are a helpful and precise reviewer of the quality of answers.",
  user: `[Question]\n{{question}}\n\n[Start of Assistant 1's answer]\n{{answer_a}}\n[End of Assistant 1's answer]\n\n[Start of Assistant 2's answer]\n{{answer_b}}\n[End of Assistant 2's answer]\n\nReview both assistants' answers for helpfulness, relevance, accuracy and level of detail, and explain your review. ${NO_BIAS} Then, on a new last line, write only 1 or 2 for the better assistant, or 3 if they are equivalent.`,
  verdict: {
    format: "labels",
    // The last line, possibly after a short lead-in ("Therefore, my choice is: 2").
    patterns: [String.raw`(?:^|\n)[^\n]{0,40}?\b([123])\W*$`],
    labels: { "1": { preference: 1 }, "2": { preference: 0 }, "3": { preference: 0.5 } },
    uppercase: false,
    pick: "last",
  },
};

/** Every built-in template, by id. */
export const BUILTIN_TEMPLATES: readonly JudgeTemplate[] = [
  MT_BENCH_SINGLE,
  MT_BENCH_SINGLE_REFERENCE,
  MT_BENCH_SINGLE_MULTITURN,
  MT_BENCH_PAIRWISE,
  ARENA_HARD,
  ALPACA_EVAL,
  PAIRWISE_JSON,
  LISTWISE,
  PRD_PAIRWISE,
];

/** The built-in template with this id, or undefined. */
export const builtinTemplate = (id: string): JudgeTemplate | undefined =>
  BUILTIN_TEMPLATES.find((t) => t.id === id);
