/** Anthropic HH-RLHF records (`chosen`, `rejected` transcripts) as preference pairs. */
import { type PreferencePair, withExplicitPrompt } from "../../core/dataset/preference.js";
import type { FieldIssue } from "./field-issue.js";
import { formatTranscript, parseTranscript } from "./hh-transcript.js";
import { withUnmodelled } from "./unmodelled-fields.js";

export type HhParsed = { ok: true; value: PreferencePair } | { ok: false; issues: FieldIssue[] };

/** The shared turns become the prompt; the final differing turns the responses. */
export function parseHhRlhf(record: unknown): HhParsed {
  const r = (record ?? {}) as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  const side = (field: "chosen" | "rejected") => {
    const value = r[field];
    if (typeof value !== "string") {
      issues.push({
        field,
        message: value === undefined ? "missing field" : "expected a transcript string",
      });
      return [];
    }
    const parsed = parseTranscript(value);
    if (!parsed.ok) issues.push({ field, message: parsed.message });
    return parsed.ok ? parsed.messages : [];
  };
  const chosen = side("chosen");
  const rejected = side("rejected");
  if (issues.length > 0) return { ok: false, issues };
  const metadata = withUnmodelled(record, ["chosen", "rejected"]);
  return { ok: true, value: withExplicitPrompt({ prompt: [], chosen, rejected, ...metadata }) };
}

/** Writes a pair back as HH-RLHF transcripts (prompt turns repeated on both sides). */
export function toHhRlhf(pair: PreferencePair): Record<string, unknown> {
  return {
    ...pair.metadata,
    chosen: formatTranscript([...pair.prompt, ...pair.chosen]),
    rejected: formatTranscript([...pair.prompt, ...pair.rejected]),
  };
}
