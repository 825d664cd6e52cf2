/**
 * The export route's body in every file type. JSON Lines and a JSON array are streamed to the
 * response as the records come (chunked, gzip-compressed for .gz), text gathered into ~64 KiB
 * chunks; CSV and Parquet are written to a temporary file first (export-file.ts). The records
 * themselves come from export-records.ts: this module only chooses how they become bytes.
 */
import { pipeline, Readable } from "node:stream";
import { createGzip } from "node:zlib";
import type { ExportType } from "../api/results.js";
import { JSON_ARRAY, JSON_LINES, type TextEncoding } from "../formats/dataset/write-text.js";
import { exportFile } from "./export-file.js";

type Making = { via: "stream"; encoding: TextEncoding<unknown>; gzip: boolean } | { via: "file" }; // see export-file.ts for why

const GZIP = "application/gzip";

const MADE: Record<ExportType, { making: Making; contentType: string }> = {
  jsonl: {
    making: { via: "stream", encoding: JSON_LINES, gzip: false },
    contentType: "application/x-ndjson; charset=utf-8",
  },
  "jsonl.gz": { making: { via: "stream", encoding: JSON_LINES, gzip: true }, contentType: GZIP },
  json: {
    making: { via: "stream", encoding: JSON_ARRAY, gzip: false },
    contentType: "application/json; charset=utf-8",
  },
  "json.gz": { making: { via: "stream", encoding: JSON_ARRAY, gzip: true }, contentType: GZIP },
  csv: { making: { via: "file" }, contentType: "text/csv; charset=utf-8" },
  "csv.gz": { making: { via: "file" }, contentType: GZIP },
  parquet: { making: { via: "file" }, contentType: "application/vnd.apache.parquet" },
};

const CHUNK_CHARS = 64 * 1024;

/** The text of `records` in one encoding, in chunks of about 64 KiB. */
async function* encodeText(
  records: AsyncIterable<unknown>,
  encoding: TextEncoding<unknown>,
): AsyncGenerator<string> {
  let text = "";
  let count = 0;
  for await (const record of records) {
    text += encoding.encode(record, count + 1);
    count++;
    if (text.length >= CHUNK_CHARS) {
      yield text;
      text = "";
    }
  }
  text += encoding.end(count);
  if (text.length > 0) yield text;
}

export interface ExportBody {
  stream: Readable;
  contentType: string;
  /** Known for a file written first; a streamed body is sent chunked. */
  bytes?: number;
}

/**
 * The response body of `records` as a file of `type`. Resolves once the body can be sent: at
 * once for a streamed type, after the whole file is written for CSV and Parquet.
 *
 * @example const { stream, contentType } = await exportBody(exportRecords(…), "jsonl.gz");
 * @throws {ApiError} `invalid` on "type" for a record CSV or Parquet cannot hold (exportFile).
 */
export async function exportBody(
  records: AsyncIterable<Record<string, unknown>>,
  type: ExportType,
): Promise<ExportBody> {
  const { making, contentType } = MADE[type];
  if (making.via === "file") return { ...(await exportFile(records, type)), contentType };
  const text = Readable.from(encodeText(records, making.encoding));
  if (!making.gzip) return { stream: text, contentType };
  // pipeline, not pipe: when the client goes away and the gzip stream is destroyed, so is the
  // source, which ends the store's iteration. Errors reach the response through the gzip stream.
  return { stream: pipeline(text, createGzip(), () => {}), contentType };
}
