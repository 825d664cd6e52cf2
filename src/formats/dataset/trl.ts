/**
 * TRL's preference and unpaired-preference dataset types (huggingface/trl, "Dataset formats"):
 * `{prompt?, chosen, rejected}` and `{prompt, completion, label}`, each either standard (text)
 * or conversational (lists of `{role, content}`), with an explicit or implicit prompt.
 * Validated with zod at this boundary; errors name the field.
 */
import { z } from "zod";
import {
  messageText,
  type PreferencePair,
  type UnpairedExample,
  withExplicitPrompt,
} from "../../core/dataset/preference.js";
import type { Message } from "../../core/types.js";
import { type FieldIssue, zodIssues } from "./field-issue.js";
import { booleanLike } from "./text-values.js";
import { withUnmodelled } from "./unmodelled-fields.js";

const contentPart = z.union([
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("image_url"), url: z.string() }),
]);
const message = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.union([z.string(), z.array(contentPart)]),
});
const turns = z.union([z.string(), z.array(message).min(1)]);

const preferenceSchema = z.object({
  prompt: z.union([z.string(), z.array(message)]).optional(),
  chosen: turns,
  rejected: turns,
});
const unpairedSchema = z.object({
  prompt: z.union([z.string(), z.array(message)]),
  completion: turns,
  label: booleanLike,
});

/** "text": plain strings (standard); "conversational": lists of messages. */
export type TrlStyle = "text" | "conversational";

export type { FieldIssue } from "./field-issue.js";

export type Parsed<T> =
  | { ok: true; value: T; style: TrlStyle }
  | { ok: false; issues: FieldIssue[] };

const asMessages = (
  value: string | readonly Message[] | undefined,
  role: "user" | "assistant",
): Message[] =>
  value === undefined ? [] : typeof value === "string" ? [{ role, content: value }] : [...value];

/** An empty text prompt is the implicit prompt: CSV has no way to leave a field out. */
const promptMessages = (value: string | readonly Message[] | undefined): Message[] =>
  asMessages(value === "" ? undefined : value, "user");

/** Reads one TRL preference record. A text prompt becomes one user message, text answers one assistant message. */
export function parseTrlPreference(record: unknown): Parsed<PreferencePair> {
  const parsed = preferenceSchema.safeParse(record);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const { prompt, chosen, rejected } = parsed.data;
  const style: TrlStyle = typeof chosen === "string" ? "text" : "conversational";
  if (
    (typeof rejected === "string") !== (style === "text") ||
    (prompt !== undefined && (typeof prompt === "string") !== (style === "text"))
  ) {
    return {
      ok: false,
      issues: [{ field: "rejected", message: "mixes text and conversational fields" }],
    };
  }
  return {
    ok: true,
    style,
    // A conversational implicit prompt is the turns both sides share (TRL's extract_prompt);
    // a text one stays implicit: where a prompt ends inside one string is a guess.
    value: withExplicitPrompt({
      prompt: promptMessages(prompt),
      chosen: asMessages(chosen, "assistant"),
      rejected: asMessages(rejected, "assistant"),
      ...withUnmodelled(record, ["prompt", "chosen", "rejected"]),
    }),
  };
}

/**
 * Reads one TRL unpaired-preference (KTO) record: the frame of parseTrlPreference, on purpose,
 * since each TRL record type checks its own fields.
 */
export function parseTrlUnpaired(record: unknown): Parsed<UnpairedExample> {
  const parsed = unpairedSchema.safeParse(record);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const { prompt, completion, label } = parsed.data;
  const style: TrlStyle = typeof completion === "string" ? "text" : "conversational";
  if ((typeof prompt === "string") !== (style === "text")) {
    return {
      ok: false,
      issues: [{ field: "prompt", message: "mixes text and conversational fields" }],
    };
  }
  return {
    ok: true,
    style,
    value: {
      prompt: promptMessages(prompt),
      completion: asMessages(completion, "assistant"),
      label,
      ...withUnmodelled(record, ["prompt", "completion", "label"]),
    },
  };
}

const joinText = (messages: readonly Message[]): string => messages.map(messageText).join("");

/** Writes a TRL preference record; an empty prompt is left out (implicit prompt). Metadata first. */
export function toTrlPreference(pair: PreferencePair, style: TrlStyle): Record<string, unknown> {
  const out = (m: readonly Message[]) => (style === "text" ? joinText(m) : m);
  return {
    ...pair.metadata,
    ...(pair.prompt.length > 0 ? { prompt: out(pair.prompt) } : {}),
    chosen: out(pair.chosen),
    rejected: out(pair.rejected),
  };
}

/** Writes a TRL unpaired-preference record. */
export function toTrlUnpaired(example: UnpairedExample, style: TrlStyle): Record<string, unknown> {
  const out = (m: readonly Message[]) => (style === "text" ? joinText(m) : m);
  return {
    ...example.metadata,
    prompt: out(example.prompt),
    completion: out(example.completion),
    label: example.label,
  };
}
