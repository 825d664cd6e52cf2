import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { IssueError } from "../../../src/core/issue.js";
import { readDatasetRecords, readJsonlRecords } from "../../../src/formats/dataset/read-records.js";
import { parseTrlPreference, toTrlPreference } from "../../../src/formats/dataset/trl.js";
import {
  checkWritableTarget,
  commitAll,
  openRecordSink,
  type RecordSink,
  RecordWriteError,
  TargetError,
  writeJsonlAtomically,
  writeRecordsAtomically,
} from "../../../src/formats/dataset/write-records.js";
import { tempDir } from "../temp-dir.js";

const dir = tempDir("prefkit-write-");

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

async function readAll(path: string) {
  const out: Record<string, unknown>[] = [];
  for await (const r of readDatasetRecords(path)) {
    if (!r.ok) throw new Error(`${r.line}: ${r.message}`);
    out.push(r.record);
  }
  return out;
}

/** Files in the test directory whose names start with `prefix`: the target and any temporary. */
const filesStartingWith = (prefix: string) => readdirSync(dir).filter((f) => f.startsWith(prefix));

/** A directory of its own, so a test can check that it holds nothing but the target. */
const freshDir = () => mkdtempSync(join(dir, "case-"));

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
    expect(filesStartingWith("broken")).toEqual([]);
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

// Everything a dataset record holds: unicode (accents, CJK, emoji sequences), embedded newlines,
// quotes and commas, nulls, conversational messages, a nested JSON value, ints, floats, booleans.
const rich: Record<string, unknown>[] = [
  {
    id: 1,
    prompt: 'Héllo, "world"\nline two',
    score: 0.25,
    ok: true,
    note: null,
    messages: [
      { role: "user", content: "你好 🎉" },
      { role: "assistant", content: "a,b\r\nc" },
    ],
    meta: { tags: ["x", "y"], depth: { n: 1 } },
  },
  {
    id: -2,
    prompt: "",
    score: -3.5,
    ok: false,
    note: "family 👩‍👩‍👧",
    messages: [],
    meta: [1, "two", null],
  },
  {
    id: 3,
    prompt: "漢字かな",
    score: 1e-7,
    ok: null,
    note: "tab\tend",
    messages: null,
    meta: null,
  },
];

const FORMATS = [
  "rich.jsonl",
  "rich.jsonl.gz",
  "rich.ndjson",
  "rich.json",
  "rich.json.gz",
  "rich.parquet",
];

describe("writeRecordsAtomically", () => {
  it.each(FORMATS)("round-trips records through %s", async (name) => {
    const here = freshDir();
    const path = join(here, name);
    expect(await writeRecordsAtomically(path, rich)).toBe(3);
    expect(await readAll(path)).toEqual(rich);
    expect(readdirSync(here)).toEqual([name]);
  });

  it.each(["text.csv", "text.csv.gz"])("round-trips text records through %s", async (name) => {
    const path = join(dir, name);
    const text = rich.map((r) => ({ id: String(r.id), prompt: r.prompt, note: r.note ?? "" }));
    await writeRecordsAtomically(path, text);
    expect(await readAll(path)).toEqual(text);
  });

  it("gzips the text formats for a .gz path", async () => {
    const path = join(dir, "zipped.json.gz");
    await writeRecordsAtomically(path, [{ a: 1 }]);
    expect(gunzipSync(readFileSync(path)).toString()).toBe('[\n{"a":1}\n]\n');
  });

  it("writes a JSON array with one element per line, or [] when there are no records", async () => {
    const path = join(dir, "array.json");
    await writeRecordsAtomically(path, [{ a: 1 }, { b: "x" }]);
    expect(readFileSync(path, "utf8")).toBe('[\n{"a":1},\n{"b":"x"}\n]\n');
    await writeRecordsAtomically(path, []);
    expect(readFileSync(path, "utf8")).toBe("[]\n");
    expect(await readAll(path)).toEqual([]);
  });

  it("writes CSV numbers and booleans as text and null as an empty field (CSV has no types)", async () => {
    const path = join(dir, "typed.csv");
    await writeRecordsAtomically(path, [{ n: 1.5, b: true, z: null, u: undefined }]);
    expect(readFileSync(path, "utf8")).toBe("n,b,z,u\n1.5,true,,\n");
    expect(await readAll(path)).toEqual([{ n: "1.5", b: "true", z: "", u: "" }]);
  });

  it("writes a CSV row of one empty field so that it reads back as a row", async () => {
    const path = join(dir, "empty-field.csv");
    await writeRecordsAtomically(path, [{ a: "" }, { a: "x" }]);
    expect(await readAll(path)).toEqual([{ a: "" }, { a: "x" }]);
  });

  it("refuses nested values and late fields in CSV with a RecordWriteError naming the field", async () => {
    const path = join(dir, "nested.csv");
    await expect(
      writeRecordsAtomically(path, [{ a: "x" }, { a: [{ role: "user", content: "hi" }] }]),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RecordWriteError: a: holds a nested value (object or array), which CSV cannot hold; write .jsonl, .json or .parquet instead]`,
    );
    const late = writeRecordsAtomically(path, [{ a: "x" }, { a: "y", b: "z" }]);
    await expect(late).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RecordWriteError: b: not in the CSV header, which the first record fixed as: a; a CSV file cannot add a column later — write .jsonl or .parquet for records whose fields vary]`,
    );
    await expect(late).rejects.toMatchObject({ kind: "new_field", field: "b" });
    expect(filesStartingWith("nested")).toEqual([]);
  });

  it("rejects, rather than throws, when the target cannot be written", async () => {
    const written = writeRecordsAtomically(join(dir, "missing", "out.csv"), [{ a: 1 }]);
    await expect(written).rejects.toBeInstanceOf(TargetError);
    await expect(writeJsonlAtomically(join(dir, "missing", "out.jsonl"), [])).rejects.toThrow(
      TargetError,
    );
  });

  it("throws a usage IssueError naming the file and the supported types for another extension", () => {
    expect(() => openRecordSink(join(dir, "out.txt"))).toThrow(IssueError);
    expect(() => openRecordSink("out.txt")).toThrowErrorMatchingInlineSnapshot(
      `[IssueError: out.txt: unsupported file type; prefkit writes .jsonl, .ndjson, .json, .csv (each optionally .gz) and .parquet]`,
    );
    expect(() => openRecordSink("out.parquet.gz")).toThrow(IssueError);
  });

  it.each(FORMATS)(
    "leaves no target and no temporary file when the source throws (%s)",
    async (name) => {
      const here = freshDir();
      const path = join(here, name);
      async function* failing() {
        for (let k = 0; k < 30_000; k++) yield { k, text: "some text ".repeat(5) };
        throw new Error("source failed");
      }
      await expect(writeRecordsAtomically(path, failing())).rejects.toThrow("source failed");
      expect(readdirSync(here)).toEqual([]);
    },
  );

  it.each(FORMATS)("leaves an existing target untouched on failure (%s)", async (name) => {
    const here = freshDir();
    const path = join(here, name);
    writeFileSync(path, "previous content");
    async function* failing() {
      yield { a: 1 };
      throw new Error("boom");
    }
    await expect(writeRecordsAtomically(path, failing())).rejects.toThrow("boom");
    expect(readFileSync(path, "utf8")).toBe("previous content");
    expect(readdirSync(here)).toEqual([name]);
  });
});

describe("openRecordSink", () => {
  it.each([...FORMATS, "rich.csv"])(
    "abort leaves no file, at any point, and may be repeated (%s)",
    async (name) => {
      const here = freshDir();
      const untouched = openRecordSink(join(here, `0-${name}`));
      await untouched.abort();
      await untouched.abort();

      const written = openRecordSink(join(here, `1-${name}`));
      await written.write({ a: "x" });
      await written.abort();

      const finished = openRecordSink(join(here, `2-${name}`));
      await finished.write({ a: "x" });
      await finished.finish();
      await finished.abort();
      await expect(finished.commit()).rejects.toThrow(/removed/);
      expect(readdirSync(here)).toEqual([]);
    },
  );

  it("commits two finished sinks fed from one stream, as train/test splits are", async () => {
    const train = openRecordSink(join(dir, "split-train.parquet"));
    const test = openRecordSink(join(dir, "split-test.jsonl"));
    for (let k = 0; k < 10; k++) await (k % 5 === 0 ? test : train).write({ k });
    expect(await train.finish()).toBe(8);
    expect(await test.finish()).toBe(2);
    expect(filesStartingWith("split-").filter((f) => !f.endsWith(".tmp"))).toEqual([]);
    await train.commit();
    await test.commit();
    expect(filesStartingWith("split-").sort()).toEqual(["split-test.jsonl", "split-train.parquet"]);
    expect(await readAll(join(dir, "split-test.jsonl"))).toEqual([{ k: 0 }, { k: 5 }]);
    expect((await readAll(join(dir, "split-train.parquet"))).map((r) => r.k)).toEqual([
      1, 2, 3, 4, 6, 7, 8, 9,
    ]);
  });

  it("refuses to commit before finish, and to write after it", async () => {
    const sink: RecordSink = openRecordSink(join(dir, "order.jsonl"));
    await sink.write({ a: 1 });
    await expect(sink.commit()).rejects.toThrow(/needs a finished sink/);
    await sink.finish();
    await expect(sink.write({ a: 2 })).rejects.toThrow(/already finished/);
    await sink.commit();
    await sink.abort(); // after a commit: nothing to remove, the target stays
    expect(await readAll(join(dir, "order.jsonl"))).toEqual([{ a: 1 }]);
  });

  it("names the target, not the temporary file, when its directory vanishes after opening", async () => {
    for (const name of ["gone.jsonl.gz", "gone.parquet"]) {
      const here = freshDir();
      const sink = openRecordSink(join(here, name));
      rmSync(here, { recursive: true });
      await sink.write({ a: 1 });
      const finished = sink.finish();
      await expect(finished).rejects.toBeInstanceOf(TargetError);
      await expect(finished).rejects.toThrow(
        `${join(here, name)}: directory ${here} does not exist`,
      );
      await expect(sink.write({ a: 2 })).rejects.toThrow(
        /failed earlier \(.*does not exist\); abort it/,
      );
      await sink.abort();
    }
  });
});

describe("sink.write refusing a record", () => {
  it("leaves a CSV sink usable: the refused record is not written, later ones are", async () => {
    const here = freshDir();
    const sink = openRecordSink(join(here, "refused.csv"));
    await sink.write({ a: "x", b: null });
    const nested = sink.write({ a: { deep: 1 }, b: "y" });
    await expect(nested).rejects.toBeInstanceOf(RecordWriteError);
    await expect(nested).rejects.toMatchObject({ kind: "nested_value", field: "a" });
    await expect(sink.write({ a: "z", c: "new" })).rejects.toMatchObject({
      kind: "new_field",
      field: "c",
      reason: expect.stringContaining("write .jsonl or .parquet"),
    });
    // A column null so far takes text later: it is in the header.
    await sink.write({ a: "w", b: "now text" });
    expect(await sink.finish()).toBe(2);
    await sink.commit();
    expect(readFileSync(join(here, "refused.csv"), "utf8")).toBe("a,b\nx,\nw,now text\n");
  });

  it("fixes the CSV header from the first record accepted, not the first refused", async () => {
    const path = join(freshDir(), "header.csv");
    const sink = openRecordSink(path);
    await expect(sink.write({ bad: [1] })).rejects.toBeInstanceOf(RecordWriteError);
    await sink.write({ good: "1" });
    await sink.finish();
    await sink.commit();
    expect(readFileSync(path, "utf8")).toBe("good\n1\n");
  });

  it.each(["out.jsonl", "out.json"])(
    "refuses a value JSON cannot hold, naming its field, and goes on (%s)",
    async (name) => {
      const path = join(freshDir(), name);
      const sink = openRecordSink(path);
      await sink.write({ n: 1 });
      const big = sink.write({ n: 2n });
      await expect(big).rejects.toThrowErrorMatchingInlineSnapshot(
        `[RecordWriteError: n: cannot be written as JSON (Do not know how to serialize a BigInt)]`,
      );
      await expect(big).rejects.toMatchObject({ kind: "unencodable_value", field: "n" });
      await sink.write({ n: 3 });
      expect(await sink.finish()).toBe(2);
      await sink.commit();
      expect(await readAll(path)).toEqual([{ n: 1 }, { n: 3 }]);
    },
  );
});

describe("checkWritableTarget and openRecordSink, before anything is written", () => {
  it("throws a TargetError naming the target when its directory does not exist", () => {
    expect(() => openRecordSink("nodir/o.jsonl")).toThrowErrorMatchingInlineSnapshot(
      `[TargetError: nodir/o.jsonl: directory nodir does not exist]`,
    );
    expect(() => checkWritableTarget("nodir/o.parquet")).toThrow(TargetError);
    let error: unknown;
    try {
      openRecordSink("nodir/deeper/o.csv.gz");
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ kind: "missing_directory", path: "nodir/deeper/o.csv.gz" });
  });

  it("throws a TargetError when the target is a directory, or its directory a file", () => {
    const here = freshDir();
    mkdirSync(join(here, "taken.jsonl"));
    writeFileSync(join(here, "file"), "");
    expect(() => openRecordSink(join(here, "taken.jsonl"))).toThrow(
      `${join(here, "taken.jsonl")}: is a directory, not a file`,
    );
    expect(() => openRecordSink(join(here, "file", "out.parquet"))).toThrow(
      `${join(here, "file", "out.parquet")}: ${join(here, "file")} is not a directory`,
    );
    expect(readdirSync(here).sort()).toEqual(["file", "taken.jsonl"]);
  });

  it.skipIf(process.getuid?.() === 0)(
    "throws a TargetError when the directory is not writable (skipped as root, who may write anywhere)",
    () => {
      const here = freshDir();
      chmodSync(here, 0o500);
      try {
        expect(() => openRecordSink(join(here, "out.json"))).toThrow(
          `${join(here, "out.json")}: directory ${here} is not writable`,
        );
      } finally {
        chmodSync(here, 0o700);
      }
    },
  );

  it("accepts a new file and an existing one in a writable directory", () => {
    const here = freshDir();
    writeFileSync(join(here, "old.jsonl"), "");
    expect(() => checkWritableTarget(join(here, "old.jsonl"))).not.toThrow();
    expect(() => checkWritableTarget(join(here, "new.jsonl"))).not.toThrow();
    expect(() => checkWritableTarget("relative-new.jsonl")).not.toThrow();
  });
});

describe("commitAll", () => {
  /** Three finished sinks in a fresh directory; a.jsonl and c.csv had content before. */
  async function threeFinished() {
    const here = freshDir();
    writeFileSync(join(here, "a.jsonl"), "old a\n");
    writeFileSync(join(here, "c.csv"), "old c\n");
    const sinks = ["a.jsonl", "b.parquet", "c.csv"].map((name) => openRecordSink(join(here, name)));
    for (const sink of sinks) {
      await sink.write({ k: "new" });
      await sink.finish();
    }
    return { here, sinks };
  }

  it("replaces existing targets and creates new ones, leaving no temporary or backup file", async () => {
    const { here, sinks } = await threeFinished();
    await commitAll(sinks);
    expect(readdirSync(here).sort()).toEqual(["a.jsonl", "b.parquet", "c.csv"]);
    for (const name of ["a.jsonl", "b.parquet", "c.csv"]) {
      expect(await readAll(join(here, name))).toEqual([{ k: "new" }]);
    }
    await Promise.all(sinks.map((sink) => sink.abort())); // after a commit: nothing to remove
    expect(readdirSync(here).sort()).toEqual(["a.jsonl", "b.parquet", "c.csv"]);
  });

  it("leaves every target as it was when one rename fails (a target turned directory)", async () => {
    const { here, sinks } = await threeFinished();
    // Made after the sinks were opened, so only the rename onto it can fail (EISDIR).
    rmSync(join(here, "c.csv"));
    mkdirSync(join(here, "c.csv"));
    writeFileSync(join(here, "c.csv", "inside"), "kept");
    const committed = commitAll(sinks);
    await expect(committed).rejects.toBeInstanceOf(TargetError);
    await expect(committed).rejects.toMatchObject({ kind: "is_directory" });
    expect(readdirSync(here).sort()).toEqual(["a.jsonl", "c.csv"]);
    expect(readFileSync(join(here, "a.jsonl"), "utf8")).toBe("old a\n");
    expect(readFileSync(join(here, "c.csv", "inside"), "utf8")).toBe("kept");
    await Promise.all(sinks.map((sink) => sink.abort()));
    expect(readdirSync(here).sort()).toEqual(["a.jsonl", "c.csv"]);
  });

  it("restores the targets already replaced when a rename in the middle fails", async () => {
    const { here, sinks } = await threeFinished();
    mkdirSync(join(here, "b.parquet"));
    await expect(commitAll(sinks)).rejects.toThrow(/b\.parquet: is a directory/);
    expect(readdirSync(here).sort()).toEqual(["a.jsonl", "b.parquet", "c.csv"]);
    expect(readFileSync(join(here, "a.jsonl"), "utf8")).toBe("old a\n");
    expect(readFileSync(join(here, "c.csv"), "utf8")).toBe("old c\n");
    expect(readdirSync(join(here, "b.parquet"))).toEqual([]);
  });

  it("refuses, touching nothing, a sink that is not finished or two sinks with one target", async () => {
    const here = freshDir();
    const done = openRecordSink(join(here, "done.jsonl"));
    await done.finish();
    const open = openRecordSink(join(here, "open.jsonl"));
    await expect(commitAll([done, open])).rejects.toThrow(
      /open\.jsonl: commitAll\(\) needs finished sinks, but it is writing/,
    );
    const twin = openRecordSink(join(here, "done.jsonl"));
    await twin.finish();
    await expect(commitAll([done, twin])).rejects.toThrow(RangeError);
    expect(readdirSync(here).filter((f) => !f.endsWith(".tmp"))).toEqual([]);
    await Promise.all([done, open, twin].map((sink) => sink.abort()));
    expect(readdirSync(here)).toEqual([]);
    await commitAll([]);
  });
});
