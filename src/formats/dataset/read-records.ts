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
import { checkReadLimits, limitRecords, type ReadLimits } from "./read-limits.js";
import type { LocatedRecord } from "./read-located.js";
import { readParquetRecords } from "./read-parquet-records.js";
import { firstSignificantByte } from "./read-source.js";

export { type CsvReadOptions, MAX_RECORD_BYTES, readCsvRecords } from "./read-csv.js";
export { type DatasetFileKind, datasetFileKind } from "./read-file-kind.js";
export { type JsonArrayReadOptions, readJsonArrayRecords } from "./read-json-array.js";
export { type JsonlReadOptions, MAX_LINE_BYTES, readJsonlRecords } from "./read-jsonl.js";
export { ReadLimitError, type ReadLimits } from "./read-limits.js";
export { describeLocation, type LocatedRecord, type RecordLocation } from "./read-located.js";
export { readParquetRecords } from "./read-parquet-records.js";

const OPEN_BRACKET = 0x5b;

/** A .json file is an array when its content starts with "[", JSON Lines otherwise. */
async function* readJsonRecords(path: string, maxBytes?: number): AsyncGenerator<LocatedRecord> {
  const isArray = (await firstSignificantByte(path, maxBytes)) === OPEN_BRACKET;
  const options = maxBytes === undefined ? {} : { maxBytes };
  yield* isArray ? readJsonArrayRecords(path, options) : readJsonlRecords(path, options);
}

/**
 * Records of any dataset file prefkit reads, chosen by extension (case-insensitive): .jsonl and
 * .ndjson are JSON Lines, .csv is CSV (each optionally .gz), .parquet is Parquet, and .json
 * (optionally .gz) is a JSON array when its first significant character is "[", JSON Lines
 * otherwise. Bad content — a malformed record, an over-long line, damaged gzip or Parquet data —
 * is always a located error, never an exception. With `limits`, reading stops with a
 * `ReadLimitError` at the first byte or record past one (no limit unless given).
 *
 * @example for await (const r of readDatasetRecords("pairs.json.gz")) if (!r.ok) report(r);
 * @throws {IssueError} `usage` at once, for an unsupported extension (see `datasetFileKind`) or a limit
 * that is not a positive integer. The iteration rejects when the file cannot be read: the fs
 * error (code ENOENT for a missing file), or an Error with code "EISDIR" and `path` for a
 * directory; and with a `ReadLimitError` past a limit.
 */
export function readDatasetRecords(
  path: string,
  limits: ReadLimits = {},
): AsyncGenerator<LocatedRecord> {
  checkReadLimits(limits);
  const { maxBytes, maxRecords } = limits;
  const options = maxBytes === undefined ? {} : { maxBytes };
  let records: AsyncGenerator<LocatedRecord>;
  // One case per file kind, each reader with its own options: alike in shape only.
  switch (datasetFileKind(path)) {
    case "jsonl":
      records = readJsonlRecords(path, options);
      break;
    case "json":
      records = readJsonRecords(path, maxBytes);
      break;
    case "csv":
      records = readCsvRecords(path, options);
      break;
    case "parquet":
      records = readParquetRecords(path, limits);
      break;
  }
  return limitRecords(records, maxRecords);
}
