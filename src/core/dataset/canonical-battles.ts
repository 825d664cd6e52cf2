/**
 * Canonical entries of battles (CanonicalBuilder's `fromBattle`, `fromSystemsBattle`): one
 * pairwise judgment per battle, sides and outcome kept (ties included), with the record's other
 * fields as the judgment's metadata.
 */
import type { JudgmentSource, Metadata } from "../types.js";
import type { CanonicalEntry, ConversationBattle, SystemsBattle } from "./canonical.js";
import { contentKey } from "./canonical-ids.js";
import type { EntryRegistry } from "./canonical-registry.js";
import { splitCommonPrefix } from "./preference.js";

/**
 * A battle whose conversations are known (an arena log): the shared turns become the prompt,
 * each side's remaining turns its candidate.
 */
export function battleEntries(
  registry: EntryRegistry,
  battle: ConversationBattle,
  source: JudgmentSource,
): CanonicalEntry[] {
  const { prefix, restA, restB } = splitCommonPrefix(battle.conversationA, battle.conversationB);
  const out: CanonicalEntry[] = [];
  const promptId = registry.prompt(out, prefix, undefined);
  const a = registry.candidate(out, promptId, battle.systemA, restA);
  const b = registry.candidate(out, promptId, battle.systemB, restB);
  const { outcome } = battle;
  const id = registry.judgmentId(
    contentKey(["pairwise", promptId, a, b, outcome, source, battle.id ?? null]),
  );
  const judgment = { id, kind: "pairwise", promptId, a, b, outcome, source } as const;
  out.push({ type: "judgment", judgment: { ...judgment, ...battleMetadata(battle) } });
  return out;
}

/**
 * A battle log's battle without conversations: the prompt is its question (no messages;
 * `metadata.question_id`), or one prompt without messages when the log names none; each side a
 * candidate without messages — what the system answered is not in the data.
 */
export function systemsBattleEntries(
  registry: EntryRegistry,
  battle: SystemsBattle,
  source: JudgmentSource,
): CanonicalEntry[] {
  const out: CanonicalEntry[] = [];
  const { question, outcome } = battle;
  const promptId =
    question === undefined ? registry.prompt(out, [], undefined) : registry.question(out, question);
  const a = registry.candidate(out, promptId, battle.systemA, []);
  const b = registry.candidate(out, promptId, battle.systemB, []);
  const id = registry.judgmentId(contentKey(["pairwise", promptId, a, b, outcome, source, null]));
  const judgment = { id, kind: "pairwise", promptId, a, b, outcome, source } as const;
  out.push({ type: "judgment", judgment: { ...judgment, ...battleMetadata(battle) } });
  return out;
}

/**
 * A battle's metadata is kept even when empty: it says the log had no other fields, so writing
 * the battle back adds none (a judgment without metadata gets its prompt id as question_id).
 */
const battleMetadata = (battle: { readonly metadata?: Metadata }): { metadata?: Metadata } =>
  battle.metadata !== undefined ? { metadata: battle.metadata } : {};
