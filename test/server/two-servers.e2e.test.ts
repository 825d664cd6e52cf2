/**
 * Two `prefkit serve` processes on one PostgreSQL database serve the same project
 * consistently: judgments sent to either are seen by both, an idempotency key sent to both at
 * once is stored once, and both give the same leaderboard.
 */
import { expect, it } from "vitest";
import { describeOnPostgres, postgresTarget } from "../store/postgres-target.js";
import { api, setUpProject, startServer, stoppedAfterAll } from "./cli-server.js";

const { servers, cleanups } = stoppedAfterAll();

const vote = (key: string, outcome: "a" | "b") => ({
  kind: "pairwise",
  prompt: "p1",
  a: "c1",
  b: "c2",
  outcome,
  idempotency_key: key,
});

await describeOnPostgres("two servers on one PostgreSQL", () => {
  it("see each other's judgments, store a key sent to both once, agree on the leaderboard", async () => {
    const target = await postgresTarget("two_servers");
    cleanups.push(target.drop);
    const first = await startServer(target.url);
    servers.push(first);
    const second = await startServer(target.url);
    servers.push(second);
    const project = await setUpProject(first);
    const path = `/api/projects/${project}/judgments`;
    // 60 keys, each sent to both servers at the same moment; a third of them say "b".
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, k) => {
        const body = vote(`k${k}`, k % 3 === 0 ? "b" : "a");
        return Promise.all([api(first, "POST", path, body), api(second, "POST", path, body)]);
      }),
    );
    for (const [x, y] of answers) {
      expect([x.status, y.status].sort()).toEqual(expect.arrayContaining([201]));
      expect((x.body.judgment as { id: string }).id).toBe((y.body.judgment as { id: string }).id);
    }
    const listed = await Promise.all(
      [first, second].map((s) => api(s, "GET", `${path}?limit=1000`)),
    );
    for (const l of listed) expect((l.body.judgments as unknown[]).length).toBe(60);
    const boards = await Promise.all(
      [first, second].map((s) =>
        api(s, "GET", `/api/projects/${project}/leaderboard?bootstrap=50&seed=3`),
      ),
    );
    const ratings = boards.map((b) => JSON.stringify(b.body.groups ?? b.body));
    expect(ratings[0]).toBe(ratings[1]);
    expect(ratings[0]).toContain("alpha");
  }, 60_000);
});
