/**
 * A process running one job, for the SIGKILL test (kill.test.ts). Usage:
 *   node job-child.js URL JOB_ID LOG_FILE LEASE_MS
 * Its handler appends each item's key to LOG_FILE (synchronously) before returning, so the log
 * holds every item executed, committed or not.
 */
import { appendFileSync } from "node:fs";
import { runJobs } from "../../../src/jobs/runner.js";
import { openStore } from "../../../src/store/open-store.js";

const [url, jobId, log, leaseMs = "1500"] = process.argv.slice(2);
if (!url || !jobId || !log) throw new Error("usage: job-child URL JOB_ID LOG_FILE [LEASE_MS]");

const store = await openStore(url);
const result = await runJobs(store, {
  owner: `child:${process.pid}`,
  jobId,
  concurrency: 8,
  leaseMs: Number(leaseMs),
  pollMs: 100,
  handlers: [
    {
      kind: "kill-test",
      open: async () => async (item) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        appendFileSync(log, `${item.key}\n`);
        return { status: "done", result: item.key };
      },
    },
  ],
});
process.stdout.write(`${JSON.stringify({ ended: result.ended, done: result.job?.counts.done })}\n`);
await store.close();
