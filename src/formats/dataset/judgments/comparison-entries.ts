/**
 * Labelled comparisons as prefkit canonical entries: the prompt (its record's other fields as
 * metadata, the subset as category), the two systems and candidates, then one pairwise judgment
 * per parsed label with its source — a human annotator (the labeller) or an AI judge (the
 * labeller as model, whether it saw the answers swapped, its verdict as written). Ids are
 * content hashes as CanonicalBuilder makes them, so converting twice gives the same file.
 * A strong verdict is strength 1; a fractional preference becomes its verdict; an unparsed
 * label gives no judgment. Each is counted.
 */

import type { CanonicalEntry } from "../../../core/dataset/canonical.js";
import {
  candidateIdOf,
  contentKey,
  promptIdOf,
  UNKNOWN_SYSTEM,
} from "../../../core/dataset/canonical-ids.js";
import {
  type Comparison,
  type ComparisonLabel,
  verdictOf,
} from "../../../core/dataset/comparison.js";
import type {
  AnnotatorId,
  CandidateId,
  JudgmentId,
  JudgmentSource,
  Message,
  PairwiseOutcome,
  PromptId,
  SystemId,
} from "../../../core/types.js";
import { DROPS, NOTES } from "./comparison-derive.js";
import { fail, type Read } from "./judgment-fields.js";

export interface EntriesOf {
  entries: CanonicalEntry[];
  unparsed: number;
  fractional: number;
}

function sourceOf(label: ComparisonLabel): JudgmentSource {
  if (label.source !== "ai") return { kind: "human", annotatorId: label.labeller as AnnotatorId };
  const raw =
    typeof label.raw === "string"
      ? label.raw
      : label.raw === undefined
        ? undefined
        : JSON.stringify(label.raw);
  return {
    kind: "ai",
    model: label.labeller,
    ...(raw !== undefined ? { rawOutput: raw } : {}),
    ...(label.shownSwapped !== undefined ? { swapped: label.shownSwapped } : {}),
  };
}

function outcomeOf(label: ComparisonLabel & { preference: number }): PairwiseOutcome {
  if (label.bothBad) return "both_bad";
  return verdictOf(label.preference);
}

export class ComparisonEntryMaker {
  readonly #seen = new Set<string>();
  readonly #judgments = new Map<string, number>();

  make(c: Comparison): Read<EntriesOf> {
    if (!c.a || !c.b) return fail(c.a ? "b" : "a", "missing (candidates need the responses)");
    const out: CanonicalEntry[] = [];
    const metadata = {
      ...(c.id !== undefined && !("id" in c.extra) ? { id: c.id } : {}),
      ...c.extra,
    };
    const promptId = promptIdOf(c.prompt, c.subset);
    this.#once(promptId, () =>
      out.push({
        type: "prompt",
        prompt: {
          id: promptId,
          messages: c.prompt,
          ...(c.subset !== undefined ? { category: c.subset } : {}),
          ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
        },
      }),
    );
    const a = this.#candidate(out, promptId, c.systemA, c.a);
    const b = this.#candidate(out, promptId, c.systemB, c.b);
    const result: EntriesOf = { entries: out, unparsed: 0, fractional: 0 };
    for (const label of c.labels) {
      if (label.preference === null) {
        result.unparsed++;
        continue;
      }
      const p = label.preference;
      if (p !== 0 && p !== 0.5 && p !== 1) result.fractional++;
      const outcome = outcomeOf(label as ComparisonLabel & { preference: number });
      const source = sourceOf(label);
      const key = contentKey(["pairwise", promptId, a, b, outcome, source, c.id ?? null]);
      out.push({
        type: "judgment",
        judgment: {
          id: this.#judgmentId(key),
          kind: "pairwise",
          promptId,
          a,
          b,
          outcome,
          source,
          ...(label.strong ? { strength: 1 } : {}),
        },
      });
    }
    return { ok: true, value: result };
  }

  #once(id: string, emit: () => void): void {
    if (this.#seen.has(id)) return;
    this.#seen.add(id);
    emit();
  }

  #candidate(
    out: CanonicalEntry[],
    promptId: PromptId,
    model: string | undefined,
    messages: readonly Message[],
  ): CandidateId {
    const systemId = (model === undefined || model === "" ? UNKNOWN_SYSTEM : model) as SystemId;
    this.#once(`system ${systemId}`, () => out.push({ type: "system", system: { id: systemId } }));
    const id = candidateIdOf(promptId, systemId, messages);
    this.#once(id, () =>
      out.push({ type: "candidate", candidate: { id, promptId, systemId, messages } }),
    );
    return id;
  }

  #judgmentId(key: string): JudgmentId {
    const seen = this.#judgments.get(key) ?? 0;
    this.#judgments.set(key, seen + 1);
    return (seen === 0 ? `j_${key}` : `j_${key}-${seen + 1}`) as JudgmentId;
  }
}

export { DROPS, NOTES };
