// Several judges side by side: each judge's table is evaluated with the same options (and seed),
// and a flat comparison row per judge is offered for tables and charts.
import {
  type EvaluateVerdictsOptions,
  evaluateVerdicts,
  type VerdictEvaluation,
} from "./evaluate-verdicts.js";
import type { Estimate, VerdictTable } from "./types.js";

export interface JudgeEvaluation {
  readonly judge: string;
  readonly evaluation: VerdictEvaluation;
}

/** One row per judge of the headline overall figures (null where undefined). */
export interface JudgeSummaryRow {
  readonly judge: string;
  readonly n: number;
  readonly accuracy: Estimate | null;
  readonly accuracyMeanOfOrders: Estimate | null;
  readonly consistency: Estimate | null;
  readonly positionBias: Estimate | null;
  readonly macroF1: Estimate | null;
  readonly judgeLongerWins: Estimate | null;
  readonly ece: Estimate | null;
  readonly unparsed: number;
}

/**
 * Evaluates each named judge's table (tables may differ in size and subsets).
 * @example evaluateJudges([{ judge: "gpt-4", table: t1 }, { judge: "llama", table: t2 }], { seed: 1 })
 * @throws RangeError on a duplicate judge name, and as `evaluateVerdicts`.
 */
export function evaluateJudges(
  judges: readonly { readonly judge: string; readonly table: VerdictTable }[],
  options: EvaluateVerdictsOptions = {},
): JudgeEvaluation[] {
  const names = new Set<string>();
  for (const { judge } of judges) {
    if (names.has(judge)) throw new RangeError(`judge ${judge} is given twice`);
    names.add(judge);
  }
  return judges.map(({ judge, table }) => ({
    judge,
    evaluation: evaluateVerdicts(table, options),
  }));
}

/** The overall headline figures of each judge, in the order given. */
export function judgeSummary(evaluations: readonly JudgeEvaluation[]): JudgeSummaryRow[] {
  return evaluations.map(({ judge, evaluation: { overall } }) => ({
    judge,
    n: overall.n,
    accuracy: overall.accuracy,
    accuracyMeanOfOrders: overall.accuracyMeanOfOrders,
    consistency: overall.position.consistency,
    positionBias: overall.position.positionBias,
    macroF1: overall.classes.macroF1,
    judgeLongerWins: overall.length?.judgeLongerWins ?? null,
    ece: overall.calibration?.ece ?? null,
    unparsed: overall.judgements.unparsedInOrder + overall.judgements.unparsedSwapped,
  }));
}
