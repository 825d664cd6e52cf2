/**
 * Style elements of both sides of a battle, for style control: FastChat's precomputed
 * `conv_metadata` when the log has it, else counted from the assistant turns.
 */
import {
  countStyleElements,
  type StyleElements,
  styleElementsFromConvMetadata,
} from "../../core/rating/style-features.js";
import type { ParsedBattle, RecordError } from "./battle-record.js";

export function styleVector(battle: ParsedBattle): Float64Array | RecordError {
  const style = battle.style!;
  const a = styleElementsFromConvMetadata(style.metadata, "a") ?? fromConversation(style.a);
  if ("code" in a) return { ...a, field: "conversation_a" };
  const b = styleElementsFromConvMetadata(style.metadata, "b") ?? fromConversation(style.b);
  if ("code" in b) return { ...b, field: "conversation_b" };
  return Float64Array.of(
    a.tokens,
    a.headers,
    a.lists,
    a.bold,
    b.tokens,
    b.headers,
    b.lists,
    b.bold,
  );
}

function fromConversation(conversation: unknown): StyleElements | RecordError {
  if (!Array.isArray(conversation)) {
    return {
      code: "missing_field",
      message: "style control needs the conversation (or conv_metadata)",
    };
  }
  const texts: string[] = [];
  for (const turn of conversation) {
    if (turn === null || typeof turn !== "object") continue;
    const { role, content } = turn as { role?: unknown; content?: unknown };
    if (role !== "assistant" && role !== "gpt") continue;
    if (typeof content === "string") texts.push(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (
          part &&
          typeof part === "object" &&
          typeof (part as { text?: unknown }).text === "string"
        ) {
          texts.push((part as { text: string }).text);
        }
      }
    }
  }
  return countStyleElements(texts);
}
