/** Canonical entries as records (prefkit-canonical.ts): snake_case, absent fields left out. */
import type { CanonicalEntry } from "../../core/dataset/canonical.js";
import type { Judgment, JudgmentSource, Message } from "../../core/types.js";

/**
 * Writes one canonical entry: snake_case, fields in a fixed order, absent optional fields left
 * out. `toCanonicalRecord(parse(x))` deep-equals every valid `x`.
 */
export function toCanonicalRecord(entry: CanonicalEntry): Record<string, unknown> {
  switch (entry.type) {
    case "prompt": {
      const { id, messages, category, language, criterion, context, metadata } = entry.prompt;
      const fields = { category, language, criterion, context, metadata };
      return { type: "prompt", id, messages: messages.map(messageRecord), ...defined(fields) };
    }
    case "system": {
      const { id, model, variant, config } = entry.system;
      return { type: "system", id, ...defined({ model, variant, config }) };
    }
    case "candidate": {
      const { id, promptId, systemId, messages, metadata } = entry.candidate;
      return {
        type: "candidate",
        id,
        prompt: promptId,
        system: systemId,
        messages: messages.map(messageRecord),
        ...defined({ metadata }),
      };
    }
    case "judgment":
      return judgmentRecord(entry.judgment);
  }
}

function judgmentRecord(j: Judgment): Record<string, unknown> {
  const head = { type: "judgment", id: j.id, kind: j.kind, prompt: j.promptId };
  const tail = {
    source: sourceRecord(j.source),
    ...defined({
      rationale: j.rationale,
      criterion: j.criterion,
      created_at: j.createdAt,
      idempotency_key: j.idempotencyKey,
      metadata: j.metadata,
    }),
  };
  switch (j.kind) {
    case "pairwise":
      return {
        ...head,
        a: j.a,
        b: j.b,
        outcome: j.outcome,
        ...defined({ strength: j.strength }),
        ...tail,
      };
    case "ranking":
      return { ...head, order: j.order.map((tier) => [...tier]), ...tail };
    case "rating": {
      const scores = j.scores.map((s) => ({
        candidate: s.candidateId,
        criterion: s.criterion,
        score: s.score,
      }));
      return { ...head, scores, ...tail };
    }
    case "binary":
      return { ...head, candidate: j.candidateId, approved: j.approved, ...tail };
  }
}

function sourceRecord(s: JudgmentSource): Record<string, unknown> {
  if (s.kind === "human") {
    return { kind: "human", annotator: s.annotatorId, ...defined({ attributes: s.attributes }) };
  }
  const { model, template, rawOutput, swapped } = s;
  return { kind: "ai", model, ...defined({ template, raw_output: rawOutput, swapped }) };
}

const messageRecord = (m: Message) => ({
  role: m.role,
  content:
    typeof m.content === "string"
      ? m.content
      : m.content.map((p) =>
          p.type === "text" ? { type: "text", text: p.text } : { type: "image_url", url: p.url },
        ),
});

/** An object's fields without the undefined ones, typed as optional (exactOptionalPropertyTypes). */
export type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

export function defined<T extends object>(fields: T): Defined<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as Defined<T>;
}
