/**
 * The red team's files against a real `prefkit serve` (the built CLI, on SQLite, with its
 * default limits): a .jsonl.gz that expands to 1.2 GB, a .csv.gz of 20 million rows, and a
 * Parquet file that sends hyparquet into an endless loop. Each is answered with a 4xx, the
 * server keeps answering health checks meanwhile, and its peak memory (VmHWM, Linux) stays
 * within 300 MB of where it started. How long a health check waits during a large import is
 * measured by `node bench/api/run.mjs --only import`: machines differ, so no test asserts a
 * duration; test-level time limits only bound a hung test.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, api, type CliServer, startServer } from "./cli-server.js";
import { parquetThatHangs } from "./damaged-parquet.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-import-limits-"));
let server: CliServer | undefined;
let project = "";

beforeAll(async () => {
  server = await startServer(`sqlite:${join(dir, "limits.db")}`);
  const created = await api(server, "POST", "/api/projects", { id: "bombs", name: "Bombs" });
  expect(created.status).toBe(201);
  project = "bombs";
});
afterAll(async () => {
  server?.child.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** The server's peak resident memory so far, MiB; undefined where /proc is not there. */
function peakMemoryMb(): number | undefined {
  const status = `/proc/${server!.child.pid}/status`;
  if (!existsSync(status)) return undefined;
  const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(status, "utf8"))?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}

/** Repeats one gzip member: decompresses to `copies` × `block` without compressing it all. */
const gzipBomb = (head: string, block: string, copies: number) =>
  Buffer.concat([
    gzipSync(head),
    ...Array.from({ length: copies }, () => gzipSync(block, { level: 9 })),
  ]);

/** Uploads `body`, probing /api/health every 100 ms meanwhile; how many probes were answered. */
async function uploadWhileProbing(filename: string, body: Buffer) {
  let probes = 0;
  let done = false;
  const probing = (async () => {
    while (!done) {
      const health = await fetch(`${server!.url}/api/health`);
      expect(health.status).toBe(200);
      probes++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  try {
    const response = await fetch(
      `${server!.url}/api/projects/${project}/import?filename=${filename}`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          "content-type": "application/octet-stream",
        },
        body,
      },
    );
    return {
      status: response.status,
      body: (await response.json()) as { error?: Record<string, unknown> },
      probes,
    };
  } finally {
    done = true;
    await probing;
  }
}

describe("prefkit serve against import bombs", () => {
  it("answers a .jsonl.gz that expands to 1.2 GB with a 413, in bounded memory", async () => {
    const before = peakMemoryMb();
    const line = `${JSON.stringify({ prompt: "What is 2+2?", chosen: "4", rejected: "5" })}\n`;
    const bomb = gzipBomb("", line.repeat(24_000), 1_000);
    expect(bomb.length).toBeLessThan(4 << 20);
    const r = await uploadWhileProbing("bomb.jsonl.gz", bomb);
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: "body_too_large" });
    expect(r.body.error?.message).toMatch(/more than 50000 records.*prefkit import/);
    const after = peakMemoryMb();
    if (before !== undefined && after !== undefined) expect(after - before).toBeLessThan(300);
    const stored = await api(server!, "GET", `/api/projects/${project}/judgments`);
    expect(stored.body.judgments).toEqual([]);
  });

  it("answers a .jsonl.gz of one endless line with a 413 at the decompressed-size limit", async () => {
    const before = peakMemoryMb();
    const r = await uploadWhileProbing(
      "line.jsonl.gz",
      gzipBomb('{"prompt":"', "a".repeat(1 << 20), 1_200),
    );
    expect(r.status).toBe(413);
    expect(r.body.error?.message).toMatch(/more than 64 MiB decompressed/);
    const after = peakMemoryMb();
    if (before !== undefined && after !== undefined) expect(after - before).toBeLessThan(300);
  });

  it("stores a legitimate import at the record limit while still answering health checks", async () => {
    // better-sqlite3 runs each statement synchronously: one transaction of 50,000 records'
    // rows held the event loop for 7 s before the store gave it a turn between chunks.
    const lines = Array.from({ length: 50_000 }, (_, i) =>
      JSON.stringify({
        prompt: `Question ${i}: ${"x".repeat(100)}`,
        chosen: `good ${i}`,
        rejected: `bad ${i}`,
      }),
    );
    const r = await uploadWhileProbing("big.jsonl", Buffer.from(lines.join("\n")));
    expect(r.status).toBe(201);
    expect(r.probes).toBeGreaterThan(5);
  }, 120_000);

  it("stops a .csv.gz of 20 million rows at the record limit", { timeout: 30_000 }, async () => {
    const bomb = gzipBomb("prompt,chosen,rejected\n", "q,a,b\n".repeat(100_000), 200);
    expect(bomb.length).toBeLessThan(1 << 20);
    const r = await uploadWhileProbing("rows.csv.gz", bomb);
    expect(r.status).toBe(413);
    expect(r.body.error?.message).toMatch(/more than 50000 records/);
  });

  it("answers a Parquet file hyparquet never finishes decoding with a 400, answering health checks meanwhile", async () => {
    const path = join(dir, "hangs.parquet");
    await parquetThatHangs(path);
    const r = await uploadWhileProbing("hangs.parquet", readFileSync(path));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "invalid", line: 1 });
    expect(r.body.error?.message).toMatch(/^row 1 \(row group 0\): .*took longer than/);
    expect(r.probes).toBeGreaterThan(20);
  });
});

describe("prefkit serve --import-max-records, --import-max-bytes", () => {
  it("sets the route's limits", async () => {
    const small = await startServer(`sqlite:${join(dir, "small.db")}`, [
      "--import-max-records",
      "3",
      "--import-max-bytes",
      "1K",
    ]);
    try {
      expect((await api(small, "POST", "/api/projects", { id: "s", name: "s" })).status).toBe(201);
      const post = (lines: number, width: number) =>
        fetch(`${small.url}/api/projects/s/import?dry_run=true`, {
          method: "POST",
          headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/x-ndjson" },
          body: `${JSON.stringify({ prompt: "q".repeat(width), chosen: "a", rejected: "b" })}\n`.repeat(
            lines,
          ),
        });
      expect((await post(3, 10)).status).toBe(200);
      const records = await post(4, 10);
      expect(records.status).toBe(413);
      expect(((await records.json()) as { error: { message: string } }).error.message).toMatch(
        /more than 3 records, this server's import limit \(3, prefkit serve --import-max-records\)/,
      );
      const bytes = await post(1, 2000);
      expect(bytes.status).toBe(413);
      expect(((await bytes.json()) as { error: { message: string } }).error.message).toMatch(
        /more than 1 KiB decompressed/,
      );
    } finally {
      small.child.kill();
    }
  });
});
