/**
 * Who may call what: every route × every role; projects and annotators.
 * Part of the API suite (api-suite.ts).
 */
import { describe, expect, it } from "vitest";
import { ROUTES } from "../../src/server/routes/index.js";
import type { Api, Who } from "./api-suite.js";
import { bearer, json } from "./helpers.js";

export function accessTests(api: Api): void {
  const { call, judgmentCount, fixture: fx } = api;

  describe("authorisation matrix: every route × every role", () => {
    const cases = ROUTES.flatMap((route) =>
      (["none", "admin", "annotator", "outsider", "viewer"] as const).map((who) => ({
        route,
        who,
      })),
    );
    it.each(cases)("$route.method $route.path as $who", async ({ route, who }) => {
      const url = route.path
        .replace("{id}", "p1")
        .replace("{promptId}", "p0")
        .replace("{candidateId}", "c0-0")
        .replace("{judgmentId}", "no-such-judgment");
      const isImport = route.body?.contentTypes !== undefined;
      const before = await judgmentCount();
      const r = await call(
        who,
        route.method,
        url,
        route.body ? (isImport ? "not json lines" : "{}") : undefined,
        route.body ? { "content-type": isImport ? "text/plain" : "application/json" } : {},
      );
      const role = who === "none" ? undefined : who === "outsider" ? "annotator" : who;
      let expected: "allowed" | 401 | 403;
      if (route.access === "public") expected = "allowed";
      else if (role === undefined) expected = 401;
      else if (!route.access.includes(role)) expected = 403;
      else if (route.project && who === "outsider") expected = 403;
      else expected = "allowed";
      if (expected === "allowed") expect([401, 403]).not.toContain(r.statusCode);
      else {
        expect(r.statusCode).toBe(expected);
        expect(json(r).error.code).toBe(expected === 401 ? "unauthorized" : "forbidden");
      }
      expect(r.statusCode).toBeLessThan(500);
      expect(await judgmentCount()).toBe(before);
    });

    it("an unknown or malformed token is a 401, whatever the route", async () => {
      for (const authorization of ["Bearer pk_nope", "Basic abc", "Bearer"]) {
        const r = await fx().app.inject({ url: "/api/projects", headers: { authorization } });
        expect(r.statusCode).toBe(401);
        expect(json(r).error.code).toBe("unauthorized");
        expect(r.headers["www-authenticate"]).toMatch(/^Bearer/);
      }
    });
  });

  describe("projects and annotators", () => {
    it("creates a project (201), refuses a taken id (409) and a bad one (400)", async () => {
      const r = await call("admin", "POST", "/api/projects", {
        id: "p3",
        name: "Three",
        settings: { mode: "queue", task: "ranking" },
      });
      expect(r.statusCode).toBe(201);
      expect(json(r).project).toMatchObject({
        id: "p3",
        name: "Three",
        settings: { mode: "queue", task: "ranking" },
      });
      const again = await call("admin", "POST", "/api/projects", { id: "p3", name: "Again" });
      expect(again.statusCode).toBe(409);
      expect(json(again).error).toMatchObject({ code: "duplicate_id", field: "id" });
      const bad = await call("admin", "POST", "/api/projects", { id: "a b", name: "x" });
      expect(bad.statusCode).toBe(400);
      expect(json(bad).error.field).toBe("id");
      const generated = await call("admin", "POST", "/api/projects", { name: "No id" });
      expect(json(generated).project.id).toEqual(expect.any(String));
    });

    it("lists every project to admins and the assigned ones to others", async () => {
      const ids = async (who: Who) =>
        (json(await call(who, "GET", "/api/projects")).projects as { id: string }[]).map(
          (p) => p.id,
        );
      expect(await ids("admin")).toEqual(expect.arrayContaining(["p1", "p2"]));
      expect(await ids("annotator")).toEqual(["p1"]);
      expect(await ids("outsider")).toEqual(["p2"]);
      expect(await ids("viewer")).toEqual(["p1"]);
    });

    it("gets a project; an unknown one is a 404 naming the path's id", async () => {
      const r = await call("annotator", "GET", "/api/projects/p1");
      expect(json(r).project).toMatchObject({ id: "p1", name: "Project one" });
      const missing = await call("admin", "GET", "/api/projects/nope");
      expect(missing.statusCode).toBe(404);
      expect(json(missing).error).toMatchObject({ code: "not_found", field: "id" });
      // Someone not assigned learns nothing about whether it exists.
      expect((await call("annotator", "GET", "/api/projects/nope")).statusCode).toBe(403);
    });

    it("invites an annotator whose token works once shown, and is stored only as a hash", async () => {
      const r = await call("admin", "POST", "/api/annotators", {
        name: "new",
        role: "annotator",
        projects: ["p1"],
      });
      expect(r.statusCode).toBe(201);
      const { token, invite, annotator } = json(r);
      expect(token).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
      expect(invite).toBe(`/#token=${token}`);
      expect(annotator).toMatchObject({ name: "new", role: "annotator", projects: ["p1"] });
      const me = await fx().app.inject({ url: "/api/me", headers: bearer(token) });
      expect(json(me).annotator.id).toBe(annotator.id);
      const listed = json(await call("admin", "GET", "/api/annotators?project=p1")).annotators;
      expect(JSON.stringify(listed)).not.toContain(token);
      expect(listed.map((a: { id: string }) => a.id)).toContain(annotator.id);
    });

    it("refuses an invitation to an unknown project (404 naming it) or an unknown role (400)", async () => {
      const r = await call("admin", "POST", "/api/annotators", {
        name: "x",
        role: "annotator",
        projects: ["p1", "nope"],
      });
      expect(r.statusCode).toBe(404);
      expect(json(r).error.field).toBe("projects.1");
      const role = await call("admin", "POST", "/api/annotators", { name: "x", role: "owner" });
      expect(role.statusCode).toBe(400);
      expect(json(role).error.field).toBe("role");
    });
  });
}
