/**
 * hyparquet-writer's byte sink, flushed to an open file asynchronously. ParquetWriter calls
 * `flush()` after each row group and awaits the promise before encoding more, and `finish()`
 * after the footer, so at most one encoded row group is ever held in memory. (The package's own
 * `fileWriter` writes synchronously and opens by name; this one writes to the caller's handle.)
 */
import type { FileHandle } from "node:fs/promises";
import { ByteWriter } from "hyparquet-writer";

export class FileByteWriter extends ByteWriter {
  constructor(private readonly handle: FileHandle) {
    super(1 << 20);
  }

  /** Writes out what is buffered, then reuses the buffer; `offset` keeps counting file bytes. */
  async flush(): Promise<void> {
    const bytes = this.getBytes();
    let written = 0;
    while (written < bytes.length) {
      const result = await this.handle.write(bytes, written, bytes.length - written);
      written += result.bytesWritten;
    }
    this.index = 0;
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}
