import { describe, expect, it } from "vitest";
import { contractBreach, routeOf } from "./response-check.js";

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };
const answer = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = JSON_TYPE,
) => ({
  statusCode,
  headers,
  body: JSON.stringify(body),
});

describe("the API suite's contract check", () => {
  it("finds a request's route by method and path, query left out", () => {
    expect(routeOf("GET", "/api/projects/p1/leaderboard?bootstrap=0")?.path).toBe(
      "/api/projects/{id}/leaderboard",
    );
    expect(routeOf("DELETE", "/api/projects/p1/leaderboard")).toBeUndefined();
  });

  it("passes an answer its schema takes, and refuses one it does not", () => {
    expect(contractBreach("GET", "/api/health", answer(200, { ok: true }))).toBeUndefined();
    expect(contractBreach("GET", "/api/health", answer(200, { ok: "yes" }))).toMatch(
      /^GET \/api\/health answered 200, a body its schema refuses: ok: /,
    );
  });

  it("refuses a status the route does not document, and an error body of another shape", () => {
    expect(contractBreach("GET", "/api/health", answer(201, { ok: true }))).toMatch(
      /a status GET \/api\/health does not document/,
    );
    expect(contractBreach("GET", "/api/me", answer(401, { message: "no" }))).toMatch(
      /a body its schema refuses: error: /,
    );
    const error = { error: { code: "unauthorized", message: "no token" } };
    expect(contractBreach("GET", "/api/me", answer(401, error))).toBeUndefined();
  });

  it("leaves bodies of other content types to their routes' tests", () => {
    const page = { statusCode: 200, headers: { "content-type": "text/html" }, body: "<p>" };
    expect(contractBreach("GET", "/api/docs", page)).toBeUndefined();
  });
});
