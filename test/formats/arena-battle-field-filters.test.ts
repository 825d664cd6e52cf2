/**
 * `--where` and `--by` on the battle fields themselves (model_a, model_b, winner) filter and
 * group on every file type alike. They add no field to read, and JSON Lines and JSON arrays
 * once took such records on their bytes, skipping the filter: `--where winner=tie` kept all
 * four battles of a JSON Lines log where CSV kept the two ties.
 */
import { describe, expect, it } from "vitest";
import type { BattleFieldSpec } from "../../src/formats/arena/battle-record.js";
import { readArena } from "../../src/formats/arena/read-arena.js";
import { tempDir, writeIn } from "./temp-dir.js";

const dir = tempDir("prefkit-battle-filters-");

const BATTLES = [
  { model_a: "alpha", model_b: "beta", winner: "tie" },
  { model_a: "alpha", model_b: "gamma", winner: "model_a" },
  { model_a: "beta", model_b: "gamma", winner: "tie" },
  { model_a: "gamma", model_b: "alpha", winner: "model_b" },
];

/** The same battles as JSON Lines, a JSON array and CSV. */
const FILES = [
  writeIn(dir, "b.jsonl", BATTLES.map((b) => JSON.stringify(b)).join("\n")),
  writeIn(dir, "b.json", JSON.stringify(BATTLES)),
  writeIn(
    dir,
    "b.csv",
    ["model_a,model_b,winner", ...BATTLES.map((b) => `${b.model_a},${b.model_b},${b.winner}`)].join(
      "\n",
    ),
  ),
];

async function read(path: string, spec: Partial<BattleFieldSpec>) {
  const full: BattleFieldSpec = { where: [], timestamps: false, style: false, ...spec };
  const result = await readArena([path], {
    spec: full,
    skipInvalid: false,
    threads: 1,
    workers: false,
  });
  return { filtered: result.filtered, groups: [...result.groups.keys()].sort() };
}

describe("filters on the battle fields", () => {
  it.each(FILES)("%s: --where winner=tie keeps the two ties", async (path) => {
    expect(await read(path, { where: [{ field: "winner", value: "tie" }] })).toMatchObject({
      filtered: 2,
    });
  });

  it.each(FILES)("%s: --where model_a=alpha keeps alpha's two battles as model_a", async (path) => {
    expect((await read(path, { where: [{ field: "model_a", value: "alpha" }] })).filtered).toBe(2);
  });

  it.each(FILES)("%s: --by winner groups by the winner's value", async (path) => {
    expect((await read(path, { by: "winner" })).groups).toEqual(["model_a", "model_b", "tie"]);
  });
});
