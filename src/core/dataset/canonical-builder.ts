/**
 * Canonical entries from training shapes, for converting other formats into prefkit's own.
 * Ids come from content (canonical-ids.ts), so converting the same file twice gives the same
 * output. Systems are the records' model names, or `UNKNOWN_SYSTEM` when a record has none.
 */
import type { CandidateId, JudgmentSource, Metadata } from "../types.js";
import type { CanonicalEntry, ConversationBattle, SystemsBattle } from "./canonical.js";
import { battleEntries, systemsBattleEntries } from "./canonical-battles.js";
import { contentKey } from "./canonical-ids.js";
import { EntryRegistry } from "./canonical-registry.js";
import { chosenShownFirst } from "./dedupe.js";
import type { RatedCompletions } from "./derive.js";
import { type PreferencePair, type UnpairedExample, withExplicitPrompt } from "./preference.js";

/**
 * Emits each prompt, system and candidate the first time it is seen, then the judgment.
 * @example
 * const builder = new CanonicalBuilder();
 * const source = { kind: "human", annotatorId: "import" as AnnotatorId } as const;
 * const entries = pairs.flatMap((pair) => builder.fromPair(pair, source));
 */
export class CanonicalBuilder {
  readonly #registry = new EntryRegistry();

  /**
   * A pairwise judgment with the chosen answer as winner. An implicit prompt is made explicit
   * first (`withExplicitPrompt`); the subset becomes the prompt's category. Which answer is
   * shown as "a" follows a bit of the content hash, so converted data shows no position effect.
   */
  fromPair(pair: PreferencePair, source: JudgmentSource): CanonicalEntry[] {
    const p = withExplicitPrompt(pair);
    const out: CanonicalEntry[] = [];
    const promptId = this.#registry.prompt(out, p.prompt, p.subset);
    const chosen = this.#registry.candidate(out, promptId, p.chosenModel, p.chosen);
    const rejected = this.#registry.candidate(out, promptId, p.rejectedModel, p.rejected);
    const key = contentKey(["pairwise", promptId, chosen, rejected, source, pair.id ?? null]);
    const chosenFirst = p.chosenFirst ?? chosenShownFirst(p);
    out.push({
      type: "judgment",
      judgment: {
        id: this.#registry.judgmentId(key),
        kind: "pairwise",
        promptId,
        a: chosenFirst ? chosen : rejected,
        b: chosenFirst ? rejected : chosen,
        outcome: chosenFirst ? "a" : "b",
        source,
        ...withMetadata(pair.metadata, pair.id),
      },
    });
    return out;
  }

  /**
   * One rating judgment. A completion with `criteria` is scored on each of them (the source's
   * own ratings); one without is scored on `criterion`, the name of what `score` measures.
   * Non-finite scores are left out (a completion with none is a candidate but not scored); a
   * repeated completion (same text and model) keeps its first scores. With no finite score at
   * all there is no judgment.
   * @throws RangeError when criterion is empty.
   */
  fromRated(rated: RatedCompletions, source: JudgmentSource, criterion: string): CanonicalEntry[] {
    if (criterion === "") throw new RangeError("criterion must not be empty");
    const out: CanonicalEntry[] = [];
    const promptId = this.#registry.prompt(out, rated.prompt, undefined);
    const scores: { candidateId: CandidateId; criterion: string; score: number }[] = [];
    const scored = new Set<string>();
    for (const c of rated.completions) {
      const candidateId = this.#registry.candidate(out, promptId, c.model, c.messages);
      if (scored.has(candidateId)) continue;
      scored.add(candidateId);
      for (const [name, score] of Object.entries(c.criteria ?? { [criterion]: c.score })) {
        if (Number.isFinite(score)) scores.push({ candidateId, criterion: name, score });
      }
    }
    if (scores.length === 0) return out;
    const key = contentKey(["rating", promptId, scores, source, rated.id ?? null]);
    out.push({
      type: "judgment",
      judgment: { id: this.#registry.judgmentId(key), kind: "rating", promptId, scores, source },
    });
    return out;
  }

  /** One binary judgment: approved when the example is labelled desirable. */
  fromUnpaired(example: UnpairedExample, source: JudgmentSource): CanonicalEntry[] {
    const out: CanonicalEntry[] = [];
    const promptId = this.#registry.prompt(out, example.prompt, undefined);
    const candidateId = this.#registry.candidate(out, promptId, example.model, example.completion);
    const key = contentKey([
      "binary",
      promptId,
      candidateId,
      example.label,
      source,
      example.id ?? null,
    ]);
    out.push({
      type: "judgment",
      judgment: {
        id: this.#registry.judgmentId(key),
        kind: "binary",
        promptId,
        candidateId,
        approved: example.label,
        source,
        ...withMetadata(example.metadata, example.id),
      },
    });
    return out;
  }

  /**
   * A pairwise judgment from a battle whose conversations are known (an arena log): the shared
   * turns become the prompt, each side's remaining turns its candidate. The sides keep their
   * places (a is a) and the outcome is kept, ties included; so are the record's other fields,
   * as the judgment's metadata.
   */
  fromBattle(battle: ConversationBattle, source: JudgmentSource): CanonicalEntry[] {
    return battleEntries(this.#registry, battle, source);
  }

  /**
   * A pairwise judgment from a battle log without conversations: the prompt is the log's
   * question (no messages; `metadata.question_id`), each side a candidate without messages —
   * what the system answered is not in the data. Sides and outcome are kept, ties included.
   */
  fromSystemsBattle(battle: SystemsBattle, source: JudgmentSource): CanonicalEntry[] {
    return systemsBattleEntries(this.#registry, battle, source);
  }
}

/**
 * A judgment's metadata: the record's unmodelled fields, and its own id (`id`) when it had one,
 * so a format with ids gets them back (derive reads `metadata.id`).
 */
function withMetadata(metadata: Metadata | undefined, id?: string): { metadata?: Metadata } {
  const all = { ...(id !== undefined ? { id } : {}), ...metadata };
  return Object.keys(all).length > 0 ? { metadata: all } : {};
}
