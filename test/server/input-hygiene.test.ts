import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/server/errors.js";
import { checkFields, checkInput, MAX_DEPTH } from "../../src/server/input-hygiene.js";

const fieldOf = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error instanceof ApiError ? [error.location.field, error.message] : ["?", String(error)];
  }
  return undefined;
};

describe("checkInput", () => {
  it("names the field holding a NUL character, a lone surrogate, or too deep a nesting", () => {
    expect(fieldOf(() => checkInput({ kind: "pairwise", rationale: "bad\u0000" }))?.[0]).toBe(
      "rationale",
    );
    expect(fieldOf(() => checkInput({ judgments: [{ a: "ok" }, { b: "\ud800" }] }))?.[0]).toBe(
      "judgments.1.b",
    );
    expect(fieldOf(() => checkInput({ ["k\u0000"]: 1 }))?.[0]).toBe("k\u0000");
    let deep: unknown = "leaf";
    for (let k = 0; k < MAX_DEPTH + 1; k++) deep = { x: deep };
    expect(fieldOf(() => checkInput({ settings: deep }))?.[1]).toMatch(/nested more than 64/);
  });

  it("accepts ordinary text: emoji (surrogate pairs), CJK, empty strings, numbers", () => {
    expect(
      fieldOf(() => checkInput({ a: "😀 日本語", b: "", c: [1, true, null] })),
    ).toBeUndefined();
  });

  it("checks path and query fields by name", () => {
    expect(fieldOf(() => checkFields({ id: "a\u0000b" }))?.[0]).toBe("id");
    expect(fieldOf(() => checkFields({ category: ["ok", "\udc00"] }))?.[0]).toBe("category");
  });
});

describe("fastify's own refusals", () => {
  it("answer a malformed URL in the API's error shape", async () => {
    const { buildApp } = await import("../../src/server/app.js");
    const { openStore } = await import("../../src/store/open-store.js");
    const store = await openStore("sqlite::memory:");
    await store.migrate();
    const app = await buildApp({ store });
    try {
      const r = await app.inject({ method: "GET", url: "/api/projects/%E2%9C" });
      expect(r.statusCode).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ error: { code: "invalid" } });
    } finally {
      await app.close();
      await store.close();
    }
  });
});
