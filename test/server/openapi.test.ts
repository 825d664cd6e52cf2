import { describe, expect, it } from "vitest";
import { escapeHtml, renderDocsPage } from "../../src/server/docs-page.js";
import { fastifyPath } from "../../src/server/route.js";
import { ROUTES } from "../../src/server/routes/index.js";
import { json, sharedFixture } from "./helpers.js";

describe("OpenAPI document and reference page", () => {
  const fixture = sharedFixture();

  it("lists exactly the routes fastify registered, with no token needed", async () => {
    const r = await fixture().app.inject({ url: "/api/openapi.json" });
    expect(r.statusCode).toBe(200);
    const doc = json(r);
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${fastifyPath(path)}`),
      )
      .sort();
    const registered = fixture()
      .app.registeredRoutes.map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(documented).toEqual(registered);
    expect(registered).toContain("POST /api/projects/:id/judgments");
    for (const stable of [
      "POST /api/projects",
      "GET /api/projects/:id",
      "POST /api/projects/:id/judgments",
      "GET /api/projects/:id/leaderboard",
      "GET /api/projects/:id/export",
    ]) {
      expect(registered).toContain(stable);
    }
  });

  it("gives every operation its roles, parameters, bodies and error responses", async () => {
    const doc = json(await fixture().app.inject({ url: "/api/openapi.json" }));
    for (const route of ROUTES) {
      const op = doc.paths[route.path][route.method.toLowerCase()];
      expect(op.summary).toBe(route.summary);
      expect(op["x-roles"]).toEqual(route.access === "public" ? [] : [...route.access]);
      expect(op.security).toEqual(route.access === "public" ? [] : [{ bearer: [] }]);
      if (route.access !== "public")
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["401", "403"]));
      if (route.body) {
        expect(op.requestBody.content).toBeDefined();
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["400", "413", "415"]));
      }
      const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const named = op.parameters
        .filter((p: { in: string }) => p.in === "path")
        .map((p: { name: string }) => p.name);
      expect(named).toEqual(pathParams);
    }
    const vote = doc.paths["/api/projects/{id}/judgments"].post;
    expect(JSON.stringify(vote.requestBody.content["application/json"].schema)).toContain(
      "pairwise",
    );
    const board = doc.paths["/api/projects/{id}/leaderboard"].get;
    expect(board.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["bootstrap", "seed", "source", "category", "by"]),
    );
    const ndjson = doc.paths["/api/projects/{id}/import"].post.requestBody.content;
    expect(Object.keys(ndjson)).toContain("application/x-ndjson");
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it("renders a self-contained HTML reference of every operation", async () => {
    const r = await fixture().app.inject({ url: "/api/docs" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^text\/html/);
    expect(r.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(r.body).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3)/i);
    for (const route of ROUTES) expect(r.body).toContain(escapeHtml(route.path));
  });

  it("escapes every text it renders", () => {
    const page = renderDocsPage({
      info: { title: "<script>alert(1)</script>", version: '1"><img>', description: "a & b" },
      paths: {
        "/x/<y>": {
          get: {
            operationId: '"><svg onload=x>',
            summary: "<b>bold</b>",
            tags: ["<t>"],
            parameters: [
              { name: "<p>", in: "query", schema: { type: "string", default: "</pre>" } },
            ],
            responses: {
              200: {
                description: "<i>",
                content: { "application/json": { schema: { title: "</pre><script>" } } },
              },
            },
          },
        },
      },
    });
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("<svg");
    expect(page).not.toContain("<img>");
    expect(page).not.toContain("<b>bold");
    expect(page).toContain("&lt;script&gt;");
  });
});
