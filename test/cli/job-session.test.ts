/**
 * Taking back a stopped run's leases before a session runs, on both dialects: the items of a dead
 * process on this machine become pending at once (with a line saying so); a live local
 * process's items and another machine's stay leased.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { expect, it } from "vitest";
import { processAlive, takeBackStoppedLeases } from "../../src/cli/commands/job-session.js";
import { describeStore } from "../store/fixture.js";

/** The pid of a process that has exited (and been reaped): nothing runs under it now. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ["-e", ""]);
  expect(run.status).toBe(0);
  return run.pid!;
}

it("processAlive: this process and pid 1 are alive (EPERM counts as alive), an exited one is not", () => {
  expect(processAlive(process.pid)).toBe(true);
  expect(processAlive(1)).toBe(true);
  expect(processAlive(deadPid())).toBe(false);
});

describeStore("taking back a stopped run's leases", (fx) => {
  it("releases a dead local owner's items only, and says how many", async () => {
    const { job } = await fx.store.createJob({ kind: "t", fingerprint: randomUUID(), spec: {} });
    await fx.store.addJobItems(
      job.id,
      Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, payload: i })),
    );
    const dead = deadPid();
    const here = hostname();
    const claim = (owner: string, limit: number) =>
      fx.store.claimItems({ owner, limit, leaseMs: 60_000, jobId: job.id });
    await claim(`${here}:${dead}:aa`, 4);
    await claim(`${here}:${process.pid}:bb`, 2);
    await claim(`not-${here}:${dead}:cc`, 3);
    const lines: string[] = [];
    expect(await takeBackStoppedLeases(fx.store, job.id, (l) => lines.push(l))).toBe(4);
    expect(lines).toEqual([`took back 4 items from a stopped run (pid ${dead})`]);
    expect((await fx.store.getJob(job.id))?.counts).toMatchObject({ pending: 5, leased: 5 });
    expect((await fx.store.leaseOwners(job.id)).sort()).toEqual(
      [`${here}:${process.pid}:bb`, `not-${here}:${dead}:cc`].sort(),
    );
    // Nothing left to take back: no line.
    expect(await takeBackStoppedLeases(fx.store, job.id, (l) => lines.push(l))).toBe(0);
    expect(lines).toHaveLength(1);
  });
});
