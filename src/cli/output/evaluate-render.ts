/** `prefkit evaluate`'s report as text: a row per judge, then per subset, then reward models. */
import type { EvaluationReport } from "../../app/evaluate/evaluate-items.js";
import type { FileSummary } from "../../app/evaluate/read-comparisons.js";
import type { JoinCounts } from "../../core/dataset/join-comparisons.js";
import { decimal, percent, textTable } from "./text-table.js";

export interface EvaluateOutput {
  readonly files: readonly FileSummary[];
  readonly items: number;
  readonly join: JoinCounts;
  /** The labellers without gold items have no ids where the gold has them: `--join content` joins them. */
  readonly joinByContent?: boolean;
  readonly invalid: number;
  readonly errors: readonly string[];
  readonly report: EvaluationReport;
}

export function renderEvaluate(out: EvaluateOutput, confidence: number, rounds: number): string {
  const { report } = out;
  const parts: string[] = [];
  const gold = report.gold;
  parts.push(
    `${out.files.length} file(s), ${out.join.comparisons} comparisons, ${out.items} items; gold: ${gold.labellers.join(", ")} on ${gold.gold} items` +
      (gold.noMajority > 0 ? ` (${gold.noMajority} without a majority left out)` : "") +
      `; ${rounds} bootstrap rounds, ${Math.round(confidence * 100)}% intervals`,
  );
  if (report.judges.length > 0) {
    parts.push(
      "",
      "Judges (accuracy pools both orders; PB: position bias, + favours the first shown)",
      textTable(
        [
          "judge",
          "n",
          "accuracy",
          "mean of orders",
          "both correct",
          "consistency",
          "PB",
          "macro-F1",
          "longer wins",
          "ECE",
          "unparsed",
        ],
        report.judges.map(({ judge, evaluation: { overall: o } }) => [
          judge,
          String(o.n),
          percent(o.accuracy),
          percent(o.accuracyMeanOfOrders),
          percent(o.bothCorrect),
          percent(o.position.consistency),
          decimal(o.position.positionBias),
          percent(o.classes.macroF1),
          o.length
            ? `${percent(o.length.judgeLongerWins)} (gold ${percent(o.length.goldLongerWins)})`
            : "-",
          o.calibration ? decimal(o.calibration.ece) : "-",
          String(o.judgements.unparsedInOrder + o.judgements.unparsedSwapped),
        ]),
      ),
    );
    const subsets = [
      ...new Set(report.judges.flatMap((j) => j.evaluation.subsets.map((s) => s.subset))),
    ];
    if (subsets.length > 1) {
      parts.push(
        "",
        "Accuracy per subset",
        textTable(
          ["subset", ...report.judges.map((j) => j.judge)],
          subsets.map((subset) => [
            subset,
            ...report.judges.map(({ evaluation }) => {
              const s = evaluation.subsets.find((x) => x.subset === subset);
              return s && s.n > 0 ? `${percent(s.accuracy)} (${s.n})` : "-";
            }),
          ]),
        ),
      );
    }
  }
  for (const { model, evaluation } of report.rewardModels) {
    const o = evaluation.overall;
    parts.push(
      "",
      `Reward model ${model}: accuracy ${percent(o.accuracy)} over ${o.n} decisive pairs, score ties ${percent(o.tieRate)}, unscored ${o.unscored}`,
    );
    if (evaluation.subsets.length > 1)
      parts.push(
        textTable(
          ["subset", "n", "accuracy"],
          evaluation.subsets.map((s) => [s.subset, String(s.n), percent(s.accuracy)]),
        ),
      );
    const rb = evaluation.rewardBench;
    if (rb)
      parts.push(
        `RewardBench v1: ${rb.overall === null ? "-" : (100 * rb.overall).toFixed(1)} overall; ${rb.sections
          .map((s) => `${s.name} ${s.score === null ? "-" : (100 * s.score).toFixed(1)}`)
          .join(", ")}`,
      );
  }
  if (report.unmatched.length > 0)
    parts.push(
      "",
      `no gold item labelled by: ${report.unmatched.join(", ")}` +
        (out.joinByContent
          ? " — their labels name no id and the gold's do, so they were never matched; --join content matches them by prompt and answers"
          : ""),
    );
  if (out.join.ambiguous > 0)
    parts.push(
      "",
      `note: ${out.join.ambiguous} labels without answers were left on items of their own: several items have their prompt and systems (with different answers)`,
    );
  if (out.join.unverifiedOrder > 0)
    parts.push(
      "",
      `note: ${out.join.unverifiedOrder} labels were joined by id alone, their order taken as the gold file's (no systems or responses to check it)`,
    );
  if (out.invalid > 0)
    parts.push("", `skipped ${out.invalid} invalid records:`, ...out.errors.map((e) => `  ${e}`));
  return `${parts.join("\n")}\n`;
}
