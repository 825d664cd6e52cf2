/**
 * Streams the records of a dataset file — JSON Lines, a JSON array, CSV with a header (each
 * optionally gzip-compressed) or Parquet — with their locations, in bounded memory. Malformed
 * records come back as located errors instead of stopping the stream, so callers decide between
 * failing and skipping.
 */
import { readCsvRecords } from "./read-csv.js";
import { datasetFileKind } from "./read-file-kind.js";
import { readJsonArrayRecords } from "./read-json-array.js";
import { readJsonlRecords } from "./read-jsonl.js";
import type { LocatedRecord } from "./read-located.js";
import { readParquetRecords } from "./read-parquet-records.js";
import { firstSignificantByte } from "./read-source.js";

export { type CsvReadOptions, MAX_RECORD_BYTES, readCsvRecords } from "./read-csv.js";
export { type DatasetFileKind, datasetFileKind } from "./read-file-kind.js";
export { type JsonArrayReadOptions, readJsonArrayRecords } from "./read-json-array.js";
export { type JsonlReadOptions, MAX_LINE_BYTES, readJsonlRecords } from "./read-jsonl.js";
export { describeLocation, type LocatedRecord, type RecordLocation } from "./read-located.js";
export { readParquetRecords } from "./read-parquet-records.js";

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
 * otherwise. Bad content — a malformed record, an over-long line, damaged gzip or Parquet data —
 * is always a located error, never an exception.
 *
 * @example for await (const r of readDatasetRecords("pairs.json.gz")) if (!r.ok) report(r);
 * @throws {RangeError} at once, for an unsupported extension (see `datasetFileKind`). The
 * iteration rejects when the file cannot be read: the fs error (code ENOENT for a missing file),
 * or an Error with code "EISDIR" and `path` for a directory.
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
