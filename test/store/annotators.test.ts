import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { describeStore, human, seedArena, storeError, vote } from "./fixture.js";

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

describeStore("annotators", (fx) => {
  it("creates an annotator and finds it by its token's hash and by id", async () => {
    const projectId = await fx.project();
    const created = await fx.store.createAnnotator({
      name: "Ada",
      role: "annotator",
      attributes: { language: "de", expertise: "math" },
      projects: [projectId],
      tokenHash: tokenHash("secret-ada"),
    });
    expect(created).toMatchObject({
      name: "Ada",
      role: "annotator",
      attributes: { language: "de", expertise: "math" },
      projects: [projectId],
    });
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
});
