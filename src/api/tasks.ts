/** Annotation tasks: what `tasks/next` serves (never a system) and the caller's progress. */
import { z } from "zod";
import { promptRecord } from "../formats/dataset/prefkit-canonical-schema.js";
import { taskKind } from "./fields.js";
import { taskCandidate } from "./judgments.js";

const taskPrompt = promptRecord.omit({ type: true, metadata: true });
const taskCandidates = z.array(taskCandidate);

export const task = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("pair"),
    prompt: taskPrompt,
    candidates: taskCandidates.length(2).describe("The two responses, without their systems."),
  }),
  z.object({
    kind: z.literal("ranking"),
    prompt: taskPrompt,
    candidates: taskCandidates.describe("The responses to order, without their systems."),
  }),
  z.object({
    kind: z.literal("rating"),
    prompt: taskPrompt,
    candidates: taskCandidates
      .length(1)
      .describe("The one response to score on each of the project's criteria."),
  }),
  z.object({
    kind: z.literal("binary"),
    prompt: taskPrompt,
    candidates: taskCandidates.length(1).describe("The one response to give a thumb to."),
  }),
]);

export const taskOutput = z.object({ task });

/** Most prompts one tasks/next request may skip. */
export const MAX_SKIPPED = 100;

export const taskQuery = z.strictObject({
  kind: taskKind.default("pair"),
  size: z.coerce
    .number()
    .int()
    .min(2)
    .max(20)
    .optional()
    .describe("Candidates in a ranking task (default: the project's `settings.ranking_size`)"),
  skip: z
    .union([z.string(), z.array(z.string())])
    .transform((ids) => [ids].flat())
    .pipe(
      z.array(z.string().min(1).max(1000)).max(MAX_SKIPPED, `at most ${MAX_SKIPPED} prompt ids`),
    )
    .optional()
    .describe(
      "A prompt id the caller skipped, once per prompt (`skip=p1&skip=p2`): no task of those prompts is offered (the queue's Skip)",
    ),
});

export const taskProgressQuery = z.strictObject({ kind: taskKind.default("pair") });

export const taskProgressOutput = z.object({
  done: z.number().int().describe("The caller's judgments of this kind in the project"),
  total: z
    .number()
    .int()
    .describe(
      "Tasks of this kind in the project: candidate pairs of two systems (pair), prompts with two or more candidates (ranking), candidates (rating, binary)",
    ),
});
