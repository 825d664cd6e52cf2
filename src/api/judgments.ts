/**
 * Judgments as submitted (a canonical judgment record whose `type`, `id` and `source` may be
 * left out, or a batch of them), as stored, and as listed.
 */
import { z } from "zod";
import {
  candidateRecord,
  type JUDGMENT_KINDS,
  judgmentRecords,
  metadata,
} from "../formats/dataset/prefkit-canonical-schema.js";

/** Most judgments one batch may hold. */
export const MAX_BATCH_JUDGMENTS = 1000;

function submitted<K extends (typeof JUDGMENT_KINDS)[number]>(kind: K) {
  const { shape } = judgmentRecords[kind];
  return z.strictObject({
    ...shape,
    type: z.literal("judgment").optional(),
    id: shape.id.optional(),
    source: shape.source.optional(),
  });
}

export const judgmentInput = z.discriminatedUnion("kind", [
  submitted("pairwise"),
  submitted("ranking"),
  submitted("rating"),
  submitted("binary"),
]);

export const judgmentSubmission = z.union([
  judgmentInput,
  z.strictObject({ judgments: z.array(judgmentInput).min(1).max(MAX_BATCH_JUDGMENTS) }),
]);

/**
 * A stored judgment's metadata: what an import kept of its source record, or what a judge job
 * recorded (`judge`: the games in both orders, raw outputs, tokens, cost). Submissions over HTTP
 * cannot set it.
 */
const storedMetadata = {
  metadata: metadata
    .optional()
    .describe("Imports' and judge jobs' record of where the judgment came from (never submitted)"),
};

export const judgmentOutput = z.discriminatedUnion("kind", [
  judgmentRecords.pairwise.safeExtend(storedMetadata),
  judgmentRecords.ranking.safeExtend(storedMetadata),
  judgmentRecords.rating.safeExtend(storedMetadata),
  judgmentRecords.binary.safeExtend(storedMetadata),
]);

const reveal = z
  .object({ a: z.string(), b: z.string() })
  .describe("The systems of candidates a and b: sent only once the vote is stored.");

export const storedJudgment = z.object({
  judgment: judgmentOutput,
  created: z.boolean().describe("false when the idempotency key was already stored"),
  reveal: reveal.optional(),
});

export const judgmentsResult = z.union([
  storedJudgment,
  z.object({ judgments: z.array(storedJudgment) }),
]);

export const judgmentsQuery = z.strictObject({
  annotator: z.string().min(1).optional(),
  after: z.string().min(1).optional().describe("The last judgment id of the previous page"),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

export const judgmentsPage = z.object({
  judgments: z.array(judgmentOutput),
  next: z.string().nullable(),
});

/** A candidate as a task shows it: no system. */
export const taskCandidate = z.object({
  id: z.string().describe("A handle for annotators (vote with it), the candidate id for admins"),
  messages: candidateRecord.shape.messages,
});
