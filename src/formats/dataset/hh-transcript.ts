/**
 * Anthropic HH-RLHF transcripts: "\n\nHuman: …\n\nAssistant: …" turns in one string
 * (Bai et al. 2022, the `chosen`/`rejected` fields of Anthropic/hh-rlhf). Parsed into messages
 * and written back in the same form, so a transcript round-trips exactly.
 */
import { messageText } from "../../core/dataset/preference.js";
import type { Message } from "../../core/types.js";

const TURN = /\n\nHuman: |\n\nAssistant: /g;

export type TranscriptResult = { ok: true; messages: Message[] } | { ok: false; message: string };

/** Parses a transcript; it must start with a "\n\nHuman: " turn. */
export function parseTranscript(text: string): TranscriptResult {
  if (!text.startsWith("\n\nHuman: ")) {
    return { ok: false, message: 'expected the transcript to start with "\\n\\nHuman: "' };
  }
  const messages: Message[] = [];
  const markers = [...text.matchAll(TURN)];
  markers.forEach((match, k) => {
    const start = match.index + match[0].length;
    const end = k + 1 < markers.length ? markers[k + 1]!.index : text.length;
    messages.push({
      role: match[0].includes("Human") ? "user" : "assistant",
      content: text.slice(start, end),
    });
  });
  return { ok: true, messages };
}

/** Writes messages as a transcript (system messages are not part of the format). */
export function formatTranscript(messages: readonly Message[]): string {
  return messages
    .map((m) => {
      if (m.role === "system") throw new RangeError("HH-RLHF transcripts have no system turns");
      return `\n\n${m.role === "user" ? "Human" : "Assistant"}: ${messageText(m)}`;
    })
    .join("");
}
