/** Reading a dataset file as chunks of bytes, gunzipped when its name ends in .gz. */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { isGzipPath } from "./read-file-kind.js";
import { ReadLimitError } from "./read-limits.js";

export { describeByteSize } from "./describe-size.js";

/** Bytes read at a time unless a reader is told otherwise (256 KiB reads JSON Lines ~10% faster than 64 KiB). */
export const DEFAULT_CHUNK_SIZE = 1 << 18;

/**
 * The largest piece zlib decodes in one step (64 KiB): larger steps decode a little faster, but
 * the step that meets damage inside the data loses its output (see `DatasetBytes`).
 */
export const GUNZIP_OUTPUT_SIZE = 1 << 16;

/**
 * The most compressed bytes zlib is given in one step (16 KiB). zlib decodes all of a step's
 * input before it returns, whatever the consumer has read, and deflate expands up to 1032
 * times: a step of 16 KiB can make at most about 16 MiB, where a whole 256 KiB chunk of a gzip
 * bomb made 256 MiB at once. Smaller steps cost time on ordinary files (4 KiB: reading a 23 MB
 * .jsonl.gz took 165 ms instead of 80 ms; 16 KiB: 130 ms).
 */
export const GUNZIP_INPUT_STEP = 1 << 14;

/**
 * The (decompressed) bytes of a dataset file, in chunks of about `chunkSize`.
 *
 * Damaged gzip data — a truncated file, bad compressed data, a bad header or checksum — is bad
 * input, not a failure to read: the chunks end early and `damage` says what went wrong ("invalid
 * gzip data: …") for the reader to report at the place where its data stops. A truncated file
 * (by far the most common damage) yields every byte decoded before the cut. For damage zlib
 * finds inside the data, Node's zlib drops what its failing step had decoded, up to
 * `GUNZIP_OUTPUT_SIZE` bytes just before the damage, which no public API can recover. gzip checks
 * its CRC only at the end of a member, so bytes from a damaged middle can come out before the
 * damage is known; the readers parse them like any other.
 *
 * With `maxBytes`, the iteration throws a `ReadLimitError` instead of the chunk that would take
 * the bytes read (decompressed) past it; inflating stops there. Memory: O(chunk size), a gzip
 * bomb included (see `GUNZIP_INPUT_STEP`).
 *
 * @example const bytes = new DatasetBytes("a.jsonl.gz"); for await (const c of bytes) …; bytes.damage
 * @throws when the file cannot be read: the fs error as is (ENOENT for a missing file), or for a
 * directory an Error with code "EISDIR", `path` set and the message "`path`: is a directory";
 * `ReadLimitError` past `maxBytes`.
 */
export class DatasetBytes implements AsyncIterable<Buffer> {
  /** Why the last iteration ended early, or undefined if it read the whole file. */
  damage: string | undefined = undefined;

  constructor(
    readonly path: string,
    readonly chunkSize: number = DEFAULT_CHUNK_SIZE,
    readonly maxBytes?: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    this.damage = undefined;
    const file = createReadStream(this.path, { highWaterMark: this.chunkSize });
    const chunks = isGzipPath(this.path)
      ? gunzipChunks(file, this.chunkSize)
      : (file[Symbol.asyncIterator]() as AsyncIterator<Buffer, undefined>);
    let total = 0;
    try {
      for (let next = await chunks.next(); ; next = await chunks.next()) {
        if (next.done) {
          this.damage = next.value;
          return;
        }
        total += next.value.length;
        if (this.maxBytes !== undefined && total > this.maxBytes) {
          throw new ReadLimitError("maxBytes", this.maxBytes);
        }
        yield next.value;
      }
    } catch (error) {
      throw (error as NodeJS.ErrnoException).code === "EISDIR" ? isADirectory(this.path) : error;
    } finally {
      // Also when the consumer stops early: zlib's stream is destroyed with the generator.
      await chunks.return?.(undefined);
      file.destroy();
    }
  }
}

/** The Error a reader throws for a directory given as a dataset file. */
export function isADirectory(path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${path}: is a directory`);
  error.code = "EISDIR";
  error.path = path;
  return error;
}

/**
 * Gunzips `file` chunk by chunk. Not `pipeline` and the stream's async iterator: zlib destroys
 * its stream on an error, and the output it had already decoded but nobody had read yet would be
 * dropped with it. Here the gunzip stream flows into `output` (its 'data' events come before its
 * 'error'), and the next compressed step (at most `GUNZIP_INPUT_STEP` bytes of a chunk) is
 * written only once the consumer has taken the output of the previous one, which bounds memory
 * by one step's decompressed size.
 *
 * @returns the damage message, or undefined when the data decoded to its end.
 */
async function* gunzipChunks(
  file: AsyncIterable<Buffer>,
  chunkSize: number,
): AsyncGenerator<Buffer, string | undefined> {
  // zlib's smallest output chunk is 64 bytes; small test chunk sizes exercise the boundaries.
  const gunzip = createGunzip({ chunkSize: Math.max(64, Math.min(chunkSize, GUNZIP_OUTPUT_SIZE)) });
  const output: Buffer[] = [];
  let failure: Error | undefined;
  let ended = false;
  let wake = (): void => {};
  gunzip.on("data", (chunk: Buffer) => output.push(chunk));
  gunzip.on("error", (error: Error) => {
    failure = error;
    wake();
  });
  gunzip.on("end", () => {
    ended = true;
    wake();
  });
  /** Resolves when `start`'s callback runs, or on an error or the end, whichever comes first. */
  const settled = (start: (done: () => void) => void) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      if (failure !== undefined || ended) resolve();
      else start(resolve);
    });
  try {
    for await (const compressed of file) {
      for (let at = 0; at < compressed.length; at += GUNZIP_INPUT_STEP) {
        const step = compressed.subarray(at, at + GUNZIP_INPUT_STEP);
        // zlib calls back once it has pushed all of this step's output (or never, if it fails).
        await settled((done) => gunzip.write(step, () => done()));
        yield* takeAll(output);
        if (failure !== undefined) return `invalid gzip data: ${failure.message}`;
      }
    }
    await settled(() => gunzip.end());
    yield* takeAll(output);
    return failure === undefined ? undefined : `invalid gzip data: ${failure.message}`;
  } finally {
    gunzip.destroy();
  }
}

function* takeAll(chunks: Buffer[]): Generator<Buffer> {
  while (chunks.length > 0) yield chunks.shift()!;
}

/** The UTF-8 byte-order mark some editors put at the start of a file. */
export const UTF8_BOM: readonly number[] = [0xef, 0xbb, 0xbf];

/** Space, tab, line feed, carriage return: the whitespace JSON allows between tokens. */
export const isJsonWhitespace = (byte: number): boolean =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * The first byte of the file's (decompressed) content that is neither a leading byte-order mark
 * nor JSON whitespace, or undefined for a file with none (or whose gzip data is damaged before
 * one: the reader chosen then reports the damage). Reads only as far as it needs to.
 *
 * @throws as `DatasetBytes` does, when the file cannot be read or holds more than `maxBytes`.
 */
export async function firstSignificantByte(
  path: string,
  maxBytes?: number,
): Promise<number | undefined> {
  let seen = 0;
  for await (const chunk of new DatasetBytes(path, DEFAULT_CHUNK_SIZE, maxBytes)) {
    for (const byte of chunk) {
      const inBom = seen < UTF8_BOM.length && byte === UTF8_BOM[seen];
      seen = inBom ? seen + 1 : UTF8_BOM.length;
      if (!inBom && !isJsonWhitespace(byte)) return byte;
    }
  }
  return undefined;
}
