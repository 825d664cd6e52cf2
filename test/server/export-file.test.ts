import { once } from "node:events";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../src/server/errors.js";
import { EXPORT_DIR_PREFIX, exportFile } from "../../src/server/export-file.js";

async function* recordsOf(records: Record<string, unknown>[], failAfter?: number) {
  for (const [i, record] of records.entries()) {
    if (i === failAfter) throw new Error("the database went away");
    yield record;
  }
}

const pairs = [
  { prompt: "2+2?", chosen: "4", rejected: "5" },
  { prompt: "Capital of France?", chosen: "Paris", rejected: "Lyon" },
];

describe("exportFile", () => {
  let root = "";
  const previous = process.env.TMPDIR;
  const left = () => readdirSync(root).filter((name) => name.startsWith(EXPORT_DIR_PREFIX));
  // TMPDIR pointed at a scratch root, as suite-export.ts does for the server.
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "prefkit-export-file-test-"));
    process.env.TMPDIR = root;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  });

  it("writes the file in a temporary directory, removed once the stream is read", async () => {
    const { stream, bytes } = await exportFile(recordsOf(pairs), "csv");
    expect(left()).toHaveLength(1);
    const csv = await text(stream);
    expect(csv).toBe("prompt,chosen,rejected\n2+2?,4,5\nCapital of France?,Paris,Lyon\n");
    expect(bytes).toBe(Buffer.byteLength(csv));
    await vi.waitFor(() => expect(left()).toEqual([]));
  });

  it("removes the directory when the stream is destroyed unread (the client went away)", async () => {
    const { stream } = await exportFile(recordsOf(pairs), "parquet");
    expect(left()).toHaveLength(1);
    stream.destroy();
    await once(stream, "close");
    await vi.waitFor(() => expect(left()).toEqual([]));
  });

  it("refuses a record CSV cannot hold with a 400 on type, leaving nothing", async () => {
    const records = [...pairs, { prompt: [{ role: "user", content: "Hi" }], chosen: "a" }];
    const refused = await exportFile(recordsOf(records), "csv.gz").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: "invalid", location: { field: "type" } });
    expect((refused as ApiError).message).toMatchInlineSnapshot(
      `"type: CSV cannot hold this export: field "prompt" of record 3 holds a nested value (an object or array); ask for type=jsonl, type=json or type=parquet instead"`,
    );
    expect(left()).toEqual([]);
  });

  it("passes the records' own failure on, leaving nothing", async () => {
    await expect(exportFile(recordsOf(pairs, 1), "parquet")).rejects.toThrow(
      "the database went away",
    );
    expect(left()).toEqual([]);
  });
});
