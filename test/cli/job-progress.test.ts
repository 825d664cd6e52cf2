/** The job progress line: its wording, and how often it is written on a terminal and a log. */
import { expect, it } from "vitest";
import { compact, duration, JobProgress, jobProgressLine } from "../../src/cli/job-progress.js";
import type { RunProgress } from "../../src/jobs/types.js";
import type { JobRecord } from "../../src/store/store.js";

const job = (
  over: { done?: number; failed?: number; cost?: number | null; cached?: number } = {},
) =>
  ({
    id: "j1",
    kind: "generate",
    fingerprint: "f",
    status: "running",
    spec: {},
    createdAt: "",
    updatedAt: "",
    counts: {
      total: 5000,
      pending: 3000,
      leased: 0,
      done: over.done ?? 1231,
      failed: over.failed ?? 3,
      cancelled: 0,
    },
    usage: {
      inputTokens: 1_000_000,
      outputTokens: 234_567,
      cost: over.cost === undefined ? 0.4213 : over.cost,
      cached: over.cached ?? 120,
      calls: 1300,
    },
  }) satisfies JobRecord;

const progress = (j: JobRecord, rate = 41.23, eta: number | null = 91): RunProgress => ({
  job: j,
  rate,
  etaSeconds: eta,
});

it("jobProgressLine says done/total, rate, ETA, tokens, cost, failures and cache hits", () => {
  expect(jobProgressLine(progress(job()))).toMatchInlineSnapshot(
    `"generate 1,234/5,000 (24%) · 41.2/s · ETA 1m31s · 1.2M tokens · $0.42 · 3 failed · 120 cached"`,
  );
  expect(
    jobProgressLine(progress(job({ done: 0, failed: 0, cost: null, cached: 0 }), 0, null)),
  ).toMatchInlineSnapshot(`"generate 0/5,000 (0%) · 0.0/s · ETA ? · 1.2M tokens"`);
});

it("durations and counts read short", () => {
  expect([0, 45, 91, 3600 + 5 * 60 + 9].map(duration)).toEqual(["0s", "45s", "1m31s", "1h05m"]);
  expect([999, 45_300, 1_234_567, 2e9].map(compact)).toEqual(["999", "45.3k", "1.2M", "2.0G"]);
});

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (s: string) => written.push(s) > 0 } };
}

it("writes at most every 100 ms on a terminal, every 2 s to a log, and nothing when disabled", () => {
  let now = 0;
  const tty = sink(true);
  const live = new JobProgress(true, tty.stream as never, () => now);
  for (now = 0; now < 1000; now += 10) live.update(progress(job()));
  expect(tty.written).toHaveLength(10);
  expect(tty.written[0]?.startsWith("\r\x1b[2Kgenerate ")).toBe(true);
  live.done();
  expect(tty.written.at(-1)).toBe("\r\x1b[2K");

  const log = sink(false);
  const lines = new JobProgress(true, log.stream as never, () => now);
  for (now = 0; now < 5000; now += 10) lines.update(progress(job()));
  expect(log.written).toHaveLength(3);
  expect(log.written.every((l) => l.endsWith("\n") && !l.includes("\r"))).toBe(true);

  const off = sink(true);
  new JobProgress(false, off.stream as never, () => now).update(progress(job()));
  expect(off.written).toEqual([]);
});
