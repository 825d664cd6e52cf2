/**
 * Resolves a canonical stream in file order: keeps prompts, systems and candidates by id and
 * turns each judgment into what it derives (canonical-derive.ts). Everything a judgment names
 * must come before it, so one pass suffices and memory grows with prompts and candidates only
 * (plus one id per judgment, to catch duplicates).
 */
import type { Candidate, CandidateId, Judgment, Prompt, System } from "../types.js";
import type { CanonicalEntry, CanonicalIssue, Resolution } from "./canonical.js";
import { deriveJudgment } from "./canonical-derive.js";

export interface ResolverOptions {
  /** How ratings are scored: "mean" (default) or the name of one criterion. */
  readonly criterion?: string;
}

/**
 * Streaming resolver of canonical entries. An entry with issues changes nothing, so a caller
 * may report it and go on.
 * @example
 * const resolver = new CanonicalResolver();
 * for (const entry of entries) {
 *   const r = resolver.add(entry);
 *   if (!r.ok) report(r.issues);
 *   else if (r.derived?.kind === "pairwise" && r.derived.pair) pairs.push(r.derived.pair);
 * }
 * Complexity: O(size of the entry) per entry.
 */
export class CanonicalResolver {
  readonly #prompts = new Map<string, Prompt>();
  readonly #systems = new Map<string, System>();
  readonly #candidates = new Map<string, Candidate>();
  readonly #judgments = new Set<string>();
  readonly #criterion: string;

  constructor(options: ResolverOptions = {}) {
    this.#criterion = options.criterion ?? "mean";
  }

  /** Systems named by a system entry, in file order (systems implied by candidates are not). */
  get systems(): ReadonlyMap<string, System> {
    return this.#systems;
  }

  /** A prompt read so far, by id. */
  promptOf(id: string): Prompt | undefined {
    return this.#prompts.get(id);
  }

  add(entry: CanonicalEntry): Resolution {
    switch (entry.type) {
      case "prompt":
        return define(this.#prompts, "prompt", entry.prompt, []);
      case "system":
        return define(this.#systems, "system", entry.system, []);
      case "candidate": {
        const { promptId } = entry.candidate;
        const issues = this.#prompts.has(promptId)
          ? []
          : [unknown("unknown_prompt", "prompt", "prompt", promptId, "candidates")];
        return define(this.#candidates, "candidate", entry.candidate, issues);
      }
      case "judgment":
        return this.#judge(entry.judgment);
    }
  }

  #judge(judgment: Judgment): Resolution {
    const issues: CanonicalIssue[] = [];
    if (this.#judgments.has(judgment.id)) issues.push(duplicate("judgment", judgment.id));
    const prompt = this.#prompts.get(judgment.promptId);
    if (!prompt) {
      issues.push(unknown("unknown_prompt", "prompt", "prompt", judgment.promptId, "judgments"));
    }
    const found = new Map<CandidateId, Candidate>();
    const checked = new Set<CandidateId>();
    for (const [field, id] of judgmentReferences(judgment)) {
      if (checked.has(id)) continue;
      checked.add(id);
      const candidate = this.#candidates.get(id);
      if (!candidate) {
        issues.push(unknown("unknown_candidate", field, "candidate", id, "judgments"));
      } else if (prompt && candidate.promptId !== judgment.promptId) {
        issues.push({
          code: "prompt_mismatch",
          field,
          message: `candidate "${id}" answers prompt "${candidate.promptId}", not this judgment's prompt "${judgment.promptId}"`,
        });
      }
      if (candidate) found.set(id, candidate);
    }
    if (!prompt || issues.length > 0) return { ok: false, issues };
    this.#judgments.add(judgment.id);
    const derived = deriveJudgment(judgment, prompt, (id) => found.get(id)!, this.#criterion);
    return { ok: true, derived };
  }
}

function define<T extends { id: string }>(
  map: Map<string, T>,
  type: string,
  value: T,
  issues: CanonicalIssue[],
): Resolution {
  if (map.has(value.id)) issues.unshift(duplicate(type, value.id));
  if (issues.length > 0) return { ok: false, issues };
  map.set(value.id, value);
  return { ok: true };
}

const duplicate = (type: string, id: string): CanonicalIssue => ({
  code: "duplicate_id",
  field: "id",
  message: `duplicate ${type} id "${id}": an earlier ${type} entry has it`,
});

const unknown = (
  code: "unknown_prompt" | "unknown_candidate",
  field: string,
  type: string,
  id: string,
  users: string,
): CanonicalIssue => ({
  code,
  field,
  message: `unknown ${type} "${id}": a ${type} entry must come before the ${users} that use it`,
});

/** The ids of the entries a judgment uses: its prompt, then its candidates. */
export function canonicalUses(judgment: Judgment): string[] {
  return [judgment.promptId, ...judgmentReferences(judgment).map(([, id]) => id)];
}

/**
 * The candidates a judgment names, with their fields as named in the file ("a", "order.1.0").
 * @example judgmentReferences({ kind: "binary", candidateId: "c1", … }) // [["candidate", "c1"]]
 */
export function judgmentReferences(judgment: Judgment): [string, CandidateId][] {
  switch (judgment.kind) {
    case "pairwise":
      return [
        ["a", judgment.a],
        ["b", judgment.b],
      ];
    case "ranking":
      return judgment.order.flatMap((tier, i) =>
        tier.map((id, k): [string, CandidateId] => [`order.${i}.${k}`, id]),
      );
    case "rating":
      return judgment.scores.map((s, i) => [`scores.${i}.candidate`, s.candidateId]);
    case "binary":
      return [["candidate", judgment.candidateId]];
  }
}
