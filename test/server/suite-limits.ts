/**
 * Field length limits: a field longer than its limit is a 400 naming it, nothing stored, on
 * both databases (an idempotency key longer than a PostgreSQL index row was a 500 there).
 * Part of the API suite (api-suite.ts); runs last, after the parts that count judgments.
 */
import { describe, expect, it } from "vitest";
import { FIELD_LIMITS } from "../../src/formats/dataset/field-limits.js";
import type { Api } from "./api-suite.js";
import { json } from "./helpers.js";

export function limitTests(api: Api): void {
  const { call, vote, judgmentCount } = api;
  const binary = { kind: "binary", prompt: "p3", candidate: "c3-0", approved: true };

  describe("field length limits", () => {
    it.each([
      ["rationale", FIELD_LIMITS.longText],
      ["criterion", FIELD_LIMITS.label],
      ["idempotency_key", FIELD_LIMITS.label],
    ])("refuses a %s longer than %i characters with a 400 naming it", async (field, max) => {
      const before = await judgmentCount();
      const r = await vote("admin", { ...binary, [field]: "x".repeat(max + 1) });
      expect(r.statusCode).toBe(400);
      expect(json(r).error).toMatchObject({ code: "invalid", field });
      expect(json(r).error.message).toBe(`${field}: at most ${max} characters`);
      expect(await judgmentCount()).toBe(before);
    });

    it("refuses a 100,000-character idempotency key with a 400, never a 500", async () => {
      // Varied text: PostgreSQL compresses a repeated character below its index row limit.
      const varied = Array.from({ length: 20_000 }, (_, i) => (i * 7919).toString(36))
        .join("")
        .slice(0, 100_000);
      const r = await vote("admin", { ...binary, idempotency_key: varied });
      expect(r.statusCode).toBe(400);
      expect(json(r).error.field).toBe("idempotency_key");
      const repeated = await vote("admin", { ...binary, idempotency_key: "k".repeat(100_000) });
      expect(repeated.statusCode).toBe(400);
    });

    it("refuses a 1,000,000-character rationale without echoing it", async () => {
      const r = await vote("admin", { ...binary, rationale: "y".repeat(1_000_000) });
      expect(r.statusCode).toBe(400);
      expect(r.body.length).toBeLessThan(500);
    });

    it("names the item and field of a prompt, candidate or annotator over its limit", async () => {
      const long = "z".repeat(FIELD_LIMITS.label + 1);
      const prompt = await call("admin", "POST", "/api/projects/p2/prompts", [
        { id: "ok", messages: [{ role: "user", content: "Hi" }] },
        { id: "ok2", messages: [{ role: "user", content: "Hi" }], category: long },
      ]);
      expect(prompt.statusCode).toBe(400);
      expect(json(prompt).error).toMatchObject({ field: "category", index: 1 });
      const candidate = await call("admin", "POST", "/api/projects/p2/candidates", [
        { id: long, prompt: "ok", system: "s", messages: [{ role: "assistant", content: "A" }] },
      ]);
      expect(json(candidate).error).toMatchObject({ field: "id", index: 0 });
      const annotator = await call("admin", "POST", "/api/annotators", {
        name: "a",
        role: "annotator",
        attributes: { language: long },
      });
      expect(annotator.statusCode).toBe(400);
      expect(json(annotator).error.field).toBe("attributes.language");
    });

    it("takes every field at its limit", async () => {
      const atLimit = {
        ...binary,
        rationale: "r".repeat(FIELD_LIMITS.longText),
        criterion: "c".repeat(FIELD_LIMITS.label),
        idempotency_key: "€".repeat(FIELD_LIMITS.label),
      };
      const r = await vote("admin", atLimit);
      expect(r.statusCode).toBe(201);
      const again = await vote("admin", atLimit);
      expect(again.statusCode).toBe(200);
    });
  });
}

/** Bounded work per request: how many groups and rounds one leaderboard request may ask for. */
export function leaderboardWorkTests(api: Api): void {
  const { call } = api;

  const projectWithCategories = async (id: string, categories: number) => {
    expect((await call("admin", "POST", "/api/projects", { id, name: id })).statusCode).toBe(201);
    const prompts = Array.from({ length: categories }, (_, i) => ({
      id: `q${i}`,
      messages: [{ role: "user", content: `Question ${i}?` }],
      category: `topic-${String(i).padStart(3, "0")}`,
    }));
    const added = await call("admin", "POST", `/api/projects/${id}/prompts`, prompts);
    expect(added.statusCode).toBe(201);
  };

  describe("leaderboard work per request", () => {
    it("refuses by=category over more than 100 categories with a 400 naming by", async () => {
      await projectWithCategories("many-topics", 200);
      const r = await call(
        "admin",
        "GET",
        "/api/projects/many-topics/leaderboard?by=category&bootstrap=0",
      );
      expect(r.statusCode).toBe(400);
      expect(json(r).error).toEqual({
        code: "invalid",
        field: "by",
        message:
          "by: the project has 200 prompt categories and one request fits at most 100: choose one with category=NAME",
      });
      // One of them is fine.
      const one = await call(
        "admin",
        "GET",
        "/api/projects/many-topics/leaderboard?by=category&category=topic-007",
      );
      expect(one.statusCode).toBe(200);
    });

    it("refuses more than 20,000 bootstrap rounds over all groups, naming bootstrap", async () => {
      await projectWithCategories("three-topics", 3);
      const url = "/api/projects/three-topics/leaderboard?by=category&bootstrap=";
      const r = await call("admin", "GET", `${url}10000`);
      expect(r.statusCode).toBe(400);
      expect(json(r).error).toMatchObject({ field: "bootstrap" });
      expect(json(r).error.message).toBe(
        "bootstrap: 3 categories × 10000 rounds is more than the 20000 bootstrap rounds one request may ask for: use bootstrap=6666 or fewer, or one category",
      );
      expect((await call("admin", "GET", `${url}6666`)).statusCode).toBe(200);
    });
  });
}
