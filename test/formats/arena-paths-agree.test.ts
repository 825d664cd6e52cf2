/**
 * The leaderboard's fast path (the JSON Lines range scan, the array's field scan, and the arena
 * processor over CSV and Parquet rows) and the general path (the dataset readers, then
 * `parseArenaBattle` as `prefkit convert` reads battles) agree on every record of generated
 * arena logs — valid and invalid: missing fields, wrong types, unknown winners, self battles,
 * ties, odd unicode and escapes, broken JSON — written as JSON Lines, a JSON array, CSV and
 * Parquet: the same records refused at the same lines with the same field and reason (bad JSON:
 * at the same line), and the same counts from the rest.
 */
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalCounts, OutcomeCounter } from "../../src/core/rating/outcome-counts.js";
import type { BattleFieldSpec } from "../../src/formats/arena/battle-record.js";
import { mergeStates } from "../../src/formats/arena/merge-states.js";
import { readBattleRecords } from "../../src/formats/arena/read-battle-records.js";
import { type RangeResult, scanJsonlRange } from "../../src/formats/arena/scan-jsonl-range.js";
import { parseArenaBattle } from "../../src/formats/dataset/arena-pairs.js";
import { readDatasetRecords } from "../../src/formats/dataset/read-records.js";
import { writeRecordsAtomically } from "../../src/formats/dataset/write-records.js";
import { tempDir } from "./temp-dir.js";

const dir = tempDir("prefkit-agree-");

const SPEC: BattleFieldSpec = { where: [], timestamps: false, style: false };
/** Outcome codes by winner, written out here rather than taken from the code under test. */
const OUTCOME = { model_a: 0, model_b: 1, tie: 2, "tie (bothbad)": 3 } as const;

/** A few names, so that self battles come up; escapes, quotes, commas and astral characters. */
const name = fc.constantFrom("alpha", "beta", 'q"uote', "back\\slash", "tab\there", "é,ü", "🦙");
const value = (valid: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 8, arbitrary: valid },
    fc.constant(undefined),
    fc.constant(null),
    fc.constant(""),
    fc.integer({ min: -5, max: 5 }),
    fc.string({ maxLength: 6 }),
  );
const battle = fc.record(
  {
    model_a: value(name),
    model_b: value(name),
    winner: value(fc.constantFrom("model_a", "model_b", "tie", "tie (bothbad)")),
    note: fc.string({ maxLength: 8, unit: "grapheme" }),
  },
  { requiredKeys: ["note"] },
);
/** Lines that are not one JSON object; balanced, so a JSON array still frames them. */
const broken = fc.constantFrom('{"model_a" "alpha"}', "[1, 2]", "5", '"text"', "null", "{,}");
/** A log: battles, with broken lines between them (text formats only). */
const log = fc.array(fc.oneof({ weight: 6, arbitrary: battle }, broken), { maxLength: 16 });

type Entry = Record<string, unknown> | string;
type Verdict = { line: number; json: true } | { line: number; field?: string; message: string };

/** What the general path makes of a file: verdicts of the refused records, counts of the rest. */
async function generalPath(path: string) {
  const verdicts: Verdict[] = [];
  const counter = new OutcomeCounter();
  for await (const r of readDatasetRecords(path)) {
    if (!r.ok) {
      verdicts.push({ line: r.line, json: true });
      continue;
    }
    const parsed = parseArenaBattle(r.record);
    if (!parsed.ok) {
      const { field, message } = parsed.issues[0]!;
      verdicts.push({ line: r.line, ...(field === "(record)" ? {} : { field }), message });
    } else {
      const { modelA, modelB, winner } = parsed.value;
      counter.add(modelA, modelB, OUTCOME[winner]!, 1);
    }
  }
  return { verdicts, counts: canonicalCounts(counter.toCounts()) };
}

/** What the fast path makes of it, reading on (every error of these short logs is kept). */
function fastPath(result: RangeResult) {
  const verdicts: Verdict[] = result.errors.map((e) =>
    e.code === "invalid_json"
      ? { line: e.line, json: true as const }
      : { line: e.line, ...(e.field === undefined ? {} : { field: e.field }), message: e.message },
  );
  const counts = mergeStates([result.state], false).get("")?.counts;
  return { verdicts, counts: counts ?? canonicalCounts(new OutcomeCounter().toCounts()) };
}

let files = 0;
const file = (extension: string, text?: string): string => {
  const path = join(dir, `${files++}${extension}`);
  if (text !== undefined) writeFileSync(path, text);
  return path;
};
const line = (e: Entry) => (typeof e === "string" ? e : JSON.stringify(e));
/** CSV and Parquet cells hold text or nothing. */
const asText = (e: Record<string, unknown>) =>
  Object.fromEntries(
    ["model_a", "model_b", "winner", "note"].map((k) => {
      const v = e[k];
      return [k, v === undefined || v === null ? null : typeof v === "string" ? v : String(v)];
    }),
  );

async function expectAgreement(path: string, fast: RangeResult): Promise<void> {
  const general = await generalPath(path);
  const quick = fastPath(fast);
  expect(quick.verdicts).toEqual(general.verdicts);
  expect(quick.counts).toEqual(general.counts);
}

const RUNS = { numRuns: 40 };

describe("the fast and the general arena paths", () => {
  it("agree on every record of a JSON Lines log", async () => {
    await fc.assert(
      fc.asyncProperty(log, async (entries) => {
        const path = file(".jsonl", `${entries.map(line).join("\n")}\n`);
        await expectAgreement(
          path,
          scanJsonlRange(path, 0, statSync(path).size, SPEC, true, false),
        );
      }),
      RUNS,
    );
  });

  it("agree on every element of a JSON array", async () => {
    await fc.assert(
      fc.asyncProperty(log, async (entries) => {
        const path = file(".json", `[\n${entries.map(line).join(",\n")}\n]\n`);
        await expectAgreement(path, await readBattleRecords(path, "json", SPEC, true));
      }),
      RUNS,
    );
  });

  it("agree on every row of a CSV file and a Parquet file written by prefkit", async () => {
    const rows = fc.array(battle, { minLength: 1, maxLength: 16 });
    await fc.assert(
      fc.asyncProperty(rows, async (entries) => {
        for (const [extension, format] of [
          [".csv", "csv"],
          [".parquet", "parquet"],
        ] as const) {
          const path = file(extension);
          await writeRecordsAtomically(path, entries.map(asText));
          await expectAgreement(path, await readBattleRecords(path, format, SPEC, true));
        }
      }),
      { numRuns: 15 },
    );
  });
});
