/**
 * Every item that holds a judgment between two responses, as labelled comparisons: the one
 * function the evaluation layer calls, whatever file the data came from.
 *
 * - comparison (judgment files): itself.
 * - pair: one gold label. LLMBar keeps its own order (a = output_1, b = output_2, the label
 *   as written); other pairs put the chosen response as `a` (preference 1).
 * - battle (arena logs): one label by the record's `judge` field (a name, or `[model, template]`
 *   by its model), else "arena": the winner as the preference, "tie (bothbad)" a tie with
 *   `bothBad`.
 * Cannot: rated completions (scores of many completions: which pairs to compare is a choice —
 * derive pairs first), unpaired examples (one response), and canonical entries on their own
 * (a judgment means something only with the prompt and candidates before it: read the file
 * through `ItemAssembler` with the target "comparison", which resolves pairwise judgments).
 */
import type { Comparison, ComparisonLabel } from "../../core/dataset/comparison.js";
import { splitCommonPrefix } from "../../core/dataset/preference.js";
import type { ArenaBattle } from "./arena-pairs.js";
import type { FieldIssue } from "./field-issue.js";
import type { DatasetItem } from "./items.js";
import { idText, maybe } from "./judgments/judgment-fields.js";

export type ComparisonsResult =
  | { ok: true; value: Comparison[] }
  | { ok: false; issues: FieldIssue[] };

/** The labeller of gold labels (RewardBench's chosen, LLMBar's label). */
export const GOLD = "gold";
/** The labeller of arena battles without a `judge` field. */
export const ARENA_LABELLER = "arena";

function fromPair(item: Extract<DatasetItem, { kind: "pair" }>): Comparison {
  const { pair } = item;
  const record = item.original?.format === "llmbar" ? item.original.record : undefined;
  // LLMBar's label names the better output in file order: output_1 is chosen when it is 1.
  const firstChosen = record ? Number(record.label) === 1 : true;
  const gold: ComparisonLabel = {
    labeller: GOLD,
    source: "gold",
    preference: firstChosen ? 1 : 0,
    ...(record ? { raw: record.label } : {}),
  };
  const [systemA, systemB] = firstChosen
    ? [pair.chosenModel, pair.rejectedModel]
    : [pair.rejectedModel, pair.chosenModel];
  return {
    ...maybe("id", pair.id),
    prompt: pair.prompt,
    a: firstChosen ? pair.chosen : pair.rejected,
    b: firstChosen ? pair.rejected : pair.chosen,
    ...maybe("systemA", systemA),
    ...maybe("systemB", systemB),
    ...maybe("subset", pair.subset),
    labels: [gold],
    extra: {},
  };
}

const PREFERENCE: Readonly<Record<ArenaBattle["winner"], number>> = {
  model_a: 1,
  model_b: 0,
  tie: 0.5,
  "tie (bothbad)": 0.5,
};

/**
 * The turn a label is about, from a record's `turn` field (MT-Bench judges each turn; an arena
 * log counts its conversation's turns) or a canonical judgment's metadata that kept it.
 */
export const labelTurn = (
  fields: Readonly<Record<string, unknown>> | undefined,
): number | undefined => (typeof fields?.turn === "number" ? fields.turn : undefined);

/**
 * The judge a battle names: a model's name, or MT-Bench's `[model, template]` (as prefkit writes
 * a judge's battles, battle-source.ts) by its model — without this a judge's verdicts would be
 * read as the log's own ("arena") labels and mixed with them.
 */
function judgeName(judge: unknown): string | undefined {
  if (typeof judge === "string") return judge === "" ? undefined : judge;
  const pair =
    Array.isArray(judge) &&
    judge.length === 2 &&
    judge.every((x) => typeof x === "string" && x !== "");
  return pair ? (judge[0] as string) : undefined;
}

function fromBattle(battle: ArenaBattle): Comparison {
  const { judge, question_id, ...extra } = battle.extra;
  const named = judgeName(judge);
  const labeller = named ?? ARENA_LABELLER;
  const label: ComparisonLabel = {
    labeller,
    preference: PREFERENCE[battle.winner],
    ...(battle.winner === "tie (bothbad)" ? { bothBad: true } : {}),
    ...maybe("turn", labelTurn(extra)),
    raw: battle.winner,
  };
  const { conversationA: ca, conversationB: cb } = battle;
  const split = ca && cb ? splitCommonPrefix(ca, cb) : undefined;
  return {
    ...maybe("id", idText(question_id)),
    prompt: split?.prefix ?? [],
    ...maybe("a", split?.restA),
    ...maybe("b", split?.restB),
    systemA: battle.modelA,
    systemB: battle.modelB,
    labels: [label],
    // A judge that names no labeller stays a field of the record.
    extra: { ...extra, ...(named === undefined && judge !== undefined ? { judge } : {}) },
  };
}

/**
 * The comparisons an item holds.
 * @example asComparisons({ kind: "battle", battle }) // [{ systemA, systemB, labels: [{ labeller: "arena", preference: 1 }] }]
 * @returns an issue naming why for kinds that hold none (rated, unpaired, entry).
 */
export function asComparisons(item: DatasetItem): ComparisonsResult {
  switch (item.kind) {
    case "comparison":
      return { ok: true, value: [item.comparison] };
    case "pair":
      return { ok: true, value: [fromPair(item)] };
    case "battle":
      return { ok: true, value: [fromBattle(item.battle)] };
    case "rated":
      return {
        ok: false,
        issues: [
          {
            field: "(record)",
            message: "rated completions hold scores, not comparisons: derive pairs first",
          },
        ],
      };
    case "unpaired":
      return {
        ok: false,
        issues: [
          {
            field: "(record)",
            message: "an unpaired example has one response; a comparison needs two",
          },
        ],
      };
    case "entry":
      return {
        ok: false,
        issues: [
          {
            field: "(record)",
            message:
              "canonical entries give comparisons once resolved (ItemAssembler with target comparison)",
          },
        ],
      };
  }
}
