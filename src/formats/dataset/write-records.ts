/**
 * Writes dataset records in every format prefkit reads — JSON Lines, JSON array, CSV (each
 * gzip-compressed for a .gz path) and Parquet — through sinks that write a temporary file beside
 * the target and rename it into place only on commit: a failure never leaves a half-written file,
 * and the temporary file is removed.
 *
 * Reading back what was written gives the same records, with these exceptions: CSV holds only
 * text (numbers and booleans come back as strings, null and missing fields as ""); Parquet gives
 * back a missing field as null when its column also held explicit nulls (parquet-absent-fields.ts);
 * and JSON's own limits apply everywhere (undefined fields vanish, NaN and Infinity become null,
 * -0 becomes 0).
 */
import { datasetFileKind, isGzipPath } from "./read-file-kind.js";
import { csvEncoding } from "./write-csv.js";
import { type EmptyFields, ParquetFileSink, type ParquetSinkOptions } from "./write-parquet.js";
import { type RecordSink, writeAllAtomically } from "./write-sink.js";
import { JSON_ARRAY, JSON_LINES, TextFileSink } from "./write-text.js";

export { commitAll } from "./write-commit.js";
export { RecordWriteError, type RecordWriteErrorCode } from "./write-error.js";
export type { ParquetSinkOptions } from "./write-parquet.js";
export type { RecordSink } from "./write-sink.js";
export { checkWritableTarget, TargetError, type TargetErrorCode } from "./write-target.js";

export interface RecordSinkOptions {
  /** Row-group limits of a Parquet file (ignored by the text formats). */
  parquet?: ParquetSinkOptions;
  /**
   * Example records whose fields (and types) a file given no record still declares: Parquet's
   * columns, CSV's header. Called only then. Without it, such a file has no columns.
   */
  emptyFields?: EmptyFields;
}

/**
 * A sink writing records to `path` in the format its extension names (as `datasetFileKind`
 * reads it): .jsonl/.ndjson one JSON object per line; .json a JSON array, one element per line;
 * .csv a header from the first record's fields, then a row per record; .parquet columns inferred
 * from the first row group (see parquet-columns.ts). Text formats ending in .gz are gzipped.
 *
 * A record the format cannot hold is refused by `write` with a `RecordWriteError`, and the sink
 * goes on; see `Sink` for the errors that can come later, from `finish`.
 *
 * @example
 * const train = openRecordSink("train.parquet"); // throws now if train.parquet cannot be written
 * const test = openRecordSink("test.jsonl");
 * try {
 *   for (const r of records) await (isTest(r) ? test : train).write(r);
 *   await train.finish(); await test.finish();
 *   await commitAll([train, test]);
 * } catch (error) { await train.abort(); await test.abort(); throw error; }
 * @throws {IssueError} `usage` at once, for an unsupported extension; {TargetError} at once, when the
 * target cannot be written (`checkWritableTarget`): its directory is missing or not writable,
 * or it is a directory.
 */
export function openRecordSink(path: string, options: RecordSinkOptions = {}): RecordSink {
  const compress = isGzipPath(path);
  switch (datasetFileKind(path, "write")) {
    case "jsonl":
      return new TextFileSink(path, JSON_LINES, compress);
    case "json":
      return new TextFileSink(path, JSON_ARRAY, compress);
    case "csv":
      return new TextFileSink(path, csvEncoding(options.emptyFields), compress);
    case "parquet":
      return new ParquetFileSink(path, options.parquet, options.emptyFields);
  }
}

/**
 * Writes all records to `path` (format by extension, as `openRecordSink`) and renames the file
 * into place; on any error, from the source or the writing, nothing is left behind and the
 * error is rethrown. Returns the number of records written.
 *
 * @example await writeRecordsAtomically("pairs.json.gz", pairs);
 * @throws {IssueError} `usage` for an unsupported extension; {TargetError} when the target cannot be
 * written; {RecordWriteError} for a record the format cannot hold; the source's errors.
 */
export async function writeRecordsAtomically(
  path: string,
  records: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
  options: RecordSinkOptions = {},
): Promise<number> {
  return writeAllAtomically(openRecordSink(path, options), records);
}

/**
 * Writes values as JSON Lines whatever the extension (gzip-compressed for a .gz path), atomically
 * like `writeRecordsAtomically`. Returns the number of values written.
 */
export async function writeJsonlAtomically(
  path: string,
  records: Iterable<unknown> | AsyncIterable<unknown>,
): Promise<number> {
  return writeAllAtomically(new TextFileSink(path, JSON_LINES, isGzipPath(path)), records);
}
