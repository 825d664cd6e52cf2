/**
 * Text-only formats (TRL's standard style, RewardBench, LLMBar, UltraFeedback) hold one string
 * per field. A conversation fits only when it is one message of the expected role; anything
 * else is refused with the field named, rather than flattened and silently changed.
 */
import { messageText } from "../../core/dataset/preference.js";
import type { Message, Role } from "../../core/types.js";
import type { FieldIssue } from "./field-issue.js";

export type TextResult = { ok: true; text: string } | { ok: false; issue: FieldIssue };

export function singleText(messages: readonly Message[], field: string, role: Role): TextResult {
  const only = messages[0];
  if (messages.length !== 1 || !only) {
    return {
      ok: false,
      issue: {
        field,
        message: `${messages.length} messages; a text field holds exactly one (write a conversational format instead)`,
      },
    };
  }
  if (only.role !== role)
    return { ok: false, issue: { field, message: `a ${only.role} message where ${role} belongs` } };
  if (typeof only.content !== "string" && only.content.some((p) => p.type !== "text"))
    return { ok: false, issue: { field, message: "holds an image, which a text field cannot" } };
  return { ok: true, text: messageText(only) };
}
