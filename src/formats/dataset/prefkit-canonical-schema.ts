/**
 * The zod schemas of prefkit's canonical records (prefkit-canonical.ts), one per entry type and
 * judgment kind. Strict: an unknown field is an issue, so a typo never passes silently.
 */
import { z } from "zod";

export const CANONICAL_TYPES = ["prompt", "system", "candidate", "judgment"] as const;
export const JUDGMENT_KINDS = ["pairwise", "ranking", "rating", "binary"] as const;

const id = z.string().min(1);
const optionalText = z.string().optional();
const metadata = z.record(z.string(), z.unknown());
const contentPart = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text"), text: z.string() }),
  z.strictObject({ type: z.literal("image_url"), url: z.string() }),
]);
const message = z.strictObject({
  role: z.enum(["system", "user", "assistant"]),
  content: z.union([z.string(), z.array(contentPart)], {
    error: "expected a string or a list of content parts",
  }),
});

export const promptRecord = z.strictObject({
  type: z.literal("prompt"),
  id,
  messages: z.array(message),
  category: optionalText,
  language: optionalText,
  criterion: optionalText,
  context: optionalText,
  metadata: metadata.optional(),
});

export const systemRecord = z.strictObject({
  type: z.literal("system"),
  id,
  model: optionalText,
  variant: optionalText,
  config: metadata.optional(),
});

export const candidateRecord = z.strictObject({
  type: z.literal("candidate"),
  id,
  prompt: id,
  system: id,
  messages: z.array(message).min(1),
  metadata: metadata.optional(),
});

const source = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("human"),
    annotator: id,
    attributes: z.record(z.string(), z.string()).optional(),
  }),
  z.strictObject({
    kind: z.literal("ai"),
    model: id,
    template: optionalText,
    raw_output: optionalText,
    swapped: z.boolean().optional(),
  }),
]);

export const judgmentBase = {
  type: z.literal("judgment"),
  id,
  prompt: id,
  source,
  rationale: optionalText,
  criterion: optionalText,
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
