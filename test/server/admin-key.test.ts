import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureAdminKey } from "../../src/server/admin-key.js";
import { authenticate, bearerToken, hashToken, newToken, sameHash } from "../../src/server/auth.js";
import type { Store } from "../../src/store/store.js";
import { sqliteTarget } from "./helpers.js";

describe("tokens", () => {
  it("newToken gives pk_ and 32 random bytes in base64url, different every time", () => {
    const a = newToken();
    expect(a).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(3), "base64url")).toHaveLength(32);
    expect(newToken()).not.toBe(a);
  });

  it("hashToken is SHA-256 in hex", () => {
    expect(hashToken("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("sameHash compares digests and refuses anything that is not one", () => {
    const h = hashToken("x");
    expect(sameHash(h, hashToken("x"))).toBe(true);
    expect(sameHash(h, hashToken("y"))).toBe(false);
    expect(sameHash(h, "")).toBe(false);
    expect(sameHash("zz", "zz")).toBe(false);
  });

  it("bearerToken reads 'Bearer <token>' and refuses other schemes", () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken("Bearer pk_abc")).toBe("pk_abc");
    expect(bearerToken("bearer  pk_abc ")).toBe("pk_abc");
    expect(() => bearerToken("Basic dXNlcjpwYXNz")).toThrow(/Bearer <token>/);
    expect(() => bearerToken("Bearer")).toThrow(/Bearer <token>/);
  });
});

describe("authenticate", () => {
  const record = {
    id: "a1",
    name: "a",
    role: "annotator" as const,
    attributes: {},
    projects: [],
    createdAt: "2026-01-01T00:00:00Z",
  };
  const storeReturning = (found: object | undefined) =>
    ({ findAnnotatorByTokenHash: async () => found }) as unknown as Store;

  it("finds the annotator of a token by its hash", async () => {
    const stored = { ...record, tokenHash: hashToken("pk_x") };
    const principal = await authenticate(storeReturning(stored), "pk_x");
    expect(principal).toEqual({ annotator: record, tokenHash: hashToken("pk_x") });
    expect(await authenticate(storeReturning(undefined), "pk_x")).toBeUndefined();
  });

  it("decides by comparing the stored hash in constant time", async () => {
    const good = { ...record, tokenHash: hashToken("pk_x") };
    const bad = { ...record, tokenHash: hashToken("pk_y") };
    expect(await authenticate(storeReturning(good), "pk_x")).toBeDefined();
    expect(await authenticate(storeReturning(bad), "pk_x")).toBeUndefined();
  });
});

describe("ensureAdminKey", () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await sqliteTarget.open());
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  it("creates an admin with a fresh key at first start and prints it once", async () => {
    const printed: string[] = [];
    const first = await ensureAdminKey(store, { print: (l) => printed.push(l) });
    expect(first.kind).toBe("created");
    const token = first.kind === "created" ? first.token : "";
    expect(printed).toEqual([`prefkit: admin key (shown once): ${token}`]);
    expect((await authenticate(store, token))?.annotator.role).toBe("admin");
    const second = await ensureAdminKey(store, { print: (l) => printed.push(l) });
    expect(second).toEqual({ kind: "existing" });
    expect(printed).toHaveLength(1);
    const admins = (await store.listAnnotators()).filter((a) => a.role === "admin");
    expect(admins).toHaveLength(1);
  });

  it("stores only the hash of the key", async () => {
    const result = await ensureAdminKey(store, {
      print: () => {},
      generate: () => "pk_fixed-token-for-test",
    });
    expect(result).toEqual({ kind: "created", token: "pk_fixed-token-for-test" });
    expect(
      await store.findAnnotatorByTokenHash(hashToken("pk_fixed-token-for-test")),
    ).toBeDefined();
    expect(await store.findAnnotatorByTokenHash("pk_fixed-token-for-test")).toBeUndefined();
  });

  it("uses PREFKIT_ADMIN_KEY when given, once, and prints nothing", async () => {
    const printed: string[] = [];
    const key = "operator-chosen-admin-key";
    expect(await ensureAdminKey(store, { adminKey: key, print: (l) => printed.push(l) })).toEqual({
      kind: "given",
      created: true,
    });
    expect(await ensureAdminKey(store, { adminKey: key, print: (l) => printed.push(l) })).toEqual({
      kind: "given",
      created: false,
    });
    expect(printed).toEqual([]);
    expect((await authenticate(store, key))?.annotator.role).toBe("admin");
    // With an admin present, a start without a key makes no other.
    expect(await ensureAdminKey(store, { print: (l) => printed.push(l) })).toEqual({
      kind: "existing",
    });
  });

  it("refuses a short key, one with spaces, and a non-admin's token", async () => {
    await expect(ensureAdminKey(store, { adminKey: "short", print: () => {} })).rejects.toThrow(
      /at least 16 characters/,
    );
    await expect(
      ensureAdminKey(store, { adminKey: "has spaces in the key", print: () => {} }),
    ).rejects.toMatchObject({ code: "usage", message: /without spaces/ });
    const token = "annotator-token-1234567890";
    await store.createAnnotator({ name: "a", role: "annotator", tokenHash: hashToken(token) });
    await expect(ensureAdminKey(store, { adminKey: token, print: () => {} })).rejects.toThrow(
      /non-admin/,
    );
  });
});

describe("ensureAdminKey on one database from two servers at once", () => {
  it("lets both start with the same PREFKIT_ADMIN_KEY: one creates the admin, the other finds it", async () => {
    const { openStore } = await import("../../src/store/open-store.js");
    const store = await openStore("sqlite::memory:");
    await store.migrate();
    try {
      const key = "pk_same_key_for_both_servers_0123";
      const results = await Promise.all([
        ensureAdminKey(store, { adminKey: key, print: () => {} }),
        ensureAdminKey(store, { adminKey: key, print: () => {} }),
      ]);
      expect(results.map((r) => r.kind)).toEqual(["given", "given"]);
      expect(results.filter((r) => r.kind === "given" && r.created)).toHaveLength(1);
      expect((await store.listAnnotators()).filter((a) => a.role === "admin")).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
