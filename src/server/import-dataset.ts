/**
 * The import route's side of an import (the planning itself is src/app/import, shared with
 * `prefkit import`): the records of an uploaded file, streamed within the route's limits, and
 * an import's failures as API errors.
 *
 * Limits. The upload itself is capped by the import body limit (32 MiB by default); what it
 * expands to is capped here, because a 3 MB .gz can hold a gigabyte. Records are read one at a
 * time, but the plan keeps every entry until the one transaction that stores them, and that
 * transaction is the costly part: measured on SQLite (2 cores), 50,000 distinct TRL pairs of
 * about 1.2 KB took 20 s and raised the server's peak memory by 410 MB, 100,000 took 76 s and
 * 800 MB (planning alone: 9 s, 240 MB). So the defaults keep one import near the first:
 * `maxRecords` 50,000, and `maxBytes` 64 MiB decompressed (twice the body limit: a compressed
 * upload may expand, but not without bound). A bomb stops at whichever comes first, having held
 * no more than that. Larger files belong to `prefkit import`, which has no limits.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from "../app/import/import-limits.js";
import { ImportError } from "../app/import/index.js";
import { IssueError } from "../core/issue.js";
import { describeByteSize } from "../formats/dataset/describe-size.js";
import { datasetFileKind } from "../formats/dataset/read-file-kind.js";
import { JsonLinesScanner } from "../formats/dataset/read-jsonl.js";
import {
  checkReadLimits,
  limitRecords,
  ReadLimitError,
  type ReadLimits,
} from "../formats/dataset/read-limits.js";
import { type LocatedRecord, readDatasetRecords } from "../formats/dataset/read-records.js";
import { ApiError, invalid } from "./errors.js";

/**
 * The defaults with the limits given.
 * @throws {IssueError} `usage` for a limit that is not a positive integer.
 */
export function importLimitsOf(given: Partial<ImportLimits> = {}): ImportLimits {
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...given };
  checkReadLimits(limits);
  return limits;
}

/** Bytes of an in-memory JSON Lines upload given to the scanner at a time. */
const SCAN_CHUNK = 1 << 18;

/**
 * The records of an uploaded file, one at a time. JSON Lines is scanned where it lies in
 * memory; any other file type the datasets work reads (.json, .csv, .parquet, .gz) goes through
 * its reader from a temporary file, named by `filename`'s extension and removed when the
 * records end (or their reading is abandoned).
 *
 * @throws ApiError (400, `filename`) at once for a file name prefkit does not read; the
 * iteration throws `ReadLimitError` past a limit, as the readers do.
 */
export function recordsOfUpload(
  body: Buffer,
  filename: string | undefined,
  limits: ReadLimits,
): AsyncGenerator<LocatedRecord> {
  const name = filename ?? "upload.jsonl";
  if (/\.(jsonl|ndjson)$/i.test(name)) {
    return limitRecords(jsonLinesOf(body, limits.maxBytes), limits.maxRecords);
  }
  const extension = /(\.[a-z]+)(\.gz)?$/i.exec(name)?.[0] ?? "";
  try {
    datasetFileKind(name);
  } catch (error) {
    // An extension prefkit does not read is the client's to fix; anything else is ours.
    if (error instanceof IssueError && error.code === "usage")
      throw invalid("filename", error.message);
    throw error;
  }
  return recordsOfFile(body, extension, limits);
}

async function* jsonLinesOf(body: Buffer, maxBytes: number | undefined) {
  if (maxBytes !== undefined && body.length > maxBytes) {
    throw new ReadLimitError("maxBytes", maxBytes);
  }
  const scanner = new JsonLinesScanner();
  for (let at = 0; at < body.length; at += SCAN_CHUNK) {
    yield* scanner.push(body.subarray(at, at + SCAN_CHUNK));
    // The body is in memory: without a turn of the event loop now and then, planning a large
    // one would hold up every other request (file readers wait for I/O, and give turns anyway).
    await new Promise((resolve) => setImmediate(resolve));
  }
  yield* scanner.end();
}

async function* recordsOfFile(body: Buffer, extension: string, limits: ReadLimits) {
  const dir = await mkdtemp(join(tmpdir(), "prefkit-import-"));
  try {
    const path = join(dir, `upload${extension}`);
    await writeFile(path, body);
    yield* readDatasetRecords(path, limits);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * An import's failure as the API answers it: a bad record is a 400 (or the store's 404/409)
 * naming its line and field; a limit is a 413 naming the limit and the command that has none.
 * Anything else is returned as it is, for the error boundary.
 */
export function importFailure(error: unknown): unknown {
  if (error instanceof ImportError) {
    return new ApiError(error.code, error.message, {
      field: error.field,
      ...(error.record === undefined ? {} : { line: error.record.line }),
    });
  }
  if (error instanceof ReadLimitError) {
    const flag = error.limit === "maxBytes" ? "--import-max-bytes" : "--import-max-records";
    const max = error.limit === "maxBytes" ? describeByteSize(error.max) : String(error.max);
    return new ApiError(
      "body_too_large",
      `${error.message}, this server's import limit (${max}, prefkit serve ${flag}); import larger files with \`prefkit import FILE --db URL --project ID\``,
    );
  }
  return error;
}
