/**
 * The dataset readers against hostile input: damaged Parquet never escapes as an unhandled
 * rejection, limits stop reading (a gzip bomb is never inflated whole), and text that is not
 * UTF-8 is a located error rather than U+FFFD.
 */

import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { IssueError } from "../../../src/core/issue.js";
import { ParquetDecodeThread } from "../../../src/formats/dataset/parquet-decode-thread.js";
import { ReadLimitError } from "../../../src/formats/dataset/read-limits.js";
import type { LocatedRecord } from "../../../src/formats/dataset/read-located.js";
import { readParquetRecords } from "../../../src/formats/dataset/read-parquet-records.js";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";
import { DatasetBytes } from "../../../src/formats/dataset/read-source.js";
// Temp files as the other reader tests make them (temp-dir.ts).
import {
  parquetThatHangs,
  parquetWithStrayBrokenChunk,
  trlParquet,
} from "../../server/damaged-parquet.js";
import { tempDir, writeIn } from "../temp-dir.js";

const dir = tempDir("prefkit-read-hardening-");

const file = (name: string, bytes: string | Uint8Array): string => writeIn(dir, name, bytes);

async function read(path: string, limits = {}): Promise<LocatedRecord[]> {
  const out: LocatedRecord[] = [];
  for await (const r of readDatasetRecords(path, limits)) out.push(r);
  return out;
}

const bomb = (block: string, copies: number) => {
  const member = gzipSync(block, { level: 9 });
  return Buffer.concat(Array.from({ length: copies }, () => member));
};

describe("damaged Parquet", () => {
  it("gives a located error for a row group whose chunks do not fit the schema, and no unhandled rejection", async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    let out: LocatedRecord[];
    try {
      out = await read(file("stray.parquet", parquetWithStrayBrokenChunk()));
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    expect(rejections).toEqual([]);
    expect(out).toEqual([
      {
        ok: false,
        line: 1,
        rowGroup: 0,
        message:
          'invalid Parquet: row group 0 (3 rows) could not be decoded: column chunk "pejected" is not a column of the schema',
      },
    ]);
  });

  it("checks the footer's row count and data size against the limits before decoding", async () => {
    const path = file("rows.parquet", trlParquet(50));
    expect(await read(path, { maxRecords: 50 })).toHaveLength(50);
    await expect(read(path, { maxRecords: 49 })).rejects.toThrow(
      new ReadLimitError("maxRecords", 49),
    );
    await expect(read(path, { maxBytes: 100 })).rejects.toThrow(/more than 100 bytes/);
  });

  it("counts the page sizes hyparquet decompresses against the byte budget", async () => {
    const path = file("budget.parquet", trlParquet(50));
    const generous = new ParquetDecodeThread(path, 1 << 20);
    const tight = new ParquetDecodeThread(path, 100);
    try {
      expect(await generous.decode(0, 50, 10_000)).toMatchObject({ ok: true });
      await expect(tight.decode(0, 50, 10_000)).rejects.toThrow(ReadLimitError);
    } finally {
      await generous.close();
      await tight.close();
    }
  });

  it("counts the decoded rows too: one dictionary string repeated in every row is no small file", async () => {
    // 2,000 rows sharing one 20,000-character prompt: a dictionary page holds it once, the
    // decoded rows 40 MB of it.
    const long = "x".repeat(20_000);
    const rows = 2_000;
    const path = file(
      "dictionary.parquet",
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: "prompt", data: Array.from({ length: rows }, () => long), type: "STRING" },
            { name: "chosen", data: Array.from({ length: rows }, () => "a"), type: "STRING" },
            { name: "rejected", data: Array.from({ length: rows }, () => "b"), type: "STRING" },
          ],
        }),
      ),
    );
    const thread = new ParquetDecodeThread(path, 4 << 20);
    try {
      await expect(thread.decode(0, rows, 10_000)).rejects.toThrow(ReadLimitError);
    } finally {
      await thread.close();
    }
  });

  it("stops a decode that never ends at its deadline, and the calling thread keeps running", async () => {
    const path = join(dir, "hangs.parquet");
    await parquetThatHangs(path);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const out: LocatedRecord[] = [];
    try {
      for await (const r of readParquetRecords(path, { maxDecodeMs: 500 })) out.push(r);
    } finally {
      clearInterval(ticker);
    }
    expect(ticks).toBeGreaterThan(10);
    expect(out).toEqual([
      {
        ok: false,
        line: 1,
        rowGroup: 0,
        message:
          "invalid Parquet: row group 0 (300 rows) could not be decoded: took longer than 0.5 s",
      },
    ]);
  });
});

describe("limits", () => {
  it("stops inflating a gzip bomb at maxBytes, holding at most one step's output at a time", async () => {
    // 1 GiB of zeros from 1 MiB of gzip.
    const path = file("zeros.jsonl.gz", bomb("\u0000".repeat(1 << 20), 1024));
    const bytes = new DatasetBytes(path, undefined, 32 << 20);
    let total = 0;
    let largest = 0;
    const iterate = async () => {
      for await (const chunk of bytes) {
        total += chunk.length;
        largest = Math.max(largest, chunk.length);
      }
    };
    await expect(iterate()).rejects.toThrow(new ReadLimitError("maxBytes", 32 << 20));
    expect(total).toBeLessThanOrEqual(32 << 20);
    expect(largest).toBeLessThanOrEqual(1 << 16);
  });

  it("stops JSON Lines, JSON arrays and CSV at maxRecords", async () => {
    const line = JSON.stringify({ prompt: "q", chosen: "a", rejected: "b" });
    const jsonl = file("many.jsonl", `${line}\n`.repeat(20));
    const array = file("many.json", `[${Array(20).fill(line).join(",")}]`);
    const csv = file("many.csv.gz", gzipSync(`prompt,chosen,rejected\n${"q,a,b\n".repeat(20)}`));
    for (const path of [jsonl, array, csv]) {
      expect(await read(path, { maxRecords: 20 })).toHaveLength(20);
      await expect(read(path, { maxRecords: 19 })).rejects.toThrow(/more than 19 records/);
    }
  });

  it("applies maxBytes to uncompressed files too", async () => {
    const path = file("big.jsonl", `${JSON.stringify({ prompt: "x".repeat(5000) })}\n`);
    await expect(read(path, { maxBytes: 4096 })).rejects.toThrow(/more than 4 KiB decompressed/);
    await expect(read(path, { maxRecords: 0 })).rejects.toThrow(IssueError);
  });
});

describe("text that is not UTF-8", () => {
  const bad = (before: string, after: string) =>
    Buffer.concat([Buffer.from(before), Buffer.from([0xff]), Buffer.from(after)]);

  // Each damaged file its own case, with its own expected records.
  it("is a located error in JSON Lines, naming the field that holds it", async () => {
    const body = Buffer.concat([
      Buffer.from('{"prompt":"fine"}\n'),
      bad('{"prompt":"ok","chosen":"x', '"}\n'),
      Buffer.from('{"prompt":"after"}\n'),
    ]);
    expect(await read(file("bad.jsonl", body))).toEqual([
      { ok: true, line: 1, record: { prompt: "fine" } },
      { ok: false, line: 2, field: "chosen", message: "is not valid UTF-8" },
      { ok: true, line: 3, record: { prompt: "after" } },
    ]);
  });

  it("names the record when the line also holds a real U+FFFD, or does not parse", async () => {
    const both = bad('{"a":"\uFFFD","b":"', '"}');
    expect(await read(file("both.jsonl", both))).toEqual([
      { ok: false, line: 1, message: "not valid UTF-8 text" },
    ]);
    expect(await read(file("broken.jsonl", bad('{"a":', "}")))).toEqual([
      { ok: false, line: 1, message: "not valid UTF-8 text" },
    ]);
  });

  it("is a located error in a JSON array element", async () => {
    const body = Buffer.concat([
      Buffer.from('[\n{"a":"ok"},\n'),
      bad('{"k', '":1}'),
      Buffer.from("\n]"),
    ]);
    expect(await read(file("bad.json", body))).toEqual([
      { ok: true, line: 2, record: { a: "ok" } },
      { ok: false, line: 3, field: "k\uFFFD", message: "is not valid UTF-8" },
    ]);
  });

  it("ends a CSV file at the line that holds it, after the records before it", async () => {
    const body = Buffer.concat([
      Buffer.from("a,b\n1,2\n3,4\n"),
      bad("5,", "\n"),
      Buffer.from("7,8\n"),
    ]);
    for (const [name, bytes] of [
      ["bad.csv", body],
      ["bad.csv.gz", gzipSync(body)],
    ] as const) {
      expect(await read(file(name, bytes))).toEqual([
        { ok: true, line: 2, record: { a: "1", b: "2" } },
        { ok: true, line: 3, record: { a: "3", b: "4" } },
        { ok: false, line: 4, message: "not valid UTF-8 text" },
      ]);
    }
  });

  it("is found at any chunk size, and a character split between chunks is no error", async () => {
    const good = Buffer.from(`a,b\n"é 中文 😀",x\n`);
    const path = file("split.csv", good);
    for (const chunkSize of [1, 2, 3, 5]) {
      const { readCsvRecords } = await import("../../../src/formats/dataset/read-csv.js");
      const out: LocatedRecord[] = [];
      for await (const r of readCsvRecords(path, { chunkSize })) out.push(r);
      expect(out, `chunk size ${chunkSize}`).toEqual([
        { ok: true, line: 2, record: { a: "é 中文 😀", b: "x" } },
      ]);
    }
  });
});
