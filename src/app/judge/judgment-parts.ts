/**
 * The parts every judgment a judge job writes is made of: a deterministic id, the outcome of a
 * preference, the AI source, the game records kept in `metadata.judge`, the time.
 *
 * Ids are hashes of what the judgment is — the judge (or "jury:<method>"), the template and its
 * version, the question's group, the combine rule, which game or copy, and the `--fresh` nonce —
 * and of nothing the job's fingerprint adds, so a second `complete`, a resumed run or the same
 * judge rerun on the same pair names the same judgment the same way and the store's add-once
 * skips it; a `--fresh` job's judgments are new ones.
 */
import { createHash } from "node:crypto";
import { sideOf } from "../../core/judge/verdict.js";
import type { JudgmentId, JudgmentSource, PairwiseOutcome } from "../../core/types.js";
import { FIELD_LIMITS } from "../../formats/dataset/field-limits.js";
import type { JudgeTemplate } from "../../llm/judge/types.js";
import type { JudgeGameItem } from "./job-games.js";
import type { JudgeGame } from "./types.js";

export interface JudgmentIdParts {
  /** The judge's system id, or "jury:<method>". */
  judge: string;
  template: string;
  group: string;
  /** The combine rule (pairwise, both orders), else "". */
  rule?: string;
  /** Which of the group's judgments: "game1", "game2#3" (copy 3), "both", "" for the only one. */
  part?: string;
  freshNonce?: string;
}

/** "jdg-<24 hex>": a hash of the parts (see the file's header). */
export function judgmentId(parts: JudgmentIdParts): JudgmentId {
  const text = [
    parts.freshNonce ?? "",
    parts.judge,
    parts.template,
    parts.group,
    parts.rule ?? "",
    parts.part ?? "",
  ].join("\0");
  return `jdg-${createHash("sha256").update(text).digest("hex").slice(0, 24)}` as JudgmentId;
}

/** "<template id>@<version>": the template a judgment names in `source.template`. */
export const templateLabel = (template: Pick<JudgeTemplate, "id" | "version">): string =>
  `${template.id}@${template.version}`;

/**
 * A preference for `a` as an outcome: 1 → "a", 0 → "b", 0.5 → "tie". A graded preference (a
 * judge's two scores, a probability) names its side, with `strength` = |2p − 1| — the distance
 * from a tie, 1 at a certain verdict — so it is kept, not rounded away.
 * @example pairwiseOutcome(0.75) // { outcome: "a", strength: 0.5 }
 * @throws RangeError on a preference outside [0, 1].
 */
export function pairwiseOutcome(preference: number): {
  outcome: PairwiseOutcome;
  strength?: number;
} {
  const side = sideOf(preference);
  const outcome = side === 1 ? "a" : side === -1 ? "b" : "tie";
  if (preference === 0 || preference === 0.5 || preference === 1) return { outcome };
  return { outcome, strength: Math.abs(2 * preference - 1) };
}

/** The judge's text as `source.rawOutput` holds it: at most FIELD_LIMITS.judgeOutput characters. */
export const truncatedOutput = (raw: string): string =>
  raw.length > FIELD_LIMITS.judgeOutput ? raw.slice(0, FIELD_LIMITS.judgeOutput) : raw;

/**
 * The raw output of a judgment made from several games (a merged pair, a list's permutations):
 * each game's text under a line naming it. The games' whole texts are in metadata.judge.games.
 */
export function mergedOutput(games: readonly JudgeGame[]): string {
  if (games.length === 1) return truncatedOutput(games[0]!.raw);
  return truncatedOutput(
    games.map((g) => `--- game ${g.game} (shown ${g.shown.join(", ")}) ---\n${g.raw}`).join("\n\n"),
  );
}

export function aiSource(
  judge: string,
  template: string,
  rawOutput?: string,
  swapped?: boolean,
): JudgmentSource {
  return {
    kind: "ai",
    model: judge,
    template,
    ...(rawOutput === undefined ? {} : { rawOutput: truncatedOutput(rawOutput) }),
    ...(swapped === undefined ? {} : { swapped }),
  };
}

/** A done game as metadata.judge.games keeps it. */
export function gameRecord(item: JudgeGameItem): JudgeGame {
  if (!item.outcome.ok) throw new Error(`internal: item ${item.key} failed; it has no game record`);
  const { verdict, raw, record } = item.outcome.result;
  const { payload } = item;
  const shown = payload.shown.map((i) => payload.answers[i]!.candidateId);
  const base = { game: payload.game, shown, label: verdict.label, raw, record };
  switch (verdict.mode) {
    case "pairwise":
      return { ...base, firstPreference: verdict.preference };
    case "pointwise":
      return { ...base, score: verdict.score };
    case "listwise":
      return { ...base, order: [...verdict.order] };
  }
}

/** The latest of ISO-8601 times ("" for none). */
export function latestTime(times: readonly string[]): string {
  let latest = times[0] ?? "";
  for (const t of times) if (Date.parse(t) > Date.parse(latest)) latest = t;
  return latest;
}
