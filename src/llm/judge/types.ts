/**
 * Judge templates: the prompt a judge is sent and how its answer becomes a verdict. Built-in
 * templates (`builtin.ts`) and user template files (`template-file.ts`) are the same value.
 */

/** What a judge is asked: prefer one of two answers, score one answer, or rank k answers. */
export type JudgeMode = "pairwise" | "pointwise" | "listwise";

/**
 * The variables a template may use as `{{name}}`: the question, the answers (`answer` for
 * pointwise, `answer_a`/`answer_b` for pairwise, `answers` for listwise), a reference answer
 * and the earlier turns of the conversation.
 */
export const TEMPLATE_VARIABLES = [
  "question",
  "answer",
  "answer_a",
  "answer_b",
  "answers",
  "reference",
  "history",
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** Which of several verdicts found in one text counts. */
export type VerdictPick =
  /** The last one, as arena-hard does (a judge that corrects itself ends with its answer). */
  | "last"
  /** The first one, as MT-Bench's single-answer parser does. */
  | "first"
  /** All must agree; two different verdicts are a failure. */
  | "unique";

/** A declared pairwise label: the preference for A in [0,1] and, optionally, its strength. */
export interface PairwiseLabel {
  preference: number;
  strength?: "strong" | "weak";
}

/** A declared label's meaning: pairwise (preference) or pointwise (score). */
export type LabelMeaning = PairwiseLabel | { score: number };

/**
 * How the verdict is read from the judge's text.
 * - `labels`: each pattern's first capture group (or group `label`) is a declared label; the
 *   patterns are tried in order and the first that matches at all decides (arena-hard's
 *   `[[…]]` then `[…]`).
 * - `regex`: one pattern with named groups — `label` (a declared label), `score` (pointwise),
 *   `score_a` and `score_b` (pairwise by two scores: the higher wins, equal is a declared tie),
 *   or `order` (listwise, 1-based positions separated by commas or spaces).
 * - `json`: a JSON object (the whole answer, a fenced block, or the last object in the text)
 *   whose `field` holds a declared label, a score or an order.
 */
export type VerdictSpec =
  | {
      format: "labels";
      patterns: readonly string[];
      labels: Readonly<Record<string, LabelMeaning>>;
    }
  | {
      format: "regex";
      pattern: string;
      /** Tried in order only when `pattern` matches nothing (MT-Bench's "[[5]]", then "[5]"). */
      fallback?: readonly string[];
      labels?: Readonly<Record<string, LabelMeaning>>;
    }
  | { format: "json"; field: string; labels?: Readonly<Record<string, LabelMeaning>> };

export interface VerdictOptions {
  /** Match on the upper-cased text (and upper-cased labels): arena-hard does. */
  uppercase: boolean;
  /** Extra flags for the patterns: `m` (^ and $ at line ends) and `s` (. matches newlines). */
  flags?: string;
  pick: VerdictPick;
  /** Pointwise: the scale a score must lie in (inclusive). */
  scale?: { min: number; max: number };
}

export interface JudgeTemplate {
  id: string;
  version: number;
  mode: JudgeMode;
  description?: string;
  /** The variables the text may use; each must be given a value when rendering. */
  variables: readonly TemplateVariable[];
  system?: string;
  user: string;
  verdict: VerdictSpec & VerdictOptions;
}

/** A parsed verdict, by mode. */
export type Verdict =
  | {
      mode: "pairwise";
      /** Preference for answer A (the one shown first): 1 A, 0 B, 0.5 a declared tie. */
      preference: number;
      strength?: "strong" | "weak";
      /** The label or text the verdict was read from ("A>>B", "8 9"). */
      label: string;
    }
  | { mode: "pointwise"; score: number; label: string }
  | {
      mode: "listwise";
      /** 0-based indices of the answers as shown, best first. */
      order: number[];
      label: string;
    };

/** Why a text gave no verdict; `code` for machines, `reason` for people. */
export type VerdictFailure = {
  code: "empty" | "no_verdict" | "unknown_label" | "conflict" | "invalid_value" | "invalid_json";
  reason: string;
};

export type VerdictResult = { ok: true; verdict: Verdict } | ({ ok: false } & VerdictFailure);
