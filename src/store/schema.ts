/**
 * The tables as Kysely sees them (migrations/0001-initial.ts creates them). JSON values are
 * `text` holding JSON and timestamps ISO-8601 text on both dialects, so one set of converters
 * (rows.ts, judgment-rows.ts) serves SQLite and PostgreSQL.
 */
import type { Generated, GeneratedAlways } from "kysely";

export interface ProjectsTable {
  id: string;
  name: string;
  /** JSON object. */
  settings: string;
  created_at: string;
  /** Raised with every judgment insert and delete (migration 0003). */
  judgment_version: Generated<number>;
}

export interface PromptsTable {
  project_id: string;
  id: string;
  /** JSON array of messages. */
  messages: string;
  category: string | null;
  language: string | null;
  criterion: string | null;
  context: string | null;
  /** JSON object or null. */
  metadata: string | null;
}

export interface SystemsTable {
  project_id: string;
  id: string;
  model: string | null;
  variant: string | null;
  /** JSON object or null. */
  config: string | null;
}

export interface CandidatesTable {
  project_id: string;
  id: string;
  prompt_id: string;
  system_id: string;
  /** JSON array of messages. */
  messages: string;
  /** JSON object or null. */
  metadata: string | null;
}

export type JudgmentKind = "pairwise" | "ranking" | "rating" | "binary";

export interface JudgmentsTable {
  /** Insertion order; never reused (AUTOINCREMENT on SQLite, an identity on PostgreSQL). */
  seq: GeneratedAlways<number>;
  project_id: string;
  id: string;
  kind: JudgmentKind;
  prompt_id: string;
  /** Pairwise only: the candidates and, denormalised, their systems. */
  candidate_a: string | null;
  candidate_b: string | null;
  system_a: string | null;
  system_b: string | null;
  outcome: "a" | "b" | "tie" | "both_bad" | null;
  strength: number | null;
  /** JSON: `{ order }` (ranking), `{ scores }` (rating), `{ candidateId, approved }` (binary). */
  body: string | null;
  source_kind: "human" | "ai";
  annotator_id: string | null;
  judge_model: string | null;
  /** JSON: the whole JudgmentSource. */
  source: string;
  rationale: string | null;
  criterion: string | null;
  created_at: string;
  idempotency_key: string | null;
  /** Whose idempotency keys: the submitting annotator's id, "" for admins and imports (0005). */
  idempotency_scope: string;
  /** JSON object or null: the judgment's free metadata (0007; a judge job's `metadata.judge`). */
  metadata: string | null;
}

export interface AnnotatorsTable {
  id: string;
  name: string;
  role: "admin" | "annotator" | "viewer";
  /** SHA-256 of the token, hex. */
  token_hash: string;
  created_at: string;
}

/** One row per attribute, so a leaderboard filter on an attribute is a plain join. */
export interface AnnotatorAttributesTable {
  annotator_id: string;
  name: string;
  value: string;
}

export interface AnnotatorProjectsTable {
  annotator_id: string;
  project_id: string;
}

/**
 * The candidates a rating or binary judgment is about, one row each (migration 0004): the
 * index that finds what an annotator has not yet rated or thumbed.
 */
export interface JudgmentCandidatesTable {
  project_id: string;
  judgment_id: string;
  kind: "rating" | "binary";
  prompt_id: string;
  candidate_id: string;
  annotator_id: string | null;
}

/** Tasks annotators' submissions took, once each (migration 0005, store/task-keys.ts). */
export interface JudgedTasksTable {
  project_id: string;
  annotator_id: string;
  task: string;
  judgment_id: string;
}

/** The pair an arena last served each annotator for a prompt, until they vote on it (0005). */
export interface ServedPairsTable {
  project_id: string;
  annotator_id: string;
  prompt_id: string;
  candidate_a: string;
  candidate_b: string;
  served_at: string;
}

export interface Database {
  projects: ProjectsTable;
  prompts: PromptsTable;
  systems: SystemsTable;
  candidates: CandidatesTable;
  judgments: JudgmentsTable;
  judgment_candidates: JudgmentCandidatesTable;
  judged_tasks: JudgedTasksTable;
  served_pairs: ServedPairsTable;
  annotators: AnnotatorsTable;
  annotator_attributes: AnnotatorAttributesTable;
  annotator_projects: AnnotatorProjectsTable;
  secrets: SecretsTable;
  jobs: JobsTable;
  job_items: JobItemsTable;
  llm_cache: LlmCacheTable;
  routed_pairs: RoutedPairsTable;
}

export interface SecretsTable {
  name: string;
  value: string;
}

/** Durable jobs (migration 0006): the job, its item counts per status and its usage totals. */
export interface JobsTable {
  id: string;
  kind: string;
  fingerprint: string;
  status: "queued" | "running" | "done" | "failed" | "cancelled" | "stopped";
  /** JSON. */
  spec: string;
  project_id: string | null;
  max_cost: number | null;
  message: string | null;
  created_at: string;
  updated_at: string;
  input_tokens: Generated<number>;
  output_tokens: Generated<number>;
  /** US dollars; null while no item reported a price. */
  cost: number | null;
  cached: Generated<number>;
  calls: Generated<number>;
  n_total: Generated<number>;
  n_pending: Generated<number>;
  n_leased: Generated<number>;
  n_done: Generated<number>;
  n_failed: Generated<number>;
  n_cancelled: Generated<number>;
}

/** One item of a job (migration 0006); leased items carry their owner and expiry (epoch ms). */
export interface JobItemsTable {
  job_id: string;
  key: string;
  status: "pending" | "leased" | "done" | "failed" | "cancelled";
  /** JSON. */
  payload: string;
  /** JSON or null. */
  result: string | null;
  error: string | null;
  attempts: Generated<number>;
  lease_owner: string | null;
  lease_expires_at: number | null;
  updated_at: string;
}

/** Successful model answers by request key (llm/request-key.ts), shared by every job. */
export interface LlmCacheTable {
  key: string;
  /** JSON. */
  value: string;
  created_at: string;
}

/**
 * Pairs `prefkit route` sent to humans (migration 0007): one row per prompt and unordered pair,
 * `candidate_a` before `candidate_b` by code point.
 */
export interface RoutedPairsTable {
  project_id: string;
  route_id: string;
  prompt_id: string;
  candidate_a: string;
  candidate_b: string;
  score: number;
  /** JSON: why the pair was routed (the route's score components). */
  reason: string;
  /** 1 for a pair drawn at random as the route's audit sample, 0 for one chosen by score. */
  audit: number;
  created_at: string;
  /** Migration 0008: the annotator the pair is reserved for, until `reserved_until` (ISO 8601). */
  reserved_by: string | null;
  reserved_until: string | null;
}
