/** Durable jobs over the store: the runner and the handler contract it runs. */
export { noHandler, runJobs } from "./runner.js";
export {
  FatalJobError,
  type HandlerOutcome,
  type JobContext,
  type JobHandler,
  type RunOptions,
  type RunProgress,
  type RunResult,
} from "./types.js";
