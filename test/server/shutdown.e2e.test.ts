/**
 * SIGTERM without resetting anyone: `prefkit serve` (the built CLI, a real process) stops
 * taking connections, and a request that still arrives on an open keep-alive connection gets a
 * 503 in the API's error shape with `Connection: close` — not a reset connection (the client
 * cannot tell whether a reset request was done) and not fastify's own 503 body.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ADMIN_KEY } from "./cli-server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = join(ROOT, "dist/cli/main.js");
const built = existsSync(MAIN);
const dir = mkdtempSync(join(tmpdir(), "prefkit-shutdown-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  status?: number;
  connection?: string | undefined;
  body?: string;
  error?: string;
}

function get(agent: http.Agent, url: string): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    request.on("response", (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on("end", () =>
        resolve({ status: response.statusCode!, connection: response.headers.connection, body }),
      );
    });
    request.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message }),
    );
  });
}

function start(db: string): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [MAIN, "serve", "--db", db, "--port", "0"], {
    env: { ...process.env, PREFKIT_ADMIN_KEY: ADMIN_KEY },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let text = "";
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const url = /serving (http:\/\/\S+)\/api /.exec(text)?.[1];
      if (url) resolve({ child, url, stderr: () => text });
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${text}`)));
  });
}

describe.skipIf(!built)(`SIGTERM${built ? "" : " (skipped: run npm run build first)"}`, () => {
  it("answers requests on open keep-alive connections with the API's 503, never a reset", async () => {
    const server = await start(`sqlite:${join(dir, "drain.db")}`);
    const exited = new Promise<number | null>((resolve) => server.child.on("exit", resolve));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    try {
      // Four open connections, idle in the agent's pool.
      const warm = await Promise.all(
        [1, 2, 3, 4].map(() => get(agent, `${server.url}/api/health`)),
      );
      expect(warm.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      server.child.kill("SIGTERM");
      while (!server.stderr().includes("SIGTERM: finishing")) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const answers = await Promise.all(
        [1, 2, 3, 4].map(() => get(agent, `${server.url}/api/projects`)),
      );
      for (const answer of answers) {
        expect(answer.error).toBeUndefined();
        expect(answer.status).toBe(503);
        expect(answer.connection).toBe("close");
        expect(JSON.parse(answer.body!)).toEqual({
          error: { code: "unavailable", message: "the server is shutting down" },
        });
      }
      expect(await exited).toBe(0);
    } finally {
      agent.destroy();
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
    }
  });
});
