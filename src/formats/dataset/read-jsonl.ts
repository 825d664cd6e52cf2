/**
 * Streams the records of a JSON Lines file. A byte-level splitter finds the line feeds with
 * `Buffer.indexOf` and decodes each line on its own, so no more of a line than the cap is ever
 * held, and no chunk is decoded or split as a whole (readline does both, and buffers a line of
 * any length). Line feeds are ASCII and never part of a multi-byte UTF-8 sequence, so a character cut
 * between chunks is decoded whole with its line.
 */
import { positiveInteger } from "../positive-integer.js";
import { type LocatedRecord, parseJsonRecord } from "./read-located.js";
import { DatasetBytes, describeByteSize } from "./read-source.js";
import { utf8Text } from "./utf8-text.js";

const NEWLINE = 0x0a;

/** The longest line `readJsonlRecords` reads unless told otherwise: 64 MiB. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * The splitter as a state machine fed one chunk at a time, so tests can cut the input anywhere.
 * `push` returns the records and errors of the lines that end in the chunk — and the error of a
 * line that has just outgrown the cap, whose remaining bytes it then skips; `end` gives the last
 * line when the file does not end with a line feed.
 */
export class JsonLinesScanner {
  private current = 1;
  /** The current line's bytes from earlier chunks. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** True while skipping the rest of a line already reported as too long. */
  private skipping = false;

  /** @throws {IssueError} `usage` unless `maxLineBytes` is a positive integer. */
  constructor(private readonly maxLineBytes: number = MAX_LINE_BYTES) {
    positiveInteger("maxLineBytes", maxLineBytes);
  }

  /** The 1-based number of the line being read: the first not yet wholly seen. */
  get line(): number {
    return this.current;
  }

  push(chunk: Buffer): LocatedRecord[] {
    const records: LocatedRecord[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      this.endLine(chunk, start, end, records);
      start = end + 1;
    }
    if (start < chunk.length && !this.skipping) {
      if (this.partsLength + chunk.length - start > this.maxLineBytes) {
        // Reported now, not at the line's end, so a caller that stops at it reads no further.
        records.push(this.tooLong());
        this.skipping = true;
        this.parts = [];
        this.partsLength = 0;
      } else {
        this.parts.push(chunk.subarray(start));
        this.partsLength += chunk.length - start;
      }
    }
    return records;
  }

  /** The last line, when the file does not end with a line feed. */
  end(): LocatedRecord[] {
    const records: LocatedRecord[] = [];
    if (this.partsLength > 0) this.endLine(Buffer.alloc(0), 0, 0, records);
    return records;
  }

  private endLine(chunk: Buffer, start: number, end: number, records: LocatedRecord[]): void {
    if (this.skipping) this.skipping = false;
    else if (this.partsLength + end - start > this.maxLineBytes) records.push(this.tooLong());
    else {
      let bytes: Buffer;
      if (this.partsLength === 0) bytes = chunk.subarray(start, end);
      else {
        this.parts.push(chunk.subarray(start, end));
        bytes = Buffer.concat(this.parts, this.partsLength + end - start);
      }
      const text = utf8Text(bytes, this.current);
      if (typeof text !== "string") records.push(text);
      else {
        // trim() also drops the "\r" of a CRLF and a byte-order mark (U+FEFF is whitespace to it).
        const trimmed = text.trim();
        if (trimmed !== "") records.push(parseJsonRecord(trimmed, this.current));
      }
    }
    this.parts = [];
    this.partsLength = 0;
    this.current++;
  }

  private tooLong(): LocatedRecord {
    return {
      ok: false,
      line: this.current,
      message: `line longer than ${describeByteSize(this.maxLineBytes)}`,
    };
  }
}

export interface JsonlReadOptions {
  /** The longest line read, in bytes (default `MAX_LINE_BYTES`, 64 MiB); a longer one is an error. */
  maxLineBytes?: number;
  /** Bytes read at a time (default 256 KiB); small values exercise the chunk boundaries in tests. */
  chunkSize?: number;
  /** The most bytes read, decompressed (see `DatasetBytes`). */
  maxBytes?: number;
}

/**
 * Records of a JSON Lines file (.jsonl, .ndjson, optionally .gz), one per line; blank lines are
 * skipped, lines end at "\n" (a "\r" before it is dropped; a lone "\r" ends no line, as the
 * JSON Lines format has it). A line that is not a JSON object, or is longer than `maxLineBytes`,
 * is a located error and reading goes on with the next line; so is a line that is not valid
 * UTF-8 (naming the field that holds the bad bytes, when it can be told).
 * Damaged gzip data ends the records with a located `invalid gzip data` error at the first line
 * not wholly decoded.
 *
 * @example for await (const r of readJsonlRecords("pairs.jsonl")) if (r.ok) use(r.record);
 * @throws {IssueError} `usage` for a bad `maxLineBytes`; when the file cannot be read, and
 * `ReadLimitError` past `maxBytes` (see `DatasetBytes`).
 * Memory: O(chunk size + longest line, at most `maxLineBytes`).
 */
export async function* readJsonlRecords(
  path: string,
  options: JsonlReadOptions = {},
): AsyncGenerator<LocatedRecord> {
  const scanner = new JsonLinesScanner(options.maxLineBytes);
  const bytes = new DatasetBytes(path, options.chunkSize, options.maxBytes);
  for await (const chunk of bytes) {
    for (const record of scanner.push(chunk)) yield record;
  }
  if (bytes.damage !== undefined) yield { ok: false, line: scanner.line, message: bytes.damage };
  else for (const record of scanner.end()) yield record;
}
