/**
 * Reads the JSON Lines records that start within bytes [start, stop) of a file, in large
 * blocks, and hashes exactly those bytes. A record that starts before `stop` is read to its
 * end, so consecutive ranges cover every line once. Used in-process and by worker threads.
 */
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { DuplicateKeyError, JsonSyntaxError } from "../json/json-bytes.js";
import { ObjectScanner } from "../json/object-scanner.js";
import type { BattleFieldSpec, RecordError } from "./battle-record.js";
import { ErrorLog, type RangeResult, result } from "./error-log.js";
import { RecordProcessor } from "./record-processor.js";

export type { LocatedError, RangeResult } from "./error-log.js";

const BLOCK = 8 << 20;

export function scanJsonlRange(
  path: string,
  start: number,
  stop: number,
  spec: BattleFieldSpec,
  skipInvalid: boolean,
  /** Hash the range's bytes (the input hash); off when no output shows it. */
  hashInput = true,
): RangeResult {
  const processor = new RecordProcessor(spec);
  const scanLine = lineScanner(processor);
  const hash = createHash("sha256");
  const log = new ErrorLog(skipInvalid);
  let buffer = Buffer.allocUnsafe(BLOCK);
  const fd = openSync(path, "r");
  let lines = 0;
  try {
    let filePos = start;
    let carry = 0;
    if (start > 0) {
      // Skip the tail of a line that began in the previous range.
      filePos = start - 1;
    }
    let skipFirst = start > 0;
    let done = false;
    while (!done) {
      if (carry === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carry);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, carry, buffer.length - carry, filePos);
      const hashFrom = Math.max(filePos, start);
      const hashTo = Math.min(filePos + read, stop);
      if (hashInput && hashTo > hashFrom)
        hash.update(buffer.subarray(carry + hashFrom - filePos, carry + hashTo - filePos));
      const blockStartFile = filePos - carry;
      filePos += read;
      const end = carry + read;
      const eof = read === 0;
      let pos = 0;
      if (blockStartFile === 0 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
        pos = 3; // a UTF-8 byte-order mark
      }
      if (skipFirst) {
        const nl = buffer.indexOf(0x0a, 0);
        if (nl < 0 || nl >= end) {
          if (eof) break;
          carry = 0;
          continue;
        }
        pos = nl + 1;
        skipFirst = false;
      }
      for (;;) {
        if (blockStartFile + pos >= stop) {
          done = true;
          break;
        }
        let nl = buffer.indexOf(0x0a, pos);
        if (nl >= end) nl = -1;
        if (nl < 0 && !eof) break;
        const lineEnd = nl < 0 ? end : nl;
        if (nl < 0 && lineEnd === pos) {
          done = true;
          break;
        }
        lines++;
        if (!isBlank(buffer, pos, lineEnd)) {
          const outcome = scanLine(buffer, pos, lineEnd);
          if (outcome !== null && log.add(outcome, lines)) {
            done = true;
            break;
          }
        }
        pos = lineEnd + 1;
        if (nl < 0) {
          done = true;
          break;
        }
      }
      if (done || eof) break;
      carry = end - pos;
      buffer.copy(buffer, 0, pos, end);
    }
  } finally {
    closeSync(fd);
  }
  return result(processor, lines, log, hashInput ? hash.digest("hex") : "");
}

/**
 * The step from one line's bytes to a counted battle or an error, shared by the ranges read
 * here and the gzip stream (scan-jsonl-stream.ts): the object scanned for the wanted fields,
 * then checked and counted by `processor`.
 */
export function lineScanner(
  processor: RecordProcessor,
): (buf: Buffer, from: number, to: number) => RecordError | null {
  const scanner = new ObjectScanner(processor.fields);
  return (buf, from, to) => {
    try {
      const after = scanner.scan(buf, from, to);
      if (!isBlank(buf, after, to))
        throw new JsonSyntaxError("unexpected text after the object", after);
    } catch (error) {
      if (error instanceof DuplicateKeyError) return duplicateKey(error);
      if (!(error instanceof JsonSyntaxError)) throw error;
      return {
        code: "invalid_json",
        message: `invalid JSON at column ${error.offset - from + 1}: ${error.message}`,
      };
    }
    return processor.processScanned(scanner, buf);
  };
}

/** A record that names a key twice (see `DuplicateKeyError`). */
export function duplicateKey(error: DuplicateKeyError): RecordError {
  return { code: "duplicate_key", field: error.key, message: "duplicate key" };
}

/** Whether bytes [from, to) are only spaces, tabs and carriage returns. */
export function isBlank(buf: Buffer, from: number, to: number): boolean {
  for (let p = from; p < to; p++) {
    const c = buf[p]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
