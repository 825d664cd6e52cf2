/**
 * `prefkit serve` as a real process (the built CLI in dist/), for tests that kill or run
 * several servers: start one on a database, talk to it as the admin, set up a small project.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = join(ROOT, "dist/cli/main.js");
export const ADMIN_KEY = "pk_crash_test_admin_key_0123456789abcdef";

export interface CliServer {
  child: ChildProcess;
  url: string;
}

/** `prefkit serve` on `db`, with `flags` added to its command line. */
export function startServer(db: string, flags: readonly string[] = []): Promise<CliServer> {
  const child = spawn(
    process.execPath,
    [
      MAIN,
      "serve",
      "--db",
      db,
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--rate-limit",
      "100000000",
      ...flags,
    ],
    { env: { ...process.env, PREFKIT_ADMIN_KEY: ADMIN_KEY }, stdio: ["ignore", "ignore", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let text = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const match = /serving (http:\/\/\S+)\/api/.exec(text);
      if (match) resolve({ child, url: match[1]! });
    });
    child.on("exit", (code) =>
      reject(new Error(`server exited (${code}) before serving: ${text}`)),
    );
  });
}

/** A request to the server, as the admin unless another token is given; the JSON answer. */
export async function api(
  server: CliServer,
  method: string,
  path: string,
  body?: unknown,
  token = ADMIN_KEY,
) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

export async function setUpProject(server: CliServer): Promise<string> {
  const project = await api(server, "POST", "/api/projects", { name: "crash" });
  expect(project.status).toBe(201);
  const id =
    (project.body.project as { id: string } | undefined)?.id ?? (project.body.id as string);
  const prompt = { id: "p1", messages: [{ role: "user", content: "Which is better?" }] };
  expect((await api(server, "POST", `/api/projects/${id}/prompts`, [prompt])).status).toBe(201);
  const candidate = (cid: string, system: string) => ({
    id: cid,
    prompt: "p1",
    system,
    messages: [{ role: "assistant", content: `answer of ${system}` }],
  });
  const added = await api(server, "POST", `/api/projects/${id}/candidates`, [
    candidate("c1", "alpha"),
    candidate("c2", "beta"),
  ]);
  expect(added.status).toBe(201);
  return id;
}

/**
 * What a test file started, undone after its last test: servers are killed, then every
 * cleanup (a dropped schema, a removed directory) runs.
 */
export function stoppedAfterAll(): { servers: CliServer[]; cleanups: (() => Promise<void>)[] } {
  const started = { servers: [] as CliServer[], cleanups: [] as (() => Promise<void>)[] };
  afterAll(async () => {
    for (const s of started.servers) s.child.kill("SIGTERM");
    await Promise.all(started.cleanups.map((c) => c()));
  });
  return started;
}

/**
 * Project "t" on `server`: `prompts` prompts p0…, each answered by every system (candidate
 * `<prompt>-<system>`), and every pair of systems judged once on every prompt — the earlier
 * system in `systems` winning two times in three.
 */
export async function roundRobinProject(
  server: CliServer,
  systems: readonly string[],
  promptCount: number,
): Promise<void> {
  expect((await api(server, "POST", "/api/projects", { id: "t", name: "t" })).status).toBe(201);
  const prompts = Array.from({ length: promptCount }, (_, i) => ({
    id: `p${i}`,
    messages: [{ role: "user", content: `Question ${i}` }],
  }));
  expect((await api(server, "POST", "/api/projects/t/prompts", prompts)).status).toBe(201);
  const candidates = prompts.flatMap((p) =>
    systems.map((s) => ({
      id: `${p.id}-${s}`,
      prompt: p.id,
      system: s,
      messages: [{ role: "assistant", content: `${s} on ${p.id}` }],
    })),
  );
  expect((await api(server, "POST", "/api/projects/t/candidates", candidates)).status).toBe(201);
  const judgments = prompts.flatMap((p, i) =>
    systems.flatMap((a, x) =>
      systems.slice(x + 1).map((b, y) => ({
        kind: "pairwise",
        prompt: p.id,
        a: `${p.id}-${a}`,
        b: `${p.id}-${b}`,
        outcome: (i + x + y) % 3 === 0 ? "b" : "a",
      })),
    ),
  );
  expect((await api(server, "POST", "/api/projects/t/judgments", { judgments })).status).toBe(201);
}
