/**
 * The entries a canonical conversion has emitted (CanonicalBuilder): each prompt, system and
 * candidate is emitted the first time it is seen, and repeated judgments get `-2`, `-3`, … ids.
 * Memory: one id per distinct prompt, system and candidate, one count per judgment key.
 */
import type { CandidateId, JudgmentId, Message, PromptId, SystemId } from "../types.js";
import type { CanonicalEntry } from "./canonical.js";
import { candidateIdOf, promptIdOf, questionPromptIdOf, UNKNOWN_SYSTEM } from "./canonical-ids.js";

export class EntryRegistry {
  readonly #prompts = new Set<string>();
  readonly #systems = new Set<string>();
  readonly #candidates = new Set<string>();
  readonly #judgments = new Map<string, number>();

  /** The prompt's id, pushing its entry to `out` the first time. */
  prompt(out: CanonicalEntry[], messages: readonly Message[], category: string | undefined) {
    const id = promptIdOf(messages, category);
    if (!this.#prompts.has(id)) {
      this.#prompts.add(id);
      out.push({
        type: "prompt",
        prompt: { id, messages, ...(category !== undefined ? { category } : {}) },
      });
    }
    return id;
  }

  /** The prompt of a battle log's question: no messages, `metadata.question_id`. */
  question(out: CanonicalEntry[], question: unknown): PromptId {
    const id = questionPromptIdOf(question);
    if (!this.#prompts.has(id)) {
      this.#prompts.add(id);
      out.push({
        type: "prompt",
        prompt: { id, messages: [], metadata: { question_id: question } },
      });
    }
    return id;
  }

  /** The candidate's id, pushing its system's entry and its own the first time. */
  candidate(
    out: CanonicalEntry[],
    promptId: PromptId,
    model: string | undefined,
    messages: readonly Message[],
  ): CandidateId {
    const systemId = (model === undefined || model === "" ? UNKNOWN_SYSTEM : model) as SystemId;
    if (!this.#systems.has(systemId)) {
      this.#systems.add(systemId);
      out.push({ type: "system", system: { id: systemId } });
    }
    const id = candidateIdOf(promptId, systemId, messages);
    if (!this.#candidates.has(id)) {
      this.#candidates.add(id);
      out.push({ type: "candidate", candidate: { id, promptId, systemId, messages } });
    }
    return id;
  }

  /** `j_KEY` the first time, then `j_KEY-2`, `j_KEY-3`, …: repeated judgments are data. */
  judgmentId(key: string): JudgmentId {
    const seen = this.#judgments.get(key) ?? 0;
    this.#judgments.set(key, seen + 1);
    return (seen === 0 ? `j_${key}` : `j_${key}-${seen + 1}`) as JudgmentId;
  }
}
