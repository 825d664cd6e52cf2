/**
 * A request that fails validation answers with every issue, not just the first: `issues` lists
 * them all, and the error's own `field`, `index` and `message` stay the first one's.
 * Part of the API suite (api-suite.ts).
 */
import type { LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import type { Api } from "./api-suite.js";
import { json, prompts } from "./helpers.js";

interface Issue {
  field: string;
  message: string;
  index?: number;
}

/** A 400 listing `issues`, whose own field, index and message are the first issue's. */
function expectIssues(r: LightMyRequestResponse, issues: [Issue, ...Issue[]]): void {
  const [first] = issues;
  const item = first.index === undefined ? "" : `item ${first.index}: `;
  expect(r.statusCode).toBe(400);
  expect(json(r).error).toEqual({
    code: "invalid",
    field: first.field,
    ...(first.index === undefined ? {} : { index: first.index }),
    message: `${item}${first.field}: ${first.message}`,
    issues,
  });
}

export function validationTests(api: Api): void {
  const { call, vote, judgmentCount } = api;

  describe("every validation issue", () => {
    it("lists each bad field of a body, the first also as the error's field", async () => {
      const r = await call("admin", "POST", "/api/projects", {
        id: "has spaces",
        name: "",
        colour: "blue",
      });
      expect(r.statusCode).toBe(400);
      expect(json(r).error).toEqual({
        code: "invalid",
        field: "id",
        message: "id: use 1 to 128 letters, digits, '.', '_' or '-'",
        issues: [
          { field: "id", message: "use 1 to 128 letters, digits, '.', '_' or '-'" },
          { field: "name", message: "Too small: expected string to have >=1 characters" },
          { field: "colour", message: "unknown field" },
        ],
      });
    });

    it("lists each bad item of a bulk body with its index", async () => {
      const list = prompts(4) as Record<string, unknown>[];
      list[1] = { ...list[1], messages: [{ role: "robot", content: "x" }] };
      list[3] = { ...list[3], categroy: "typo" };
      const r = await call("admin", "POST", "/api/projects/p2/prompts", list);
      const role = 'Invalid option: expected one of "system"|"user"|"assistant"';
      expectIssues(r, [
        { field: "messages.0.role", index: 1, message: role },
        { field: "categroy", index: 3, message: "unknown field" },
      ]);
    });

    it("lists each bad query parameter", async () => {
      const r = await call("admin", "GET", "/api/projects/p1/leaderboard?bootstrap=-1&ties=maybe");
      expectIssues(r, [
        { field: "bootstrap", message: "Too small: expected number to be >=0" },
        { field: "ties", message: 'Invalid option: expected one of "half"|"drop"' },
      ]);
    });

    it("lists each bad setting under settings.", async () => {
      const r = await call("admin", "PATCH", "/api/projects/p2", {
        settings: { ranking_size: 1, criteria: [] },
      });
      expectIssues(r, [
        { field: "settings.ranking_size", message: "Too small: expected number to be >=2" },
        { field: "settings.criteria", message: "Too small: expected array to have >=1 items" },
      ]);
    });

    it("lists the issues of every bad judgment of a batch, and stores none", async () => {
      const good = { kind: "pairwise", prompt: "p0", a: "c0-0", b: "c0-1", outcome: "a" };
      const before = await judgmentCount();
      const r = await vote("admin", {
        judgments: [
          { ...good, outcome: "sideways" },
          good,
          { ...good, kind: "verdict" },
          { ...good, a: 7, rationale: 3 },
        ],
      });
      const outcome = 'Invalid option: expected one of "a"|"b"|"tie"|"both_bad"';
      const notString = "Invalid input: expected string, received number";
      expectIssues(r, [
        { field: "outcome", index: 0, message: outcome },
        { field: "kind", index: 2, message: "expected one of pairwise, ranking, rating, binary" },
        { field: "rationale", index: 3, message: notString },
        { field: "a", index: 3, message: notString },
      ]);
      expect(await judgmentCount()).toBe(before);
    });
  });
}
