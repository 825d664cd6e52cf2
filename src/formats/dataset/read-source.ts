/** Opening a dataset file as a stream of bytes, gunzipped when its name ends in .gz. */
import { createReadStream } from "node:fs";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { isGzipPath } from "./read-file-kind.js";

/**
 * The file's (decompressed) bytes in chunks of about `chunkSize`. A missing file or corrupt gzip
 * data rejects the iteration: `pipeline` forwards the file stream's errors to the stream we
 * return, where `.pipe()` would leave them unhandled and the iteration hanging.
 */
export function openDecompressed(path: string, chunkSize = 1 << 16): Readable {
  const input = createReadStream(path, { highWaterMark: chunkSize });
  if (!isGzipPath(path)) return input;
  // zlib's smallest output chunk is 64 bytes.
  return pipeline(input, createGunzip({ chunkSize: Math.max(64, chunkSize) }), () => {});
}

/** The UTF-8 byte-order mark some editors put at the start of a file. */
export const UTF8_BOM: readonly number[] = [0xef, 0xbb, 0xbf];

/** Space, tab, line feed, carriage return: the whitespace JSON allows between tokens. */
export const isJsonWhitespace = (byte: number): boolean =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * The first byte of the file's (decompressed) content that is neither a leading byte-order mark
 * nor JSON whitespace, or undefined for a file with none. Reads only as far as it needs to.
 */
export async function firstSignificantByte(path: string): Promise<number | undefined> {
  let seen = 0;
  for await (const chunk of openDecompressed(path) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      const inBom = seen < UTF8_BOM.length && byte === UTF8_BOM[seen];
      seen = inBom ? seen + 1 : UTF8_BOM.length;
      if (!inBom && !isJsonWhitespace(byte)) return byte;
    }
  }
  return undefined;
}
