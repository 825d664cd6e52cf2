/**
 * MT-Bench pairwise judgments (lm-sys/FastChat, llm_judge `model_judgment/gpt-4_pair.jsonl`,
 * written by `play_a_match_pair` in llm_judge/common.py): `question_id`, `model_1`, `model_2`,
 * `g1_winner`, `g2_winner`, `judge` ([model, prompt name]), `turn`, `g1_user_prompt`,
 * `g1_judgment`, `g2_user_prompt`, `g2_judgment`, `tstamp`.
 *
 * Game 1 shows model_1's answer as A; game 2 shows model_2's first. FastChat maps both winners
 * back to model names before writing (g2: A → model_2, B → model_1), so `g2_winner` already
 * names a model: "model_1", "model_2", "tie" or "error" (the verdict could not be read → null).
 * Records of single-answer grading (`m1_score`, `m2_score`; g1_winner = g2_winner) are one label
 * with the two scores. The files hold neither the question nor the answers.
 */
import type { Comparison, ComparisonLabel } from "../../../core/dataset/comparison.js";
import { fail, idText, maybe, type Read, rest } from "./judgment-fields.js";

const WINNERS: Readonly<Record<string, number | null>> = {
  model_1: 1,
  model_2: 0,
  tie: 0.5,
  error: null,
};

const MODELLED = ["question_id", "model_1", "model_2", "g1_winner", "g2_winner", "turn"];

function winner(record: Readonly<Record<string, unknown>>, field: string): Read<number | null> {
  const value = record[field];
  if (value === undefined) return fail(field, "missing field");
  const p = typeof value === "string" ? WINNERS[value] : undefined;
  if (p === undefined) {
    return fail(
      field,
      `unknown value ${JSON.stringify(value)} (expected model_1, model_2, tie or error)`,
    );
  }
  return { ok: true, value: p };
}

/** The judge's model: `judge` is [model, prompt name] (the whole judge is kept in extra). */
function judgeModel(judge: unknown): Read<string> {
  if (typeof judge === "string") return { ok: true, value: judge };
  if (Array.isArray(judge) && typeof judge[0] === "string") return { ok: true, value: judge[0] };
  return fail("judge", "expected [model, prompt name]");
}

export function parseMtBench(record: Readonly<Record<string, unknown>>): Read<Comparison> {
  const systemA = idText(record.model_1);
  const systemB = idText(record.model_2);
  if (systemA === undefined) return fail("model_1", "expected text");
  if (systemB === undefined) return fail("model_2", "expected text");
  const judge = judgeModel(record.judge);
  if (!judge.ok) return judge;
  const g1 = winner(record, "g1_winner");
  if (!g1.ok) return g1;
  const g2 = winner(record, "g2_winner");
  if (!g2.ok) return g2;
  const turn = record.turn;
  if (turn !== undefined && typeof turn !== "number") return fail("turn", "expected a number");
  const base = { labeller: judge.value, source: "ai" as const, ...maybe("turn", turn) };
  const single = typeof record.m1_score === "number" && typeof record.m2_score === "number";
  const labels: ComparisonLabel[] = single
    ? [
        {
          ...base,
          preference: g1.value,
          scores: [record.m1_score as number, record.m2_score as number],
          raw: record.g1_winner,
        },
      ]
    : [
        { ...base, preference: g1.value, shownSwapped: false, raw: record.g1_winner },
        { ...base, preference: g2.value, shownSwapped: true, raw: record.g2_winner },
      ];
  return {
    ok: true,
    value: {
      ...maybe("id", idText(record.question_id)),
      prompt: [],
      systemA,
      systemB,
      labels,
      extra: rest(record, MODELLED),
    },
  };
}

const WINNER_OF = (p: number | null): Read<string> => {
  if (p === null) return { ok: true, value: "error" };
  if (p === 1) return { ok: true, value: "model_1" };
  if (p === 0) return { ok: true, value: "model_2" };
  if (p === 0.5) return { ok: true, value: "tie" };
  return fail("g1_winner", `preference ${p} has no MT-Bench verdict (model_1, model_2, tie)`);
};

/**
 * A record per turn and judge: the unswapped label is game 1, the swapped one game 2 (a label
 * with no position is both). A comparison whose labels do not pair up that way is refused.
 */
export function toMtBench(c: Comparison): Read<Record<string, unknown>[]> {
  if (c.systemA === undefined) return fail("model_1", "missing (the comparison names no system a)");
  if (c.systemB === undefined) return fail("model_2", "missing (the comparison names no system b)");
  const out: Record<string, unknown>[] = [];
  const games = new Map<string, { g1?: ComparisonLabel; g2?: ComparisonLabel }>();
  for (const label of c.labels) {
    const key = JSON.stringify([label.labeller, label.turn ?? null]);
    const game = games.get(key) ?? {};
    const slot = label.shownSwapped ? "g2" : "g1";
    if (game[slot] || (label.shownSwapped === undefined && game.g2)) {
      return fail("g1_winner", `two ${slot} verdicts by ${label.labeller} for one turn`);
    }
    game[slot] = label;
    if (label.shownSwapped === undefined) game.g2 = label;
    games.set(key, game);
  }
  for (const { g1, g2 } of games.values()) {
    const first = g1 ?? g2!;
    const w1 = WINNER_OF((g1 ?? g2)!.preference);
    const w2 = WINNER_OF((g2 ?? g1)!.preference);
    if (!w1.ok) return w1;
    if (!w2.ok) return w2;
    const judge = Array.isArray(c.extra.judge) ? c.extra.judge : [first.labeller, "pair"];
    out.push({
      ...maybe("question_id", c.id),
      model_1: c.systemA,
      model_2: c.systemB,
      g1_winner: w1.value,
      g2_winner: w2.value,
      ...c.extra,
      judge,
      ...maybe("turn", first.turn),
    });
  }
  return { ok: true, value: out };
}
