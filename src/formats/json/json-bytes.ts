/** Byte-level JSON pieces of the object scanner: errors, string ends, literals, keys, decoding. */
import { IssueError } from "../../core/issue.js";

/** Bad JSON met by the scanner; readers catch it and locate it (file, line, column). */
export class JsonSyntaxError extends IssueError {
  constructor(
    message: string,
    /** Byte offset of the problem within the buffer. */
    readonly offset: number,
  ) {
    super({ code: "invalid_json", message });
    this.name = "JsonSyntaxError";
  }
}

/**
 * A record that names one of its keys twice. JSON allows it (RFC 8259 §4: names SHOULD be
 * unique) but leaves the meaning open — JSON.parse keeps the last value, a streaming reader may
 * keep the first — so every prefkit reader refuses such a record instead of choosing for the user.
 */
export class DuplicateKeyError extends IssueError {
  constructor(
    /** The key, decoded. */
    readonly key: string,
    /** Byte offset of the repeat's opening quote within the buffer. */
    readonly offset: number,
  ) {
    super({ code: "invalid", message: "duplicate key", location: { field: key } });
    this.name = "DuplicateKeyError";
  }
}

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

export function matchKey(
  keys: readonly Uint8Array[],
  buf: Buffer,
  start: number,
  stop: number,
): number {
  const length = stop - start;
  const first = buf[start];
  outer: for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key.length !== length) continue;
    if (length === 0) return k;
    if (key[0] !== first) continue;
    for (let i = 1; i < length; i++) if (buf[start + i] !== key[i]) continue outer;
    return k;
  }
  return -1;
}

/** Offset of the closing quote of a string whose contents start at `pos`. */
export function stringEnd(buf: Buffer, pos: number, end: number): number {
  for (;;) {
    // A byte loop beats a native call for short strings; memchr takes over for long ones.
    // A quote preceded by an odd number of backslashes is escaped, so the search goes on.
    let q = pos;
    const stop = Math.min(end, pos + 64);
    while (q < stop && buf[q] !== QUOTE) q++;
    if (q === stop) q = q < end ? buf.indexOf(QUOTE, q) : -1;
    if (q < 0 || q >= end) throw new JsonSyntaxError("unterminated string", end);
    let backslashes = 0;
    for (let b = q - 1; b >= pos && buf[b] === BACKSLASH; b--) backslashes++;
    if (backslashes % 2 === 0) return q;
    pos = q + 1;
  }
}

export function literal(buf: Buffer, pos: number, end: number, word: string): number {
  for (let i = 0; i < word.length; i++) {
    if (pos + i >= end || buf[pos + i] !== word.charCodeAt(i))
      throw new JsonSyntaxError(`expected ${word}`, pos);
  }
  return pos + word.length;
}

type FastSlices = Buffer & {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
};

export function decodeValue(buf: Buffer, start: number, stop: number): unknown {
  if (buf[start] === QUOTE) {
    let plain = true;
    let ascii = true;
    for (let i = start + 1; i < stop - 1; i++) {
      const c = buf[i]!;
      if (c === BACKSLASH) plain = false;
      else if (c >= 0x80) ascii = false;
    }
    // Buffer's own slice methods skip the argument checks of toString: this is a hot path.
    if (plain)
      return ascii
        ? (buf as FastSlices).latin1Slice(start + 1, stop - 1)
        : (buf as FastSlices).utf8Slice(start + 1, stop - 1);
  }
  try {
    return JSON.parse(buf.toString("utf8", start, stop));
  } catch (error) {
    throw new JsonSyntaxError(`invalid value: ${(error as Error).message}`, start);
  }
}
