/**
 * Property: whatever records of one fixed set of fields hold — strings (any Unicode), numbers,
 * booleans, nulls, mixed freely — writing them and reading them back gives them unchanged, in
 * JSON Lines, a JSON array and Parquet.
 */
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";
import { writeRecordsAtomically } from "../../../src/formats/dataset/write-records.js";
import { tempDir } from "../temp-dir.js";

const dir = tempDir("prefkit-round-trip-");

// JSON has no NaN, Infinity or -0, so no format can promise them back.
const number = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
);
const value = fc.oneof(fc.string({ unit: "grapheme" }), number, fc.boolean(), fc.constant(null));
const records = fc.array(fc.record({ prompt: value, chosen: value, score: value, flag: value }), {
  maxLength: 30,
});

async function readAll(path: string) {
  const out: Record<string, unknown>[] = [];
  for await (const r of readDatasetRecords(path)) if (r.ok) out.push(r.record);
  return out;
}

describe("round trip", () => {
  it.each(["jsonl", "json", "parquet"])(
    "gives back any records of fixed fields (.%s)",
    async (ext) => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(records, async (written) => {
          const path = join(dir, `${run++}.${ext}`);
          await writeRecordsAtomically(path, written);
          expect(await readAll(path)).toEqual(written);
        }),
        { numRuns: 60 },
      );
    },
  );
});
