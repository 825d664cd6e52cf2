/**
 * How each AI judge and each human annotator of a project does against the human majority, as
 * `GET /api/projects/{id}/judge-quality` answers it: `evaluateItems` (what `prefkit evaluate`
 * runs) with the humans as gold. An AI judge is scored against the majority of every human's
 * labels (`--gold` every human); a human against the majority of the other humans' labels on the
 * items they labelled (leave-one-out: `--gold` the others, `--judges` that human), so nobody is
 * part of their own gold. The rows are each labeller's summary and accuracy per prompt category.
 *
 * Computed on the thread that serves requests, one labeller at a time with other requests let
 * in between; one request's work is bounded: labellers scored × bootstrap rounds × strata (the
 * categories, and one for the whole) may not pass MAX_JUDGE_WORK, about 5 s; past it, a 400 on
 * `rounds` says how many may be asked for.
 */
import type { z } from "zod";
import type { judgeQualityOutput, judgeQualityQuery } from "../../api/index.js";
import { type EvaluationReport, evaluateItems } from "../../app/evaluate/evaluate-items.js";
import { type GoldCounts, goldPreferences } from "../../app/evaluate/verdict-tables.js";
import type { JoinedItem } from "../../core/dataset/join-comparisons.js";
import { invalid } from "../errors.js";
import { type Labeller, pause, readQualityItems } from "./labellers.js";

/** Most labellers × bootstrap rounds × strata one request may ask for. */
export const MAX_JUDGE_WORK = 600_000;

export const GOLD_RULE =
  "Gold is the human majority on each item (a prompt and criterion with a pair of candidates): each human's labels on the item are averaged into one verdict (a better, b better or tie; both bad is a tie), and a verdict is gold when more than half of the humans who labelled the item gave it; an item without one is left out. AI judges are scored against all humans; each human against the other humans only (leave-one-out).";

export type JudgeQualityQuery = z.output<typeof judgeQualityQuery>;
type JudgeQualityAnswer = z.input<typeof judgeQualityOutput>;
type Result = JudgeQualityAnswer["result"];
type Row = Extract<Result, { ok: true }>["rows"][number];

export async function projectJudgeQuality(
  store: Parameters<typeof readQualityItems>[0],
  projectId: string,
  query: JudgeQualityQuery,
  context: { version: string; judgmentVersion: string; signal?: AbortSignal },
): Promise<JudgeQualityAnswer> {
  const read = await readQualityItems(store, projectId);
  const humans = read.labellers.filter((l) => l.kind === "human");
  const judges = read.labellers.filter((l) => l.kind === "ai");
  const scored = judges.length + (humans.length >= 2 ? humans.length : 0);
  checkJudgeWork(scored, query.rounds, strataOf(read.items));
  const options = { rounds: query.rounds, seed: query.seed, confidence: query.confidence };
  let result: Result;
  let gold: GoldCounts | null = null;
  if (read.items.length === 0) {
    result = undefinedResult("no_pairwise_judgments", "the project has no pairwise judgments");
  } else if (humans.length === 0) {
    result = undefinedResult(
      "no_human_labels",
      "no human labelled a pair, so there is no gold to score judges against",
    );
  } else if (scored === 0) {
    result = undefinedResult(
      "nothing_to_evaluate",
      "one human and no AI judge: nobody to score against the human majority",
    );
  } else {
    const rows: Row[] = [];
    const unmatched: Labeller[] = [];
    if (judges.length > 0) {
      await pause(context.signal);
      const report = evaluateItems(read.items, {
        ...options,
        gold: humans.map((h) => h.id),
        judges: judges.map((j) => j.id),
      });
      collect(report, judges, "humans", rows, unmatched);
      gold = report.gold;
    } else {
      gold = goldPreferences(
        read.items,
        humans.map((h) => h.id),
      ).counts;
    }
    if (humans.length >= 2) {
      for (const human of humans) {
        await pause(context.signal);
        const own = read.items.filter((item) => item.labels.some((l) => l.labeller === human.id));
        const met = new Set(own.flatMap((item) => item.labels.map((l) => l.labeller)));
        const others = humans.filter((h) => h !== human && met.has(h.id));
        if (others.length === 0) {
          unmatched.push(human);
          continue;
        }
        // Only the human's items: the gold of each is the same as over all items, and the
        // other humans' labels are read once per item they share instead of once per item.
        const report = evaluateItems(own, {
          ...options,
          gold: others.map((h) => h.id),
          judges: [human.id],
        });
        collect(report, [human], "other_humans", rows, unmatched);
      }
    }
    result = { ok: true, rows, unmatched: unmatched.map(identity) };
  }
  return {
    prefkit: context.version,
    project: projectId,
    judgment_version: context.judgmentVersion,
    options: { ...options, ties: "count-as-class" },
    input: read.input,
    gold_rule: GOLD_RULE,
    humans: humans.length,
    gold: gold && { items: gold.gold, noMajority: gold.noMajority, noGold: gold.noGold },
    result,
  };
}

const identity = ({ id, name, kind }: Labeller) => ({ id, name, kind });

function undefinedResult(
  reason: "no_pairwise_judgments" | "no_human_labels" | "nothing_to_evaluate",
  message: string,
): Result {
  return { ok: false, reason, message };
}

/** The rows of an evaluation's judges, in the labellers' order; those with no gold item apart. */
function collect(
  report: EvaluationReport,
  labellers: readonly Labeller[],
  against: Row["against"],
  rows: Row[],
  unmatched: Labeller[],
): void {
  for (const labeller of labellers) {
    const k = report.judges.findIndex((j) => j.judge === labeller.id);
    const judged = report.judges[k];
    const summary = report.summary[k];
    if (!judged || !summary) {
      unmatched.push(labeller);
      continue;
    }
    rows.push({
      labeller: identity(labeller),
      against,
      summary,
      categories: judged.evaluation.subsets.map((s) => ({
        category: s.subset,
        n: s.n,
        accuracy: s.accuracy,
        consistency: s.position.consistency,
      })),
    });
  }
}

/** Strata of a judge's bootstrap at most: every category, and the whole. */
function strataOf(items: readonly JoinedItem[]): number {
  const categories = new Set<string>();
  for (const item of items) if (item.subset !== undefined) categories.add(item.subset);
  return categories.size + 1;
}

/** @throws ApiError (400 on `rounds`) when the bootstraps would take more than one request may. */
export function checkJudgeWork(labellers: number, rounds: number, strata: number): void {
  if (labellers * rounds * strata <= MAX_JUDGE_WORK) return;
  const most = Math.floor(MAX_JUDGE_WORK / (labellers * strata));
  throw invalid(
    "rounds",
    `${labellers} labellers × ${rounds} rounds × ${strata} strata (${strata - 1} categories and the whole) is more than the ${MAX_JUDGE_WORK.toLocaleString("en")} one request may ask for: use rounds=${most} or fewer`,
  );
}
