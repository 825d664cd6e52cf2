import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IssueError } from "../../../src/core/issue.js";
import { expandInputs } from "../../../src/formats/dataset/input-paths.js";
import { tempDir } from "../temp-dir.js";

const dir = tempDir("prefkit-inputs-");

describe("expandInputs", () => {
  it("expands a folder to its dataset files, recursively, sorted, hidden ones skipped", async () => {
    const root = join(dir, "data");
    for (const sub of ["b", "a/deep", ".git"]) mkdirSync(join(root, sub), { recursive: true });
    for (const file of [
      "z.jsonl",
      "b/y.csv.gz",
      "a/x.json",
      "a/deep/w.parquet",
      "notes.txt",
      ".hidden.jsonl",
      ".git/obj.jsonl",
      "a/README.md",
    ])
      writeFileSync(join(root, file), "");
    const extra = join(dir, "extra.jsonl");
    writeFileSync(extra, "");
    expect(await expandInputs([root, extra])).toEqual([
      join(root, "a/deep/w.parquet"),
      join(root, "a/x.json"),
      join(root, "b/y.csv.gz"),
      join(root, "z.jsonl"),
      extra,
    ]);
  });

  it("passes files (and missing paths) on as they are, in the order given", async () => {
    expect(await expandInputs(["b.jsonl", "a.txt"])).toEqual(["b.jsonl", "a.txt"]);
  });

  it("refuses a folder with no dataset file, naming it", async () => {
    const empty = join(dir, "empty");
    mkdirSync(join(empty, "sub"), { recursive: true });
    writeFileSync(join(empty, "sub", "notes.txt"), "");
    const error = await expandInputs([empty]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IssueError);
    expect((error as IssueError).code).toBe("usage");
    expect((error as Error).message).toBe(
      `${empty}: no dataset files in the directory (prefkit reads .jsonl, .ndjson, .json, .csv, each optionally .gz, and .parquet)`,
    );
  });
});
