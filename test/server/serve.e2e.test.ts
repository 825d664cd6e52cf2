/**
 * `prefkit serve` as a process (the built CLI, as the other CLI suites run it): it prints the
 * admin key once, serves, and on SIGTERM finishes and exits 0. Loopback only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = join(ROOT, "dist/cli/main.js");
const built = existsSync(join(ROOT, "dist/cli/commands/serve.js"));
const dir = mkdtempSync(join(tmpdir(), "prefkit-serve-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [MAIN, "serve", "--port", "0", ...args], {
    cwd: dir,
    env: { ...process.env, PREFKIT_ADMIN_KEY: "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let text = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "serving" line: ${text}`)), 20_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const url = /serving (http:\/\/\S+)\/api /.exec(text)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, stderr: () => text, exited });
      }
    });
    exited.then((code) => reject(new Error(`exited ${code}: ${text}`)));
  });
}

describe.skipIf(!built)(
  `prefkit serve${built ? "" : " (skipped: run npm run build first)"}`,
  () => {
    it("prints a fresh admin key once, serves the demo, and exits 0 on SIGTERM", async () => {
      const db = `sqlite:${join(dir, "cli.db")}`;
      const first = await start(["--db", db, "--demo"]);
      const key = /admin key \(shown once\): (pk_\S+)/.exec(first.stderr())?.[1];
      expect(key).toBeDefined();
      const projects = await fetch(`${first.url}/api/projects`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(((await projects.json()) as { projects: { id: string }[] }).projects[0]?.id).toBe(
        "demo",
      );
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      expect(first.stderr()).toContain("SIGTERM: finishing requests in flight, then stopping");

      const second = await start(["--db", db]);
      expect(second.stderr()).not.toContain("admin key");
      second.child.kill("SIGINT");
      expect(await second.exited).toBe(0);
    });

    it("takes the admin key from PREFKIT_ADMIN_KEY", async () => {
      const db = `sqlite:${join(dir, "env.db")}`;
      const key = "pk_operator-key-for-the-test";
      const s = await start(["--db", db], { PREFKIT_ADMIN_KEY: key });
      expect(s.stderr()).not.toContain("admin key");
      const me = await fetch(`${s.url}/api/me`, { headers: { authorization: `Bearer ${key}` } });
      expect(((await me.json()) as { annotator: { role: string } }).annotator.role).toBe("admin");
      s.child.kill("SIGTERM");
      expect(await s.exited).toBe(0);
    });
  },
);
