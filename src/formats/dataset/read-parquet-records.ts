/**
 * Streams the rows of a Parquet file as records, one row group at a time (hyparquet), so memory
 * follows the largest row group, not the file.
 */
import { stat } from "node:fs/promises";
import {
  type AsyncBuffer,
  asyncBufferFromFile,
  type FileMetaData,
  parquetMetadataAsync,
  parquetReadObjects,
} from "hyparquet";
import { absentFieldsOf, dropAbsentFields } from "./parquet-absent-fields.js";
import type { LocatedRecord } from "./read-located.js";
import { isADirectory } from "./read-source.js";

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
 * a prefkit writer marked as missing from a record are left out (see parquet-absent-fields.ts).
 *
 * Undecodable content is data, not an exception: a file whose footer (metadata) hyparquet cannot
 * decode gives one located `invalid Parquet` error at row 1, then nothing more; a row group that
 * cannot be decoded gives one located error at its first row, naming the group and its row
 * count, and reading goes on with the next group (the footer says where each one starts).
 *
 * @example for await (const r of readParquetRecords("train.parquet")) if (r.ok) use(r.record);
 * @throws when the file cannot be read: the fs error (ENOENT for a missing file), or an Error
 * with code "EISDIR" and `path` for a directory.
 * Memory: O(largest row group).
 */
export async function* readParquetRecords(path: string): AsyncGenerator<LocatedRecord> {
  // hyparquet would take a directory for a file of its size and fail to decode it.
  if ((await stat(path)).isDirectory()) throw isADirectory(path);
  const file = await asyncBufferFromFile(path);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    if (isReadError(error)) throw error;
    yield { ok: false, line: 1, rowGroup: 0, message: `invalid Parquet: ${messageOf(error)}` };
    return;
  }
  const absent = absentFieldsOf(metadata);
  let rowStart = 0;
  for (const [rowGroup, group] of metadata.row_groups.entries()) {
    const rowCount = Number(group.num_rows);
    const rows = await decodeRowGroup(file, metadata, rowStart, rowCount);
    if (rows.ok) {
      for (let r = 0; r < rows.value.length; r++) {
        const record = withoutBigInts(rows.value[r]) as Record<string, unknown>;
        dropAbsentFields(record, absent);
        yield { ok: true, line: rowStart + r + 1, rowGroup, record };
      }
    } else {
      yield {
        ok: false,
        line: rowStart + 1,
        rowGroup,
        message: `invalid Parquet: row group ${rowGroup} (${rowCount} rows) could not be decoded: ${rows.message}`,
      };
    }
    // From the footer, not from what was decoded: later groups keep their row numbers.
    rowStart += rowCount;
  }
}

type Decoded = { ok: true; value: Record<string, unknown>[] } | { ok: false; message: string };

async function decodeRowGroup(
  file: AsyncBuffer,
  metadata: FileMetaData,
  rowStart: number,
  rowCount: number,
): Promise<Decoded> {
  try {
    const rowEnd = rowStart + rowCount;
    return { ok: true, value: await parquetReadObjects({ file, metadata, rowStart, rowEnd }) };
  } catch (error) {
    if (isReadError(error)) throw error;
    return { ok: false, message: messageOf(error) };
  }
}

/** A failure to read the file (it has an fs error code), as opposed to content that will not decode. */
function isReadError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | undefined)?.syscall === "string";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
