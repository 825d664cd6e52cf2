/**
 * A leaderboard fit stops when its clients go: the built server (worker threads), sixteen
 * `bootstrap=10000` requests with different seeds, all abandoned — the process must go quiet
 * within a moment, where it used to keep every core busy for 40 s (a worker per request, never
 * stopped). CPU time is read from /proc (Linux; skipped elsewhere).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, api, roundRobinProject, startServer } from "./cli-server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const built = existsSync(join(ROOT, "dist/parallel/bootstrap-worker.js"));
const proc = existsSync("/proc/self/stat");
const dir = mkdtempSync(join(tmpdir(), "prefkit-fit-cancel-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** User + system CPU seconds of a process so far (all its threads). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of stat; here counted from field 3 (state).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const SYSTEMS = Array.from({ length: 16 }, (_, i) => `system-${i}`);

const skip = !built ? "run npm run build first" : !proc ? "no /proc" : undefined;

describe.skipIf(skip !== undefined)(`fit cancellation${skip ? ` (skipped: ${skip})` : ""}`, () => {
  it("stops fitting within a moment when every client has gone", async () => {
    const server = await startServer(`sqlite:${join(dir, "cancel.db")}`);
    const pid = server.child.pid!;
    try {
      await roundRobinProject(server, SYSTEMS, 4);

      const clients = Array.from({ length: 16 }, () => new AbortController());
      const requests = clients.map((client, seed) =>
        fetch(`${server.url}/api/projects/t/leaderboard?bootstrap=10000&seed=${seed}`, {
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
          signal: client.signal,
        }).then(
          (r) => r.status,
          (error: Error) => error.name,
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const busy = cpuSeconds(pid);
      for (const client of clients) client.abort();
      const outcomes = await Promise.all(requests);
      // Gone before their answers (or refused at once as busy).
      expect(outcomes.every((o) => o === "AbortError" || o === 503)).toBe(true);
      // A moment to stop; then the process must be idle.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = cpuSeconds(pid);
      expect(before).toBeGreaterThan(busy - 1); // sanity: the counter moves forwards
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const spent = cpuSeconds(pid) - before;
      expect(spent).toBeLessThan(0.3);
      // And it still answers.
      const small = await api(server, "GET", "/api/projects/t/leaderboard?bootstrap=20");
      expect(small.status).toBe(200);
    } finally {
      server.child.kill("SIGKILL");
    }
  });
});
