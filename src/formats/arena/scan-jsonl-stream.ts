/**
 * Reads a gzip-compressed JSON Lines battle log (.jsonl.gz) from start to end on the calling
 * thread. A gzip stream cannot be entered in the middle, so it is not cut into ranges for worker
 * threads as a plain file is (scan-jsonl-range.ts); each line goes through the same scan.
 * Damaged gzip data (a truncated download, say) is an `invalid_json` error at the first line
 * not wholly decoded, with the reason DatasetBytes gives ("invalid gzip data: …").
 * Memory: O(chunk + longest line).
 */
import { DatasetBytes, UTF8_BOM } from "../dataset/read-source.js";
import type { BattleFieldSpec } from "./battle-record.js";
import { ErrorLog, type RangeResult, result } from "./error-log.js";
import { RecordProcessor } from "./record-processor.js";
import { isBlank, lineScanner } from "./scan-jsonl-range.js";

const NEWLINE = 0x0a;

/** Every record of the (decompressed) file; `digest` is left empty: the caller hashes the file as stored. */
export async function scanJsonlStream(
  path: string,
  spec: BattleFieldSpec,
  skipInvalid: boolean,
): Promise<RangeResult> {
  const processor = new RecordProcessor(spec);
  const scanLine = lineScanner(processor);
  const log = new ErrorLog(skipInvalid);
  const bytes = new DatasetBytes(path);
  let carry: Buffer = Buffer.alloc(0);
  let lines = 0;
  let atStart = true;
  let stopped = false;
  const line = (buf: Buffer, from: number, to: number): boolean => {
    lines++;
    if (isBlank(buf, from, to)) return false;
    const error = scanLine(buf, from, to);
    return error !== null && log.add(error, lines);
  };
  read: for await (const chunk of bytes) {
    const buf = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    let pos = 0;
    if (atStart) {
      if (buf.length < UTF8_BOM.length) {
        carry = buf;
        continue;
      }
      if (UTF8_BOM.every((b, k) => buf[k] === b)) pos = UTF8_BOM.length;
      atStart = false;
    }
    for (let nl = buf.indexOf(NEWLINE, pos); nl >= 0; nl = buf.indexOf(NEWLINE, pos)) {
      if (line(buf, pos, nl)) {
        stopped = true;
        break read;
      }
      pos = nl + 1;
    }
    carry = buf.subarray(pos);
  }
  if (!stopped) {
    if (bytes.damage !== undefined) {
      log.add({ code: "invalid_json", message: bytes.damage }, lines + 1);
    } else if (carry.length > 0) {
      // The last line, without a line feed (or the whole of a file shorter than a BOM).
      const from = atStart && UTF8_BOM.every((b, k) => carry[k] === b) ? UTF8_BOM.length : 0;
      line(carry, from, carry.length);
    }
  }
  return result(processor, lines, log, "");
}
