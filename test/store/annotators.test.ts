import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import {
  describeStore,
  human,
  refusal,
  seedArena,
  storeError,
  vote,
  withFreshStore,
} from "./fixture.js";

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

const ADA = {
  name: "Ada",
  role: "annotator",
  attributes: { language: "de", expertise: "math" },
} as const;

describeStore("annotators", (fx) => {
  it("creates an annotator and finds it by its token's hash and by id", async () => {
    const projectId = await fx.project();
    const created = await fx.store.createAnnotator({
      ...ADA,
      projects: [projectId],
      tokenHash: tokenHash("secret-ada"),
    });
    expect(created).toMatchObject({ ...ADA, projects: [projectId] });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    // The lookup also gives the stored hash, for the server's constant-time comparison.
    expect(await fx.store.findAnnotatorByTokenHash(tokenHash("secret-ada"))).toEqual({
      ...created,
      tokenHash: tokenHash("secret-ada"),
    });
    expect(await fx.store.getAnnotator(created.id)).toEqual(created);
    expect(await fx.store.findAnnotatorByTokenHash(tokenHash("wrong"))).toBeUndefined();
    expect(await fx.store.getAnnotator("nope")).toBeUndefined();
  });

  it("lists a project's members and every admin", async () => {
    const [one, two] = [await fx.project(), await fx.project()];
    const make = (name: string, role: "admin" | "annotator" | "viewer", projects: string[]) =>
      fx.store.createAnnotator({ name, role, projects, tokenHash: tokenHash(`list-${name}`) });
    const admin = await make("admin", "admin", []);
    const a = await make("a", "annotator", [one]);
    const b = await make("b", "viewer", [one, two]);
    const c = await make("c", "annotator", [two]);
    const ids = (records: { id: string }[]) => records.map((r) => r.id).sort();
    expect(ids(await fx.store.listAnnotators(one))).toEqual(ids([admin, a, b]));
    expect(ids(await fx.store.listAnnotators(two))).toEqual(ids([admin, b, c]));
    expect(ids(await fx.store.listAnnotators())).toEqual(
      expect.arrayContaining(ids([admin, a, b, c])),
    );
    expect((await fx.store.getAnnotator(b.id))?.projects).toEqual([one, two].sort());
  });

  it("refuses a taken token, an unknown project and a bad role", async () => {
    const projectId = await fx.project();
    await fx.store.createAnnotator({ name: "x", role: "viewer", tokenHash: tokenHash("taken") });
    expect(
      await storeError(
        fx.store.createAnnotator({ name: "y", role: "viewer", tokenHash: tokenHash("taken") }),
      ),
    ).toEqual({ code: "duplicate_id", field: "token_hash", index: undefined });
    expect(
      await storeError(
        fx.store.createAnnotator({
          name: "y",
          role: "annotator",
          projects: [projectId, "no-such-project"],
          tokenHash: tokenHash("fresh"),
        }),
      ),
    ).toEqual({ code: "unknown_reference", field: "projects.1", index: undefined });
    expect(
      await storeError(
        fx.store.createAnnotator({ name: "y", role: "owner" as never, tokenHash: tokenHash("z") }),
      ),
    ).toEqual({ code: "invalid", field: "role", index: undefined });
    expect(
      await storeError(fx.store.createAnnotator({ name: "y", role: "viewer", tokenHash: "abc" })),
    ).toEqual({ code: "invalid", field: "token_hash", index: undefined });
    // The refused annotator with a fresh token was not half-created.
    expect(await fx.store.findAnnotatorByTokenHash(tokenHash("fresh"))).toBeUndefined();
  });

  it("reports progress: judgments per annotator, members without any at 0", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 2, systems: ["s0", "s1", "s2"] });
    const idle = await fx.store.createAnnotator({
      name: "idle",
      role: "annotator",
      projects: [projectId],
      tokenHash: tokenHash("idle"),
    });
    await fx.store.addJudgments(projectId, [
      vote("p0", "s0", "s1", "a", human("busy")),
      vote("p0", "s0", "s2", "a", human("busy")),
      vote("p1", "s0", "s1", "b", human("once")),
      vote("p1", "s1", "s2", "b"), // an AI judge: no annotator
    ]);
    expect(await fx.store.progress(projectId)).toEqual([
      { annotatorId: "busy", judgments: 2 },
      { annotatorId: "once", judgments: 1 },
      { annotatorId: idle.id, judgments: 0 },
    ]);
  });

  it("changes name, role, attributes and projects, replacing the sets", async () => {
    const [one, two] = [await fx.project(), await fx.project()];
    const ada = await fx.store.createAnnotator({
      ...ADA,
      projects: [one],
      tokenHash: tokenHash("update-ada"),
    });
    const renamed = await fx.store.updateAnnotator(ada.id, { name: "Ada L." });
    expect(renamed).toEqual({ ...ada, name: "Ada L." });
    const changed = await fx.store.updateAnnotator(ada.id, {
      role: "viewer",
      attributes: { language: "fr" },
      projects: [two, two],
    });
    expect(changed).toEqual({
      ...ada,
      name: "Ada L.",
      role: "viewer",
      attributes: { language: "fr" },
      projects: [two],
    });
    expect(await fx.store.getAnnotator(ada.id)).toEqual(changed);
    // The token still signs in, as the changed annotator.
    expect(await fx.store.findAnnotatorByTokenHash(tokenHash("update-ada"))).toMatchObject({
      role: "viewer",
      projects: [two],
    });
    const cleared = await fx.store.updateAnnotator(ada.id, { attributes: {}, projects: [] });
    expect(cleared).toMatchObject({ attributes: {}, projects: [] });
  });

  it("refuses an unknown annotator, project or role, changing nothing", async () => {
    const projectId = await fx.project();
    const bob = await fx.store.createAnnotator({
      name: "Bob",
      role: "annotator",
      projects: [projectId],
      tokenHash: tokenHash("update-bob"),
    });
    expect(await storeError(fx.store.updateAnnotator("nobody", { name: "x" }))).toEqual(
      refusal("not_found", "id"),
    );
    // The name comes first in the transaction: refused with the project, it is not stored.
    expect(
      await storeError(
        fx.store.updateAnnotator(bob.id, { name: "Robert", projects: [projectId, "nope"] }),
      ),
    ).toEqual({ code: "unknown_reference", field: "projects.1", index: undefined });
    expect(await storeError(fx.store.updateAnnotator(bob.id, { role: "owner" as never }))).toEqual(
      refusal("invalid", "role"),
    );
    expect(await fx.store.getAnnotator(bob.id)).toEqual(bob);
  });

  it("replaces a token: the old one stops working, the new one signs in", async () => {
    const eve = await fx.store.createAnnotator({
      name: "Eve",
      role: "annotator",
      tokenHash: tokenHash("eve-old"),
    });
    const after = await fx.store.replaceAnnotatorToken(eve.id, tokenHash("eve-new"));
    expect(after).toEqual(eve);
    expect(await fx.store.findAnnotatorByTokenHash(tokenHash("eve-old"))).toBeUndefined();
    expect(await fx.store.findAnnotatorByTokenHash(tokenHash("eve-new"))).toMatchObject({
      id: eve.id,
    });
    await fx.store.createAnnotator({ name: "T", role: "viewer", tokenHash: tokenHash("taken-2") });
    expect(await storeError(fx.store.replaceAnnotatorToken(eve.id, tokenHash("taken-2")))).toEqual(
      refusal("duplicate_id", "token_hash"),
    );
    expect(await storeError(fx.store.replaceAnnotatorToken(eve.id, "abc"))).toEqual(
      refusal("invalid", "token_hash"),
    );
    expect(await storeError(fx.store.replaceAnnotatorToken("nobody", tokenHash("unused")))).toEqual(
      { code: "not_found", field: "id", index: undefined },
    );
  });

  it("revokes tokens (twice is fine) until a new one is given; judgments stay", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: ["s0", "s1"] });
    const make = (name: string) =>
      fx.store.createAnnotator({ name, role: "annotator", tokenHash: tokenHash(`revoke-${name}`) });
    const [one, two] = [await make("one"), await make("two")];
    await fx.store.addJudgments(projectId, [vote("p0", "s0", "s1", "a", human(one.id))]);
    await fx.store.revokeAnnotatorToken(one.id);
    await fx.store.revokeAnnotatorToken(one.id);
    // A second revoked annotator: the column stays unique.
    await fx.store.revokeAnnotatorToken(two.id);
    expect(await fx.store.findAnnotatorByTokenHash(tokenHash("revoke-one"))).toBeUndefined();
    expect(await fx.store.getAnnotator(one.id)).toEqual(one);
    expect(await fx.store.listJudgments(projectId, { annotatorId: one.id })).toHaveLength(1);
    await fx.store.replaceAnnotatorToken(one.id, tokenHash("revoke-one-again"));
    expect(await fx.store.findAnnotatorByTokenHash(tokenHash("revoke-one-again"))).toMatchObject({
      id: one.id,
    });
    expect(await storeError(fx.store.revokeAnnotatorToken("nobody"))).toEqual(
      refusal("not_found", "id"),
    );
  });

  it("never demotes or locks out the last admin who can sign in", async () => {
    await withFreshStore(fx.dialect, async (store) => {
      const admin = (name: string) =>
        store.createAnnotator({ name, role: "admin", tokenHash: tokenHash(`last-${name}`) });
      const first = await admin("first");
      const lastAdmin = { code: "last_admin", index: undefined };
      expect(await storeError(store.updateAnnotator(first.id, { role: "viewer" }))).toEqual({
        ...lastAdmin,
        field: "role",
      });
      expect(await storeError(store.revokeAnnotatorToken(first.id))).toEqual({
        ...lastAdmin,
        field: "id",
      });
      // Other changes to the last admin are fine, a new token too.
      await store.updateAnnotator(first.id, { name: "First", role: "admin" });
      await store.replaceAnnotatorToken(first.id, tokenHash("last-first-2"));
      // A second admin who cannot sign in does not count...
      const second = await admin("second");
      await store.revokeAnnotatorToken(second.id);
      expect(await storeError(store.updateAnnotator(first.id, { role: "annotator" }))).toEqual({
        ...lastAdmin,
        field: "role",
      });
      // ...one who can does: then either may go.
      await store.replaceAnnotatorToken(second.id, tokenHash("last-second-2"));
      expect(await store.updateAnnotator(first.id, { role: "annotator" })).toMatchObject({
        role: "annotator",
      });
      expect(await storeError(store.revokeAnnotatorToken(second.id))).toEqual({
        ...lastAdmin,
        field: "id",
      });
      // A revoked admin may be demoted: that takes nobody's sign-in away.
      const third = await admin("third");
      await store.revokeAnnotatorToken(third.id);
      await store.updateAnnotator(third.id, { role: "viewer" });
    });
  });

  it("lets only one of two admins demoting each other at once succeed", async () => {
    // One store: on PostgreSQL its pool runs the two at once; on SQLite its one connection
    // takes them in turn (two stores in one process would block each other's thread).
    await withFreshStore(fx.dialect, async (store) => {
      const a = await store.createAnnotator({
        name: "a",
        role: "admin",
        tokenHash: tokenHash("race-a"),
      });
      const b = await store.createAnnotator({
        name: "b",
        role: "admin",
        tokenHash: tokenHash("race-b"),
      });
      for (let round = 0; round < 3; round++) {
        const results = await Promise.allSettled([
          store.updateAnnotator(a.id, { role: "viewer" }),
          store.revokeAnnotatorToken(b.id),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const [refused] = results.filter((r) => r.status === "rejected");
        expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: "last_admin" });
        // Both admins again, for the next round.
        await store.updateAnnotator(a.id, { role: "admin" });
        await store.replaceAnnotatorToken(b.id, tokenHash(`race-b-${round}`));
      }
    });
  });
});
