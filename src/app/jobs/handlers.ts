/**
 * The job handlers this prefkit runs, by kind: what `prefkit jobs resume` and `prefkit worker`
 * give the runner (jobs/runner.ts). Each use case that makes durable jobs adds its handler here.
 * Handlers must be idempotent in `complete` (the runner may call it again on a resume).
 */
import type { JobHandler } from "../../jobs/types.js";

export function jobHandlers(): JobHandler[] {
  return [];
}
