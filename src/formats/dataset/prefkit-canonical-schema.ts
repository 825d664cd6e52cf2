/**
 * The zod schemas of prefkit's canonical records (prefkit-canonical.ts), one per entry type and
 * judgment kind. Strict: an unknown field is an issue, so a typo never passes silently.
 */
import { z } from "zod";
import { FIELD_LIMITS } from "./field-limits.js";

export const CANONICAL_TYPES = ["prompt", "system", "candidate", "judgment"] as const;
export const JUDGMENT_KINDS = ["pairwise", "ranking", "rating", "binary"] as const;

/** Text of at most `max` characters (FIELD_LIMITS says why each limit). */
const text = (max: number) => z.string().max(max, `at most ${max} characters`);
const id = text(FIELD_LIMITS.label).min(1);
const label = text(FIELD_LIMITS.label);
const optionalLabel = label.optional();
export const metadata = z.record(z.string(), z.unknown());
const contentPart = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text"), text: text(FIELD_LIMITS.content) }),
  z.strictObject({ type: z.literal("image_url"), url: text(FIELD_LIMITS.content) }),
]);
const message = z.strictObject({
  role: z.enum(["system", "user", "assistant"]),
  content: z.union(
    [
      text(FIELD_LIMITS.content),
      z.array(contentPart).max(FIELD_LIMITS.parts, `at most ${FIELD_LIMITS.parts} content parts`),
    ],
    { error: "expected a string or a list of content parts" },
  ),
});
const messages = z
  .array(message)
  .max(FIELD_LIMITS.messages, `at most ${FIELD_LIMITS.messages} messages`);
/** Annotator attributes (`language: "de"`): names and values are labels. */
export const attributes = z.record(label, label);

export const promptRecord = z.strictObject({
  type: z.literal("prompt"),
  id,
  messages,
  category: optionalLabel,
  language: optionalLabel,
  criterion: optionalLabel,
  context: text(FIELD_LIMITS.content).optional(),
  metadata: metadata.optional(),
});

export const systemRecord = z.strictObject({
  type: z.literal("system"),
  id,
  model: optionalLabel,
  variant: optionalLabel,
  config: metadata.optional(),
});

export const candidateRecord = z.strictObject({
  type: z.literal("candidate"),
  id,
  prompt: id,
  system: id,
  messages: messages.min(1),
  metadata: metadata.optional(),
});

/**
 * A candidate in a file may have no messages: its text is not in the data (a battle log that
 * names the systems but not what they answered). The API's candidates have text (candidateRecord).
 */
export const candidateFileRecord = candidateRecord.extend({ messages });

const source = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("human"),
    annotator: id,
    attributes: attributes.optional(),
  }),
  z.strictObject({
    kind: z.literal("ai"),
    model: id,
    template: optionalLabel,
    raw_output: text(FIELD_LIMITS.judgeOutput).optional(),
    swapped: z.boolean().optional(),
  }),
]);

export const judgmentBase = {
  type: z.literal("judgment"),
  id,
  prompt: id,
  source,
  rationale: text(FIELD_LIMITS.longText).optional(),
  criterion: optionalLabel,
  created_at: z.iso.datetime({ offset: true }).optional(),
  idempotency_key: id.optional(),
};

export const judgmentRecords = {
  pairwise: z.strictObject({
    ...judgmentBase,
    kind: z.literal("pairwise"),
    a: id,
    b: id,
    outcome: z.enum(["a", "b", "tie", "both_bad"]),
    strength: z.number().gt(0).lte(1).optional(),
  }),
  ranking: z
    .strictObject({
      ...judgmentBase,
      kind: z.literal("ranking"),
      order: z.array(z.array(id).min(1)).min(1),
    })
    .superRefine(({ order }, ctx) => {
      const seen = new Set<string>();
      order.forEach((tier, i) => {
        tier.forEach((candidate, k) => {
          if (seen.has(candidate)) {
            const message = `candidate "${candidate}" is ranked more than once`;
            ctx.addIssue({ code: "custom", path: ["order", i, k], message });
          }
          seen.add(candidate);
        });
      });
    }),
  rating: z
    .strictObject({
      ...judgmentBase,
      kind: z.literal("rating"),
      scores: z.array(z.strictObject({ candidate: id, criterion: id, score: z.number() })).min(1),
    })
    .superRefine(({ scores }, ctx) => {
      const seen = new Set<string>();
      scores.forEach((s, i) => {
        const key = JSON.stringify([s.candidate, s.criterion]);
        if (seen.has(key)) {
          const message = `candidate "${s.candidate}" already has a "${s.criterion}" score`;
          ctx.addIssue({ code: "custom", path: ["scores", i], message });
        }
        seen.add(key);
      });
    }),
  binary: z.strictObject({
    ...judgmentBase,
    kind: z.literal("binary"),
    candidate: id,
    approved: z.boolean(),
  }),
};

export type BaseRecord = z.infer<z.ZodObject<typeof judgmentBase>>;
