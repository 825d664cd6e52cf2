/**
 * prefkit's canonical format on disk: JSON Lines, one entry per line, discriminated by `type`
 * ("prompt", "system", "candidate", "judgment") and, for judgments, by `kind` ("pairwise",
 * "ranking", "rating", "binary"); fields are snake_case. Being our own format, it is strict:
 * unknown fields are rejected by name, so a typo such as "outcom" never passes silently.
 * References between entries are checked by core/dataset/canonical-resolver.ts.
 */
import { z } from "zod";
import type { CanonicalEntry } from "../../core/dataset/canonical.js";
import type {
  CandidateId,
  Judgment,
  JudgmentSource,
  PromptId,
  SystemId,
} from "../../core/types.js";
import { type FieldIssue, zodIssues } from "./field-issue.js";
import {
  type BaseRecord,
  CANONICAL_TYPES,
  candidateFileRecord,
  JUDGMENT_KINDS,
  judgmentRecords,
  metadata as metadataSchema,
  promptRecord,
  systemRecord,
} from "./prefkit-canonical-schema.js";
import { defined } from "./prefkit-canonical-write.js";

export { CANONICAL_TYPES, JUDGMENT_KINDS } from "./prefkit-canonical-schema.js";
export { toCanonicalRecord } from "./prefkit-canonical-write.js";

const typeSchema = z.enum(CANONICAL_TYPES);
const kindSchema = z.enum(JUDGMENT_KINDS);

export type CanonicalParsed =
  | { ok: true; entry: CanonicalEntry }
  | { ok: false; issues: FieldIssue[] };

/**
 * Reads one canonical entry. Issues name the field as in the file ("scores.1.score",
 * "source.model"); an unknown field gets the issue "unknown field".
 * @example parseCanonicalEntry({ type: "system", id: "gpt-4o" })
 * // { ok: true, entry: { type: "system", system: { id: "gpt-4o" } } }
 */
export function parseCanonicalEntry(record: unknown): CanonicalParsed {
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    return { ok: false, issues: [{ field: "(record)", message: "expected a JSON object" }] };
  }
  const { type, kind } = record as { type?: unknown; kind?: unknown };
  const which = typeSchema.safeParse(type);
  if (!which.success) return { ok: false, issues: zodIssues(which.error, "type") };
  // The cases look alike (schema, then snake_case fields to the domain's names) but each maps
  // other fields to another type; a table of mappers would be the same lines, less checked.
  switch (which.data) {
    case "prompt":
      return read(promptRecord, record, (r) => ({
        type: "prompt",
        prompt: defined({
          id: r.id as PromptId,
          messages: r.messages,
          category: r.category,
          language: r.language,
          criterion: r.criterion,
          context: r.context,
          metadata: r.metadata,
        }),
      }));
    // One case per record type, each naming its own fields: alike in shape only.
    case "system":
      return read(systemRecord, record, (r) => ({
        type: "system",
        system: defined({
          id: r.id as SystemId,
          model: r.model,
          variant: r.variant,
          config: r.config,
        }),
      }));
    case "candidate":
      return read(candidateFileRecord, record, (r) => ({
        type: "candidate",
        candidate: defined({
          id: r.id as CandidateId,
          promptId: r.prompt as PromptId,
          systemId: r.system as SystemId,
          messages: r.messages,
          metadata: r.metadata,
        }),
      }));
    case "judgment": {
      const k = kindSchema.safeParse(kind);
      if (!k.success) return { ok: false, issues: zodIssues(k.error, "kind") };
      return readJudgment(k.data, record);
    }
  }
}

/**
 * A judgment in a file may carry `metadata` (its source record's other fields: a battle log's
 * question_id, language, …; a judge job's record); the API's submission schema has no such field
 * (nobody submits it over HTTP), so it is checked here and the rest by the shared schema.
 */
function readJudgment(kind: (typeof JUDGMENT_KINDS)[number], record: object): CanonicalParsed {
  const { metadata, ...rest } = record as { metadata?: unknown };
  if (metadata === undefined) return readJudgmentFields(kind, rest, undefined);
  const checked = metadataSchema.safeParse(metadata);
  if (!checked.success) return { ok: false, issues: zodIssues(checked.error, "metadata") };
  return readJudgmentFields(kind, rest, checked.data);
}

function readJudgmentFields(
  kind: (typeof JUDGMENT_KINDS)[number],
  record: object,
  metadata: Record<string, unknown> | undefined,
): CanonicalParsed {
  const judgment = (j: Judgment): CanonicalEntry => ({
    type: "judgment",
    judgment: metadata === undefined ? j : { ...j, metadata },
  });
  switch (kind) {
    case "pairwise":
      return read(judgmentRecords.pairwise, record, (r) =>
        judgment({
          ...judgmentFields(r),
          kind,
          a: r.a as CandidateId,
          b: r.b as CandidateId,
          outcome: r.outcome,
          ...defined({ strength: r.strength }),
        }),
      );
    case "ranking":
      return read(judgmentRecords.ranking, record, (r) =>
        judgment({ ...judgmentFields(r), kind, order: r.order as CandidateId[][] }),
      );
    case "rating":
      return read(judgmentRecords.rating, record, (r) =>
        judgment({
          ...judgmentFields(r),
          kind,
          scores: r.scores.map((s) => ({
            candidateId: s.candidate as CandidateId,
            criterion: s.criterion,
            score: s.score,
          })),
        }),
      );
    case "binary":
      return read(judgmentRecords.binary, record, (r) =>
        judgment({
          ...judgmentFields(r),
          kind,
          candidateId: r.candidate as CandidateId,
          approved: r.approved,
        }),
      );
  }
}

const judgmentFields = (r: BaseRecord) => ({
  id: r.id as Judgment["id"],
  promptId: r.prompt as PromptId,
  source: sourceOf(r.source),
  ...defined({
    rationale: r.rationale,
    criterion: r.criterion,
    createdAt: r.created_at,
    idempotencyKey: r.idempotency_key,
  }),
});

function sourceOf(s: BaseRecord["source"]): JudgmentSource {
  if (s.kind === "human") {
    return {
      kind: "human",
      annotatorId: s.annotator as Extract<JudgmentSource, { kind: "human" }>["annotatorId"],
      ...defined({ attributes: s.attributes }),
    };
  }
  return defined({
    kind: "ai" as const,
    model: s.model,
    template: s.template,
    rawOutput: s.raw_output,
    swapped: s.swapped,
  });
}

function read<S extends z.ZodType>(
  schema: S,
  record: object,
  toEntry: (r: z.infer<S>) => CanonicalEntry,
): CanonicalParsed {
  const parsed = schema.safeParse(record);
  return parsed.success
    ? { ok: true, entry: toEntry(parsed.data) }
    : { ok: false, issues: zodIssues(parsed.error) };
}
