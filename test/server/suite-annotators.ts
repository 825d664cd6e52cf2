/**
 * Annotator administration: changing role, attributes and projects; replacing and revoking
 * tokens (each counting from the next request, despite the server's cache of tokens); the
 * last admin kept. The annotators are made here, so the fixture's tokens stay as they were.
 * Part of the API suite (api-suite.ts).
 */
import { describe, expect, it } from "vitest";
import type { Api } from "./api-suite.js";
import { bearer, json, type Loose } from "./helpers.js";

export function annotatorAdminTests(api: Api): void {
  const { call, fixture: fx } = api;

  const invite = async (body: object): Promise<Loose> => {
    const r = await call("admin", "POST", "/api/annotators", body);
    expect(r.statusCode, r.body).toBe(201);
    return json(r);
  };
  const as = (token: string, method: "GET" | "POST", url: string) =>
    fx().app.inject({ method, url, headers: bearer(token) });
  const patch = (id: string, body: unknown) =>
    call("admin", "PATCH", `/api/annotators/${id}`, body);

  describe("annotator administration", () => {
    it("changes projects and role, which count from the very next request", async () => {
      const { annotator, token } = await invite({
        name: "mover",
        role: "annotator",
        projects: ["p2"],
        attributes: { language: "de" },
      });
      const next = () => as(token, "GET", "/api/projects/p1/tasks/next");
      // Seen (and cached) as not assigned to p1.
      expect((await next()).statusCode).toBe(403);
      const moved = await patch(annotator.id, { projects: ["p1", "p2", "p1"] });
      expect(moved.statusCode).toBe(200);
      expect(json(moved).annotator).toMatchObject({
        id: annotator.id,
        name: "mover",
        role: "annotator",
        attributes: { language: "de" },
        projects: ["p1", "p2"],
      });
      expect((await next()).statusCode).toBe(200);
      const viewer = await patch(annotator.id, { role: "viewer", attributes: { language: "fr" } });
      expect(json(viewer).annotator).toMatchObject({ role: "viewer", projects: ["p1", "p2"] });
      expect((await next()).statusCode).toBe(403);
      const me = json(await as(token, "GET", "/api/me")).annotator;
      expect(me).toMatchObject({ role: "viewer", attributes: { language: "fr" } });
      await patch(annotator.id, { name: "moved", role: "annotator", projects: ["p2"] });
      expect((await next()).statusCode).toBe(403);
      expect(json(await as(token, "GET", "/api/me")).annotator.name).toBe("moved");
    });

    it("replaces a token: the old one is a 401 at once, the new one signs in", async () => {
      const first = await invite({ name: "rotated", role: "annotator", projects: ["p2"] });
      expect((await as(first.token, "GET", "/api/me")).statusCode).toBe(200);
      const r = await call("admin", "POST", `/api/annotators/${first.annotator.id}/token`);
      expect(r.statusCode).toBe(201);
      const second = json(r);
      expect(second.annotator).toEqual(first.annotator);
      expect(second.token).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
      expect(second.token).not.toBe(first.token);
      expect(second.invite).toBe(`/#token=${second.token}`);
      const old = await as(first.token, "GET", "/api/me");
      expect(old.statusCode).toBe(401);
      expect(json(old).error.code).toBe("unauthorized");
      expect(json(await as(second.token, "GET", "/api/me")).annotator.id).toBe(first.annotator.id);
    });

    it("revokes a token (204, twice too) until a new one is given", async () => {
      const { annotator, token } = await invite({ name: "revoked", role: "viewer" });
      expect((await as(token, "GET", "/api/me")).statusCode).toBe(200);
      const url = `/api/annotators/${annotator.id}/token`;
      const r = await call("admin", "DELETE", url);
      expect(r.statusCode).toBe(204);
      expect(r.body).toBe("");
      expect((await as(token, "GET", "/api/me")).statusCode).toBe(401);
      expect((await call("admin", "DELETE", url)).statusCode).toBe(204);
      // Still listed; a new token brings them back.
      const listed = json(await call("admin", "GET", "/api/annotators")).annotators;
      expect(listed.map((a: Loose) => a.id)).toContain(annotator.id);
      const fresh = json(await call("admin", "POST", url));
      expect((await as(fresh.token, "GET", "/api/me")).statusCode).toBe(200);
    });

    it("never demotes or locks out the last admin who can sign in (409)", async () => {
      const me = json(await call("admin", "GET", "/api/me")).annotator;
      const demote = await patch(me.id, { role: "annotator" });
      expect(demote.statusCode).toBe(409);
      expect(json(demote).error).toMatchObject({ code: "last_admin", field: "role" });
      expect(json(demote).error.message).toMatch(/last admin who can sign in/);
      const revoke = await call("admin", "DELETE", `/api/annotators/${me.id}/token`);
      expect(revoke.statusCode).toBe(409);
      expect(json(revoke).error).toMatchObject({ code: "last_admin", field: "id" });
      expect((await call("admin", "GET", "/api/me")).statusCode).toBe(200);
      // A second admin who cannot sign in does not count; one who can does.
      const other = await invite({ name: "second admin", role: "admin" });
      const otherToken = `/api/annotators/${other.annotator.id}/token`;
      expect((await call("admin", "DELETE", otherToken)).statusCode).toBe(204);
      expect((await patch(me.id, { role: "viewer" })).statusCode).toBe(409);
      const renewed = json(await call("admin", "POST", otherToken));
      expect((await as(renewed.token, "GET", "/api/annotators")).statusCode).toBe(200);
      const demoted = await patch(other.annotator.id, { role: "viewer" });
      expect(json(demoted).annotator.role).toBe("viewer");
      expect((await as(renewed.token, "GET", "/api/annotators")).statusCode).toBe(403);
    });

    it("answers an unknown annotator with a 404 on id", async () => {
      for (const [method, url, body] of [
        ["PATCH", "/api/annotators/nobody", { name: "x" }],
        ["POST", "/api/annotators/nobody/token", undefined],
        ["DELETE", "/api/annotators/nobody/token", undefined],
      ] as const) {
        const r = await call("admin", method, url, body);
        expect(r.statusCode, `${method} ${url}`).toBe(404);
        expect(json(r).error).toMatchObject({ code: "not_found", field: "id" });
      }
    });

    it("refuses bad bodies (400) and unknown projects (404 on projects.N), changing nothing", async () => {
      const { annotator } = await invite({ name: "steady", role: "annotator", projects: ["p1"] });
      const cases: [unknown, string][] = [
        [{}, "(body)"],
        [{ role: "owner" }, "role"],
        [{ name: "" }, "name"],
        [{ attributes: { language: 3 } }, "attributes.language"],
        [{ projects: ["a b"] }, "projects.0"],
        [{ token: "pk_mine" }, "token"],
      ];
      for (const [body, field] of cases) {
        const r = await patch(annotator.id, body);
        expect(r.statusCode, JSON.stringify(body)).toBe(400);
        expect(json(r).error).toMatchObject({ code: "invalid", field });
      }
      const r = await patch(annotator.id, { name: "changed", projects: ["p1", "nope"] });
      expect(r.statusCode).toBe(404);
      expect(json(r).error.field).toBe("projects.1");
      const raw = await call("admin", "PATCH", `/api/annotators/${annotator.id}`, "not json", {
        "content-type": "application/json",
      });
      expect(raw.statusCode).toBe(400);
      const listed = json(await call("admin", "GET", "/api/annotators")).annotators;
      expect(listed.find((a: Loose) => a.id === annotator.id)).toEqual(annotator);
    });
  });
}
