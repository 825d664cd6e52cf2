/**
 * Rate limits that do not hurt bystanders: requests are counted per token, failed sign-ins per
 * address, and the web UI's files and `/api/health` are never limited — so a client hammering
 * the API with a bad token cannot lock out the others behind the same address (a NAT, an
 * office, a reverse proxy).
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { DEFAULT_WEB_ROOT } from "../../src/server/web-ui.js";
import { bearer, json, sharedFixture } from "./helpers.js";

const built = existsSync(join(DEFAULT_WEB_ROOT, "index.html"));

/** GET /api/projects with `token`: the request every limit here counts. */
const projectsAs = (app: FastifyInstance, token: string) =>
  app.inject({ url: "/api/projects", headers: bearer(token) });

describe("rate limits", () => {
  const fixture = sharedFixture();

  it("answers 429 past the limit, per token, with Retry-After", async () => {
    const app = await buildApp({
      store: fixture().store,
      rateLimit: { max: 3, timeWindow: 60_000 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await projectsAs(app, fixture().tokens.viewer);
        statuses.push(r.statusCode);
        if (r.statusCode === 429) {
          expect(json(r).error.code).toBe("rate_limited");
          expect(r.headers["retry-after"]).toBeDefined();
        }
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // Another token has its own budget.
      const other = await projectsAs(app, fixture().tokens.annotator);
      expect(other.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it.skipIf(!built)(
    "after 600 bad-token requests from one address, the UI, health and good tokens still work there",
    async () => {
      const app = await buildApp({
        store: fixture().store,
        rateLimit: { max: 600, timeWindow: 60_000 },
        webRoot: DEFAULT_WEB_ROOT,
      });
      try {
        const statuses = new Map<number, number>();
        for (let i = 0; i < 650; i++) {
          const r = await projectsAs(app, `pk_bad_${i}`);
          statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
        }
        // The failures themselves are limited per address...
        expect(statuses.get(401)).toBe(60);
        expect(statuses.get(429)).toBe(590);
        const refused = await app.inject({ url: "/api/projects" });
        expect(refused.statusCode).toBe(429);
        expect(json(refused).error.code).toBe("rate_limited");
        expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
        // ...and nothing else from that address is.
        const asset = readdirSync(join(DEFAULT_WEB_ROOT, "assets"))[0]!;
        for (const url of ["/", `/assets/${asset}`, "/api/health", "/api/openapi.json"]) {
          expect((await app.inject({ url })).statusCode, url).toBe(200);
        }
        const good = await projectsAs(app, fixture().tokens.viewer);
        expect(good.statusCode).toBe(200);
      } finally {
        await app.close();
      }
    },
  );

  it("never limits the UI's files and /api/health, however often they are asked for", async () => {
    const app = await buildApp({
      store: fixture().store,
      rateLimit: { max: 3, timeWindow: 60_000 },
    });
    try {
      for (let i = 0; i < 10; i++) {
        expect((await app.inject({ url: "/api/health" })).statusCode).toBe(200);
      }
    } finally {
      await app.close();
    }
  });

  it("counts failures per address from X-Forwarded-For only behind a trusted proxy", async () => {
    const failures = { max: 2, timeWindow: 60_000 };
    const fail = (app: Awaited<ReturnType<typeof buildApp>>, from: string) =>
      app.inject({ url: "/api/projects", headers: { "x-forwarded-for": from } });
    const trusting = await buildApp({
      store: fixture().store,
      authFailureLimit: failures,
      trustProxy: true,
    });
    const direct = await buildApp({ store: fixture().store, authFailureLimit: failures });
    try {
      const codes = async (app: typeof direct) => [
        (await fail(app, "203.0.113.1")).statusCode,
        (await fail(app, "203.0.113.2")).statusCode,
        (await fail(app, "203.0.113.3")).statusCode,
      ];
      // Behind a proxy each client is its own address...
      expect(await codes(trusting)).toEqual([401, 401, 401]);
      // ...without one, the header is anyone's to write and is ignored: one address.
      expect(await codes(direct)).toEqual([401, 401, 429]);
    } finally {
      await trusting.close();
      await direct.close();
    }
  });
});
