/** Judge templates: the model, built-ins, user files, rendering and verdict parsing. */
export {
  ALPACA_EVAL,
  ARENA_HARD,
  BUILTIN_TEMPLATES,
  builtinTemplate,
  LISTWISE,
  MT_BENCH_PAIRWISE,
  MT_BENCH_SINGLE,
  MT_BENCH_SINGLE_MULTITURN,
  MT_BENCH_SINGLE_REFERENCE,
  PAIRWISE_JSON,
  PRD_PAIRWISE,
} from "./builtin.js";
export { type ParseVerdictOptions, parseVerdict } from "./parse-verdict.js";
export {
  placeholdersOf,
  renderTemplate,
  type TemplateValue,
  type TemplateValues,
} from "./render.js";
export {
  DOUBLE_BRACKETS,
  type JudgeTemplateFile,
  judgeTemplateSchema,
  loadJudgeTemplate,
  parseJudgeTemplate,
} from "./template-file.js";
export * from "./types.js";
