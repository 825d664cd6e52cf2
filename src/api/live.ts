/**
 * The live arena's contract: what starts a conversation and what continues it, and the events
 * its answers stream (server-sent events over the POST's response). Every event has the same
 * shape whichever system is behind a side: the text is all that tells the two apart.
 */
import { z } from "zod";

/** Longest prompt or follow-up an annotator may send, characters. */
export const MAX_LIVE_TEXT = 8_000;
/** Most turns one live conversation may have (each costs two model calls). */
export const MAX_LIVE_TURNS = 8;

const text = z.string().trim().min(1).max(MAX_LIVE_TEXT);

export const liveStartBody = z
  .strictObject({
    prompt: text.optional().describe("The annotator's own prompt"),
    sample: z
      .literal(true)
      .optional()
      .describe("Take one of the project's prompts the caller has not voted on instead"),
  })
  .refine((b) => (b.prompt === undefined) !== (b.sample === undefined), {
    message: "send either prompt (your own text) or sample: true",
    path: ["prompt"],
  });

export const liveTurnBody = z.strictObject({
  message: text.describe("The annotator's next message; both systems answer it"),
});

const side = z.enum(["a", "b"]);

/** The events, by name (`event:` line); `data:` is the JSON object. */
export const liveEvents = {
  prompt: z
    .object({
      prompt: z.string().describe("The prompt's id (continue with `live/{prompt}/turns`)"),
      messages: z.array(z.object({ role: z.string(), content: z.unknown() })),
    })
    .describe("First: the prompt being answered (the sampled one, or the caller's own)"),
  delta: z.object({ side, text: z.string() }).describe("More text of one side's answer"),
  restart: z
    .object({ side, message: z.string() })
    .describe("The side failed; another system answers instead: clear its text"),
  done: z.object({ side }).describe("The side's answer is complete"),
  turn: z
    .object({
      prompt: z.string(),
      turn: z.number().int().describe("1 for the first answer"),
      candidates: z.object({ a: z.string(), b: z.string() }).describe("Handles to vote with"),
    })
    .describe(
      "Both answers are stored as candidates and served: vote on them with `POST /api/projects/{id}/judgments`, or go on",
    ),
  dropped: z
    .object({ message: z.string() })
    .describe("The pair cannot go on; nothing of this turn may be voted on"),
} as const;

export type LiveEventName = keyof typeof liveEvents;
export type LiveEvent = {
  [K in LiveEventName]: { event: K; data: z.output<(typeof liveEvents)[K]> };
}[LiveEventName];

/** One schema for the document: an event name and its data. */
export const liveEventDoc = z
  .union(
    (Object.keys(liveEvents) as LiveEventName[]).map((name) =>
      z.object({ event: z.literal(name), data: liveEvents[name] }),
    ) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]],
  )
  .describe(
    "A stream of server-sent events: `event: <name>` and `data: <JSON>` lines, a blank line after each",
  );
