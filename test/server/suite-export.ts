/**
 * Exports in every file type, read back with prefkit's own dataset readers (those of
 * `prefkit inspect` and `convert`) and compared with the JSON Lines export; and the temporary
 * files CSV and Parquet are written to, gone afterwards.
 * Part of the API suite (api-suite.ts).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readDatasetRecords } from "../../src/formats/dataset/read-records.js";
import { EXPORT_DIR_PREFIX } from "../../src/server/export-file.js";
import type { Api } from "./api-suite.js";
import { json } from "./helpers.js";

const CONTENT_TYPES: Record<string, RegExp> = {
  jsonl: /^application\/x-ndjson/,
  json: /^application\/json/,
  csv: /^text\/csv/,
  parquet: /^application\/vnd\.apache\.parquet$/,
  "jsonl.gz": /^application\/gzip$/,
  "json.gz": /^application\/gzip$/,
  "csv.gz": /^application\/gzip$/,
};

/** What CSV keeps of a record: every field of the header as text, "" for null or missing. */
const asCsv = (records: Record<string, unknown>[]) => {
  const header = Object.keys(records[0] ?? {});
  return records.map((r) =>
    Object.fromEntries(
      header.map((f) => [f, r[f] === null || r[f] === undefined ? "" : `${r[f]}`]),
    ),
  );
};

export function exportTests(api: Api): void {
  const { call } = api;

  describe("export in every file type", () => {
    // The exports' temporary directories go under TMPDIR: a fresh one shows what is left.
    let exportTmp = "";
    let readTmp = "";
    const previousTmpdir = process.env.TMPDIR;
    beforeAll(() => {
      exportTmp = mkdtempSync(join(tmpdir(), "prefkit-export-test-"));
      readTmp = mkdtempSync(join(tmpdir(), "prefkit-export-read-"));
      process.env.TMPDIR = exportTmp;
    });
    afterAll(() => {
      if (previousTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmpdir;
      rmSync(exportTmp, { recursive: true, force: true });
      rmSync(readTmp, { recursive: true, force: true });
    });

    const download = (project: string, query: string) =>
      call("admin", "GET", `/api/projects/${project}/export?${query}`);

    /** The records of an exported body, read as a file of its type by prefkit's readers. */
    async function readBack(body: Buffer, type: string): Promise<Record<string, unknown>[]> {
      const path = join(readTmp, `${Math.random().toString(36).slice(2)}.${type}`);
      writeFileSync(path, body);
      const records: Record<string, unknown>[] = [];
      for await (const located of readDatasetRecords(path)) {
        if (!located.ok) throw new Error(`${type}:${located.line}: ${located.message}`);
        records.push(located.record);
      }
      return records;
    }

    const jsonl = async (project: string, query: string) => {
      const r = await download(project, `${query}&type=jsonl`);
      expect(r.statusCode).toBe(200);
      return readBack(r.rawPayload, "jsonl");
    };

    const nested = [
      ["prefkit", "format=prefkit"],
      ["conversational TRL", "format=trl-preference"],
    ] as const;
    for (const [name, query] of nested) {
      it.each(["json", "parquet", "jsonl.gz", "json.gz"])(
        `gives the JSON Lines records of ${name} as %s`,
        async (type) => {
          const expected = await jsonl("p1", query);
          expect(expected.length).toBeGreaterThan(0);
          const r = await download("p1", `${query}&type=${type}`);
          expect(r.statusCode, r.body).toBe(200);
          expect(r.headers["content-type"]).toMatch(CONTENT_TYPES[type]!);
          const format = query.slice("format=".length);
          expect(r.headers["content-disposition"]).toBe(
            `attachment; filename="p1-${format}.${type}"`,
          );
          expect(await readBack(r.rawPayload, type)).toEqual(expected);
        },
      );
    }

    it.each(["csv", "csv.gz"])("gives flat records as %s, every value as text", async (type) => {
      for (const format of ["trl-preference", "hh-rlhf", "trl-unpaired"]) {
        const query = `format=${format}&style=text`;
        const expected = await jsonl("p1", query);
        expect(expected.length, format).toBeGreaterThan(0);
        const r = await download("p1", `${query}&type=${type}`);
        expect(r.statusCode, r.body).toBe(200);
        expect(r.headers["content-type"]).toMatch(CONTENT_TYPES[type]!);
        expect(r.headers["content-length"]).toBe(String(r.rawPayload.length));
        expect(await readBack(r.rawPayload, type), format).toEqual(asCsv(expected));
      }
    });

    it("sends gzip bodies that decompress to the plain type's bytes", async () => {
      for (const type of ["jsonl", "json", "csv"]) {
        const query = "format=trl-preference&style=text";
        const plain = await download("p1", `${query}&type=${type}`);
        const gzipped = await download("p1", `${query}&type=${type}.gz`);
        expect(gzipped.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
        expect(gunzipSync(gzipped.rawPayload).toString("utf8")).toBe(plain.body);
      }
    });

    it("refuses CSV of nested records with a 400 on type naming the field", async () => {
      for (const query of ["format=prefkit", "format=trl-preference&style=conversational"]) {
        const r = await download("p1", `${query}&type=csv`);
        expect(r.statusCode).toBe(400);
        expect(r.headers["content-type"]).toMatch(/^application\/json/);
        expect(r.headers["content-disposition"]).toBeUndefined();
        const { error } = json(r);
        expect(error).toMatchObject({ code: "invalid", field: "type" });
        expect(error.message).toMatch(
          /^type: CSV cannot hold this export: field "\w+" of record 1 holds a nested value \(an object or array\); ask for type=jsonl, type=json or type=parquet instead$/,
        );
      }
      const trl = json(await download("p1", "format=trl-preference&type=csv.gz"));
      expect(trl.error.message).toContain('field "prompt" of record 1');
    });

    it("exports an empty project in every type", async () => {
      await call("admin", "POST", "/api/projects", { id: "export-empty", name: "Empty" });
      const empty: Record<string, string> = { jsonl: "", json: "[]\n", csv: "" };
      for (const type of Object.keys(CONTENT_TYPES)) {
        const r = await download("export-empty", `type=${type}`);
        expect(r.statusCode, type).toBe(200);
        if (type in empty) expect(r.body).toBe(empty[type]);
        expect(await readBack(r.rawPayload, type)).toEqual([]);
      }
    });

    it("refuses an unknown type (400 on type)", async () => {
      const r = await download("p1", "type=xlsx");
      expect(r.statusCode).toBe(400);
      expect(json(r).error.field).toBe("type");
    });

    it("leaves no temporary directory behind", async () => {
      const left = () => readdirSync(exportTmp).filter((n) => n.startsWith(EXPORT_DIR_PREFIX));
      // Removed once each file's stream has closed, which may be just after the answer.
      await vi.waitFor(() => expect(left()).toEqual([]));
    });
  });
}
