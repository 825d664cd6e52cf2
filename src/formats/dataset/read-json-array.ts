/**
 * Streams the objects of a file holding one top-level JSON array — the layout of many published
 * datasets (`[{...}, {...}]`) — in memory bounded by the largest element, not the file.
 *
 * A byte-level scanner finds where each element starts and ends, tracking nesting depth, strings
 * and escapes; only a whole element is decoded and given to JSON.parse. Working on bytes is what
 * makes chunk boundaries harmless: every structural character is ASCII, and no byte of a
 * multi-byte UTF-8 sequence is below 0x80, so a character split between chunks is never
 * mistaken for one and is decoded whole with its element.
 */
import { type LocatedRecord, parseJsonRecord } from "./read-located.js";
import { DatasetBytes, isJsonWhitespace, UTF8_BOM } from "./read-source.js";
import { utf8Text } from "./utf8-text.js";

const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Where the scanner is: before the opening "[" (`start`), just after it (`first`), after a comma
 * (`next`), inside an element (`element`), after the closing "]" (`after`), or stopped by an error
 * that leaves nothing more to read (`stopped`).
 */
type Phase = "start" | "first" | "next" | "element" | "after" | "stopped";

/** A located error of the array itself (no "[", a missing value, the file ending early). */
export type ArrayError = Extract<LocatedRecord, { ok: false }>;

/**
 * What an element's bytes become: by default the record (decoded as UTF-8, parsed with
 * JSON.parse); the arena reader scans only the fields it needs from them instead.
 * `line` is the line where the element starts.
 */
export type ElementDecoder<T> = (bytes: Buffer, line: number) => T;

/** The element as a record: valid UTF-8 holding one JSON object. */
export const decodeRecord: ElementDecoder<LocatedRecord> = (bytes, line) => {
  const text = utf8Text(bytes, line);
  return typeof text === "string" ? parseJsonRecord(text, line) : text;
};

/**
 * The scanner as a state machine fed one chunk at a time, so tests can split the input anywhere.
 * `push` returns the decoded elements that end in the chunk, and the array's errors, in order;
 * `end` reports what the end of the file leaves unfinished.
 */
export class JsonArrayScanner<T = LocatedRecord> {
  private phase: Phase = "start";
  private line = 1;
  private bomBytes = 0;
  private bytesBeforeArray = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private elementLine = 0;
  /** The current element's bytes from earlier chunks. */
  private parts: Buffer[] = [];

  constructor(
    private readonly decode: ElementDecoder<T> = decodeRecord as unknown as ElementDecoder<T>,
  ) {}

  /** True once an error has ended the array: nothing after it can be read. */
  get stopped(): boolean {
    return this.phase === "stopped";
  }

  /** Where the data read so far stops being whole: the unfinished element's line, or the current one. */
  get unfinishedLine(): number {
    return this.phase === "element" ? this.elementLine : this.line;
  }

  push(chunk: Buffer): (T | ArrayError)[] {
    const records: (T | ArrayError)[] = [];
    let elementStart = 0;
    for (let i = 0; i < chunk.length && this.phase !== "stopped"; i++) {
      const byte = chunk[i]!;
      switch (this.phase) {
        case "start":
          this.beforeArray(byte, records);
          break;
        case "first":
        case "next":
          if (isJsonWhitespace(byte)) break;
          if (byte === CLOSE_BRACKET && this.phase === "first") this.phase = "after";
          else if (byte === COMMA || byte === CLOSE_BRACKET) {
            records.push(this.error(this.line, 'invalid JSON: missing value before "," or "]"'));
            this.phase = byte === COMMA ? "next" : "after";
          } else {
            this.phase = "element";
            this.elementLine = this.line;
            elementStart = i;
            this.insideElement(byte);
          }
          break;
        case "element":
          if (this.insideElement(byte)) {
            this.parts.push(chunk.subarray(elementStart, i));
            records.push(this.takeElement());
            this.phase = byte === COMMA ? "next" : "after";
          }
          break;
        case "after":
          if (!isJsonWhitespace(byte)) {
            records.push(
              this.error(this.line, 'invalid JSON: unexpected text after the closing "]"'),
            );
            this.phase = "stopped";
          }
          break;
      }
      if (byte === NEWLINE) this.line++;
    }
    if (this.phase === "element") this.parts.push(chunk.subarray(elementStart));
    return records;
  }

  /** What the end of the file leaves unfinished: nothing, or a final error. */
  end(): (T | ArrayError)[] {
    switch (this.phase) {
      case "start":
        return [this.error(this.line, 'not a JSON array: the file has no "["')];
      case "first":
      case "next":
        return [
          this.error(this.line, 'invalid JSON: the file ends before the array\'s closing "]"'),
        ];
      case "element":
        if (this.inString || this.depth > 0) {
          const what = this.inString ? "inside a string" : "inside an object or array";
          return [
            this.error(this.elementLine, `invalid JSON: the file ends ${what} of this element`),
          ];
        }
        // A complete last element without the closing "]": keep it, then report the truncation.
        return [
          this.takeElement(),
          this.error(this.line, 'invalid JSON: the file ends before the array\'s closing "]"'),
        ];
      default:
        return [];
    }
  }

  private beforeArray(byte: number, records: (T | ArrayError)[]): void {
    const inBom = this.bytesBeforeArray === this.bomBytes && byte === UTF8_BOM[this.bomBytes];
    this.bytesBeforeArray++;
    if (inBom) this.bomBytes++;
    else if (byte === OPEN_BRACKET) this.phase = "first";
    else if (!isJsonWhitespace(byte)) {
      records.push(
        this.error(this.line, 'not a JSON array: expected "[" at the start of the file'),
      );
      this.phase = "stopped";
    }
  }

  /** Follows strings, escapes and nesting; true when the byte ends the element ("," or "]"). */
  private insideElement(byte: number): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (byte === BACKSLASH) this.escaped = true;
      else if (byte === QUOTE) this.inString = false;
      return false;
    }
    if (byte === QUOTE) this.inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) this.depth++;
    else if (this.depth > 0 && (byte === CLOSE_BRACE || byte === CLOSE_BRACKET)) this.depth--;
    else if (this.depth === 0 && (byte === COMMA || byte === CLOSE_BRACKET)) return true;
    return false;
  }

  private takeElement(): T {
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    return this.decode(bytes, this.elementLine);
  }

  private error(line: number, message: string): ArrayError {
    return { ok: false, line, message };
  }
}

export interface JsonArrayReadOptions {
  /** Bytes read at a time (default 256 KiB); small values exercise the chunk boundaries in tests. */
  chunkSize?: number;
  /** The most bytes read, decompressed (see `DatasetBytes`). */
  maxBytes?: number;
}

/**
 * Records of a file holding one top-level JSON array of objects (optionally .gz), each located at
 * the line where its element starts. An element that is not an object, not valid JSON or not
 * valid UTF-8 is a located error and reading goes on; a file that is not an array, or ends before
 * its closing "]", gives one final located error, and so does damaged gzip data (`invalid gzip
 * data`, at the line of the first element not wholly decoded).
 *
 * @example for await (const r of readJsonArrayRecords("data.json")) if (r.ok) use(r.record);
 * @throws when the file cannot be read, and `ReadLimitError` past `maxBytes` (see `DatasetBytes`).
 * Memory: O(chunk size + largest element).
 */
export function readJsonArrayRecords(
  path: string,
  options: JsonArrayReadOptions = {},
): AsyncGenerator<LocatedRecord> {
  return readJsonArrayElements(path, decodeRecord, options);
}

/** The same, each element given to `decode` instead of JSON.parse (the arena's field scan). */
export async function* readJsonArrayElements<T>(
  path: string,
  decode: ElementDecoder<T>,
  options: JsonArrayReadOptions = {},
): AsyncGenerator<T | ArrayError> {
  const scanner = new JsonArrayScanner(decode);
  const bytes = new DatasetBytes(path, options.chunkSize, options.maxBytes);
  for await (const chunk of bytes) {
    yield* scanner.push(chunk);
    if (scanner.stopped) return;
  }
  if (bytes.damage !== undefined) {
    yield { ok: false, line: scanner.unfinishedLine, message: bytes.damage };
  } else yield* scanner.end();
}
