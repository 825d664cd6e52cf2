/**
 * The parts every judgment a judge job writes is made of: a deterministic id, the outcome of a
 * preference, the AI source, the game records kept in `metadata.judge`, the time.
 *
 * Ids are hashes of what the judgment is — the judge (or "jury:<method>"), the template and its
 * version, the judge's setup (`judgeSetup`: its model, sampling parameters and system prompt, and
 * the template's whole content; a jury's: every judge's), the question's group, the combine rule,
 * which game or copy, and the `--fresh` nonce — and of nothing else the job's fingerprint adds
 * (the base URL, the output), so a second `complete`, a resumed run or the same judge rerun on the
 * same pair names the same judgment the same way and the store's add-once skips it, while a judge
 * id pointed at another model, or an edited template, makes new judgments rather than ones that
 * collide with the old (stored as "conflicting" and thrown away); a `--fresh` job's are new ones.
 */
import { createHash } from "node:crypto";
import { sideOf } from "../../core/judge/verdict.js";
import type { JudgmentId, JudgmentSource, PairwiseOutcome } from "../../core/types.js";
import { FIELD_LIMITS } from "../../formats/dataset/field-limits.js";
import type { JudgeTemplate } from "../../llm/judge/types.js";
import { canonicalJson } from "../../llm/request-key.js";
import type { JudgeGameItem } from "./job-games.js";
import type { JudgeGame, JudgeSpec } from "./types.js";

export interface JudgmentIdParts {
  /** The judge's system id, or "jury:<method>". */
  judge: string;
  template: string;
  group: string;
  /** judgeSetup's hash: what makes the judge's verdicts what they are. */
  setup: string;
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
    parts.setup,
    parts.group,
    parts.rule ?? "",
    parts.part ?? "",
  ].join("\0");
  return `jdg-${createHash("sha256").update(text).digest("hex").slice(0, 24)}` as JudgmentId;
}

/**
 * A short hash of what decides a judge's verdicts besides the question: its model, sampling
 * parameters and system prompt, and the template's whole content (prompts, parser, scale), so an
 * edited template under the same id and version is another setup. `judge` "jury:<method>" (or any
 * id not among spec.judges) stands for every judge of the spec. Not the base URL: the same model
 * served elsewhere judges the same.
 * @example judgeSetup(spec, "gpt-judge") // "3f0c9a1b2d4e5f60"
 */
export function judgeSetup(spec: Pick<JudgeSpec, "judges" | "template">, judge: string): string {
  // Asked once per judgment: hashed once per spec and judge (a template is a few kB).
  let bySpec = setups.get(spec);
  if (bySpec === undefined) {
    bySpec = new Map();
    setups.set(spec, bySpec);
  }
  const known = bySpec.get(judge);
  if (known !== undefined) return known;
  const setupOf = (j: JudgeSpec["judges"][number]) => ({
    id: j.id,
    model: j.model,
    params: j.params,
    systemPrompt: j.systemPrompt ?? null,
  });
  const one = spec.judges.find((j) => j.id === judge);
  const judges = one ? [setupOf(one)] : spec.judges.map(setupOf);
  const text = canonicalJson({ judges, template: spec.template });
  const setup = createHash("sha256").update(text).digest("hex").slice(0, 16);
  bySpec.set(judge, setup);
  return setup;
}
const setups = new WeakMap<object, Map<string, string>>();

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
