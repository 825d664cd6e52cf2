/**
 * Chatbot Arena battles (`model_a`, `model_b`, `winner`, optional `conversation_a/_b`, and
 * whatever else the log carries: `turn`, `language`, `question_id`, `tstamp`, …) read into one
 * shape that can be written back unchanged, and turned into preference pairs: the winner's
 * conversation is chosen, the loser's rejected, the shared turns become the prompt. Ties (both
 * kinds) carry no preference and give no pair.
 */
import { z } from "zod";
import { type PreferencePair, withExplicitPrompt } from "../../core/dataset/preference.js";
import type { Message, PairwiseOutcome } from "../../core/types.js";
import { type BattleFieldSpec, parseBattle } from "../arena/battle-record.js";
import { type FieldIssue, zodIssues } from "./field-issue.js";

const turn = z.object({ role: z.string(), content: z.union([z.string(), z.array(z.unknown())]) });
/** The conversations; the systems and the winner are the fast path's validator's (parseBattle). */
const conversations = z.object({
  conversation_a: z.array(turn).min(1).optional(),
  conversation_b: z.array(turn).min(1).optional(),
});

/** parseBattle with nothing but the systems and the winner asked for. */
const CORE: BattleFieldSpec = { where: [], timestamps: false, style: false };
const CORE_FIELDS = ["model_a", "model_b", "winner"];

export type ArenaWinner = "model_a" | "model_b" | "tie" | "tie (bothbad)";

/** An arena `winner` as prefkit's pairwise outcome, and back. */
export const OUTCOME_OF_WINNER: Readonly<Record<ArenaWinner, PairwiseOutcome>> = {
  model_a: "a",
  model_b: "b",
  tie: "tie",
  "tie (bothbad)": "both_bad",
};
export const WINNER_OF_OUTCOME: Readonly<Record<PairwiseOutcome, ArenaWinner>> = {
  a: "model_a",
  b: "model_b",
  tie: "tie",
  both_bad: "tie (bothbad)",
};

export interface ArenaBattle {
  readonly modelA: string;
  readonly modelB: string;
  readonly winner: ArenaWinner;
  readonly conversationA?: readonly Message[];
  readonly conversationB?: readonly Message[];
  /** Every other field of the record, as read (question_id, turn, language, tstamp, …). */
  readonly extra: Readonly<Record<string, unknown>>;
}

const ROLES: Record<string, "user" | "assistant" | "system"> = {
  user: "user",
  human: "user",
  assistant: "assistant",
  gpt: "assistant",
  system: "system",
};

type Parsed<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

function messages(
  conversation: readonly z.infer<typeof turn>[],
  side: string,
): Message[] | FieldIssue {
  const out: Message[] = [];
  for (const [k, t] of conversation.entries()) {
    const role = ROLES[t.role];
    if (!role)
      return { field: `${side}.${k}.role`, message: `unknown role ${JSON.stringify(t.role)}` };
    // Multimodal logs hold content lists; their text is what a preference pair can carry.
    const content = typeof t.content === "string" ? t.content : JSON.stringify(t.content);
    out.push({ role, content });
  }
  return out;
}

/**
 * Reads one battle. The systems and the winner are checked by `parseBattle`, the validator the
 * leaderboard's fast path uses, so both accept and refuse the same records with the same words.
 * Conversations are optional: a log without them is still a valid log.
 */
export function parseArenaBattle(record: unknown): Parsed<ArenaBattle> {
  const fields = (record ?? {}) as Record<string, unknown>;
  const core = parseBattle(
    CORE,
    CORE_FIELDS,
    CORE_FIELDS.map((f) => fields[f]),
  );
  if (!core.ok) {
    const { field = "(record)", message } = core.error;
    return { ok: false, issues: [{ field, message }] };
  }
  const parsed = conversations.safeParse(record);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const { conversation_a, conversation_b } = parsed.data;
  const model_a = fields.model_a as string;
  const model_b = fields.model_b as string;
  const winner = fields.winner as ArenaWinner;
  const a = conversation_a && messages(conversation_a, "conversation_a");
  const b = conversation_b && messages(conversation_b, "conversation_b");
  if (a && !Array.isArray(a)) return { ok: false, issues: [a] };
  if (b && !Array.isArray(b)) return { ok: false, issues: [b] };
  if ((a === undefined) !== (b === undefined)) {
    const missing = a === undefined ? "conversation_a" : "conversation_b";
    return { ok: false, issues: [{ field: missing, message: "missing (the other side has one)" }] };
  }
  const extra: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const key of ["model_a", "model_b", "winner", "conversation_a", "conversation_b"])
    delete extra[key];
  return {
    ok: true,
    value: {
      modelA: model_a,
      modelB: model_b,
      winner,
      ...(a ? { conversationA: a } : {}),
      ...(b ? { conversationB: b } : {}),
      extra,
    },
  };
}

/** The battle's pair, or null for a tie. @returns an issue when it has no conversations. */
export function battleToPair(b: ArenaBattle): Parsed<PreferencePair | null> {
  if (!b.conversationA || !b.conversationB) {
    // A leaderboard's battle log (arena-hard's) names the systems, not what they said.
    const message =
      "missing: pairs need both conversations, and this battle has none (a battle log can become arena or prefkit records)";
    return {
      ok: false,
      issues: [
        { field: "conversation_a", message },
        { field: "conversation_b", message },
      ],
    };
  }
  if (b.winner !== "model_a" && b.winner !== "model_b") return { ok: true, value: null };
  const aWins = b.winner === "model_a";
  const id = b.extra.question_id;
  return {
    ok: true,
    value: withExplicitPrompt({
      prompt: [],
      chosen: aWins ? b.conversationA : b.conversationB,
      rejected: aWins ? b.conversationB : b.conversationA,
      chosenModel: aWins ? b.modelA : b.modelB,
      rejectedModel: aWins ? b.modelB : b.modelA,
      ...(typeof id === "string" || typeof id === "number" ? { id: String(id) } : {}),
      // The log's other fields (question_id, language, tstamp, …) go with the pair.
      ...(Object.keys(b.extra).length > 0 ? { metadata: b.extra } : {}),
    }),
  };
}

/** A battle record with conversations as the pair's prompt plus each response. */
export function arenaBattleToPair(record: unknown): Parsed<PreferencePair | null> {
  const parsed = parseArenaBattle(record);
  return parsed.ok ? battleToPair(parsed.value) : parsed;
}

/**
 * A pair as a battle, the chosen response on side A when `chosenFirst`: callers alternate
 * sides so that a file of converted pairs does not teach "A always wins".
 */
export function pairToBattle(pair: PreferencePair, chosenFirst: boolean): Parsed<ArenaBattle> {
  const issues: FieldIssue[] = [];
  if (!pair.chosenModel) issues.push({ field: "chosen_model", message: "arena battles need it" });
  if (!pair.rejectedModel)
    issues.push({ field: "rejected_model", message: "arena battles need it" });
  if (!pair.chosenModel || !pair.rejectedModel) return { ok: false, issues };
  if (pair.chosenModel === pair.rejectedModel)
    return { ok: false, issues: [{ field: "rejected_model", message: "same as chosen_model" }] };
  const chosen = [...pair.prompt, ...pair.chosen];
  const rejected = [...pair.prompt, ...pair.rejected];
  return {
    ok: true,
    value: {
      modelA: chosenFirst ? pair.chosenModel : pair.rejectedModel,
      modelB: chosenFirst ? pair.rejectedModel : pair.chosenModel,
      winner: chosenFirst ? "model_a" : "model_b",
      conversationA: chosenFirst ? chosen : rejected,
      conversationB: chosenFirst ? rejected : chosen,
      extra: {
        ...(pair.id !== undefined ? { question_id: pair.id } : {}),
        ...pair.metadata,
      },
    },
  };
}

/** Writes a battle back as an arena log record. */
export function toArenaRecord(b: ArenaBattle): Record<string, unknown> {
  return {
    model_a: b.modelA,
    model_b: b.modelB,
    winner: b.winner,
    ...(b.conversationA ? { conversation_a: b.conversationA } : {}),
    ...(b.conversationB ? { conversation_b: b.conversationB } : {}),
    ...b.extra,
  };
}
