import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readJsonlRecords } from "../../../src/formats/dataset/read-records.js";
import { parseTrlPreference, toTrlPreference } from "../../../src/formats/dataset/trl.js";
import { writeJsonlAtomically } from "../../../src/formats/dataset/write-records.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-write-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const records = [
  { prompt: "The sky is", chosen: " blue.", rejected: " green." },
  {
    prompt: [{ role: "user", content: "Hi" }],
    chosen: [{ role: "assistant", content: "Hello" }],
    rejected: [{ role: "assistant", content: "Go away" }],
  },
];

async function readBack(path: string) {
  const out = [];
  for await (const r of readJsonlRecords(path)) if (r.ok) out.push(r.record);
  return out;
}

describe("writeJsonlAtomically", () => {
  it.each(["pairs.jsonl", "pairs.jsonl.gz"])("round-trips TRL records through %s", async (name) => {
    const path = join(dir, name);
    const pairs = records.map((r) => parseTrlPreference(r));
    const written = await writeJsonlAtomically(
      path,
      pairs.map((p) => (p.ok ? toTrlPreference(p.value, p.style) : null)),
    );
    expect(written).toBe(2);
    expect(await readBack(path)).toEqual(records);
  });

  it("leaves neither a partial file nor a temporary one when writing fails", async () => {
    const path = join(dir, "broken.jsonl");
    async function* failing() {
      yield records[0];
      throw new Error("source failed");
    }
    await expect(writeJsonlAtomically(path, failing())).rejects.toThrow("source failed");
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith("broken"))).toEqual([]);
  });

  it("keeps the previous file intact when a rewrite fails", async () => {
    const path = join(dir, "kept.jsonl");
    writeFileSync(path, '{"old":true}\n');
    async function* failing() {
      yield { new: true };
      throw new Error("boom");
    }
    await expect(writeJsonlAtomically(path, failing())).rejects.toThrow("boom");
    expect(await readBack(path)).toEqual([{ old: true }]);
  });
});
