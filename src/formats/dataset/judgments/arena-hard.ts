/**
 * arena-hard-auto judgment files (lmarena/arena-hard-auto `gen_judgment.py`, one file per model
 * under `model_judgment/<judge>/`): `question_id` (v0.1) or `uid` (v2.0), `model`, `judge`,
 * `category` (v2.0), and `games`: two games, each `{user_prompt, judgment, score}` or null.
 * Game 1 shows the baseline's answer as A and the model's as B; game 2 swaps them. `score` is
 * the last verdict label found, "A>>B" | "A>B" | "A=B" | "B>A" | "B>>A" (or a symmetric spelling
 * such as "A<B"), or null when none could be read (methods.md §D5; `show_result.py`).
 *
 * One comparison per record: `a` the baseline, `b` the model, two labels by the judge (game 2
 * `shownSwapped`), strong verdicts marked `strong`. The files do not name the baseline (the
 * config does): it is the record's `baseline` field when there is one, else `--baseline`.
 */
import type { Comparison, ComparisonLabel } from "../../../core/dataset/comparison.js";
import { fail, idText, maybe, type Read, rest, verdictFields } from "./judgment-fields.js";

/** Each label as seen by the judge: the preference for A, and whether it is strong. */
const VERDICTS: Readonly<Record<string, { a: number; strong?: true }>> = {
  "A>>B": { a: 1, strong: true },
  "A>B": { a: 1 },
  "A=B": { a: 0.5 },
  "B>A": { a: 0 },
  "B>>A": { a: 0, strong: true },
  "A<<B": { a: 0, strong: true },
  "A<B": { a: 0 },
  "B=A": { a: 0.5 },
  "B<A": { a: 1 },
  "B<<A": { a: 1, strong: true },
};

const MODELLED = ["question_id", "uid", "model", "judge", "baseline", "games"];

export function parseVerdictLabel(
  score: unknown,
  field: string,
): Read<{ a: number; strong?: true } | null> {
  if (score === null || score === undefined) return { ok: true, value: null };
  const key =
    typeof score === "string"
      ? score
          .trim()
          .replace(/^\[+|\]+$/g, "")
          .toUpperCase()
      : "";
  const verdict = VERDICTS[key];
  if (!verdict) {
    return fail(
      field,
      `unknown verdict ${JSON.stringify(score)} (expected A>>B, A>B, A=B, B>A, B>>A or null)`,
    );
  }
  return { ok: true, value: verdict };
}

function gameLabel(game: unknown, k: number, labeller: string): Read<ComparisonLabel> {
  const field = `games.${k}.score`;
  const score = game === null ? null : (game as { score?: unknown }).score;
  if (game !== null && (typeof game !== "object" || !("score" in game)))
    return fail(field, "missing field");
  const verdict = parseVerdictLabel(score, field);
  if (!verdict.ok) return verdict;
  const v = verdict.value;
  // Game 1: A is the baseline (= a); game 2: A is the model (= b).
  const preference = v === null ? null : k === 0 ? v.a : 1 - v.a;
  return {
    ok: true,
    value: {
      labeller,
      source: "ai",
      ...verdictFields(preference, v?.strong),
      shownSwapped: k === 1,
      raw: score,
    },
  };
}

export function parseArenaHardJudgment(
  record: Readonly<Record<string, unknown>>,
  baselineOption: string | undefined,
): Read<Comparison> {
  const model = idText(record.model);
  if (model === undefined) return fail("model", "expected text");
  const judge = idText(record.judge);
  if (judge === undefined) return fail("judge", "expected text");
  const baseline = idText(record.baseline) ?? baselineOption;
  if (baseline === undefined) {
    return fail(
      "baseline",
      "not in the record: name it with --baseline (arena-hard-auto v2.0 uses o3-mini-2025-01-31, gemini-2.0-flash-001 for creative_writing; v0.1 gpt-4-0314)",
    );
  }
  const games = record.games;
  if (!Array.isArray(games) || games.length < 1 || games.length > 2)
    return fail("games", "expected a list of one or two games");
  const labels: ComparisonLabel[] = [];
  for (const [k, game] of games.entries()) {
    const label = gameLabel(game, k, judge);
    if (!label.ok) return label;
    labels.push(label.value);
  }
  const extra = rest(record, MODELLED);
  // The games' texts stay (their verdicts are the labels); a null game stays null.
  extra.games = games.map((g) =>
    g === null ? null : rest(g as Record<string, unknown>, ["score"]),
  );
  return {
    ok: true,
    value: {
      ...maybe("id", idText(record.uid ?? record.question_id)),
      prompt: [],
      systemA: baseline,
      systemB: model,
      ...maybe("subset", typeof record.category === "string" ? record.category : undefined),
      labels,
      extra,
    },
  };
}

/** The label as the judge saw it: game 1 as is, game 2 with A and B exchanged. */
function scoreOf(label: ComparisonLabel, swapped: boolean): Read<string | null> {
  const p = label.preference;
  if (p === null) return { ok: true, value: null };
  if (typeof label.raw === "string") {
    const v = VERDICTS[label.raw.trim().toUpperCase()];
    if (v && (swapped ? 1 - v.a : v.a) === p && (v.strong === true) === (label.strong === true))
      return { ok: true, value: label.raw };
  }
  const a = swapped ? 1 - p : p;
  if (a === 0.5) return { ok: true, value: "A=B" };
  if (a !== 0 && a !== 1) return fail("games.score", `preference ${p} has no verdict label`);
  const mark = label.strong ? ">>" : ">";
  return { ok: true, value: a === 1 ? `A${mark}B` : `B${mark}A` };
}

/**
 * One record per judge: the unswapped label is game 1, the swapped one game 2. The baseline is
 * written as a `baseline` field, so the file reads back without --baseline.
 */
export function toArenaHardJudgment(c: Comparison): Read<Record<string, unknown>[]> {
  if (c.systemB === undefined) return fail("model", "missing (the comparison names no system b)");
  const byJudge = new Map<string, ComparisonLabel[]>();
  for (const label of c.labels)
    byJudge.set(label.labeller, [...(byJudge.get(label.labeller) ?? []), label]);
  const texts = Array.isArray(c.extra.games) ? (c.extra.games as unknown[]) : [];
  const out: Record<string, unknown>[] = [];
  for (const [judge, labels] of byJudge) {
    const ordered = [...labels].sort(
      (x, y) => Number(x.shownSwapped === true) - Number(y.shownSwapped === true),
    );
    const games: unknown[] = [];
    for (const [k, label] of ordered.entries()) {
      const score = scoreOf(label, label.shownSwapped === true);
      if (!score.ok) return score;
      const text = texts[k];
      games.push(
        text === null && score.value === null ? null : { ...(text as object), score: score.value },
      );
    }
    out.push({
      // v2.0 files (with a category) name the question `uid`, v0.1 files `question_id`.
      ...maybe("category" in c.extra ? "uid" : "question_id", c.id),
      model: c.systemB,
      judge,
      // Written so that the file reads back without --baseline (arena-hard ignores the field).
      ...maybe("baseline", c.systemA),
      ...c.extra,
      games,
    });
  }
  return { ok: true, value: out };
}
