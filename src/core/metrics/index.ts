/** Judge, reward-model and win-rate metrics (methods.md §B1, §B2, §B10, §B11, §D5). */

export { arenaHardBattleScores } from "./arena-hard-labels.js";
export { type ArenaHardOptions, type ArenaHardRow, arenaHardScore } from "./arena-hard-score.js";
export type { CalibrationMetrics, ReliabilityBin } from "./calibration.js";
export { checkVerdictTable } from "./check-verdict-table.js";
export {
  evaluateJudges,
  type JudgeEvaluation,
  type JudgeSummaryRow,
  judgeSummary,
} from "./evaluate-judges.js";
export {
  evaluateRewardModel,
  type RewardModelEvaluation,
  type RewardModelMetrics,
  type RewardModelOptions,
  type RewardModelTable,
} from "./evaluate-reward-model.js";
export {
  type EvaluateVerdictsOptions,
  evaluateVerdicts,
  type VerdictEvaluation,
} from "./evaluate-verdicts.js";
export { fitL1Logistic, type L1LogisticProblem } from "./l1-logistic.js";
export {
  DEFAULT_CS,
  type LengthControlled,
  type LengthControlledError,
  type LengthControlledInput,
  type LengthControlledOptions,
  lengthControlledWinRate,
} from "./length-controlled-win-rate.js";
export { normalQuantile } from "./normal-quantile.js";
export { type RewardBenchScore, rewardBenchScore } from "./rewardbench-score.js";
export { REWARDBENCH_V1, type RewardBenchSections } from "./rewardbench-v1.js";
export type * from "./types.js";
export type { VerdictMetrics } from "./verdict-metrics.js";
export { fromAlpacaEvalPreference, type WinRate, winRate } from "./win-rate.js";
