/**
 * An import keeps what a file says about where its judgments came from: a canonical judgment's
 * `metadata` (a judge job's record) and an arena battle's unmodelled fields, stored and exported
 * back as they were. (Before migration 0007 the store had no place for them and dropped them.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { planImport, storeImport } from "../../../src/app/import/index.js";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";
import { describeStore } from "../../store/fixture.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-import-metadata-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, records: object[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
  return path;
};

const judgeRecord = {
  judge: {
    job: "job-9",
    judge: "gpt-judge",
    mode: "pairwise",
    games: [{ game: 1, shown: ["c0", "c1"], label: "A>B", firstPreference: 1, raw: "A>B" }],
  },
};

describeStore("importing judgments' metadata", (fx) => {
  it("stores a canonical judgment's metadata and an arena battle's other fields", async () => {
    const projectId = await fx.project();
    const canonical = write("canonical.jsonl", [
      { type: "prompt", id: "p0", messages: [{ role: "user", content: "Hi?" }] },
      {
        type: "candidate",
        id: "c0",
        prompt: "p0",
        system: "s0",
        messages: [{ role: "assistant", content: "A" }],
      },
      {
        type: "candidate",
        id: "c1",
        prompt: "p0",
        system: "s1",
        messages: [{ role: "assistant", content: "B" }],
      },
      {
        type: "judgment",
        id: "j0",
        kind: "pairwise",
        prompt: "p0",
        a: "c0",
        b: "c1",
        outcome: "a",
        source: { kind: "ai", model: "gpt-judge" },
        metadata: judgeRecord,
      },
    ]);
    const options = { annotator: "import", criterion: "mean" };
    await storeImport(
      fx.store,
      projectId,
      await planImport(readDatasetRecords(canonical), options),
    );
    expect((await fx.store.getJudgment(projectId, "j0"))?.metadata).toEqual(judgeRecord);

    const arena = write("battles.jsonl", [
      { model_a: "m1", model_b: "m2", winner: "model_a", question_id: "q7", language: "de" },
    ]);
    await storeImport(fx.store, projectId, await planImport(readDatasetRecords(arena), options));
    const battle = (await fx.store.listJudgments(projectId)).find((j) => j.id !== "j0");
    expect(battle?.metadata).toEqual({ question_id: "q7", language: "de" });
    const exported = [];
    for await (const e of fx.store.exportEntries(projectId)) {
      if (e.type === "judgment") exported.push(e.judgment.metadata);
    }
    expect(exported).toEqual([judgeRecord, { question_id: "q7", language: "de" }]);
  });
});
