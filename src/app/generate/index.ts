/**
 * Candidate generation (issue 13, item 3): prompts × systems × samples, with diversity options
 * (temperatures, seeds, NC sampling), as a durable job of kind "generate" whose output goes to
 * a dataset file or into a project. Written once for the CLI and workers.
 */
export { cacheKeyOf } from "./cached-call.js";
export { candidateId, type GeneratedCandidate, toCandidate } from "./candidates.js";
export {
  DEFAULT_ANSWER_TOKENS,
  estimateGeneration,
  type GenerationEstimate,
  type SystemEstimate,
} from "./estimate.js";
export { type GenerateHandlerDeps, generateHandler } from "./handler.js";
export {
  NC_PROMPT_VERSION,
  ncInstruction,
  ncSequentialInstruction,
  parseNcAnswer,
  withInstruction,
} from "./nc-prompt.js";
export {
  callsOf,
  candidatesOf,
  type DiversityOptions,
  dedupePrompts,
  type GenerateItemPayload,
  type GenerateMode,
  itemKey,
  type PlannedItem,
  planGeneration,
} from "./plan.js";
export { type PromptSet, readProjectPrompts, readPromptFiles } from "./read-prompts.js";
export { type GenerateItemResult, NC_PARSE_ATTEMPTS, runGenerateItem } from "./run-item.js";
export {
  GENERATE_KIND,
  type GenerateOutput,
  type GenerateSpec,
  generateSpecSchema,
  JobFingerprint,
  parseGenerateSpec,
} from "./spec.js";
export { catalogSystem, type OutputSummary, writeToFile, writeToProject } from "./write-output.js";
