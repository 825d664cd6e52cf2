/**
 * Streams the rows of a Parquet file as records, one row group at a time (hyparquet), so memory
 * follows the largest row group, not the file.
 */
import {
  asyncBufferFromFile,
  type FileMetaData,
  parquetMetadataAsync,
  parquetReadObjects,
} from "hyparquet";
import { absentFieldsOf, dropAbsentFields } from "./parquet-absent-fields.js";
import type { LocatedRecord } from "./read-located.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * INT64 values come back from hyparquet as bigints, which JSON cannot hold: a safe integer
 * becomes a number, anything larger a decimal string so no digit is lost. Arrays and plain
 * objects (lists and structs) are converted in place, all the way down; hyparquet has already
 * parsed JSON-typed columns, so they hold no bigints.
 */
export function withoutBigInts(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) {
    for (let k = 0; k < value.length; k++) value[k] = withoutBigInts(value[k]);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) value[key] = withoutBigInts(value[key]);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Records of a Parquet file, each located by its 1-based row in the file and its 0-based row
 * group. Nested columns come back as arrays and objects (a list of structs as an array of
 * objects), JSON-typed columns as parsed values, INT64 as numbers (strings beyond 2^53); fields
 * a prefkit writer marked as missing from a record are left out (see parquet-absent-fields.ts). A file
 * hyparquet cannot decode gives one located `invalid Parquet` error, then nothing more.
 *
 * @example for await (const r of readParquetRecords("train.parquet")) if (r.ok) use(r.record);
 * Memory: O(largest row group).
 */
export async function* readParquetRecords(path: string): AsyncGenerator<LocatedRecord> {
  // A missing file throws, as it does for the other readers; only undecodable content is data.
  const file = await asyncBufferFromFile(path);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    yield invalidParquet(error, 1, 0);
    return;
  }
  const absent = absentFieldsOf(metadata);
  let rowStart = 0;
  for (const [rowGroup, group] of metadata.row_groups.entries()) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd });
    } catch (error) {
      yield invalidParquet(error, rowStart + 1, rowGroup);
      return;
    }
    for (let r = 0; r < rows.length; r++) {
      const record = withoutBigInts(rows[r]) as Record<string, unknown>;
      dropAbsentFields(record, absent);
      yield { ok: true, line: rowStart + r + 1, rowGroup, record };
    }
    rowStart = rowEnd;
  }
}

function invalidParquet(error: unknown, line: number, rowGroup: number): LocatedRecord {
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, line, rowGroup, message: `invalid Parquet: ${message}` };
}
