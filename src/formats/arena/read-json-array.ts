/** A JSON array of arena battles, read in blocks through the object scanner (bounded memory). */
import { open } from "node:fs/promises";
import { JsonSyntaxError } from "../json/json-bytes.js";
import { ObjectScanner } from "../json/object-scanner.js";
import type { BattleFieldSpec } from "./battle-record.js";
import { ErrorLog, result } from "./error-log.js";
import { RecordProcessor } from "./record-processor.js";
import type { RangeResult } from "./scan-jsonl-range.js";

/** A top-level JSON array of battle objects. Lines count from 1 at the file's start. */
export async function readJsonArray(
  path: string,
  spec: BattleFieldSpec,
  skipInvalid: boolean,
): Promise<RangeResult> {
  const processor = new RecordProcessor(spec);
  const scanner = new ObjectScanner(processor.fields);
  const log = new ErrorLog(skipInvalid);
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
  return result(processor, line, log, "");
}
