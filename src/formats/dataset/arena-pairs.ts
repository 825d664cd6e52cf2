/**
 * Chatbot Arena battles with conversations as preference pairs: the winner's conversation is
 * chosen, the loser's rejected, the shared turns become the prompt. Ties (both kinds) carry no
 * preference and give no pair.
 */
import { z } from "zod";
import { type PreferencePair, withExplicitPrompt } from "../../core/dataset/preference.js";
import { type FieldIssue, zodIssues } from "./field-issue.js";

const turn = z.object({ role: z.string(), content: z.union([z.string(), z.array(z.unknown())]) });
const battle = z.object({
  model_a: z.string(),
  model_b: z.string(),
  winner: z.enum(["model_a", "model_b", "tie", "tie (bothbad)"]),
  conversation_a: z.array(turn).min(1),
  conversation_b: z.array(turn).min(1),
  question_id: z.union([z.string(), z.number()]).optional(),
});

export type ArenaPairParsed =
  | { ok: true; value: PreferencePair | null }
  | { ok: false; issues: FieldIssue[] };

const ROLES: Record<string, "user" | "assistant" | "system"> = {
  user: "user",
  human: "user",
  assistant: "assistant",
  gpt: "assistant",
  system: "system",
};

export function arenaBattleToPair(record: unknown): ArenaPairParsed {
  const parsed = battle.safeParse(record);
  if (!parsed.success) {
    return {
      ok: false,
      issues: zodIssues(parsed.error),
    };
  }
  const b = parsed.data;
  if (b.winner !== "model_a" && b.winner !== "model_b") return { ok: true, value: null };
  const messages = (conversation: typeof b.conversation_a, side: string) => {
    const out = [];
    for (const [k, t] of conversation.entries()) {
      const role = ROLES[t.role];
      if (!role)
        return { field: `${side}.${k}.role`, message: `unknown role ${JSON.stringify(t.role)}` };
      const content = typeof t.content === "string" ? t.content : JSON.stringify(t.content);
      out.push({ role, content });
    }
    return out;
  };
  const a = messages(b.conversation_a, "conversation_a");
  const c = messages(b.conversation_b, "conversation_b");
  if (!Array.isArray(a)) return { ok: false, issues: [a] };
  if (!Array.isArray(c)) return { ok: false, issues: [c] };
  const aWins = b.winner === "model_a";
  return {
    ok: true,
    value: withExplicitPrompt({
      prompt: [],
      chosen: aWins ? a : c,
      rejected: aWins ? c : a,
      chosenModel: aWins ? b.model_a : b.model_b,
      rejectedModel: aWins ? b.model_b : b.model_a,
      ...(b.question_id !== undefined ? { id: String(b.question_id) } : {}),
    }),
  };
}
