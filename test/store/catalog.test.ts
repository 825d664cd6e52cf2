import { describe, expect, it } from "vitest";
import type { System } from "../../src/core/types.js";
import {
  assistant,
  candidate,
  cid,
  describeStore,
  prompt,
  refusal,
  sid,
  storeError,
  user,
} from "./fixture.js";

describeStore("projects", (fx) => {
  it("creates a project with a generated id, reads it back and lists it", async () => {
    const created = await fx.store.createProject({ name: "Arena", settings: { modes: ["pair"] } });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(created.createdAt)).not.toBeNaN();
    expect(await fx.store.getProject(created.id)).toEqual(created);
    expect(await fx.store.listProjects()).toContainEqual(created);
    expect(await fx.store.getProject("no-such-project")).toBeUndefined();
  });

  it("keeps a chosen id and refuses it a second time", async () => {
    const created = await fx.store.createProject({ id: "chosen", name: "Chosen" });
    expect(created).toMatchObject({ id: "chosen", name: "Chosen", settings: {} });
    expect(await storeError(fx.store.createProject({ id: "chosen", name: "Again" }))).toEqual(
      refusal("duplicate_id", "id"),
    );
  });

  it("changes a name and settings in place, and nothing when the change throws", async () => {
    const created = await fx.store.createProject({ name: "Before", settings: { mode: "arena" } });
    const renamed = await fx.store.updateProject(created.id, (current) => {
      expect(current).toEqual(created);
      return { name: "After" };
    });
    expect(renamed).toEqual({ ...created, name: "After" });
    const changed = await fx.store.updateProject(created.id, (current) => ({
      settings: { ...current.settings, mode: "queue" },
    }));
    expect(changed.settings).toEqual({ mode: "queue" });
    expect(await fx.store.getProject(created.id)).toEqual(changed);
    await expect(
      fx.store.updateProject(created.id, () => {
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await fx.store.getProject(created.id)).toEqual(changed);
    expect(await storeError(fx.store.updateProject("no-such-project", () => ({})))).toEqual(
      refusal("not_found", "id"),
    );
  });
});

describeStore("prompts, systems and candidates", (fx) => {
  it("adds prompts with every field and reads them back as given", async () => {
    const projectId = await fx.project();
    const full = prompt("full", {
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", url: "https://example.com/cat.png" },
          ],
        },
      ],
      context: "a picture",
      criterion: "helpfulness",
      category: "vision",
      language: "en",
      metadata: { source: "test", nested: { n: 1.5, list: [1, "two", null] } },
    });
    expect(await fx.store.addPrompts(projectId, [full, prompt("bare")])).toEqual({ added: 2 });
    expect(await fx.store.getPrompt(projectId, "full")).toEqual(full);
    expect(await fx.store.getPrompt(projectId, "bare")).toEqual(prompt("bare"));
    expect(await fx.store.getPrompt(projectId, "missing")).toBeUndefined();
  });

  it("skips a prompt already present with the same content and refuses different content", async () => {
    const projectId = await fx.project();
    await fx.store.addPrompts(projectId, [prompt("p0", { category: "math", language: "de" })]);
    // The same content, keys in another order and an explicit undefined: skipped.
    const again = {
      language: "de",
      category: "math",
      context: undefined,
      ...prompt("p0"),
    } as never;
    expect(await fx.store.addPrompts(projectId, [again, prompt("p1")])).toEqual({ added: 1 });
    expect(await fx.store.addPrompts(projectId, [prompt("p1"), prompt("p1")])).toEqual({
      added: 0,
    });

    const changed = prompt("p0", { category: "code" });
    expect(await storeError(fx.store.addPrompts(projectId, [prompt("p2"), changed]))).toEqual(
      refusal("duplicate_id", "id", 1),
    );
    expect(
      await storeError(
        fx.store.addPrompts(projectId, [prompt("p3"), prompt("p3", { category: "x" })]),
      ),
    ).toEqual(refusal("duplicate_id", "id", 1));
    // Nothing of a refused batch is stored.
    expect(await fx.store.getPrompt(projectId, "p2")).toBeUndefined();
    expect(await fx.store.getPrompt(projectId, "p3")).toBeUndefined();
  });

  it("refuses writes to a project that does not exist", async () => {
    expect(await storeError(fx.store.addPrompts("nope", [prompt("p0")]))).toEqual(
      refusal("not_found", "project"),
    );
  });

  it("adds thousands of prompts in one call, across insert chunks", async () => {
    const projectId = await fx.project();
    const many = Array.from({ length: 2345 }, (_, i) => prompt(`bulk-${i}`));
    expect(await fx.store.addPrompts(projectId, many)).toEqual({ added: 2345 });
    expect(await fx.store.addPrompts(projectId, many)).toEqual({ added: 0 });
    expect(await fx.store.getPrompt(projectId, "bulk-2344")).toEqual(many[2344]);
  });

  it("adds systems, and candidates create the systems they name", async () => {
    const projectId = await fx.project();
    const described: System = { id: sid("gpt"), model: "gpt-4o", variant: "t=0", config: { t: 0 } };
    expect(await fx.store.addSystems(projectId, [described])).toEqual({ added: 1 });
    expect(await fx.store.addSystems(projectId, [described])).toEqual({ added: 0 });
    expect(
      await storeError(fx.store.addSystems(projectId, [{ ...described, model: "other" }])),
    ).toEqual({ code: "duplicate_id", field: "id", index: 0 });

    await fx.store.addPrompts(projectId, [prompt("p0")]);
    const withMeta = { ...candidate("c1", "p0", "claude"), metadata: { tokens: 12 } };
    const added = await fx.store.addCandidates(projectId, [candidate("c0", "p0", "gpt"), withMeta]);
    expect(added).toEqual({ added: 2 });
    expect(await fx.store.getCandidate(projectId, "c1")).toEqual(withMeta);
    expect(await fx.store.listCandidates(projectId, "p0")).toEqual([
      candidate("c0", "p0", "gpt"),
      withMeta,
    ]);
    expect(await fx.store.systemsOf(projectId, ["c0", "c1", "missing"])).toEqual(
      new Map([
        ["c0", "gpt"],
        ["c1", "claude"],
      ]),
    );
    // The described system keeps its description; the named one exists as a bare id.
    const systems = [];
    for await (const e of fx.store.exportEntries(projectId))
      if (e.type === "system") systems.push(e.system);
    expect(systems).toEqual([{ id: "claude" }, described]);
  });

  it("fills in the description of a system that a candidate created as a bare id", async () => {
    const projectId = await fx.project();
    await fx.store.addPrompts(projectId, [prompt("p0")]);
    await fx.store.addCandidates(projectId, [candidate("c0", "p0", "late")]);
    const described: System = { id: sid("late"), model: "m", variant: "v" };
    expect(await fx.store.addSystems(projectId, [described])).toEqual({ added: 0 });
    expect(await fx.store.addSystems(projectId, [described])).toEqual({ added: 0 });
    expect(
      await storeError(fx.store.addSystems(projectId, [{ id: sid("late"), model: "other" }])),
    ).toEqual({ code: "duplicate_id", field: "id", index: 0 });
    const systems: System[] = [];
    for await (const e of fx.store.exportEntries(projectId)) {
      if (e.type === "system") systems.push(e.system);
    }
    expect(systems).toEqual([described]);
  });

  it("refuses a candidate of an unknown prompt or with different content, storing nothing", async () => {
    const projectId = await fx.project();
    await fx.store.addPrompts(projectId, [prompt("p0")]);
    await fx.store.addCandidates(projectId, [candidate("c0", "p0", "s0")]);
    const batch = [candidate("c1", "p0", "s1"), candidate("c2", "nope", "s2")];
    expect(await storeError(fx.store.addCandidates(projectId, batch))).toEqual(
      refusal("unknown_reference", "prompt", 1),
    );
    const changed = { ...candidate("c0", "p0", "s0"), messages: [assistant("changed")] };
    expect(await storeError(fx.store.addCandidates(projectId, [changed]))).toEqual(
      refusal("duplicate_id", "id", 0),
    );
    expect(await fx.store.getCandidate(projectId, "c1")).toBeUndefined();
    expect(await fx.store.systemsOf(projectId, ["c0", "c1"])).toEqual(new Map([["c0", "s0"]]));
  });

  it("keeps projects apart: the same ids in two projects are two things", async () => {
    const [one, two] = [await fx.project(), await fx.project()];
    await fx.store.addPrompts(one, [prompt("p0", { messages: [user("one")] })]);
    await fx.store.addPrompts(two, [prompt("p0", { messages: [user("two")] })]);
    expect((await fx.store.getPrompt(one, "p0"))?.messages).toEqual([user("one")]);
    expect((await fx.store.getPrompt(two, "p0"))?.messages).toEqual([user("two")]);
    expect(await fx.store.getCandidate(two, cid("c0"))).toBeUndefined();
  });
});

describe("storeError helper", () => {
  it("reports a promise that does not reject", async () => {
    await expect(storeError(Promise.resolve())).rejects.toThrow("expected a StoreError");
  });
});
