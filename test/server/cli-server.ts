/**
 * `prefkit serve` as a real process (the built CLI in dist/), for tests that kill or run
 * several servers: start one on a database, talk to it as the admin, set up a small project.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

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
