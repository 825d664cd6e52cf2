/**
 * The checks a judgment passes before it is stored: its own shape (the last line of defence
 * behind the API's schemas) and its references — the prompt exists and every candidate exists
 * and answers that prompt. Fields are named as the API and the canonical format name them
 * ("a", "order.1.0", "scores.2.candidate"); the first problem found is thrown as a StoreError.
 */
import type { Judgment } from "../core/types.js";
import { StoreError } from "./store.js";

export interface CandidateRef {
  promptId: string;
  systemId: string;
}

/** What the batch refers to, fetched from the database once for the whole batch. */
export interface References {
  prompts: ReadonlySet<string>;
  candidates: ReadonlyMap<string, CandidateRef>;
}

const OUTCOMES: ReadonlySet<string> = new Set(["a", "b", "tie", "both_bad"]);

export function checkJudgment(j: Judgment, index: number, refs: References): void {
  const invalid = (field: string, reason: string) =>
    new StoreError("invalid", field, reason, index);
  const candidate = (id: string, field: string) => {
    const found = refs.candidates.get(id);
    if (!found) {
      throw new StoreError("unknown_reference", field, `candidate "${id}" does not exist`, index);
    }
    if (found.promptId !== j.promptId) {
      const reason = `candidate "${id}" answers prompt "${found.promptId}", not "${j.promptId}"`;
      throw new StoreError("unknown_reference", field, reason, index);
    }
  };

  if (typeof j.id !== "string" || j.id === "") throw invalid("id", "expected a non-empty id");
  if (!refs.prompts.has(j.promptId)) {
    const reason = `prompt "${j.promptId}" does not exist`;
    throw new StoreError("unknown_reference", "prompt", reason, index);
  }
  if (j.createdAt !== undefined && Number.isNaN(Date.parse(j.createdAt))) {
    throw invalid("created_at", "expected an ISO-8601 timestamp");
  }
  checkSource(j, invalid);
  if (j.metadata !== undefined) checkJsonObject(j.metadata, "metadata", invalid);

  switch (j.kind) {
    case "pairwise":
      if (!OUTCOMES.has(j.outcome)) throw invalid("outcome", "expected a, b, tie or both_bad");
      if (j.strength !== undefined && !(j.strength > 0 && j.strength <= 1)) {
        throw invalid("strength", "expected a number in (0, 1]");
      }
      if (j.a === j.b) throw invalid("b", "is the same candidate as a");
      candidate(j.a, "a");
      candidate(j.b, "b");
      return;
    case "ranking": {
      if (j.order.length === 0) throw invalid("order", "expected at least one tier");
      // Messages name fields, not ids: an annotator sent handles, and an id may name a system.
      const seen = new Map<string, string>();
      j.order.forEach((tier, i) => {
        if (tier.length === 0) throw invalid(`order.${i}`, "expected at least one candidate");
        tier.forEach((id, k) => {
          const first = seen.get(id);
          if (first !== undefined) {
            throw invalid(`order.${i}.${k}`, `the candidate of ${first} is ranked twice`);
          }
          seen.set(id, `order.${i}.${k}`);
          candidate(id, `order.${i}.${k}`);
        });
      });
      return;
    }
    case "rating": {
      if (j.scores.length === 0) throw invalid("scores", "expected at least one score");
      const seen = new Map<string, number>();
      j.scores.forEach((s, i) => {
        candidate(s.candidateId, `scores.${i}.candidate`);
        if (typeof s.criterion !== "string" || s.criterion === "") {
          throw invalid(`scores.${i}.criterion`, "expected a non-empty criterion");
        }
        // JSON has no NaN or Infinity: such a score would come back as null.
        if (typeof s.score !== "number" || !Number.isFinite(s.score)) {
          throw invalid(`scores.${i}.score`, "expected a finite number");
        }
        const key = JSON.stringify([s.candidateId, s.criterion]);
        const first = seen.get(key);
        if (first !== undefined) {
          throw invalid(`scores.${i}`, `repeats scores.${first}: the same candidate and criterion`);
        }
        seen.set(key, i);
      });
      return;
    }
    case "binary":
      if (typeof j.approved !== "boolean") throw invalid("approved", "expected true or false");
      candidate(j.candidateId, "candidate");
      return;
    default:
      throw invalid("kind", "expected pairwise, ranking, rating or binary");
  }
}

function checkSource(j: Judgment, invalid: (field: string, reason: string) => StoreError): void {
  const s = j.source as Partial<Judgment["source"]> | undefined;
  if (s?.kind === "human") {
    if (typeof s.annotatorId !== "string" || s.annotatorId === "") {
      throw invalid("source.annotator", "expected an annotator id");
    }
  } else if (s?.kind === "ai") {
    if (typeof s.model !== "string" || s.model === "") {
      throw invalid("source.model", "expected the judge model");
    }
  } else {
    throw invalid("source.kind", "expected human or ai");
  }
}

/**
 * A value stored as JSON text (a judgment's metadata, a routed pair's reason): an object whose
 * values JSON keeps as they are. NaN and Infinity would come back as null; a bigint, a function
 * or a cycle would not go in at all. The first such value is named by its path under `field`.
 */
export function checkJsonObject(
  value: unknown,
  field: string,
  invalid: (field: string, reason: string) => StoreError,
): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalid(field, "expected an object");
  }
  const open = new Set<object>();
  const walk = (value: unknown, path: string): void => {
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw invalid(path, "expected a finite number (JSON has no NaN or Infinity)");
    }
    if (typeof value === "bigint" || typeof value === "function" || typeof value === "symbol") {
      throw invalid(path, `a ${typeof value} cannot be stored as JSON`);
    }
    if (value !== null && typeof value === "object") {
      if (open.has(value)) throw invalid(path, "contains itself (JSON cannot hold a cycle)");
      open.add(value);
      for (const [key, inner] of Object.entries(value)) walk(inner, `${path}.${key}`);
      open.delete(value);
    }
  };
  walk(value, field);
}

/** Every candidate id a judgment names. */
export function candidatesOf(j: Judgment): string[] {
  switch (j.kind) {
    case "pairwise":
      return [j.a, j.b];
    case "ranking":
      return j.order.flat();
    case "rating":
      return j.scores.map((s) => s.candidateId);
    case "binary":
      return [j.candidateId];
    default:
      return []; // an unknown kind: checkJudgment names it
  }
}
