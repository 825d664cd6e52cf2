/**
 * The built server fits leaderboards on a worker thread (src/parallel); these tests, running
 * the TypeScript sources, fit on the calling thread. Both must give the same leaderboard: the
 * built server's answer is compared with an in-process fit over the same database.
 */
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { leaderboardQuery } from "../../src/api/index.js";
import { projectLeaderboard } from "../../src/server/leaderboard.js";
import { openStore } from "../../src/store/open-store.js";
import { api, roundRobinProject, startServer } from "./cli-server.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-lb-thread-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("gives the same leaderboard on the built server's worker thread as on the calling thread", async () => {
  const db = `sqlite:${join(dir, "lb.db")}`;
  const server = await startServer(db);
  const systems = ["alpha", "beta", "gamma", "delta"];
  try {
    await roundRobinProject(server, systems, 6);
    const served = await api(server, "GET", "/api/projects/t/leaderboard?bootstrap=300&seed=7");
    expect(served.status).toBe(200);
    server.child.kill("SIGTERM");
    await once(server.child, "exit");

    const store = await openStore(db);
    try {
      const query = leaderboardQuery.parse({ bootstrap: "300", seed: "7" });
      const local = await projectLeaderboard(store, "t", query, {
        version: String(served.body.prefkit),
        judgmentVersion: String(served.body.judgment_version),
      });
      expect(served.body.leaderboards).toEqual(local.leaderboards);
      const [board] = local.leaderboards;
      expect(board?.bootstrap.rounds).toBe(300);
      expect(board?.systems.map((s) => s.system)[0]).toBe("alpha");
    } finally {
      await store.close();
    }
  } finally {
    if (server.child.exitCode === null) server.child.kill("SIGKILL");
  }
});
