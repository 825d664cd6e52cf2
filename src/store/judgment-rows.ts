/**
 * Judgments ↔ rows. Pairwise judgments keep their candidates, systems and outcome in columns
 * (leaderboards group by them); the other kinds keep their payload in `body` as JSON. The
 * source is stored whole as JSON, with the annotator and judge model copied into columns for
 * filtering; the free metadata as JSON (null when there is none).
 */
import type { Selectable } from "kysely";
import type {
  CandidateId,
  Judgment,
  JudgmentId,
  JudgmentSource,
  Metadata,
  PromptId,
} from "../core/types.js";
import { defined } from "../formats/dataset/prefkit-canonical-write.js";
import { fromJson, stableJson, toJson } from "./rows.js";
import type { JudgmentCandidatesTable, JudgmentsTable } from "./schema.js";

/** A row as read, or as about to be written (everything but the generated `seq`). */
export type JudgmentRow = Omit<Selectable<JudgmentsTable>, "seq">;

/** The source with only its known fields, so nothing extra is stored. */
function sourceOf(s: JudgmentSource): JudgmentSource {
  if (s.kind === "human") {
    return { kind: "human", annotatorId: s.annotatorId, ...defined({ attributes: s.attributes }) };
  }
  const { model, template, rawOutput, swapped } = s;
  return { kind: "ai", model, ...defined({ template, rawOutput, swapped }) };
}

/** The kind's payload with only its known fields. */
function payloadOf(j: Judgment) {
  switch (j.kind) {
    case "pairwise":
      return { a: j.a, b: j.b, outcome: j.outcome, ...defined({ strength: j.strength }) };
    case "ranking":
      return { order: j.order.map((tier) => [...tier]) };
    case "rating":
      return {
        scores: j.scores.map((s) => ({
          candidateId: s.candidateId,
          criterion: s.criterion,
          score: s.score,
        })),
      };
    case "binary":
      return { candidateId: j.candidateId, approved: j.approved };
  }
}

/**
 * What two submissions under one idempotency key must share to be "the same judgment": all but
 * the id, the timestamp and the key itself. The metadata counts: a replay that says something
 * else about where the judgment came from is not the same judgment.
 */
export function judgmentBody(j: Judgment): string {
  return stableJson({
    kind: j.kind,
    promptId: j.promptId,
    ...payloadOf(j),
    source: sourceOf(j.source),
    rationale: j.rationale,
    criterion: j.criterion,
    metadata: j.metadata,
  });
}

/**
 * Everything of a judgment but its timestamp, as stored (key order aside): equal for "the same
 * judgment again" under one id (`addJudgmentsOnce`).
 */
export function judgmentContent(j: Judgment): string {
  const { createdAt: _createdAt, ...content } = judgmentFromRow(
    judgmentToRow("", { ...j, createdAt: "" }, undefined),
  );
  return stableJson(content);
}

/**
 * `systems` are the pairwise candidates' systems (denormalised for leaderboards); `keyScope`
 * whose idempotency keys the key is among ("" for admins and imports).
 */
export function judgmentToRow(
  projectId: string,
  j: Judgment & { createdAt: string },
  systems: { a: string; b: string } | undefined,
  keyScope = "",
): JudgmentRow {
  const pairwise = j.kind === "pairwise" ? j : undefined;
  return {
    project_id: projectId,
    id: j.id,
    kind: j.kind,
    prompt_id: j.promptId,
    candidate_a: pairwise?.a ?? null,
    candidate_b: pairwise?.b ?? null,
    system_a: systems?.a ?? null,
    system_b: systems?.b ?? null,
    outcome: pairwise?.outcome ?? null,
    strength: pairwise?.strength ?? null,
    body: pairwise ? null : toJson(payloadOf(j)),
    source_kind: j.source.kind,
    annotator_id: j.source.kind === "human" ? j.source.annotatorId : null,
    judge_model: j.source.kind === "ai" ? j.source.model : null,
    source: toJson(sourceOf(j.source)),
    rationale: j.rationale ?? null,
    criterion: j.criterion ?? null,
    created_at: j.createdAt,
    idempotency_key: j.idempotencyKey ?? null,
    idempotency_scope: keyScope,
    metadata: j.metadata === undefined ? null : toJson(j.metadata),
  };
}

/**
 * The candidates a rating or thumbs judgment is about, as `judgment_candidates` rows (one per
 * candidate, however many criteria it was scored on); none for pairwise and ranking judgments.
 */
export function judgedCandidateRows(projectId: string, j: Judgment): JudgmentCandidatesTable[] {
  if (j.kind !== "rating" && j.kind !== "binary") return [];
  const ids = j.kind === "binary" ? [j.candidateId] : new Set(j.scores.map((s) => s.candidateId));
  return [...ids].map((candidateId) => ({
    project_id: projectId,
    judgment_id: j.id,
    kind: j.kind,
    prompt_id: j.promptId,
    candidate_id: candidateId,
    annotator_id: j.source.kind === "human" ? j.source.annotatorId : null,
  }));
}

export function judgmentFromRow(row: JudgmentRow): Judgment {
  const base = {
    id: row.id as JudgmentId,
    promptId: row.prompt_id as PromptId,
    source: fromJson<JudgmentSource>(row.source),
    createdAt: row.created_at,
    ...defined({
      rationale: row.rationale ?? undefined,
      criterion: row.criterion ?? undefined,
      idempotencyKey: row.idempotency_key ?? undefined,
      metadata: row.metadata === null ? undefined : fromJson<Metadata>(row.metadata),
    }),
  };
  switch (row.kind) {
    case "pairwise":
      return {
        ...base,
        kind: "pairwise",
        a: required(row.candidate_a, "candidate_a") as CandidateId,
        b: required(row.candidate_b, "candidate_b") as CandidateId,
        outcome: required(row.outcome, "outcome"),
        ...defined({ strength: row.strength ?? undefined }),
      };
    case "ranking":
      return {
        ...base,
        kind: "ranking",
        ...fromJson<{ order: CandidateId[][] }>(required(row.body, "body")),
      };
    case "rating":
      return {
        ...base,
        kind: "rating",
        ...fromJson<{
          scores: { candidateId: CandidateId; criterion: string; score: number }[];
        }>(required(row.body, "body")),
      };
    case "binary":
      return {
        ...base,
        kind: "binary",
        ...fromJson<{ candidateId: CandidateId; approved: boolean }>(required(row.body, "body")),
      };
  }
}

/** A column the schema's checks keep non-null for this kind of judgment. */
function required<T>(value: T | null, column: string): T {
  if (value === null) throw new Error(`judgments.${column} is null where the schema forbids it`);
  return value;
}
