/**
 * A job run killed with SIGKILL mid-run and run again, on both dialects: every item ends done
 * exactly once, and no item whose outcome had committed before the kill is executed again
 * (the handler's log of executions is compared with the store).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BuiltChild, buildChild } from "../store/child/build-child.js";
import { describeStore } from "../store/fixture.js";

const ITEMS = 3000;
let child: BuiltChild;
let dir: string;
beforeAll(() => {
  child = buildChild({
    trees: ["src/core", "src/formats", "src/store", "src/jobs", "test/jobs/child"],
    entry: "test/jobs/child/job-child.ts",
  });
  dir = mkdtempSync(join(tmpdir(), "prefkit-kill-"));
}, 60_000);
afterAll(() => {
  child?.remove();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];

function start(url: string, jobId: string, log: string) {
  const proc = spawn(process.execPath, [child.entry, url, jobId, log, "1500"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (chunk) => (stdout += String(chunk)));
  proc.stderr.on("data", (chunk) => (stderr += String(chunk)));
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    proc.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { proc, exit, out: () => stdout, err: () => stderr };
}

describeStore("a job killed with SIGKILL and run again", (fx) => {
  it("ends with every item done once, and nothing committed executed again", async () => {
    const { job } = await fx.store.createJob({
      kind: "kill-test",
      fingerprint: fx.dialect,
      spec: {},
    });
    await fx.store.addJobItems(
      job.id,
      Array.from({ length: ITEMS }, (_, i) => ({
        key: `k${String(i).padStart(5, "0")}`,
        payload: i,
      })),
    );
    const log1 = join(dir, `${fx.dialect}-1.log`);
    const log2 = join(dir, `${fx.dialect}-2.log`);

    const first = start(fx.url, job.id, log1);
    for (let i = 0; i < 600 && lines(log1).length < ITEMS / 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    first.proc.kill("SIGKILL");
    const killed = await first.exit;
    expect(killed.signal, first.err()).toBe("SIGKILL");

    const committed = new Set(
      (await fx.store.listItems(job.id, { status: "done", limit: ITEMS })).map((i) => i.key),
    );
    const executedBefore = lines(log1);
    expect(committed.size).toBeGreaterThan(0);
    expect(committed.size).toBeLessThan(ITEMS);
    // Everything committed was executed; some executed items had not committed yet.
    expect([...committed].every((k) => executedBefore.includes(k))).toBe(true);

    const second = start(fx.url, job.id, log2);
    const done = await second.exit;
    expect(done.code, second.err()).toBe(0);
    expect(JSON.parse(second.out())).toEqual({ ended: "finished", done: ITEMS });

    const executedAfter = lines(log2);
    expect(executedAfter.filter((k) => committed.has(k))).toEqual([]);
    expect(new Set(executedAfter).size).toBe(executedAfter.length);
    expect(executedAfter.length).toBe(ITEMS - committed.size);

    const final = await fx.store.getJob(job.id);
    expect(final?.status).toBe("done");
    expect(final?.counts).toMatchObject({ total: ITEMS, done: ITEMS, pending: 0, leased: 0 });
    const stored = await fx.store.listItems(job.id, { limit: ITEMS });
    expect(stored.every((i) => i.status === "done" && i.result === i.key)).toBe(true);
    console.log(
      `${fx.dialect}: killed after ${committed.size} committed (${executedBefore.length} executed); the second run executed ${executedAfter.length}`,
    );
  });
});
