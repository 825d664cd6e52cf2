/**
 * Streams the records of a dataset file — JSON Lines, a JSON array, CSV with a header (each
 * optionally gzip-compressed) or Parquet — with their locations, in bounded memory. Malformed
 * records come back as located errors instead of stopping the stream, so callers decide between
 * failing and skipping.
 */
import { createInterface } from "node:readline";
import { pipeline } from "node:stream";
import { parse } from "csv-parse";
import { datasetFileKind } from "./read-file-kind.js";
import { readJsonArrayRecords } from "./read-json-array.js";
import { type LocatedRecord, parseJsonRecord } from "./read-located.js";
import { readParquetRecords } from "./read-parquet-records.js";
import { firstSignificantByte, openDecompressed } from "./read-source.js";

export { type DatasetFileKind, datasetFileKind } from "./read-file-kind.js";
export { type JsonArrayReadOptions, readJsonArrayRecords } from "./read-json-array.js";
export { describeLocation, type LocatedRecord, type RecordLocation } from "./read-located.js";
export { readParquetRecords } from "./read-parquet-records.js";

/** Records of a JSON Lines file (.jsonl, .ndjson, optionally .gz); blank lines are skipped. */
export async function* readJsonlRecords(path: string): AsyncGenerator<LocatedRecord> {
  const lines = createInterface({
    input: openDecompressed(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  for await (const text of lines) {
    line++;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, "").trim() : text.trim();
    if (trimmed === "") continue;
    yield parseJsonRecord(trimmed, line);
  }
}

/**
 * Records of a CSV file with a header row (optionally .gz). The line is where the record ends
 * (csv-parse counts it so): the same line unless a quoted field spans lines. Every value is a
 * string; an empty field is "".
 */
export async function* readCsvRecords(path: string): AsyncGenerator<LocatedRecord> {
  // pipeline, not .pipe(): a read error (missing file, bad gzip) must reach the loop below.
  const parser = pipeline(
    openDecompressed(path),
    parse({ columns: true, info: true, bom: true, skip_empty_lines: true }),
    () => {},
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { ok: true, line: info.lines, record };
    }
  } catch (error) {
    const e = error as { message: string; code?: string; lines?: number };
    // csv-parse's own errors are bad input; anything else (I/O) is thrown like the other readers.
    if (!e.code?.startsWith("CSV_")) throw error;
    yield { ok: false, line: e.lines ?? 0, message: `invalid CSV: ${e.message}` };
  }
}

const OPEN_BRACKET = 0x5b;

/** A .json file is an array when its content starts with "[", JSON Lines otherwise. */
async function* readJsonRecords(path: string): AsyncGenerator<LocatedRecord> {
  const isArray = (await firstSignificantByte(path)) === OPEN_BRACKET;
  yield* isArray ? readJsonArrayRecords(path) : readJsonlRecords(path);
}

/**
 * Records of any dataset file prefkit reads, chosen by extension (case-insensitive): .jsonl and
 * .ndjson are JSON Lines, .csv is CSV (each optionally .gz), .parquet is Parquet, and .json
 * (optionally .gz) is a JSON array when its first significant character is "[", JSON Lines
 * otherwise.
 *
 * @example for await (const r of readDatasetRecords("pairs.json.gz")) if (!r.ok) report(r);
 * @throws {RangeError} at once, for an unsupported extension (see `datasetFileKind`).
 */
export function readDatasetRecords(path: string): AsyncGenerator<LocatedRecord> {
  switch (datasetFileKind(path)) {
    case "jsonl":
      return readJsonlRecords(path);
    case "json":
      return readJsonRecords(path);
    case "csv":
      return readCsvRecords(path);
    case "parquet":
      return readParquetRecords(path);
  }
}
