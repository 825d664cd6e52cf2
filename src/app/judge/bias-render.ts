/**
 * The bias report of a judge run as text lines (printed after every run) and as JSON
 * (`--format json`). Each rate comes with its Wilson interval and its counts — successes over
 * trials, and what the trials are — and, when the bootstrap ran, its interval over pairs; a rate
 * without trials says "n/a" and why. The human lines give the base rates the judge's rates are
 * to be read against (is the first-shown answer truly better that often?) and the agreement.
 */
import type { Interval } from "../../core/agreement/resample.js";
import type { Proportion } from "../../core/stats/wilson-interval.js";
import type { JudgeBiasReports, ListwiseJudgeBias, PairwiseJudgeBias } from "./bias.js";

const num = (x: number) => x.toFixed(3);

function rate(p: Proportion, trials: string, boot?: Interval | null): string {
  if (p.rate === null) return `n/a (no ${trials})`;
  const ci = `[${num(p.lower!)}, ${num(p.upper!)}]`;
  const b = boot ? `, bootstrap [${num(boot.lower)}, ${num(boot.upper)}]` : "";
  // Successes may be fractional (the humans' first-shown rate: ½ for a pair shown both ways).
  const successes = Number.isInteger(p.successes) ? p.successes : Number(p.successes.toFixed(2));
  return `${num(p.rate)} ${ci} (${successes}/${p.trials} ${trials}${b})`;
}

const line = (label: string, text: string) => `  ${label.padEnd(30)}${text}`;

function pairwiseLines(j: PairwiseJudgeBias): string[] {
  const { report: r, intervals: iv } = j;
  const family = j.family === undefined ? "" : ` (family ${j.family})`;
  const lines = [
    `judge ${j.judge}${family}: ${r.games} games, ${r.failed} failed, ${r.ties} ties`,
    line("first-position win rate", rate(r.firstPosition, "decisive games", iv?.firstPosition)),
    line(
      "swap inconsistency",
      rate(r.swapInconsistency, "pairs in both orders", iv?.swapInconsistency),
    ),
    line(
      "longer answer wins",
      rate(r.longerWins, "decisive games of unequal lengths", iv?.longerWins),
    ),
    line(
      "self-preference",
      j.family === undefined
        ? "n/a (the judge declares no family)"
        : rate(
            r.selfPreference,
            "decisive games of its family against another",
            iv?.selfPreference,
          ),
    ),
  ];
  if ("skipped" in j.bootstrap && r.games > 0)
    lines.push(`  (no bootstrap: ${j.bootstrap.skipped})`);
  const h = r.humans;
  if (h === null) {
    lines.push("  humans: no human label on these pairs");
    return lines;
  }
  lines.push(
    `  humans: ${h.items} labelled pairs, ${h.games} games`,
    line("  agreement with humans", rate(h.agreement, "games judged by both", iv?.agreement)),
    line(
      "  first-shown truly better",
      rate(h.firstPosition, "labelled pairs not tied, over the orders shown"),
    ),
    line("  longer truly better", rate(h.longerWins, "such pairs of unequal lengths")),
    line(
      "  judge's family truly better",
      rate(h.selfPreference, "such pairs of its family against another"),
    ),
  );
  return lines;
}

function listwiseLines(j: ListwiseJudgeBias): string[] {
  const chance = j.chance === null ? "" : `; chance ${num(j.chance)}`;
  return [
    `judge ${j.judge}: ${j.games} games, ${j.failed} failed`,
    line("first-shown ranked first", `${rate(j.firstShownFirst, "ranked games")}${chance}`),
  ];
}

/**
 * The report as lines of text, a header first.
 * @example renderBiasReports(reports).join("\n")
 */
export function renderBiasReports(reports: JudgeBiasReports): string[] {
  const pct = `${Math.round(reports.confidence * 100)}%`;
  if (reports.mode === "listwise") {
    return [
      `Bias report (listwise: position only; ${pct} Wilson intervals)`,
      ...reports.judges.flatMap(listwiseLines),
    ];
  }
  const { fromItems, fromProject } = reports.humanLabels;
  const humans =
    fromProject > 0
      ? `; human labels: ${fromItems} games from the items, ${fromProject} from the project`
      : "";
  return [
    `Bias report (pairwise; lengths in characters; ${pct} Wilson intervals, bootstrap over pairs${humans})`,
    ...reports.judges.flatMap(pairwiseLines),
  ];
}

/** The header a pointwise run prints: the report covers pairwise and listwise judges only. */
export const POINTWISE_BIAS_NOTE =
  "Bias report: position and length bias are measured for pairwise and listwise judges; this run is pointwise.";

/** The report as JSON (`--format json`): the same numbers, null where a rate has no trials. */
export function biasReportsJson(reports: JudgeBiasReports | null): Record<string, unknown> {
  if (reports === null) return { kind: "judge-bias", mode: "pointwise", judges: [] };
  return { kind: "judge-bias", ...reports };
}
