/**
 * Domain types (design.md, "Domain model"). Hand-written types for the core API; the
 * boundary schemas in `formats/` and `server/` produce values of these shapes.
 */

declare const brand: unique symbol;
/** A nominal type: a string that has been checked to be an id of a given kind. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type ProjectId = Brand<string, "ProjectId">;
export type PromptId = Brand<string, "PromptId">;
export type CandidateId = Brand<string, "CandidateId">;
export type SystemId = Brand<string, "SystemId">;
export type JudgmentId = Brand<string, "JudgmentId">;
export type AnnotatorId = Brand<string, "AnnotatorId">;

export type Role = "system" | "user" | "assistant";

/** Text, or an image given by URL. */
export type ContentPart = { type: "text"; text: string } | { type: "image_url"; url: string };

export interface Message {
  role: Role;
  content: string | readonly ContentPart[];
}

export type Metadata = Readonly<Record<string, unknown>>;

export interface Prompt {
  id: PromptId;
  messages: readonly Message[];
  context?: string;
  criterion?: string;
  category?: string;
  language?: string;
  metadata?: Metadata;
}

/** A system is whatever produced a candidate: a model name, a prompt variant, a config. */
export interface System {
  id: SystemId;
  model?: string;
  variant?: string;
  config?: Metadata;
}

export interface Candidate {
  id: CandidateId;
  promptId: PromptId;
  systemId: SystemId;
  /** The response: the assistant turns that follow the prompt's messages. */
  messages: readonly Message[];
  metadata?: Metadata;
}

export interface Annotator {
  id: AnnotatorId;
  role: "admin" | "annotator" | "viewer";
  attributes: Readonly<Record<string, string>>;
}

export type JudgmentSource =
  | { kind: "human"; annotatorId: AnnotatorId; attributes?: Readonly<Record<string, string>> }
  | {
      kind: "ai";
      model: string;
      template?: string;
      rawOutput?: string;
      /** True when the candidates were shown to the judge in swapped order. */
      swapped?: boolean;
    };

export type PairwiseOutcome = "a" | "b" | "tie" | "both_bad";

interface JudgmentBase {
  id: JudgmentId;
  promptId: PromptId;
  source: JudgmentSource;
  rationale?: string;
  criterion?: string;
  /** ISO-8601; absent for imported data that carries no timestamp. */
  createdAt?: string;
  idempotencyKey?: string;
  /** The source record's fields prefkit does not model (a battle log's question_id, language, …). */
  metadata?: Metadata;
}

export interface PairwiseJudgment extends JudgmentBase {
  kind: "pairwise";
  a: CandidateId;
  b: CandidateId;
  outcome: PairwiseOutcome;
  /** Strength of the preference in (0, 1], when the interface asks for it. */
  strength?: number;
}

export interface RankingJudgment extends JudgmentBase {
  kind: "ranking";
  /** Best first; candidates in the same inner array are tied. */
  order: readonly (readonly CandidateId[])[];
}

export interface RatingJudgment extends JudgmentBase {
  kind: "rating";
  scores: readonly { candidateId: CandidateId; criterion: string; score: number }[];
}

export interface BinaryJudgment extends JudgmentBase {
  kind: "binary";
  candidateId: CandidateId;
  approved: boolean;
}

export type Judgment = PairwiseJudgment | RankingJudgment | RatingJudgment | BinaryJudgment;

/**
 * The derived unit of every leaderboard: one comparison between two systems. Rankings and
 * ratings derive battles; arena logs are battles already.
 */
export interface Battle {
  systemA: string;
  systemB: string;
  outcome: PairwiseOutcome;
  weight?: number;
  source?: "human" | "ai";
  promptId?: string;
  features?: Readonly<Record<string, unknown>>;
}

/** What annotators are asked: the task kinds of a project's queue (the API's `tasks/next`). */
export const TASK_KINDS = ["pair", "ranking", "rating", "binary"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
