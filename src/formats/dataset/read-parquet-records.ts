/**
 * Streams the rows of a Parquet file as records, one row group at a time (hyparquet, on a worker
 * thread: parquet-decode-thread.ts), so memory follows the largest row group, not the file.
 */
import { stat } from "node:fs/promises";
import {
  asyncBufferFromFile,
  type FileMetaData,
  parquetMetadataAsync,
  parquetSchema,
  type RowGroup,
  type SchemaTree,
} from "hyparquet";
import { absentFieldsOf, dropAbsentFields } from "./parquet-absent-fields.js";
import { type Decoded, INVALID_UTF8, ParquetDecodeThread } from "./parquet-decode-thread.js";
import { declaredDataSize, declaredRows, rowGroupFooterIssue } from "./parquet-footer-issues.js";
import { ReadLimitError, type ReadLimits } from "./read-limits.js";
import type { LocatedRecord } from "./read-located.js";
import { isADirectory } from "./read-source.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIB = 1 << 20;

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
 * cannot be decoded — or whose column chunks do not fit the schema (parquet-footer-issues.ts) —
 * gives one located error at its first row, naming the group and its row count, and reading goes
 * on with the next group (the footer says where each one starts). Groups are decoded on a
 * worker thread (parquet-decode-thread.ts), each within a deadline (10 s plus 1 s per MiB its
 * footer declares, or `maxDecodeMs`); one that overruns it, or whose decoder runs out of
 * heap, is a located error like any other group that cannot be decoded.
 *
 * Limits are checked against the footer before anything is decoded — its row count against
 * `maxRecords`, its declared uncompressed data size against `maxBytes` — and, since a footer
 * can lie, against the page sizes hyparquet decompresses while reading (`maxBytes` again).
 *
 * @example for await (const r of readParquetRecords("train.parquet")) if (r.ok) use(r.record);
 * @throws when the file cannot be read: the fs error (ENOENT for a missing file), or an Error
 * with code "EISDIR" and `path` for a directory; `ReadLimitError` past a limit.
 * Memory: O(largest row group), at most about `maxBytes`.
 */
export async function* readParquetRecords(
  path: string,
  limits: ReadLimits = {},
  /** Decode only these top-level fields (those the file has); a record then holds no others. */
  fields?: readonly string[],
): AsyncGenerator<LocatedRecord> {
  // hyparquet would take a directory for a file of its size and fail to decode it.
  if ((await stat(path)).isDirectory()) throw isADirectory(path);
  const file = await asyncBufferFromFile(path);
  let metadata: FileMetaData;
  let schema: SchemaTree;
  try {
    metadata = await parquetMetadataAsync(file);
    schema = parquetSchema(metadata);
  } catch (error) {
    if (isReadError(error)) throw error;
    yield { ok: false, line: 1, rowGroup: 0, message: `invalid Parquet: ${messageOf(error)}` };
    return;
  }
  checkDeclaredSize(metadata, limits);
  const absent = absentFieldsOf(metadata);
  const heapMb =
    limits.maxBytes === undefined ? undefined : Math.max(256, 4 * Math.ceil(limits.maxBytes / MIB));
  const present = new Set(schema.children.map((c) => c.element.name));
  const columns = fields?.filter((f) => present.has(f));
  const thread = new ParquetDecodeThread(path, limits.maxBytes, heapMb, columns);
  try {
    yield* rowsOf(metadata, schema, absent, thread, limits.maxDecodeMs);
  } finally {
    await thread.close();
  }
}

async function* rowsOf(
  metadata: FileMetaData,
  schema: SchemaTree,
  absent: ReturnType<typeof absentFieldsOf>,
  thread: ParquetDecodeThread,
  maxDecodeMs: number | undefined,
): AsyncGenerator<LocatedRecord> {
  let rowStart = 0;
  for (const [rowGroup, group] of metadata.row_groups.entries()) {
    const rowCount = Number(group.num_rows);
    const issue = rowGroupFooterIssue(metadata, schema, rowGroup);
    const timeout = maxDecodeMs ?? decodeDeadline(group);
    const rows: Decoded = issue
      ? { ok: false, message: issue }
      : await thread.decode(rowStart, rowStart + rowCount, timeout);
    if (rows.ok) {
      for (let r = 0; r < rows.value.length; r++) {
        const record = withoutBigInts(rows.value[r]) as Record<string, unknown>;
        dropAbsentFields(record, absent);
        const line = rowStart + r + 1;
        const field = fieldNotUtf8(record);
        if (field !== undefined) yield { ok: false, line, rowGroup, field, message: NOT_UTF8 };
        else yield { ok: true, line, rowGroup, record };
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

const NOT_UTF8 = "is not valid UTF-8";

/**
 * The dotted path of the first value whose bytes were not UTF-8 (decoded as `INVALID_UTF8`), or
 * undefined. Iterative, so a deeply nested row cannot overflow the stack.
 */
export function fieldNotUtf8(record: Record<string, unknown>): string | undefined {
  const stack = Object.entries(record).map(([key, value]): [unknown, string] => [value, key]);
  stack.reverse();
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (value === INVALID_UTF8) return path;
    if (value === null || typeof value !== "object") continue;
    const entries = Object.entries(value);
    for (let k = entries.length - 1; k >= 0; k--) {
      const [key, item] = entries[k]!;
      stack.push([item, `${path}.${key}`]);
    }
  }
  return undefined;
}

function checkDeclaredSize(metadata: FileMetaData, limits: ReadLimits): void {
  const { maxBytes, maxRecords } = limits;
  if (maxRecords !== undefined && declaredRows(metadata) > maxRecords) {
    throw new ReadLimitError("maxRecords", maxRecords);
  }
  if (maxBytes !== undefined && declaredDataSize(metadata) > maxBytes) {
    throw new ReadLimitError("maxBytes", maxBytes);
  }
}

/**
 * How long a row group may take to decode: 10 s, plus a second per MiB its footer declares
 * (hyparquet decodes tens of MiB a second; a damaged page can make it loop for ever).
 */
function decodeDeadline(group: RowGroup): number {
  let bytes = 0;
  for (const chunk of group.columns) bytes += Number(chunk.meta_data?.total_uncompressed_size ?? 0);
  return 10_000 + Math.min(1000 * (bytes / MIB), 3_600_000);
}

/** A failure to read the file (it has an fs error code), as opposed to content that will not decode. */
function isReadError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | undefined)?.syscall === "string";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
