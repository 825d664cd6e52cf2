/**
 * Writes records as JSON Lines (gzip-compressed for a .gz path) to a temporary file beside the
 * target, renamed into place only once everything is written: a failure never leaves a
 * half-written file, and the temporary file is removed.
 */
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

async function* lines(records: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<string> {
  let chunk = "";
  for await (const record of records) {
    chunk += `${JSON.stringify(record)}\n`;
    if (chunk.length >= 1 << 16) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

/** Returns the number of records written. */
export async function writeJsonlAtomically(
  path: string,
  records: Iterable<unknown> | AsyncIterable<unknown>,
): Promise<number> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  let count = 0;
  const counted = (async function* () {
    for await (const record of records) {
      count++;
      yield record;
    }
  })();
  try {
    const source = Readable.from(lines(counted));
    const sink = createWriteStream(temporary);
    if (path.toLowerCase().endsWith(".gz")) await pipeline(source, createGzip(), sink);
    else await pipeline(source, sink);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return count;
}
