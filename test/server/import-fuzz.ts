/**
 * Fuzzing the import route (issue 10, parts 3 and 4), run on SQLite (import-fuzz.test.ts) and
 * PostgreSQL (import-fuzz.pg.test.ts): valid files of every type — JSON Lines, JSON arrays,
 * CSV, Parquet, and gzip of each text type — byte-flipped (anywhere, or in the last quarter,
 * where a Parquet footer is), truncated, spliced with random bytes, or given a hostile token
 * (a NUL, a lone surrogate, invalid UTF-8, deep nesting), by a seeded fast-check run.
 *
 * Every answer must be a 2xx or a 4xx in the API's error shape; nothing of a refused file may
 * be stored, and nothing a JSON body could not hold may be stored from an accepted one; no
 * rejection may go unhandled; the server must keep answering health checks, in bounded memory.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { parquetMetadata } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRecordsAtomically } from "../../src/formats/dataset/write-records.js";
import { valueIssue } from "../../src/formats/value-hygiene.js";
import { buildApp } from "../../src/server/app.js";
import { trlParquet } from "./damaged-parquet.js";
import { bearer, type Fixture, type StoreTarget, setup } from "./helpers.js";

/** Seeded, so a failure replays; PREFKIT_FUZZ_SEED and PREFKIT_FUZZ_RUNS explore further. */
const SEED = Number(process.env.PREFKIT_FUZZ_SEED ?? 20_251_010);
const RUNS = Number(process.env.PREFKIT_FUZZ_RUNS ?? 300);

const pairs = Array.from({ length: 12 }, (_, k) => ({
  prompt: `Question ${k}: which is better, ${[..."é中😀"].slice(0, (k % 3) + 1).join("")}?`,
  chosen: `A good answer ${k}.`,
  rejected: `A worse answer ${k}.`,
}));
const jsonl = pairs.map((p) => JSON.stringify(p)).join("\n");
const canonical = readFileSync(new URL("../../examples/canonical-demo.jsonl", import.meta.url));
const csv = `prompt,chosen,rejected\n${pairs.map((p) => `"${p.prompt}","${p.chosen}",${p.rejected.replace(/ /g, "_")}`).join("\n")}\n`;
const nestedParquet = new Uint8Array(
  parquetWriteBuffer({
    columnData: [
      { name: "prompt", data: pairs.map((p) => p.prompt), type: "STRING" },
      {
        name: "chosen",
        data: pairs.map((p) => [{ role: "assistant", content: p.chosen }]),
        type: "JSON",
      },
      { name: "rejected", data: pairs.map((p) => p.rejected), type: "STRING" },
      { name: "id", data: pairs.map((_, k) => BigInt(k)), type: "INT64" },
    ],
    rowGroupSize: 5,
  }),
);

/** The valid files the mutations start from, by the name the upload gives. */
const BASES: Base[] = [
  { name: "pairs.jsonl", bytes: Buffer.from(jsonl) },
  { name: "canonical.jsonl", bytes: canonical },
  { name: "pairs.json", bytes: Buffer.from(JSON.stringify(pairs, null, 1)) },
  { name: "pairs.csv", bytes: Buffer.from(csv) },
  { name: "pairs.parquet", bytes: trlParquet(20) },
  { name: "nested.parquet", bytes: nestedParquet },
  { name: "pairs.jsonl.gz", bytes: gzipSync(jsonl) },
  { name: "canonical.jsonl.gz", bytes: gzipSync(canonical) },
  { name: "pairs.json.gz", bytes: gzipSync(JSON.stringify(pairs)) },
  { name: "pairs.csv.gz", bytes: gzipSync(csv) },
];

interface Base {
  name: string;
  bytes: Uint8Array;
  /**
   * Offsets where a flip does the most harm, for Parquet: the bytes of each column chunk's name
   * in the footer (a renamed chunk) and of each page header (a lost or resized field).
   */
  landmarks?: number[];
}

/** A flip's place: anywhere, in the last quarter (a Parquet footer), or at a landmark. */
type Place = { where: "anywhere" | "tail" | "landmark"; x: number };

type Mutation =
  | { kind: "flip"; flips: { at: Place; bit: number }[] }
  | { kind: "truncate"; at: number }
  | { kind: "splice"; at: number; bytes: Uint8Array };

/** What a hostile file holds, as the red team wrote it: each is a 4xx wherever it lands. */
const HOSTILE: readonly Uint8Array[] = [
  Buffer.from("\\u0000"),
  Buffer.from([0x00]),
  Buffer.from("\\ud800"),
  Buffer.from("\\udfff x"),
  Buffer.from([0xff]),
  Buffer.from([0xc3, 0x28]),
  // A UTF-16 surrogate encoded as if it were a character: not UTF-8.
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from(`${"[".repeat(200)}${"]".repeat(200)}`),
  Buffer.from(`{"a":${'{"a":'.repeat(100)}1${"}".repeat(101)}`),
];

/** Positions are fractions of the file, so one arbitrary fits every base. */
const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
/** The last quarter: a Parquet footer, where a flipped bit renames or resizes a column. */
const tail = fc.double({ min: 0.75, max: 1, maxExcluded: true, noNaN: true });
const place: fc.Arbitrary<Place> = fc.oneof(
  fc.record({ where: fc.constant("anywhere" as const), x: position }),
  fc.record({ where: fc.constant("tail" as const), x: tail }),
  fc.record({ where: fc.constant("landmark" as const), x: position }),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant("flip" as const),
    // Several flips at once: hyparquet's stray rejection needed a renamed column chunk and a
    // broken page together.
    flips: fc.array(fc.record({ at: place, bit: fc.integer({ min: 0, max: 7 }) }), {
      minLength: 1,
      maxLength: 8,
    }),
  }),
  fc.record({ kind: fc.constant("truncate" as const), at: position }),
  fc.record({
    kind: fc.constant("splice" as const),
    at: position,
    bytes: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.constantFrom(...HOSTILE)),
  }),
);
/** A text base's gzip is mutated either before compressing or after. */
const whereGzipped = fc.constantFrom("mutate the text", "mutate the gzip");

function mutate(bytes: Uint8Array, m: Mutation, landmarks: readonly number[] = []): Buffer {
  const out = Buffer.from(bytes);
  const at = (x: number) => Math.floor(x * out.length);
  const offset = ({ where, x }: Place) =>
    where === "landmark" && landmarks.length > 0
      ? landmarks[Math.floor(x * landmarks.length)]!
      : at(x);
  switch (m.kind) {
    case "flip":
      for (const f of m.flips) out[offset(f.at)]! ^= 1 << f.bit;
      return out;
    case "truncate":
      return out.subarray(0, at(m.at));
    case "splice":
      return Buffer.concat([out.subarray(0, at(m.at)), m.bytes, out.subarray(at(m.at))]);
  }
}

function upload(base: Base, m: Mutation, gz: string): Buffer {
  if (!base.name.endsWith(".gz") || gz === "mutate the gzip") {
    return mutate(base.bytes, m, base.landmarks);
  }
  return gzipSync(mutate(gunzipSync(base.bytes), m));
}

function parquetLandmarks(bytes: Uint8Array): number[] {
  const buffer = Buffer.from(bytes);
  const metadata = parquetMetadata(
    buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length) as ArrayBuffer,
  );
  const footerLength = buffer.readUInt32LE(buffer.length - 8);
  const footerStart = buffer.length - 8 - footerLength;
  const landmarks: number[] = [];
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data!;
      for (const name of meta.path_in_schema) {
        const text = Buffer.from(name);
        // Past the schema's mention of the name: the chunks' own.
        let found = buffer.indexOf(text, buffer.indexOf(text, footerStart) + 1);
        for (; found !== -1; found = buffer.indexOf(text, found + 1)) {
          for (let k = 0; k < text.length; k++) landmarks.push(found + k);
        }
      }
      const page = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      for (let k = 0; k < 24; k++) landmarks.push(page + k);
    }
  }
  return [...new Set(landmarks)].sort((a, b) => a - b);
}

/** What an accepted file stored that a JSON body could not hold, or undefined. */
function unfit(exported: string, uploaded: Buffer): string | undefined {
  // U+FFFD stored from a file without one is invalid UTF-8, decoded leniently.
  const replacement = Buffer.from("\uFFFD");
  const decoded = [uploaded, gunzipQuietly(uploaded)].some((b) => b?.includes(replacement));
  for (const line of exported.split("\n").filter((l) => l !== "")) {
    const issue = valueIssue(JSON.parse(line));
    if (issue) return `${issue.field}: ${issue.message}`;
    if (!decoded && line.includes("\uFFFD")) return "U+FFFD from invalid UTF-8";
  }
  return undefined;
}

function gunzipQuietly(bytes: Buffer): Buffer | undefined {
  try {
    return gunzipSync(bytes);
  } catch {
    return undefined;
  }
}

export function importFuzzTests(target: StoreTarget, skip?: string): void {
  describe.skipIf(skip !== undefined)(`the import route under fuzzing, on ${target.name}`, () => {
    let f: Fixture | undefined;
    let app: Awaited<ReturnType<typeof buildApp>> | undefined;
    beforeAll(async () => {
      f = await setup(target);
      // prefkit's own writer: data page v2, nested columns, the key-value metadata it reads back.
      const written = join(mkdtempSync(join(tmpdir(), "prefkit-fuzz-")), "written.parquet");
      await writeRecordsAtomically(written, [
        ...pairs.map((p, k) => ({ ...p, chosen: [{ role: "assistant", content: p.chosen }], k })),
        { prompt: "no k", chosen: "a", rejected: "b" },
      ]);
      BASES.push({ name: "written.parquet", bytes: readFileSync(written) });
      for (const base of BASES) {
        if (base.name.endsWith(".parquet")) base.landmarks = parquetLandmarks(base.bytes);
      }
      rmSync(dirname(written), { recursive: true, force: true });
      // Small limits, so that a mutation that declares a huge size meets them quickly, and a
      // short decode deadline for the mutations that send hyparquet into an endless loop.
      app = await buildApp({
        store: f.store,
        rateLimit: { max: 1_000_000, timeWindow: 60_000 },
        importLimits: { maxBytes: 8 << 20, maxRecords: 5_000, maxDecodeMs: 1_000 },
      });
    });
    afterAll(async () => {
      await app?.close();
      await f?.close();
    });

    it(
      `answers ${RUNS} corrupted uploads with a 2xx or a located 4xx, storing nothing of a refused one`,
      async () => {
        const admin = bearer(f!.tokens.admin);
        const rejections: unknown[] = [];
        const onRejection = (reason: unknown) => rejections.push(reason);
        process.on("unhandledRejection", onRejection);
        const statuses = new Map<number, number>();
        const rssBefore = process.memoryUsage().rss;
        let rssPeak = rssBefore;
        let run = 0;
        try {
          await fc.assert(
            fc.asyncProperty(
              fc.constantFrom(...BASES),
              mutation,
              whereGzipped,
              fc.boolean(),
              async (base, m, gz, dryRun) => {
                const project = `fz${++run}`;
                const created = await app!.inject({
                  method: "POST",
                  url: "/api/projects",
                  headers: admin,
                  payload: { id: project, name: project },
                });
                expect(created.statusCode).toBe(201);
                const payload = upload(base, m, gz);
                const r = await app!.inject({
                  method: "POST",
                  url: `/api/projects/${project}/import?filename=${base.name}${dryRun ? "&dry_run=true" : ""}`,
                  headers: { ...admin, "content-type": "application/octet-stream" },
                  payload,
                });
                statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
                expect(r.statusCode, r.body).toBeGreaterThanOrEqual(200);
                expect(r.statusCode, r.body).toBeLessThan(500);
                if (r.statusCode >= 400) {
                  const error = JSON.parse(r.body).error;
                  expect(typeof error.code).toBe("string");
                  expect(typeof error.message).toBe("string");
                }
                const exported = await app!.inject({
                  method: "GET",
                  url: `/api/projects/${project}/export`,
                  headers: admin,
                });
                if (r.statusCode >= 400 || dryRun) {
                  expect(exported.body, "nothing of a refused file is stored").toBe("");
                } else {
                  expect(
                    unfit(exported.body, payload),
                    "stored what a JSON body could not hold",
                  ).toBe(undefined);
                }
                const health = await app!.inject({ method: "GET", url: "/api/health" });
                expect(health.statusCode).toBe(200);
                rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
              },
            ),
            { seed: SEED, numRuns: RUNS },
          );
          // Let any decode still running in the background fail now, inside the listener's watch.
          await new Promise((resolve) => setTimeout(resolve, 100));
        } finally {
          process.off("unhandledRejection", onRejection);
        }
        expect(rejections).toEqual([]);
        if (process.env.PREFKIT_FUZZ_RUNS) console.log(Object.fromEntries(statuses));
        // Both outcomes happen: the corruption is neither always fatal nor always harmless.
        expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
        expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
        expect(rssPeak - rssBefore).toBeLessThan(300 << 20);
      },
      Math.max(60_000, RUNS * 200),
    );
  });
}
