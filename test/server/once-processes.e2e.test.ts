/**
 * "Once" across processes: three `prefkit serve` processes on one database (a SQLite file,
 * and a PostgreSQL schema) receive 30 copies of one annotator's vote at the same moment. The
 * red-team pass stored 30 on PostgreSQL and 2 on one SQLite file; the rule is now a database
 * constraint (judged_tasks), so exactly one is stored and the others are 409, in an arena (one
 * vote per prompt) and in a queue (one vote per pair).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { postgresProblem, postgresTarget } from "../store/postgres-target.js";
import { api, setUpProject, startServer, stoppedAfterAll } from "./cli-server.js";

const problem = await postgresProblem();
const required = process.env.PREFKIT_REQUIRE_POSTGRES === "1";
const { servers, cleanups } = stoppedAfterAll();

/** 30 copies of the annotator's vote on their next pair, spread over the servers at once. */
async function thirtyAtOnce(db: string, mode: "arena" | "queue") {
  const started = await Promise.all([startServer(db), startServer(db), startServer(db)]);
  servers.push(...started);
  const first = started[0];
  const project = await setUpProject(first);
  expect(
    (await api(first, "PATCH", `/api/projects/${project}`, { settings: { mode } })).status,
  ).toBe(200);
  const invited = await api(first, "POST", "/api/annotators", {
    name: "eager",
    role: "annotator",
    projects: [project],
  });
  const token = invited.body.token as string;
  const next = await api(first, "GET", `/api/projects/${project}/tasks/next`, undefined, token);
  expect(next.status).toBe(200);
  const task = next.body.task as {
    prompt: { id: string };
    candidates: { id: string }[];
  };
  const vote = {
    kind: "pairwise",
    prompt: task.prompt.id,
    a: task.candidates[0]!.id,
    b: task.candidates[1]!.id,
    outcome: "a",
  };
  const answers = await Promise.all(
    Array.from({ length: 30 }, (_, k) =>
      api(started[k % 3]!, "POST", `/api/projects/${project}/judgments`, vote, token),
    ),
  );
  const listed = await api(first, "GET", `/api/projects/${project}/judgments?limit=100`);
  return { statuses: answers.map((a) => a.status), stored: (listed.body.judgments as []).length };
}

describe("30 identical votes at once over three processes on one SQLite file", () => {
  for (const mode of ["arena", "queue"] as const) {
    it(`stores one in ${mode === "arena" ? "an arena" : "a queue"}`, async () => {
      const dir = await mkdtemp(join(tmpdir(), "prefkit-once-"));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const { statuses, stored } = await thirtyAtOnce(`sqlite:${join(dir, "once.db")}`, mode);
      expect(stored).toBe(1);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    }, 60_000);
  }
});

describe.skipIf(problem !== undefined && !required)(
  `30 identical votes at once over three processes on one PostgreSQL${problem ? ` (skipped: ${problem})` : ""}`,
  () => {
    for (const mode of ["arena", "queue"] as const) {
      it(`stores one in ${mode === "arena" ? "an arena" : "a queue"}`, async () => {
        const target = await postgresTarget(`once_${mode}`);
        cleanups.push(target.drop);
        const { statuses, stored } = await thirtyAtOnce(target.url, mode);
        expect(stored).toBe(1);
        expect(statuses.filter((s) => s === 201)).toHaveLength(1);
        expect(statuses.filter((s) => s === 409)).toHaveLength(29);
      }, 60_000);
    }
  },
);
