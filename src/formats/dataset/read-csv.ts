/**
 * Streams the records of a CSV file with a header row (csv-parse). csv-parse stops at its first
 * error; with `skip_records_with_error` it drops the bad record and goes on, telling us through
 * its "skip" event, which we turn into an item of the same stream — so every error arrives in
 * order between the records, under the stream's backpressure, and becomes a located error.
 */
import { isUtf8 } from "node:buffer";
import { pipeline } from "node:stream";
import { type CsvError, parse } from "csv-parse";
import { positiveInteger } from "../positive-integer.js";
import type { LocatedRecord } from "./read-located.js";
import { DatasetBytes, describeByteSize } from "./read-source.js";

const NEWLINE = 0x0a;
const NOT_UTF8 = "not valid UTF-8 text";

/** The longest record `readCsvRecords` reads unless told otherwise: 64 MiB. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export interface CsvReadOptions {
  /**
   * The longest record read, in bytes (default `MAX_RECORD_BYTES`, 64 MiB). A longer one — most
   * often a quote left open, which would swallow the rest of the file — is a located error that
   * ends the reading: where that record ends cannot be known.
   */
  maxRecordBytes?: number;
  /** Bytes read at a time (default 256 KiB); small values exercise the chunk boundaries in tests. */
  chunkSize?: number;
  /** The most bytes read, decompressed (see `DatasetBytes`). */
  maxBytes?: number;
}

/** What csv-parse puts on its errors that we use (CsvError copies its context onto itself). */
interface CsvErrorContext {
  code: string;
  message: string;
  /** The line the parser was on: where a record with the wrong number of fields ends. */
  lines: number;
  /** Blank lines skipped so far. */
  empty_lines: number;
  record?: unknown;
  columns?: unknown;
}

type CsvItem =
  | { record: Record<string, string>; info: { lines: number; empty_lines: number } }
  | { error: CsvErrorContext; inHeader: boolean };

/**
 * Where the next record starts: the line after the last one that ended (the header, a record or
 * a bad record), past the blank lines skipped since. csv-parse only says where a record ends,
 * and an unclosed quote is reported at the end of the file, not where the quote was opened.
 */
class RecordStart {
  private lastLine = 0;
  private emptyLines = 0;

  passed(line: number, emptyLines: number): void {
    this.lastLine = line;
    this.emptyLines = emptyLines;
  }

  next(emptyLines: number): number {
    return this.lastLine + 1 + emptyLines - this.emptyLines;
  }
}

/**
 * Records of a CSV file with a header row (optionally .gz). The line is where the record ends
 * (csv-parse counts it so): the same line unless a quoted field spans lines. Every value is a
 * string; an empty field is "". A row with the wrong number of fields or misplaced quotes is a
 * located error at the line it ends on, and reading goes on with the next row. These end the
 * reading with a located error: a broken header row, a quoted field still open at the end of the
 * file or a record longer than `maxRecordBytes`, and damaged gzip data — each at the line where
 * the record it leaves unfinished starts — and a line that is not valid UTF-8, at that line.
 *
 * @example for await (const r of readCsvRecords("pairs.csv")) if (r.ok) use(r.record);
 * @throws {IssueError} `usage` for a bad `maxRecordBytes`; when the file cannot be read, and
 * `ReadLimitError` past `maxBytes` (see `DatasetBytes`).
 * Memory: O(chunk size + longest record, at most `maxRecordBytes`).
 */
export async function* readCsvRecords(
  path: string,
  options: CsvReadOptions = {},
): AsyncGenerator<LocatedRecord> {
  const maxRecordBytes = positiveInteger(
    "maxRecordBytes",
    options.maxRecordBytes ?? MAX_RECORD_BYTES,
  );
  const bytes = new DatasetBytes(path, options.chunkSize, options.maxBytes);
  const start = new RecordStart();
  let inHeader = true;
  const parser = parse({
    columns: (names: string[]) => {
      // Called as the header row ends, before any record after it is parsed.
      inHeader = false;
      start.passed(parser.info.lines, parser.info.empty_lines);
      return names;
    },
    info: true,
    bom: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: maxRecordBytes,
  });
  parser.on("skip", (error: CsvError) => parser.push({ error, inHeader }));
  // pipeline, not .pipe(): a read error (missing file) must reach the loop below.
  const source = new WholeLines(bytes, maxRecordBytes);
  const items = pipeline(source, parser, () => {}) as AsyncIterable<CsvItem>;
  /** csv-parse can report one bad row more than once (each stray quote); we report it once. */
  let lastErrorLine = 0;
  try {
    for await (const item of items) {
      if ("record" in item) {
        start.passed(item.info.lines, item.info.empty_lines);
        lastErrorLine = 0;
        yield { ok: true, line: item.info.lines, record: item.record };
        continue;
      }
      const { error } = item;
      switch (error.code) {
        case "CSV_QUOTE_NOT_CLOSED":
          if (source.invalidUtf8Line !== undefined) {
            // Cut off before a line that is not UTF-8, not by an open quote.
            yield { ok: false, line: source.invalidUtf8Line, message: NOT_UTF8 };
            return;
          }
          if (bytes.damage !== undefined) {
            // Cut off by damaged gzip data, not by an open quote: report the damage there.
            yield { ok: false, line: start.next(error.empty_lines), message: bytes.damage };
            return;
          }
          yield {
            ok: false,
            line: start.next(error.empty_lines),
            message: `invalid CSV${item.inHeader ? " header" : ""}: a quoted field starting in this record is never closed`,
          };
          return;
        case "CSV_MAX_RECORD_SIZE":
          yield {
            ok: false,
            line: start.next(error.empty_lines),
            message: `invalid CSV: record longer than ${describeByteSize(maxRecordBytes)} (is a quote left open?)`,
          };
          return;
        default:
          if (item.inHeader) {
            yield { ok: false, line: error.lines, message: `invalid CSV header: ${error.message}` };
            return;
          }
          if (error.lines === lastErrorLine) continue;
          lastErrorLine = error.lines;
          start.passed(error.lines, error.empty_lines);
          yield { ok: false, line: error.lines, message: describeCsvError(error) };
      }
    }
  } catch (error) {
    const e = error as { message: string; code?: unknown };
    // csv-parse's own errors are bad input; anything else (I/O) is thrown like the other readers.
    if (typeof e.code !== "string" || !e.code.startsWith("CSV_")) throw error;
    yield {
      ok: false,
      line: start.next(parser.info.empty_lines),
      message: `invalid CSV: ${e.message}`,
    };
    return;
  }
  if (source.invalidUtf8Line !== undefined) {
    yield { ok: false, line: source.invalidUtf8Line, message: NOT_UTF8 };
  } else if (bytes.damage !== undefined) {
    // The parser saw whole lines only; at their end it counts one more (empty) line, the one
    // after the last line feed, which is the line the damage cut off.
    const counted = parser.info.empty_lines - (source.fed ? 1 : 0);
    yield { ok: false, line: start.next(counted), message: bytes.damage };
  }
}

function describeCsvError(error: CsvErrorContext): string {
  if (
    error.code === "CSV_RECORD_INCONSISTENT_COLUMNS" &&
    Array.isArray(error.record) &&
    Array.isArray(error.columns)
  ) {
    return `invalid CSV: ${error.record.length} fields, but the header has ${error.columns.length}`;
  }
  return `invalid CSV: ${error.message}`;
}

/**
 * The bytes up to the last line feed read so far, the rest held back until a later chunk ends
 * its line: when damaged gzip data cuts the file short, the parser has only seen whole lines and
 * never takes a cut-off row for a short record. A line longer than `maxHeld` is passed on
 * without waiting for its end (the parser reports it as too long). The bytes stop before the
 * first line that is not valid UTF-8 (csv-parse would decode it with U+FFFD in place of the bad
 * bytes), and `invalidUtf8Line` says which line that is.
 */
class WholeLines implements AsyncIterable<Buffer> {
  /** Whether any bytes have been passed on. */
  fed = false;
  /** The 1-based line that is not valid UTF-8, when one has stopped the bytes. */
  invalidUtf8Line: number | undefined = undefined;
  /** Line feeds passed on. */
  private lineFeeds = 0;

  constructor(
    private readonly bytes: DatasetBytes,
    private readonly maxHeld: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    let held: Buffer[] = [];
    let heldLength = 0;
    for await (const chunk of this.bytes) {
      const lineEnd = chunk.lastIndexOf(NEWLINE) + 1;
      const tooLong = heldLength + chunk.length > this.maxHeld;
      const cut = lineEnd > 0 ? lineEnd : tooLong ? chunk.length : 0;
      if (cut > 0) {
        this.fed = true;
        const piece =
          held.length === 0
            ? chunk.subarray(0, cut)
            : Buffer.concat([...held, chunk.subarray(0, cut)]);
        held = [];
        heldLength = 0;
        yield* this.checked(piece, false);
        if (this.invalidUtf8Line !== undefined) return;
      }
      if (cut < chunk.length) {
        held.push(chunk.subarray(cut));
        heldLength += chunk.length - cut;
      }
    }
    if (this.bytes.damage !== undefined || heldLength === 0) return;
    this.fed = true;
    yield* this.checked(Buffer.concat(held), true);
  }

  /**
   * The piece, or its lines before the first that is not valid UTF-8. A piece that is not
   * `whole` may end inside a line too long to wait for, maybe inside a character: that line is
   * the parser's to refuse, and is not checked.
   */
  private *checked(piece: Buffer, whole: boolean): Generator<Buffer> {
    const end = whole ? piece.length : piece.lastIndexOf(NEWLINE) + 1;
    if (isUtf8(piece.subarray(0, end))) {
      this.lineFeeds += countLineFeeds(piece);
      yield piece;
      return;
    }
    let start = 0;
    // A line feed is never part of a multi-byte character: each line is valid or not on its own.
    while (start < end) {
      const feed = piece.indexOf(NEWLINE, start);
      const lineEnd = feed === -1 ? end : feed + 1;
      if (!isUtf8(piece.subarray(start, lineEnd))) break;
      start = lineEnd;
      this.lineFeeds++;
    }
    if (start > 0) yield piece.subarray(0, start);
    this.invalidUtf8Line = this.lineFeeds + 1;
  }
}

function countLineFeeds(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) count++;
  return count;
}
