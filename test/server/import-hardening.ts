/**
 * The import route against hostile files (issue 10, parts 3 and 4), run on SQLite
 * (import-hardening.test.ts) and PostgreSQL (import-hardening.pg.test.ts): every record is
 * checked as JSON bodies are (NUL, lone surrogates, nesting, invalid UTF-8), damaged Parquet is
 * a located 400, and decompressed size and record count have limits. Each answer is a 4xx with
 * the API's error shape, and nothing of a refused file is stored.
 */
import { gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { parquetWithStrayBrokenChunk } from "./damaged-parquet.js";
import { bearer, type Fixture, json, type StoreTarget, setup } from "./helpers.js";

const trl = (k: number) => ({
  prompt: `Question ${k}?`,
  chosen: `Yes ${k}.`,
  rejected: `No ${k}.`,
});
const jsonl = (records: readonly object[]) => records.map((r) => JSON.stringify(r)).join("\n");

/** Repeats one gzip member: decompresses to `copies` × `block` without compressing it all. */
export const gzipBomb = (block: string, copies: number): Buffer => {
  const member = gzipSync(block, { level: 9 });
  return Buffer.concat(Array.from({ length: copies }, () => member));
};

export function importHardeningTests(target: StoreTarget, skip?: string): void {
  describe.skipIf(skip !== undefined)(`import hardening on ${target.name}`, () => {
    let f: Fixture | undefined;
    let project = 0;
    beforeAll(async () => {
      f = await setup(target);
    });
    afterAll(async () => {
      await f?.close();
    });
    const fx = () => f!;

    /** A fresh project, so that "nothing stored" can be checked by its export. */
    const freshProject = async () => {
      const id = `h${++project}`;
      const r = await fx().app.inject({
        method: "POST",
        url: "/api/projects",
        headers: bearer(fx().tokens.admin),
        payload: { id, name: id },
      });
      expect(r.statusCode).toBe(201);
      return id;
    };
    const upload = (
      id: string,
      body: string | Buffer,
      filename: string,
      app: FastifyInstance = fx().app,
    ) =>
      app.inject({
        method: "POST",
        url: `/api/projects/${id}/import?filename=${filename}`,
        headers: { ...bearer(fx().tokens.admin), "content-type": "application/octet-stream" },
        payload: body,
      });
    const exported = async (id: string) =>
      (
        await fx().app.inject({
          method: "GET",
          url: `/api/projects/${id}/export`,
          headers: bearer(fx().tokens.admin),
        })
      ).body;
    /** A 400 naming line and field, and the project still empty. */
    const refused = async (
      id: string,
      response: Awaited<ReturnType<typeof upload>>,
      where: { line: number; field: string; reason: RegExp },
    ) => {
      expect(response.statusCode, response.body).toBe(400);
      const error = json(response).error;
      expect(error).toMatchObject({ code: "invalid", line: where.line, field: where.field });
      expect(error.message).toMatch(where.reason);
      expect(error.message.startsWith(`line ${where.line}: ${where.field}: `)).toBe(true);
      expect(await exported(id)).toBe("");
    };

    it("refuses metadata nested 100,000 deep with a 400 naming the line and field", async () => {
      const id = await freshProject();
      const deep = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
      const lines = [
        JSON.stringify({ type: "prompt", id: "ok", messages: [{ role: "user", content: "Hi?" }] }),
        `{"type":"prompt","id":"deep","messages":[{"role":"user","content":"Hi?"}],"metadata":${deep}}`,
      ].join("\n");
      const r = await upload(id, lines, "deep.jsonl");
      expect(r.statusCode, r.body).toBe(400);
      const error = json(r).error;
      expect(error).toMatchObject({ code: "invalid", line: 2 });
      expect(error.field).toMatch(/^metadata(\.a)+$/);
      expect(error.message).toMatch(/^line 2: metadata(\.a)+: nested more than 64 levels deep$/);
      expect(await exported(id)).toBe("");
    });

    it("refuses a NUL in a CSV field with a 400 naming the line and field", async () => {
      const id = await freshProject();
      const csv = 'prompt,chosen,rejected\n"2+2?",4,5\n"Capital?","Pa\u0000ris",Lyon\n';
      await refused(id, await upload(id, csv, "pairs.csv"), {
        line: 3,
        field: "chosen",
        reason: /NUL/,
      });
    });

    it("refuses a lone surrogate in JSON Lines and in a JSON array (400, line and field)", async () => {
      const id = await freshProject();
      const lines = `${JSON.stringify(trl(1))}\n{"prompt":"Broken \\ud800 text","chosen":"a","rejected":"b"}\n`;
      await refused(id, await upload(id, lines, "pairs.jsonl"), {
        line: 2,
        field: "prompt",
        reason: /well-formed Unicode/,
      });
      const array = `[\n${JSON.stringify(trl(1))},\n{"prompt":"q","chosen":"\\udc00","rejected":"b"}\n]`;
      await refused(id, await upload(id, array, "pairs.json"), {
        line: 3,
        field: "chosen",
        reason: /well-formed Unicode/,
      });
    });

    it("refuses invalid UTF-8 in a JSON Lines upload with a 400 naming the line and field", async () => {
      const id = await freshProject();
      const body = Buffer.concat([
        Buffer.from(`${JSON.stringify(trl(1))}\n${JSON.stringify(trl(2))}\n{"prompt":"caf`),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('","chosen":"a","rejected":"b"}\n'),
      ]);
      await refused(id, await upload(id, body, "pairs.jsonl"), {
        line: 3,
        field: "prompt",
        reason: /not valid UTF-8/,
      });
      const gz = await upload(id, gzipSync(body), "pairs.jsonl.gz");
      await refused(id, gz, { line: 3, field: "prompt", reason: /not valid UTF-8/ });
    });

    it("refuses invalid UTF-8 in a JSON request body (400 naming the body, nothing stored)", async () => {
      const id = await freshProject();
      const prompt = '[{"id":"p1","messages":[{"role":"user","content":"caf';
      const r = await fx().app.inject({
        method: "POST",
        url: `/api/projects/${id}/prompts`,
        headers: { ...bearer(fx().tokens.admin), "content-type": "application/json" },
        payload: Buffer.concat([Buffer.from(prompt), Buffer.from([0xe9]), Buffer.from('"}]}]')]),
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(json(r).error).toMatchObject({ code: "invalid", field: "(body)" });
      expect(json(r).error.message).toMatch(/^\(body\): is not valid UTF-8/);
      expect(await exported(id)).toBe("");
    });

    it("still refuses prototype poisoning in JSON bodies", async () => {
      const r = await fx().app.inject({
        method: "POST",
        url: "/api/projects",
        headers: { ...bearer(fx().tokens.admin), "content-type": "application/json" },
        payload: '{"id":"x1","name":"x","__proto__":{"admin":true}}',
      });
      expect(r.statusCode).toBe(400);
    });

    it("answers a Parquet file hyparquet cannot read with a located 400, never a crash", async () => {
      const id = await freshProject();
      const rejections: unknown[] = [];
      const onRejection = (reason: unknown) => rejections.push(reason);
      process.on("unhandledRejection", onRejection);
      try {
        const r = await upload(id, Buffer.from(parquetWithStrayBrokenChunk()), "pairs.parquet");
        // Give a stray promise of the decoder time to reject.
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(r.statusCode, r.body).toBe(400);
        expect(json(r).error).toMatchObject({ code: "invalid", line: 1 });
        expect(json(r).error.message).toMatch(/^row 1 \(row group 0\): .*invalid Parquet/);
      } finally {
        process.off("unhandledRejection", onRejection);
      }
      expect(rejections).toEqual([]);
      expect(await exported(id)).toBe("");
    });

    describe("limits", () => {
      let limited: FastifyInstance | undefined;
      beforeAll(async () => {
        limited = await buildApp({
          store: fx().store,
          rateLimit: { max: 100_000, timeWindow: 60_000 },
          importLimits: { maxBytes: 64 * 1024, maxRecords: 100 },
        });
      });
      afterAll(async () => {
        await limited?.close();
      });

      it("takes a file at the record limit, and answers 413 naming the limit and prefkit import above it", async () => {
        const id = await freshProject();
        const records = Array.from({ length: 101 }, (_, k) => trl(k));
        const atLimit = await upload(id, jsonl(records.slice(0, 100)), "a.jsonl", limited);
        expect(atLimit.statusCode, atLimit.body).toBe(201);
        const id2 = await freshProject();
        const over = await upload(id2, jsonl(records), "a.jsonl", limited);
        expect(over.statusCode).toBe(413);
        expect(json(over).error.code).toBe("body_too_large");
        expect(json(over).error.message).toMatch(/more than 100 records.*prefkit import/);
        expect(await exported(id2)).toBe("");
      });

      it("stops inflating a gzip bomb at the decompressed-size limit (413)", async () => {
        const id = await freshProject();
        // 16 MiB of one long line: the line limit is not what stops it.
        const bomb = Buffer.concat([gzipSync('{"prompt":"'), gzipBomb("a".repeat(1 << 20), 16)]);
        const r = await upload(id, bomb, "bomb.jsonl.gz", limited);
        expect(r.statusCode, r.body).toBe(413);
        expect(json(r).error.message).toMatch(/more than 64 KiB decompressed.*prefkit import/);
        expect(await exported(id)).toBe("");
      });

      // The time limit bounds a hung read; reading all 20 million rows is what the 413 rules out.
      it("stops a CSV of millions of tiny rows at the record limit", {
        timeout: 20_000,
      }, async () => {
        const id = await freshProject();
        const bomb = Buffer.concat([
          gzipSync("prompt,chosen,rejected\n"),
          gzipBomb("q,a,b\n".repeat(100_000), 200),
        ]);
        const r = await upload(id, bomb, "rows.csv.gz");
        expect(r.statusCode, r.body).toBe(413);
        expect(json(r).error.message).toMatch(/more than 50000 records/);
        expect(await exported(id)).toBe("");
      });

      it("refuses a Parquet file whose footer declares more rows than the limit, before decoding", async () => {
        const id = await freshProject();
        const { trlParquet } = await import("./damaged-parquet.js");
        const r = await upload(id, Buffer.from(trlParquet(101)), "a.parquet", limited);
        expect(r.statusCode, r.body).toBe(413);
        expect(json(r).error.message).toMatch(/more than 100 records/);
      });
    });

    it("still answers health checks", async () => {
      const r = await fx().app.inject({ method: "GET", url: "/api/health" });
      expect(r.statusCode).toBe(200);
    });
  });
}
