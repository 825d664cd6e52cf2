/**
 * Arena battle logs in a JSON array, CSV or Parquet file, read with bounded memory: JSON by
 * blocks through the object scanner, CSV as a stream (csv-parse), Parquet a row group at a
 * time (hyparquet). Each returns the same result shape as the JSON Lines range scanner.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { parse } from "csv-parse";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { JsonSyntaxError, ObjectScanner } from "../json/object-scanner.js";
import type { BattleFieldSpec, RecordError } from "./battle-record.js";
import { RecordProcessor } from "./record-processor.js";
import type { LocatedError, RangeResult } from "./scan-jsonl-range.js";

const MAX_KEPT_ERRORS = 20;

class ErrorLog {
  readonly errors: LocatedError[] = [];
  readonly counts: Record<string, number> = {};
  constructor(private readonly skipInvalid: boolean) {}
  /** Records an error; returns true when reading must stop. */
  add(error: RecordError, line: number): boolean {
    this.counts[error.code] = (this.counts[error.code] ?? 0) + 1;
    if (this.errors.length < MAX_KEPT_ERRORS) this.errors.push({ ...error, line });
    return !this.skipInvalid;
  }
}

function result(p: RecordProcessor, lines: number, log: ErrorLog, digest: string): RangeResult {
  return {
    state: p.sink.state(),
    lines,
    records: p.records,
    errors: log.errors,
    errorCounts: log.counts,
    digest,
  };
}

/** A top-level JSON array of battle objects. Lines count from 1 at the file's start. */
export async function readJsonArray(
  path: string,
  spec: BattleFieldSpec,
  skipInvalid: boolean,
): Promise<RangeResult> {
  const processor = new RecordProcessor(spec);
  const scanner = new ObjectScanner(processor.fields);
  const log = new ErrorLog(skipInvalid);
  const hash = createHash("sha256");
  const file = await open(path, "r");
  let buffer = Buffer.allocUnsafe(8 << 20);
  let length = 0;
  let eof = false;
  let pos = 0;
  let line = 1;
  const fill = async () => {
    buffer.copy(buffer, 0, pos, length);
    length -= pos;
    pos = 0;
    if (length === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
    hash.update(buffer.subarray(length, length + bytesRead));
    length += bytesRead;
    eof = bytesRead === 0;
  };
  const space = async () => {
    for (;;) {
      scanner.newlines = 0;
      pos = scanner.skipSpace(buffer, pos, length);
      line += scanner.newlines;
      if (pos < length || eof) return;
      await fill();
    }
  };
  const syntax = (message: string): never => {
    throw Object.assign(new JsonSyntaxError(message, pos), { line });
  };
  try {
    await fill();
    // A UTF-8 byte-order mark (detectFormat looks past it too).
    if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) pos = 3;
    await space();
    if (buffer[pos] !== 0x5b) syntax("expected a JSON array '['");
    pos++;
    await space();
    let first = true;
    while (buffer[pos] !== 0x5d) {
      if (!first) {
        if (buffer[pos] !== 0x2c)
          syntax(pos >= length ? "unexpected end of input" : "expected ',' or ']'");
        pos++;
        await space();
      }
      first = false;
      for (;;) {
        scanner.newlines = 0;
        try {
          const after = scanner.scan(buffer, pos, length);
          const error = processor.processScanned(scanner, buffer);
          if (error && log.add(error, line)) return result(processor, line, log, "");
          pos = after;
          line += scanner.newlines;
          break;
        } catch (error) {
          if (!(error instanceof JsonSyntaxError)) throw error;
          // The object may just be cut by the end of the block: read on and scan it again.
          // A literal cut there ("fals|e") is reported at its start, up to 4 bytes before.
          if (error.offset >= length - 4 && !eof) {
            await fill();
            continue;
          }
          log.add(
            { code: "invalid_json", message: `invalid JSON: ${error.message}` },
            line + scanner.newlines,
          );
          return result(processor, line, log, "");
        }
      }
      await space();
    }
    pos++;
    await space();
    if (pos < length) syntax("unexpected text after the array");
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    log.add({ code: "invalid_json", message: `invalid JSON: ${error.message}` }, line);
    return result(processor, line, log, "");
  } finally {
    await file.close();
  }
  return result(processor, line, log, hash.digest("hex"));
}

const JSON_COLUMNS = new Set(["conversation_a", "conversation_b", "conv_metadata"]);

/** CSV with a header row. Conversations, if present, are JSON text in their cells. */
export async function readCsv(
  path: string,
  spec: BattleFieldSpec,
  skipInvalid: boolean,
): Promise<RangeResult> {
  const processor = new RecordProcessor(spec);
  const log = new ErrorLog(skipInvalid);
  const hash = createHash("sha256");
  const values: unknown[] = [];
  const input = createReadStream(path);
  input.on("data", (chunk) => hash.update(chunk));
  const parser = input.pipe(
    parse({
      columns: true,
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }),
  );
  let lines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      lines = info.lines;
      processor.fromObject(record, values);
      fixCsvTypes(processor.fields, values);
      const error = processor.process(values);
      if (error && log.add(error, info.lines)) {
        input.destroy();
        return result(processor, lines, log, "");
      }
    }
  } catch (error) {
    const e = error as { message: string; lines?: number };
    log.add({ code: "invalid_json", message: `invalid CSV: ${e.message}` }, e.lines ?? lines + 1);
    return result(processor, lines, log, "");
  }
  return result(processor, lines, log, hash.digest("hex"));
}

function fixCsvTypes(fields: readonly string[], values: unknown[]): void {
  for (let k = 0; k < fields.length; k++) {
    const v = values[k];
    if (v === "" && k >= 3) values[k] = undefined;
    else if (typeof v === "string" && JSON_COLUMNS.has(fields[k]!)) {
      try {
        values[k] = JSON.parse(v);
      } catch {
        values[k] = undefined;
      }
    } else if (fields[k] === "tstamp" && typeof v === "string") values[k] = Number(v);
  }
}

/** Parquet, one row group at a time. Errors name the 1-based row. */
export async function readParquet(
  path: string,
  spec: BattleFieldSpec,
  skipInvalid: boolean,
): Promise<RangeResult> {
  const processor = new RecordProcessor(spec);
  const log = new ErrorLog(skipInvalid);
  const values: unknown[] = [];
  let rowStart = 0;
  try {
    const file = await asyncBufferFromFile(path);
    const metadata = await parquetMetadataAsync(file);
    const present = new Set(metadata.schema.slice(1).map((s) => s.name));
    const columns = processor.fields.filter((f) => present.has(f));
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const rows = await parquetReadObjects({ file, metadata, columns, rowStart, rowEnd });
      for (let r = 0; r < rows.length; r++) {
        processor.fromObject(rows[r]!, values);
        for (let k = 0; k < values.length; k++)
          if (typeof values[k] === "bigint") values[k] = Number(values[k]);
        const error = processor.process(values);
        if (error && log.add(error, rowStart + r + 1))
          return result(processor, rowStart + r + 1, log, "");
      }
      rowStart = rowEnd;
    }
  } catch (error) {
    // A file hyparquet cannot decode is bad input (exit 1), not an internal error.
    const message = error instanceof Error ? error.message : String(error);
    log.add({ code: "invalid_json", message: `invalid Parquet: ${message}` }, rowStart + 1);
    return result(processor, rowStart, log, "");
  }
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return result(processor, rowStart, log, hash.digest("hex"));
}
