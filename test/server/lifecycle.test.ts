/**
 * What happens around requests: body limits, failures inside the server, graceful shutdown
 * over a real socket (loopback only), and `serve()` from store URL to listening port.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { hashToken } from "../../src/server/auth.js";
import { serve } from "../../src/server/serve.js";
import type { Store } from "../../src/store/store.js";
import { bearer, json, setup } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A store whose every method can be swapped, for failures and slow writes. */
function wrap(store: Store, overrides: Partial<Store>): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const own = (overrides as Record<PropertyKey, unknown>)[key];
      if (own !== undefined) return own;
      const value = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("body limits", () => {
  it("holds JSON bodies and dataset imports to their own limits", async () => {
    const f = await setup();
    const app = await buildApp({ store: f.store, bodyLimit: 200, importBodyLimit: 400 });
    try {
      const line = `${JSON.stringify({ prompt: "q", chosen: "a", rejected: "b" })}\n`;
      const importLines = (count: number) =>
        app.inject({
          method: "POST",
          url: "/api/projects/p2/import",
          headers: { ...bearer(f.tokens.admin), "content-type": "application/x-ndjson" },
          payload: line.repeat(count),
        });
      expect((await importLines(5)).statusCode).toBe(201);
      expect((await importLines(20)).statusCode).toBe(413);
      const vote = await app.inject({
        method: "POST",
        url: "/api/projects/p1/judgments",
        headers: bearer(f.tokens.admin),
        payload: {
          kind: "binary",
          prompt: "p0",
          candidate: "c0-0",
          approved: true,
          rationale: "x".repeat(300),
        },
      });
      expect(vote.statusCode).toBe(413);
      expect(json(vote).error.code).toBe("body_too_large");
    } finally {
      await app.close();
      await f.close();
    }
  });
});

describe("failures inside the server", () => {
  it("answers a bug with a generic 500 that leaks no stack or message", async () => {
    const f = await setup();
    try {
      const broken = wrap(f.store, {
        listProjects: async () => {
          throw new Error("secret connection string postgres://u:pw@db");
        },
      });
      const app = await buildApp({ store: broken });
      const r = await app.inject({ url: "/api/projects", headers: bearer(f.tokens.admin) });
      expect(r.statusCode).toBe(500);
      expect(json(r)).toEqual({
        error: { code: "internal", message: "internal error (see the server log)" },
      });
      await app.close();
    } finally {
      await f.close();
    }
  });
});

describe("graceful shutdown", () => {
  it("lets an in-flight vote finish and be acknowledged before closing", async () => {
    const f = await setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const slow = wrap(f.store, {
      addJudgments: async (projectId, judgments) => {
        entered();
        await gate;
        return f.store.addJudgments(projectId, judgments);
      },
    });
    const app = await buildApp({ store: slow });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as { port: number };
    try {
      const request = fetch(`http://127.0.0.1:${port}/api/projects/p1/judgments`, {
        method: "POST",
        // As the admin, who names candidates by id (annotators use their tasks' handles).
        headers: { ...bearer(f.tokens.admin), "content-type": "application/json" },
        body: JSON.stringify({ kind: "binary", prompt: "p0", candidate: "c0-0", approved: true }),
      });
      await inside;
      let closed = false;
      const closing = app.close().then(() => {
        closed = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closed).toBe(false);
      release();
      const response = await request;
      expect(response.status).toBe(201);
      await closing;
      expect(closed).toBe(true);
      expect(await f.store.listJudgments("p1")).toHaveLength(1);
    } finally {
      release();
      await f.close();
    }
  });
});

describe("serve()", () => {
  it("migrates, prints a fresh admin key once, seeds the demo, listens and closes", async () => {
    const db = `sqlite:${join(dir, "serve.db")}`;
    const printed: string[] = [];
    const demo = {
      canonical: readFileSync(new URL("../../examples/canonical-demo.jsonl", import.meta.url)),
      arena: readFileSync(new URL("../../examples/arena-demo.jsonl", import.meta.url)),
    };
    const options = {
      db,
      port: 0,
      host: "127.0.0.1",
      print: (l: string) => printed.push(l),
      signals: false,
      demo,
      // The sources run here, not the build: no compiled worker script to start.
      fits: { workers: false },
    };
    const server = await serve(options);
    const key = /admin key \(shown once\): (pk_\S+)/.exec(printed.join("\n"))?.[1];
    expect(key).toBeDefined();
    expect(printed).toContain('prefkit: seeded the demo project "demo"');
    // A link to vote with: the demo annotator's token, which signs in as an annotator of "demo".
    const link = /vote in the demo arena \(link shown once\): (\S+)/.exec(printed.join("\n"))?.[1];
    expect(link?.startsWith(`${server.url}/#token=pk_`)).toBe(true);
    const demoToken = decodeURIComponent(link!.split("#token=")[1]!);
    const me = await fetch(`${server.url}/api/me`, { headers: bearer(demoToken) });
    expect(((await me.json()) as { annotator: unknown }).annotator).toMatchObject({
      role: "annotator",
      projects: ["demo"],
    });
    const health = await fetch(`${server.url}/api/health`);
    expect(await health.json()).toEqual({ ok: true });
    const systems = new Set<string>();
    for await (const entry of server.store.exportEntries("demo")) {
      if (entry.type === "candidate") systems.add(entry.candidate.systemId);
    }
    expect(systems).toContain("gpt-4o");
    for (let i = 0; i < 20; i++) {
      const task = await fetch(`${server.url}/api/projects/demo/tasks/next`, {
        headers: bearer(key!),
      });
      expect(task.status).toBe(200);
      const text = (await task.text()).toLowerCase();
      // The example's own candidate ids ("c-capital-gpt") would name their systems.
      for (const system of systems) expect(text).not.toContain(system.toLowerCase());
      expect(text).not.toMatch(/"id":"c-/);
    }
    const board = await fetch(`${server.url}/api/projects/demo/leaderboard?bootstrap=10`, {
      headers: bearer(key!),
    });
    expect(((await board.json()) as { leaderboards: unknown[] }).leaderboards).toHaveLength(1);
    await server.close();
    await server.closed;

    printed.length = 0;
    const again = await serve(options);
    expect(printed.join("\n")).not.toMatch(/admin key|seeded|demo arena/);
    expect(await again.store.findAnnotatorByTokenHash(hashToken(key!))).toBeDefined();
    await again.close();
  });

  it("refuses a store URL it does not know", async () => {
    await expect(
      serve({ db: "mysql://x", port: 0, host: "127.0.0.1", print: () => {}, signals: false }),
    ).rejects.toMatchObject({
      code: "usage",
      message: expect.stringMatching(/^unsupported store URL "mysql:\/\/x"/),
    });
  });
});
