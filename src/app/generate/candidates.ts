/**
 * Generated candidates: their ids, and their shapes in a job item's result and in the domain.
 * An id is a hash of the item key and the choice index (and the fresh nonce of a `--fresh` job),
 * so a resumed run, a second `complete` and a re-import all name the same candidate the same way
 * and the store's idempotent adds skip it.
 */
import { createHash } from "node:crypto";
import type { Candidate, CandidateId, PromptId, SystemId } from "../../core/types.js";
import type { GenerationRecord } from "../../llm/types.js";

/** A candidate as an item's result keeps it. */
export interface GeneratedCandidate {
  id: string;
  promptId: string;
  systemId: string;
  text: string;
  finishReason: string | null;
  generation: GenerationRecord;
  /**
   * NC modes: this is answer `index` of `k`. In "nc" mode the k answers come from one call and
   * share its generation record (its tokens and cost are the whole call's, not this answer's;
   * `generation.sharedBy` says by how many);
   * `extra` counts answers past k that the reply held and were left out.
   */
  nc?: { k: number; index: number; extra?: number };
}

/** "gen-<24 hex>": deterministic from the item key, the choice and the fresh nonce. */
export function candidateId(itemKey: string, choice: number, freshNonce?: string): string {
  const hash = createHash("sha256")
    .update(`${freshNonce ?? ""}\0${itemKey}\0${choice}`)
    .digest("hex");
  return `gen-${hash.slice(0, 24)}`;
}

/** The domain candidate: the answer as one assistant turn, the record under `metadata.generation`. */
export function toCandidate(c: GeneratedCandidate): Candidate {
  return {
    id: c.id as CandidateId,
    promptId: c.promptId as PromptId,
    systemId: c.systemId as SystemId,
    messages: [{ role: "assistant", content: c.text }],
    metadata: {
      generation: stripUndefined(c.generation),
      ...(c.nc === undefined ? {} : { nc: stripUndefined(c.nc) }),
    },
  };
}

const stripUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
