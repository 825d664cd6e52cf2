/**
 * Arena battle logs in a JSON array, CSV or Parquet, read by the dataset readers (one reader
 * per file type: formats/dataset/read-*.ts) into the JSON Lines scan's result shape. A JSON
 * array keeps the fast path's trick: its elements are framed by the dataset's array scanner
 * and only the wanted fields are scanned from their bytes (object-scanner.ts), not parsed whole.
 */

import { readCsvRecords } from "../dataset/read-csv.js";
import { readJsonArrayElements } from "../dataset/read-json-array.js";
import type { LocatedRecord } from "../dataset/read-located.js";
import { readParquetRecords } from "../dataset/read-parquet-records.js";
import { DuplicateKeyError, JsonSyntaxError } from "../json/json-bytes.js";
import { ObjectScanner } from "../json/object-scanner.js";
import type { BattleFieldSpec, RecordError } from "./battle-record.js";
import { ErrorLog, result } from "./error-log.js";
import { RecordProcessor } from "./record-processor.js";
import { duplicateKey, type RangeResult } from "./scan-jsonl-range.js";

/** One record's verdict, where it is: null when it was counted (or filtered out). */
interface Verdict {
  line: number;
  error: RecordError | null;
}

/** Columns whose CSV cells hold JSON text (the conversations and their metadata). */
const JSON_COLUMNS = new Set(["conversation_a", "conversation_b", "conv_metadata"]);

export async function readBattleRecords(
  path: string,
  format: "json" | "csv" | "parquet",
  spec: BattleFieldSpec,
  skipInvalid: boolean,
): Promise<RangeResult> {
  const processor = new RecordProcessor(spec);
  const log = new ErrorLog(skipInvalid);
  let lines = 0;
  for await (const verdict of verdicts(path, format, processor)) {
    lines = verdict.line;
    // Returning closes the reader: without skipping, nothing after the first error is read.
    if (verdict.error && log.add(verdict.error, verdict.line)) break;
  }
  return result(processor, lines, log, "");
}

function verdicts(
  path: string,
  format: "json" | "csv" | "parquet",
  processor: RecordProcessor,
): AsyncIterable<Verdict> {
  if (format === "json") return jsonArrayVerdicts(path, processor);
  const values: unknown[] = [];
  const records =
    format === "csv" ? readCsvRecords(path) : readParquetRecords(path, {}, processor.fields);
  const fix = format === "csv" ? csvValues : parquetValues;
  return mapRecords(records, (r) => {
    processor.fromObject(r, values);
    return fix(processor.fields, values) ?? processor.process(values);
  });
}

async function* mapRecords(
  records: AsyncIterable<LocatedRecord>,
  verdict: (record: Record<string, unknown>) => RecordError | null,
): AsyncGenerator<Verdict> {
  for await (const r of records) {
    yield { line: r.line, error: r.ok ? verdict(r.record) : readError(r.message, r.field) };
  }
}

/** A record the reader could not read (bad CSV, JSON, UTF-8 or Parquet data). */
function readError(message: string, field: string | undefined): RecordError {
  return { code: "invalid_json", message, ...(field === undefined ? {} : { field }) };
}

function jsonArrayVerdicts(path: string, processor: RecordProcessor): AsyncIterable<Verdict> {
  const scanner = new ObjectScanner(processor.fields);
  const decode = (bytes: Buffer, line: number): Verdict => {
    scanner.newlines = 0;
    try {
      const end = scanner.skipSpace(bytes, scanner.scan(bytes, 0, bytes.length), bytes.length);
      if (end < bytes.length) throw new JsonSyntaxError("expected ',' or ']'", end);
    } catch (error) {
      // Located on the line of the fault, inside the element.
      const at = line + scanner.newlines;
      if (error instanceof DuplicateKeyError) return { line: at, error: duplicateKey(error) };
      if (!(error instanceof JsonSyntaxError)) throw error;
      return { line: at, error: readError(`invalid JSON: ${error.message}`, undefined) };
    }
    return { line, error: processor.processScanned(scanner, bytes) };
  };
  return mapArrayErrors(readJsonArrayElements(path, decode));
}

async function* mapArrayErrors(
  items: AsyncIterable<Verdict | Extract<LocatedRecord, { ok: false }>>,
): AsyncGenerator<Verdict> {
  for await (const item of items) {
    yield "error" in item ? item : { line: item.line, error: readError(item.message, item.field) };
  }
}

/**
 * CSV holds text only: an empty optional cell is absent, a conversation is JSON text, a
 * timestamp a number. Returns the error of a conversation cell that is not JSON.
 */
function csvValues(fields: readonly string[], values: unknown[]): RecordError | null {
  for (let k = 0; k < fields.length; k++) {
    const v = values[k];
    const field = fields[k]!;
    if (v === "" && k >= 3) values[k] = undefined;
    else if (typeof v === "string" && JSON_COLUMNS.has(field)) {
      try {
        values[k] = JSON.parse(v);
      } catch (error) {
        return {
          code: "invalid_json",
          field,
          message: `invalid JSON: ${(error as Error).message}`,
        };
      }
    } else if (field === "tstamp" && typeof v === "string") values[k] = Number(v);
  }
  return null;
}

/** Parquet: INT64 values too large for a number come as decimal text; a timestamp is a number. */
function parquetValues(fields: readonly string[], values: unknown[]): null {
  const t = fields.indexOf("tstamp");
  if (t >= 0 && typeof values[t] === "string") values[t] = Number(values[t]);
  return null;
}
