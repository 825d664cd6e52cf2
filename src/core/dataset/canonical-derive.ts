/**
 * Derivations from one resolved judgment: pairwise → battle (+ pair when there is a winner),
 * ranking and rating → rated completions, binary → KTO example. References are resolved
 * already (see CanonicalResolver); here every candidate exists and answers the prompt.
 */
import type {
  Candidate,
  CandidateId,
  Judgment,
  Metadata,
  Prompt,
  RatingJudgment,
} from "../types.js";
import type { Derivation } from "./canonical.js";
import type { RatedCompletions, ScoredCompletion } from "./derive.js";

/** Looks a candidate up; the resolver has checked that it exists. */
export type CandidateLookup = (id: CandidateId) => Candidate;

/**
 * Derives the training shapes of one judgment.
 * - ranking: score = number of tiers − tier index, so tied candidates score equal and the
 *   margin between two candidates is their tier distance.
 * - rating: scored by `criterion`: "mean" averages each candidate's criteria in this judgment;
 *   any other name picks that criterion, and candidates without it score NaN (never paired).
 *   Every completion also carries all its scores as `criteria`.
 */
export function deriveJudgment(
  judgment: Judgment,
  prompt: Prompt,
  candidate: CandidateLookup,
  criterion: string,
): Derivation {
  switch (judgment.kind) {
    case "pairwise": {
      const a = candidate(judgment.a);
      const b = candidate(judgment.b);
      const battle = {
        systemA: a.systemId,
        systemB: b.systemId,
        outcome: judgment.outcome,
        source: judgment.source.kind,
        promptId: judgment.promptId,
      };
      const conversations = [
        [...prompt.messages, ...a.messages],
        [...prompt.messages, ...b.messages],
      ] as const;
      const answered = a.messages.length > 0 && b.messages.length > 0;
      if (judgment.outcome !== "a" && judgment.outcome !== "b")
        return { kind: "pairwise", battle, conversations, answered };
      const [winner, loser] = judgment.outcome === "a" ? [a, b] : [b, a];
      const pair = {
        prompt: prompt.messages,
        chosen: winner.messages,
        rejected: loser.messages,
        chosenModel: winner.systemId,
        rejectedModel: loser.systemId,
        chosenFirst: judgment.outcome === "a",
        ...recordFields(judgment),
        ...(prompt.category !== undefined ? { subset: prompt.category } : {}),
      };
      return { kind: "pairwise", battle, conversations, answered, pair };
    }
    case "ranking": {
      const tiers = judgment.order.length;
      const scored = judgment.order.flatMap((tier, i) =>
        tier.map((id) => completion(candidate(id), tiers - i)),
      );
      return { kind: "ranking", rated: rated(prompt, judgment.id, scored) };
    }
    case "rating": {
      const scored = ratingScores(judgment, criterion).map(([id, score, criteria]) => ({
        ...completion(candidate(id), score),
        criteria,
      }));
      return { kind: "rating", rated: rated(prompt, judgment.id, scored) };
    }
    case "binary": {
      const c = candidate(judgment.candidateId);
      const example = {
        prompt: prompt.messages,
        completion: c.messages,
        label: judgment.approved,
        model: c.systemId,
        ...recordFields(judgment),
      };
      return { kind: "binary", example };
    }
  }
}

/**
 * The id and metadata a pair or example gets back from its judgment: the source record's own id
 * when the judgment kept one (`metadata.id`, see CanonicalBuilder), else the judgment's id; the
 * metadata whole (a format that writes `id` from its metadata gets it back either way).
 */
function recordFields(judgment: Judgment): { id: string; metadata?: Metadata } {
  const { metadata } = judgment;
  const id = metadata?.id;
  return { id: typeof id === "string" ? id : judgment.id, ...(metadata ? { metadata } : {}) };
}

const completion = (c: Candidate, score: number): ScoredCompletion => ({
  messages: c.messages,
  score,
  model: c.systemId,
});

const rated = (prompt: Prompt, id: string, completions: ScoredCompletion[]): RatedCompletions => ({
  prompt: prompt.messages,
  completions,
  id,
});

/** One score per candidate, in order of first appearance, with all its scores by criterion. */
function ratingScores(
  judgment: RatingJudgment,
  criterion: string,
): [CandidateId, number, Record<string, number>][] {
  // Maps, not objects, so a criterion named "constructor" is only ever a criterion.
  const byCandidate = new Map<CandidateId, Map<string, number>>();
  for (const s of judgment.scores) {
    const criteria = byCandidate.get(s.candidateId) ?? new Map<string, number>();
    criteria.set(s.criterion, s.score);
    byCandidate.set(s.candidateId, criteria);
  }
  return [...byCandidate].map(([id, criteria]) => {
    let score = criteria.get(criterion) ?? Number.NaN;
    if (criterion === "mean") {
      const values = [...criteria.values()];
      // No 0 to start from: the mean of one score is that score, -0 included.
      score = values.reduce((sum, v) => sum + v) / values.length;
    }
    return [id, score, Object.fromEntries(criteria)];
  });
}
