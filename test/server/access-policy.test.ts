/**
 * The access policy written out by hand: who may call what. The API suite checks every route ×
 * role against the route table; this pins the table itself, so loosening a route (say, letting
 * annotators export) fails here until the policy is changed on purpose.
 */
import { expect, it } from "vitest";
import { ROUTES } from "../../src/server/routes/index.js";

const ADMIN = ["admin"];
const MEMBERS = ["admin", "annotator", "viewer"];
const READERS = ["admin", "viewer"];
const VOTERS = ["admin", "annotator"];

it("gives annotators tasks, votes, their projects and prompts — and nothing else", () => {
  const table = Object.fromEntries(ROUTES.map((r) => [`${r.method} ${r.path}`, r.access]));
  expect(table).toEqual({
    "GET /api/health": "public",
    "GET /api/openapi.json": "public",
    "GET /api/docs": "public",
    "POST /api/projects": ADMIN,
    "GET /api/projects": MEMBERS,
    "GET /api/projects/{id}": MEMBERS,
    "PATCH /api/projects/{id}": ADMIN,
    "GET /api/projects/{id}/progress": ADMIN,
    "POST /api/projects/{id}/prompts": ADMIN,
    "POST /api/projects/{id}/candidates": ADMIN,
    "POST /api/projects/{id}/import": ADMIN,
    "GET /api/projects/{id}/prompts/{promptId}": MEMBERS,
    // Candidates carry their systems: never an annotator's.
    "GET /api/projects/{id}/candidates/{candidateId}": READERS,
    "GET /api/projects/{id}/tasks/next": VOTERS,
    // The caller's own progress only: no one else's work shows.
    "GET /api/projects/{id}/tasks/progress": VOTERS,
    "POST /api/projects/{id}/judgments": VOTERS,
    // The live arena: starting a conversation and going on with it is voting work.
    "POST /api/projects/{id}/live": VOTERS,
    "POST /api/projects/{id}/live/{prompt}/turns": VOTERS,
    // Other annotators' judgments, results and exports are not an annotator's to see.
    "GET /api/projects/{id}/judgments": READERS,
    "DELETE /api/projects/{id}/judgments/{judgmentId}": VOTERS,
    "GET /api/projects/{id}/leaderboard": READERS,
    "GET /api/projects/{id}/categories": READERS,
    "GET /api/projects/{id}/judges": READERS,
    "GET /api/projects/{id}/agreement": READERS,
    "GET /api/projects/{id}/judge-quality": READERS,
    "GET /api/projects/{id}/export": ADMIN,
    "POST /api/annotators": ADMIN,
    "GET /api/annotators": ADMIN,
    "PATCH /api/annotators/{id}": ADMIN,
    "POST /api/annotators/{id}/token": ADMIN,
    "DELETE /api/annotators/{id}/token": ADMIN,
    "GET /api/me": MEMBERS,
  });
});
