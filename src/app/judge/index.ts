/**
 * LLM judges as durable jobs (issue 14): questions from an input, the plan (pairs in both orders
 * or one, listwise permutations, pointwise answers), the item runner and the "judge" job handler,
 * the dry-run estimate. The contract every part shares is types.ts.
 */

export { type JudgeBiasReports, judgeBiasReports } from "./bias.js";
export { biasReportsJson, renderBiasReports } from "./bias-render.js";
export { judgeItemCostBound } from "./cost-bound.js";
export { estimateJudging, type JudgingEstimate } from "./estimate.js";
export { type JudgeHandlerDeps, judgeHandler } from "./handler.js";
export { type JudgeInputs, judgeQuestions } from "./judge-inputs.js";
export { groupKey, judgeItemKey } from "./keys.js";
export { type JudgePlanOptions, type PlannedJudgeItem, planJudging } from "./plan.js";
export { emptyPlanCounts, type JudgePlanCounts } from "./plan-counts.js";
export type { InputPair, JudgeQuestion, QuestionCandidate } from "./questions.js";
export { readJudgeInputFiles, readJudgeInputProject } from "./read-inputs.js";
export { judgeMessages } from "./render-item.js";
export { type JudgeItemContext, MAX_RAW_CHARS, runJudgeItem } from "./run-item.js";
export { type Pair, selectPairs } from "./select-pairs.js";
export { JobFingerprint, judgeSpecSchema, MAX_PARSE_ATTEMPTS, parseJudgeSpec } from "./spec.js";
export * from "./types.js";
export { JudgeOutputError, type JudgeOutputSummary, writeJudgeOutput } from "./write-output.js";
