/**
 * Sinks for the text formats (JSON Lines, JSON array, CSV), gzip-compressed when asked: records
 * become text through a format's encoding, gathered into ~64 KiB chunks before they reach the
 * stream, and a full stream is waited for (backpressure) so memory stays bounded.
 */
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { createGzip, type Gzip } from "node:zlib";
import { RecordWriteError } from "./write-error.js";
import { type Sink, TemporaryFile } from "./write-sink.js";

/** How one text format turns values into text. */
export interface TextEncoding<T> {
  /**
   * The text of the n-th value (1-based), with whatever separates it from the one before.
   *
   * @throws {RecordWriteError} for a value the format cannot hold, leaving the encoding as it
   * was: the next value is encoded with the same number.
   */
  encode(value: T, number: number): string;
  /** The text after the last value, given how many there were. */
  end(count: number): string;
}

/** The field JSON.stringify failed on, found by trying each (only once it has failed). */
function unencodableField(value: unknown): string {
  if (value === null || typeof value !== "object") return "(record)";
  for (const [field, item] of Object.entries(value)) {
    try {
      JSON.stringify(item);
    } catch {
      return field;
    }
  }
  return "(record)";
}

/**
 * `JSON.stringify`, with its failures (a bigint, a cycle) as a `RecordWriteError`. No record
 * read from a file holds such a value; a record built in code might.
 */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    const reason = `cannot be written as JSON (${error instanceof Error ? error.message : error})`;
    throw new RecordWriteError("unencodable_value", unencodableField(value), reason);
  }
}

/** One JSON text per line. */
export const JSON_LINES: TextEncoding<unknown> = {
  encode: (value) => `${jsonText(value)}\n`,
  end: () => "",
};

/** One JSON array with an element per line: `[\n{…},\n{…}\n]\n`, or `[]\n` when empty. */
export const JSON_ARRAY: TextEncoding<unknown> = {
  encode: (value, number) => `${number === 1 ? "[\n" : ",\n"}${jsonText(value)}`,
  end: (count) => (count === 0 ? "[]\n" : "\n]\n"),
};

const CHUNK_CHARS = 1 << 16;

export class TextFileSink<T> implements Sink<T> {
  readonly temporary: TemporaryFile;
  private readonly file: WriteStream;
  private readonly gzip: Gzip | undefined;
  /** Resolves when the file is closed; rejects on the first stream error. */
  private readonly closed: Promise<void>;
  private pending = "";
  private count = 0;

  constructor(
    target: string,
    private readonly encoding: TextEncoding<T>,
    compress: boolean,
  ) {
    this.temporary = new TemporaryFile(target);
    // "wx": never write into a file that is already there.
    this.file = createWriteStream(this.temporary.path, { flags: "wx" });
    this.gzip = compress ? createGzip() : undefined;
    this.closed = new Promise((resolve, reject) => {
      // The sink fails with the first error; one creating the file is told as the target's.
      const failed = (error: unknown) => reject(this.temporary.fail(error));
      this.file.once("close", resolve);
      this.file.once("error", failed);
      this.gzip?.once("error", failed);
    });
    // Seen by write() and finish(); until then an error must not count as unhandled.
    this.closed.catch(() => {});
    this.gzip?.pipe(this.file);
  }

  private get input(): Writable {
    return this.gzip ?? this.file;
  }

  async write(value: T): Promise<void> {
    this.temporary.assertWriting();
    // Encoded first: a value the format refuses throws before any of it is written.
    this.pending += this.encoding.encode(value, this.count + 1);
    this.count++;
    if (this.pending.length >= CHUNK_CHARS) await this.flush();
  }

  async finish(): Promise<number> {
    this.temporary.assertWriting();
    this.pending += this.encoding.end(this.count);
    await this.flush();
    this.input.end();
    await this.closed;
    this.temporary.markFinished();
    return this.count;
  }

  commit(): Promise<void> {
    return this.temporary.commit();
  }

  async abort(): Promise<void> {
    if (!this.file.closed) {
      this.gzip?.destroy();
      this.file.destroy();
      // The descriptor must be closed before the file is removed.
      await this.closed.catch(() => {});
    }
    await this.temporary.remove();
  }

  private async flush(): Promise<void> {
    const text = this.pending;
    this.pending = "";
    // `closed` settling first means the stream failed (or was aborted): stop waiting for "drain".
    if (!this.input.write(text)) await Promise.race([once(this.input, "drain"), this.closed]);
  }
}
