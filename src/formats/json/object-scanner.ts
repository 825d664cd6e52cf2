/**
 * A structural JSON object scanner that decodes only the top-level fields asked for and
 * steps over the rest, jumping to the end of long strings with memchr (`indexOf`). Reading
 * three short fields of an arena battle this way is several times faster than `JSON.parse`
 * of the whole line, which must build every conversation string.
 *
 * At the top level, structure is checked (quotes, colons, commas, literals, the closing
 * brace) and a key named twice is refused (`DuplicateKeyError`): the whole object is read, even
 * after the last wanted field, since a repeat may come after it. Inside skipped nested values
 * only string boundaries and bracket balance are checked, and the insides of skipped strings
 * and numbers are not validated character by character; a key repeated in a nested object is
 * JSON.parse's business (the last value) when that value is decoded.
 *
 * Reading the whole object (earlier versions stopped after the last wanted field) and checking
 * its keys cost about 45% more CPU in the scan of short arena records (bench/leaderboard's: five
 * keys after `winner`), about 15-20% of `prefkit leaderboard` end to end (1M records, one
 * thread: 1.2 s → 1.4 s user time); long conversations are stepped over by memchr.
 */
import {
  BACKSLASH as BACKSLASH_BYTE,
  DuplicateKeyError,
  decodeValue,
  FNV_OFFSET as FNV_OFFSET_BASIS,
  FNV_PRIME as FNV_PRIME_FACTOR,
  JsonSyntaxError,
  literal,
  matchKey,
  QUOTE as QUOTE_BYTE,
  stringEnd,
} from "./json-bytes.js";

// Module-local copies of the constants the scan loop reads: V8 checks an imported binding on
// every read, which made scans about 15% slower (measured); a local const folds away.
const QUOTE = QUOTE_BYTE;
const BACKSLASH = BACKSLASH_BYTE;
const FNV_OFFSET = FNV_OFFSET_BASIS;
const FNV_PRIME = FNV_PRIME_FACTOR;

export { DuplicateKeyError, FNV_OFFSET, FNV_PRIME, JsonSyntaxError } from "./json-bytes.js";

/** Beyond this many keys in one object, repeats are found through a map instead of a loop. */
const LINEAR_KEYS = 32;

export class ObjectScanner {
  private readonly keys: Uint8Array[];
  /** Byte range of each wanted key's value in the last scanned object; start −1 when absent. */
  readonly starts: Int32Array;
  readonly stops: Int32Array;
  /** For wanted string values: FNV-1a hash of the raw bytes, and 1 when free of escapes. */
  readonly hashes: Int32Array;
  readonly plain: Uint8Array;
  private buf: Buffer = Buffer.alloc(0);
  /** Newlines seen in whitespace while scanning (for line numbers in multi-line JSON). */
  newlines = 0;

  private readonly keyStrings: readonly string[];
  /**
   * The current object's first keys: a signature of the decoded key (its UTF-8 length, first and
   * last byte: keys that differ mostly differ there) and the offset of its opening quote.
   */
  private readonly keySigns = new Int32Array(LINEAR_KEYS);
  private readonly keyOffsets = new Int32Array(LINEAR_KEYS);
  private keyCount = 0;
  private keyIndex: Map<number, number[]> | undefined;

  constructor(keys: readonly string[]) {
    this.keyStrings = [...keys];
    const encoder = new TextEncoder();
    this.keys = keys.map((k) => encoder.encode(k));
    this.starts = new Int32Array(keys.length);
    this.stops = new Int32Array(keys.length);
    this.hashes = new Int32Array(keys.length);
    this.plain = new Uint8Array(keys.length);
  }

  /** The decoded value of wanted key k in the last scanned object (undefined when absent). */
  value(k: number): unknown {
    const start = this.starts[k]!;
    return start < 0 ? undefined : decodeValue(this.buf, start, this.stops[k]!);
  }

  /** All wanted values, decoded, into `out`. */
  values(out: unknown[]): unknown[] {
    for (let k = 0; k < this.keys.length; k++) out[k] = this.value(k);
    return out;
  }

  /**
   * Scans the object that starts at `pos` (whitespace allowed); returns the offset after it.
   * @throws {JsonSyntaxError} on bad JSON; {DuplicateKeyError} when a top-level key repeats.
   */
  scan(buf: Buffer, pos: number, end: number): number {
    // One pass, locals only: this loop runs for every record of multi-GB logs.
    this.buf = buf;
    const { starts, stops, hashes, plain, keys, keySigns: signs, keyOffsets: offsets } = this;
    starts.fill(-1);
    plain.fill(0);
    this.keyCount = 0;
    this.keyIndex = undefined;
    // Every read of buf[pos] below is guarded by pos < end: the bytes past `end` belong to
    // the next line, or are stale.
    pos = this.skipSpace(buf, pos, end);
    if (pos >= end || buf[pos] !== 0x7b) throw new JsonSyntaxError("expected an object '{'", pos);
    pos = this.skipSpace(buf, pos + 1, end);
    if (pos < end && buf[pos] === 0x7d) return pos + 1;
    for (;;) {
      if (pos >= end || buf[pos] !== QUOTE) {
        throw new JsonSyntaxError(
          pos >= end ? "unexpected end of input" : "expected a field name",
          pos,
        );
      }
      let q = pos + 1;
      while (q < end && buf[q] !== QUOTE && buf[q] !== BACKSLASH) q++;
      let wanted: number;
      let sign: number;
      if (q < end && buf[q] === QUOTE) {
        wanted = matchKey(keys, buf, pos + 1, q);
        sign = q > pos + 1 ? signature(q - pos - 1, buf[pos + 1]!, buf[q - 1]!) : 0;
      } else {
        // An escaped (or unterminated) key: decode it to compare.
        q = stringEnd(buf, pos + 1, end);
        const key = keyText(buf, pos, q);
        wanted = this.keyStrings.indexOf(key);
        const bytes = Buffer.from(key, "utf8");
        sign = bytes.length > 0 ? signature(bytes.length, bytes[0]!, bytes[bytes.length - 1]!) : 0;
      }
      if (this.keyCount < LINEAR_KEYS) {
        // The common case inline: a record's few keys, compared by signature.
        const n = this.keyCount;
        for (let i = 0; i < n; i++) {
          if (signs[i] === sign) this.compareKeys(buf, offsets[i]!, pos);
        }
        signs[n] = sign;
        offsets[n] = pos;
        this.keyCount = n + 1;
      } else this.addKey(buf, sign, pos);
      pos = q + 1;
      if (pos >= end || buf[pos] !== 0x3a) {
        pos = this.skipSpace(buf, pos, end);
        if (pos >= end || buf[pos] !== 0x3a) throw new JsonSyntaxError("expected ':'", pos);
      }
      pos++;
      let c = pos < end ? buf[pos] : -1;
      if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
        pos = this.skipSpace(buf, pos, end);
        c = pos < end ? buf[pos] : -1;
      }
      const valueStart = pos;
      if (wanted >= 0 && c === QUOTE) {
        // A wanted string: find its end, hash its bytes and note escapes in the same pass.
        let h = FNV_OFFSET;
        let clean = true;
        q = pos + 1;
        for (; q < end; q++) {
          const d = buf[q]!;
          if (d === QUOTE) break;
          if (d === BACKSLASH) {
            clean = false;
            q++;
          } else h = Math.imul(h ^ d, FNV_PRIME);
        }
        if (q >= end) throw new JsonSyntaxError("unterminated string", end);
        pos = q + 1;
        hashes[wanted] = h;
        plain[wanted] = clean ? 1 : 0;
      } else if (c === QUOTE) {
        // An unwanted string (ids, conversations): a short byte loop, memchr beyond it.
        q = pos + 1;
        const stop = Math.min(q + 64, end);
        while (q < stop && buf[q] !== QUOTE && buf[q] !== BACKSLASH) q++;
        pos = (q < stop && buf[q] === QUOTE ? q : stringEnd(buf, pos + 1, end)) + 1;
      } else {
        pos = this.skipValue(buf, pos, end);
        if (wanted >= 0) plain[wanted] = 0;
      }
      if (wanted >= 0) {
        starts[wanted] = valueStart;
        stops[wanted] = pos;
      }
      c = pos < end ? buf[pos] : -1;
      if (c !== 0x2c && c !== 0x7d) {
        pos = this.skipSpace(buf, pos, end);
        c = pos < end ? buf[pos] : -1;
      }
      if (c === 0x2c) {
        pos++;
        if (pos >= end || buf[pos] !== QUOTE) pos = this.skipSpace(buf, pos, end);
      } else if (c === 0x7d) {
        return pos + 1;
      } else {
        throw new JsonSyntaxError(
          pos >= end ? "unexpected end of input: the object is not closed" : "expected ',' or '}'",
          pos,
        );
      }
    }
  }

  /** Past `LINEAR_KEYS` keys in one object, signatures go in a map (built on first use). */
  private addKey(buf: Buffer, sign: number, offset: number): void {
    if (this.keyIndex === undefined) {
      this.keyIndex = new Map();
      for (let i = 0; i < LINEAR_KEYS; i++) this.index(this.keySigns[i]!, this.keyOffsets[i]!);
    }
    for (const earlier of this.keyIndex.get(sign) ?? []) this.compareKeys(buf, earlier, offset);
    this.index(sign, offset);
    this.keyCount++;
  }

  private index(h: number, offset: number): void {
    const list = this.keyIndex!.get(h);
    if (list) list.push(offset);
    else this.keyIndex!.set(h, [offset]);
  }

  /** Throws when the keys at these two offsets are the same once decoded (signatures matched). */
  private compareKeys(buf: Buffer, earlier: number, offset: number): void {
    const close = stringEnd(buf, offset + 1, buf.length);
    const earlierClose = stringEnd(buf, earlier + 1, buf.length);
    const length = close - offset;
    let same = length === earlierClose - earlier;
    for (let i = 1; same && i < length; i++) same = buf[offset + i] === buf[earlier + i];
    // Raw bytes differ but escapes may spell the same key.
    const key = keyText(buf, offset, close);
    if (
      same ||
      (hasEscape(buf, offset, close, earlier, earlierClose) &&
        keyText(buf, earlier, earlierClose) === key)
    )
      throw new DuplicateKeyError(key, offset);
  }

  skipSpace(buf: Buffer, pos: number, end: number): number {
    while (pos < end) {
      const c = buf[pos]!;
      if (c === 0x20 || c === 0x09 || c === 0x0d) pos++;
      else if (c === 0x0a) {
        this.newlines++;
        pos++;
      } else break;
    }
    return pos;
  }

  private skipValue(buf: Buffer, pos: number, end: number): number {
    if (pos >= end) throw new JsonSyntaxError("unexpected end of input", pos);
    const c = buf[pos];
    if (c === QUOTE) return stringEnd(buf, pos + 1, end) + 1;
    if (c === 0x7b || c === 0x5b) return this.skipContainer(buf, pos, end);
    if (c === 0x74) return literal(buf, pos, end, "true");
    if (c === 0x66) return literal(buf, pos, end, "false");
    if (c === 0x6e) return literal(buf, pos, end, "null");
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) {
      let p = pos + 1;
      while (p < end) {
        const d = buf[p]!;
        if (
          (d >= 0x30 && d <= 0x39) ||
          d === 0x2e ||
          d === 0x65 ||
          d === 0x45 ||
          d === 0x2b ||
          d === 0x2d
        )
          p++;
        else break;
      }
      return p;
    }
    throw new JsonSyntaxError(pos >= end ? "unexpected end of input" : "expected a value", pos);
  }

  /** Skips a nested object or array, checking its grammar (recursive descent). */
  private skipContainer(buf: Buffer, pos: number, end: number, depth = 0): number {
    if (depth > 512) throw new JsonSyntaxError("nesting too deep", pos);
    const close = buf[pos] === 0x7b ? 0x7d : 0x5d;
    const isObject = close === 0x7d;
    pos = this.skipSpace(buf, pos + 1, end);
    if (pos < end && buf[pos] === close) return pos + 1;
    if (pos < end && (buf[pos] === 0x7d || buf[pos] === 0x5d))
      throw new JsonSyntaxError("mismatched bracket", pos);
    for (;;) {
      if (isObject) {
        if (pos >= end || buf[pos] !== QUOTE)
          throw new JsonSyntaxError(
            pos >= end ? "unexpected end of input" : "expected a field name",
            pos,
          );
        pos = this.skipSpace(buf, stringEnd(buf, pos + 1, end) + 1, end);
        if (pos >= end || buf[pos] !== 0x3a) throw new JsonSyntaxError("expected ':'", pos);
        pos = this.skipSpace(buf, pos + 1, end);
      }
      const c = pos < end ? buf[pos] : -1;
      pos =
        c === 0x7b || c === 0x5b
          ? this.skipContainer(buf, pos, end, depth + 1)
          : this.skipValue(buf, pos, end);
      pos = this.skipSpace(buf, pos, end);
      const next = pos < end ? buf[pos] : -1;
      if (next === close) return pos + 1;
      if (next === 0x7d || next === 0x5d) throw new JsonSyntaxError("mismatched bracket", pos);
      if (next !== 0x2c) {
        throw new JsonSyntaxError(
          pos >= end
            ? "unexpected end of input"
            : `expected ',' or '${String.fromCharCode(close)}'`,
          pos,
        );
      }
      pos = this.skipSpace(buf, pos + 1, end);
    }
  }
}

/** The key whose quotes are at `open` and `close`, decoded. */
function keyText(buf: Buffer, open: number, close: number): string {
  try {
    return JSON.parse(buf.toString("utf8", open, close + 1)) as string;
  } catch (error) {
    throw new JsonSyntaxError(`invalid key: ${(error as Error).message}`, open);
  }
}

/** A key's signature: its UTF-8 length and its first and last byte. */
function signature(length: number, first: number, last: number): number {
  return (length << 16) | (first << 8) | last;
}

/** Whether either of two keys (quote offsets) is written with an escape. */
function hasEscape(buf: Buffer, a: number, aClose: number, b: number, bClose: number): boolean {
  return buf.subarray(a, aClose).includes(BACKSLASH) || buf.subarray(b, bClose).includes(BACKSLASH);
}
