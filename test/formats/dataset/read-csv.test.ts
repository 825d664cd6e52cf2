import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  type CsvReadOptions,
  MAX_RECORD_BYTES,
  readCsvRecords,
} from "../../../src/formats/dataset/read-csv.js";
import type { LocatedRecord } from "../../../src/formats/dataset/read-located.js";
import { collect, tempDir, writeIn } from "../temp-dir.js";

const dir = tempDir("prefkit-csv-");

const read = (name: string, content: string | Buffer, options: CsvReadOptions = {}) =>
  collect(readCsvRecords(writeIn(dir, name, content), options));

/** [line, prompt] for a record, [line, message] for an error. */
const brief = (records: LocatedRecord[]) =>
  records.map((r) => (r.ok ? [r.line, r.record.prompt] : [r.line, r.message]));

const EXTRA = "invalid CSV: 4 fields, but the header has 3";

describe("readCsvRecords", () => {
  it.each([
    [
      "in the middle",
      "prompt,chosen,rejected\nq1,a,b\nq2,a,b,EXTRA\nq3,a,b\nq4,a,b",
      [
        [2, "q1"],
        [3, EXTRA],
        [4, "q3"],
        [5, "q4"],
      ],
    ],
    [
      "first",
      "prompt,chosen,rejected\nq1,a,b,EXTRA\nq2,a,b\nq3,a,b\n",
      [
        [2, EXTRA],
        [3, "q2"],
        [4, "q3"],
      ],
    ],
    [
      "last",
      "prompt,chosen,rejected\nq1,a,b\nq2,a,b\nq3,a,b,EXTRA\n",
      [
        [2, "q1"],
        [3, "q2"],
        [4, EXTRA],
      ],
    ],
  ])(
    "reports a row with an extra field %s at its line and reads every other row, in order",
    async (_, text, expected) => {
      expect(brief(await read("extra.csv", text))).toEqual(expected);
    },
  );

  it("reports a row with too few fields the same way", async () => {
    expect(brief(await read("short.csv", "prompt,chosen,rejected\nq1,a\nq2,a,b\n"))).toEqual([
      [2, "invalid CSV: 2 fields, but the header has 3"],
      [3, "q2"],
    ]);
  });

  it("reports a quote never closed at the line where its record starts, after every earlier row", async () => {
    // A quoted newline and a blank line before it: the start line is counted, not guessed.
    const text = 'prompt,chosen,rejected\nq1,"a\nstill a",b\n\nq2,a,b\nq3,"never closed\nq4,a,b\n';
    expect(brief(await read("unclosed.csv", text))).toEqual([
      [3, "q1"],
      [5, "q2"],
      [6, "invalid CSV: a quoted field starting in this record is never closed"],
    ]);
  });

  it("reports a row with stray quotes once, and goes on", async () => {
    const out = await read("stray.csv", 'prompt,chosen,rejected\nq1,say "hi" now,b\nq2,a,b\n');
    expect(brief(out).map(([line]) => line)).toEqual([2, 3]);
    expect(out[0]!.ok === false && out[0]!.message).toMatch(/^invalid CSV: Invalid Opening Quote/);
  });

  it("stops at a broken header row: every row after it would be read wrongly", async () => {
    expect(brief(await read("header.csv", 'prompt,"chosen,rejected\nq1,a,b\n'))).toEqual([
      [1, "invalid CSV header: a quoted field starting in this record is never closed"],
    ]);
    const out = await read("header-quote.csv", 'prompt,cho"sen,rejected\nq1,a,b\n');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ ok: false, line: 1 });
  });

  it("stops at a record longer than maxRecordBytes, located where the record starts", async () => {
    const text = `prompt,chosen,rejected\nq1,a,b\n\nq2,"${"x".repeat(300)}\nq3,a,b\n`;
    expect(brief(await read("long.csv", text, { maxRecordBytes: 100, chunkSize: 64 }))).toEqual([
      [2, "q1"],
      [4, "invalid CSV: record longer than 100 bytes (is a quote left open?)"],
    ]);
    expect(MAX_RECORD_BYTES).toBe(64 * 1024 * 1024);
  });

  it("reads the same rows and errors at any chunk size", async () => {
    const rows = Array.from({ length: 40 }, (_, k) =>
      k % 9 === 4 ? `q${k},a,b,EXTRA` : `q${k},"é中🎉\n${k}",b`,
    );
    const text = `\uFEFFprompt,chosen,rejected\r\n${rows.join("\r\n")}\r\n`;
    const whole = await read("chunks.csv", text);
    expect(whole.filter((r) => !r.ok)).toHaveLength(4);
    for (const chunkSize of [1, 7, 64]) {
      expect(await read(`chunks-${chunkSize}.csv`, text, { chunkSize })).toEqual(whole);
    }
  });

  it("reads the rows before damaged gzip data, then reports it at the line after them", async () => {
    const rows = Array.from({ length: 2000 }, (_, k) => `q${k},answer ${k},other ${k}`);
    const gz = gzipSync(`prompt,chosen,rejected\n${rows.join("\n")}\n`);
    const out = await read("cut.csv.gz", gz.subarray(0, gz.length >> 1), { chunkSize: 1024 });
    const last = out.at(-1)!;
    const records = out.slice(0, -1);
    expect(records.length).toBeGreaterThan(100);
    // Whole rows only: a row cut off by the damage is not taken for a shorter one.
    expect(records).toEqual(
      records.map((_, k) => ({
        ok: true,
        line: k + 2,
        record: { prompt: `q${k}`, chosen: `answer ${k}`, rejected: `other ${k}` },
      })),
    );
    expect(last).toEqual({
      ok: false,
      line: records.length + 2,
      message: "invalid gzip data: unexpected end of file",
    });
  });

  it("reports damaged gzip data where the cut-off record starts, even inside a quoted field", async () => {
    // Each record spans two lines; record k starts on line 2 + 2k and ends on line 3 + 2k.
    const rows = Array.from({ length: 3000 }, (_, k) => `q${k},"answer\n${k}",other ${k}`);
    const gz = gzipSync(`prompt,chosen,rejected\n${rows.join("\n")}\n`);
    for (const fraction of [0.3, 0.5, 0.7, 0.9]) {
      const out = await read(
        "cut-quoted.csv.gz",
        gz.subarray(0, Math.floor(gz.length * fraction)),
        {
          chunkSize: 4096,
        },
      );
      const records = out.slice(0, -1);
      expect(records.map((r) => r.ok && r.line)).toEqual(records.map((_, k) => 3 + 2 * k));
      expect(records.every((r, k) => r.ok && r.record.chosen === `answer\n${k}`)).toBe(true);
      expect(out.at(-1)).toEqual({
        ok: false,
        line: 2 + 2 * records.length,
        message: "invalid gzip data: unexpected end of file",
      });
    }
  });

  it("reports a .csv.gz file that is not gzip at line 1, without throwing", async () => {
    expect(await read("plain.csv.gz", "prompt\nq\n")).toEqual([
      { ok: false, line: 1, message: "invalid gzip data: incorrect header check" },
    ]);
  });
});
