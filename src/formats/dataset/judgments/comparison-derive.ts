/**
 * What a labelled comparison becomes in the other item kinds:
 * - arena battles: one per parsed label (its labeller as the battle's `judge`); a strong verdict
 *   is three identical battles, as arena-hard counts it (methods.md §D5); a fractional
 *   preference is its verdict (> ½ a wins, < ½ b wins, ½ a tie); unparsed labels give nothing.
 * - a preference pair: the majority verdict of the parsed labels (each label one vote, strong
 *   or not). A tie, a draw between a and b, or no parsed label gives no pair, and says why.
 * Every such decision is counted by the caller (the converter's summary).
 */
import {
  type Comparison,
  type ComparisonLabel,
  verdictOf,
} from "../../../core/dataset/comparison.js";
import type { PreferencePair } from "../../../core/dataset/preference.js";
import type { ArenaBattle, ArenaWinner } from "../arena-pairs.js";
import { fail, maybe, type Read } from "./judgment-fields.js";

/** Counted decisions of a derivation, by what was decided. */
export const NOTES = {
  strong: "strong verdicts written as three battles (arena-hard's weighting)",
  fractional: "fractional preferences written as their verdict",
} as const;
export const DROPS = {
  unparsed: "unparsed labels (null preference)",
  tie: "no majority: the labels tie or draw",
  none: "no parsed label",
} as const;

export interface BattlesOf {
  battles: ArenaBattle[];
  unparsed: number;
  strong: number;
  fractional: number;
}

const isVerdict = (p: number) => p === 0 || p === 0.5 || p === 1;

function winnerOf(label: ComparisonLabel & { preference: number }): ArenaWinner {
  if (label.bothBad) return "tie (bothbad)";
  const v = verdictOf(label.preference);
  return v === "a" ? "model_a" : v === "b" ? "model_b" : "tie";
}

/** The battles of a comparison's labels. @returns an issue when it names no systems. */
export function comparisonToBattles(c: Comparison): Read<BattlesOf> {
  if (c.systemA === undefined) return fail("system_a", "missing (arena battles need both systems)");
  if (c.systemB === undefined) return fail("system_b", "missing (arena battles need both systems)");
  const conversations =
    c.a && c.b
      ? { conversationA: [...c.prompt, ...c.a], conversationB: [...c.prompt, ...c.b] }
      : {};
  const out: BattlesOf = { battles: [], unparsed: 0, strong: 0, fractional: 0 };
  for (const label of c.labels) {
    if (label.preference === null) {
      out.unparsed++;
      continue;
    }
    if (!isVerdict(label.preference)) out.fractional++;
    const battle: ArenaBattle = {
      modelA: c.systemA,
      modelB: c.systemB,
      winner: winnerOf(label as ComparisonLabel & { preference: number }),
      ...conversations,
      extra: {
        ...c.extra,
        ...(c.id !== undefined && c.extra.question_id === undefined ? { question_id: c.id } : {}),
        judge: label.labeller,
        ...maybe("turn", label.turn),
      },
    };
    const copies = label.strong ? 3 : 1;
    if (label.strong) out.strong++;
    for (let k = 0; k < copies; k++) out.battles.push(battle);
  }
  return { ok: true, value: out };
}

/** The majority verdict of the parsed labels, or why there is none. */
export function majorityVerdict(c: Comparison): { verdict: "a" | "b" } | { empty: string } {
  let a = 0;
  let b = 0;
  let tie = 0;
  for (const { preference } of c.labels) {
    if (preference === null) continue;
    const v = verdictOf(preference);
    if (v === "a") a++;
    else if (v === "b") b++;
    else tie++;
  }
  if (a + b + tie === 0) return { empty: DROPS.none };
  if (a > b && a > tie) return { verdict: "a" };
  if (b > a && b > tie) return { verdict: "b" };
  return { empty: DROPS.tie };
}

/** The comparison's pair by majority, or null with the reason. @returns an issue without responses. */
export function comparisonToPair(c: Comparison): Read<PreferencePair | { empty: string }> {
  if (!c.a || !c.b) return fail(c.a ? "b" : "a", "missing (pairs need both responses)");
  const majority = majorityVerdict(c);
  if ("empty" in majority) return { ok: true, value: majority };
  const aWins = majority.verdict === "a";
  const [chosenModel, rejectedModel] = aWins ? [c.systemA, c.systemB] : [c.systemB, c.systemA];
  return {
    ok: true,
    value: {
      prompt: c.prompt,
      chosen: aWins ? c.a : c.b,
      rejected: aWins ? c.b : c.a,
      ...maybe("chosenModel", chosenModel),
      ...maybe("rejectedModel", rejectedModel),
      ...maybe("subset", c.subset),
      ...maybe("id", c.id),
    },
  };
}
