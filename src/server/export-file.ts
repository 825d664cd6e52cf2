/**
 * Exports that are whole files before they are answers: CSV (and .csv.gz) and Parquet. The
 * records are written by the dataset file sinks (write-records.ts) into a fresh temporary
 * directory, and only a complete file is streamed. Two reasons: a record CSV cannot hold (a
 * nested value) must be a 400 before any byte of the body is sent, where a streamed CSV could
 * only break off mid-body; and Parquet writes its footer last. The directory is removed when the
 * file's stream closes — read to the end, destroyed because the client went away, or failed —
 * and at once when writing fails.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import {
  RecordWriteError,
  type RecordWriteErrorCode,
  writeRecordsAtomically,
} from "../formats/dataset/write-records.js";
import { type ApiError, invalid } from "./errors.js";

/** The temporary directories' name prefix, under the OS's temporary directory. */
export const EXPORT_DIR_PREFIX = "prefkit-export-";

export interface ExportFile {
  /** The file's bytes; closing it (at the end, or by destroying it) removes the file. */
  stream: Readable;
  /** The file's size, for Content-Length. */
  bytes: number;
}

const WHY: Record<RecordWriteErrorCode, string> = {
  nested_value: "holds a nested value (an object or array)",
  new_field: "is not among the columns the first records fixed",
  type_mismatch: "holds a value of another type than the column's",
  unencodable_value: "holds a value that cannot be encoded",
};

/** The 400 for a record the file type cannot hold: it names the field and what to ask for instead. */
function unwritable(extension: string, record: number, error: RecordWriteError): ApiError {
  const [kind, others] = extension.startsWith("csv")
    ? ["CSV", "type=jsonl, type=json or type=parquet"]
    : ["Parquet", "type=jsonl or type=json"];
  return invalid(
    "type",
    `${kind} cannot hold this export: field "${error.field}" of record ${record} ${WHY[error.kind]}; ask for ${others} instead`,
  );
}

/**
 * Writes `records` to a temporary file of the type `extension` names ("csv", "csv.gz",
 * "parquet"; see `openRecordSink`) and opens it for reading.
 *
 * @example const { stream, bytes } = await exportFile(records, "parquet");
 * @throws {ApiError} `invalid` on "type" for a record the file type cannot hold, before
 * anything is streamed; the records' own errors, and the file system's. Nothing is left behind.
 */
export async function exportFile(
  records: AsyncIterable<Record<string, unknown>>,
  extension: string,
): Promise<ExportFile> {
  // tmpdir() is asked at each export: it follows TMPDIR, as an operator would expect.
  const dir = await mkdtemp(join(tmpdir(), EXPORT_DIR_PREFIX));
  const removeDir = () => rm(dir, { recursive: true, force: true }).catch(() => {});
  try {
    const path = join(dir, `export.${extension}`);
    let written = 0;
    const counted = async function* () {
      for await (const record of records) {
        written++;
        yield record;
      }
    };
    try {
      await writeRecordsAtomically(path, counted());
    } catch (error) {
      // A refused record is the last one counted: the sink refuses it before asking for more.
      if (error instanceof RecordWriteError) throw unwritable(extension, written, error);
      throw error;
    }
    const { size } = await stat(path);
    const stream = createReadStream(path);
    stream.once("close", () => void removeDir());
    return { stream, bytes: size };
  } catch (error) {
    await removeDir();
    throw error;
  }
}
