/**
 * Streams the records of a dataset file — JSON Lines (optionally gzip-compressed) or CSV with
 * a header — with their line numbers, in constant memory. Malformed lines come back as located
 * errors instead of stopping the stream, so callers decide between failing and skipping.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { parse } from "csv-parse";

export type LocatedRecord =
  | { ok: true; line: number; record: Record<string, unknown> }
  | { ok: false; line: number; message: string };

function open(path: string): Readable {
  const input = createReadStream(path);
  return path.toLowerCase().endsWith(".gz") ? input.pipe(createGunzip()) : input;
}

/** Records of a JSON Lines file (.jsonl, .ndjson, optionally .gz); blank lines are skipped. */
export async function* readJsonlRecords(path: string): AsyncGenerator<LocatedRecord> {
  const lines = createInterface({ input: open(path), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, "").trim() : text.trim();
    if (trimmed === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      yield { ok: false, line, message: `invalid JSON: ${(error as Error).message}` };
      continue;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      yield { ok: false, line, message: "expected a JSON object" };
      continue;
    }
    yield { ok: true, line, record: value as Record<string, unknown> };
  }
}

/**
 * Records of a CSV file with a header row (optionally .gz). The line is where the record ends
 * (csv-parse counts it so): the same line unless a quoted field spans lines.
 */
export async function* readCsvRecords(path: string): AsyncGenerator<LocatedRecord> {
  const parser = open(path).pipe(
    parse({ columns: true, info: true, bom: true, skip_empty_lines: true }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { ok: true, line: info.lines, record };
    }
  } catch (error) {
    const e = error as { message: string; lines?: number };
    yield { ok: false, line: e.lines ?? 0, message: `invalid CSV: ${e.message}` };
  }
}
