/** Durable jobs over the store: the runner and the handler contract it runs. */
export {
  formatLeaseOwner,
  type LeaseOwner,
  parseLeaseOwner,
  type StoppedOwner,
  stoppedLocalOwners,
} from "./lease-owner.js";
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
