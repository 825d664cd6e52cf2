/**
 * Decodes Parquet row groups with hyparquet on a worker thread, each within a deadline.
 * hyparquet decodes untrusted bytes in plain JavaScript, and damaged data can do worse than
 * throw: a data page header missing a field makes an offset NaN, and hyparquet then reads the
 * same byte forever (1.33.0, `readDataPageV2`); declared sizes make it allocate up to 2 GiB
 * a page. On the calling thread, the first blocks the event loop for good — a server stops
 * answering — and the second can take the process down. Here a decode that overruns its
 * deadline is stopped with its thread, a thread that runs out of heap dies alone, and the pages
 * it decompresses count against a byte budget before they are allocated — as do the decoded
 * rows before they are copied back.
 *
 * Text is decoded strictly: hyparquet's own decoder would turn bytes that are not UTF-8 into
 * U+FFFD, and drop a leading byte-order mark, without a word. A string or JSON value whose bytes
 * are not UTF-8 comes back as `INVALID_UTF8`, for the reader to report with its row and field.
 *
 * The worker's code is the string below, run with `eval`: it needs nothing but hyparquet and
 * node:worker_threads, so the same code runs from the compiled package and from the TypeScript
 * sources under test. Starting a worker costs about 100 ms, once per file. That, the deadline
 * and the heap limit are why this is not a `WorkerThread` of src/parallel: a task there runs
 * a compiled script to its end.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { IssueError } from "../../core/issue.js";
import { ReadLimitError } from "./read-limits.js";

export type Decoded =
  | { ok: true; value: Record<string, unknown>[] }
  | { ok: false; message: string };

interface Request {
  id: number;
  rowStart: number;
  rowEnd: number;
  /** Bytes the decompressed pages may still take (Infinity: no limit). */
  budget: number;
  /** The top-level columns to decode (all when undefined). */
  columns: string[] | undefined;
}

type Reply =
  | { id: number; rows: Record<string, unknown>[]; spent: number }
  | { id: number; error: string; overBudget: boolean; readError: boolean };

/**
 * What a string or JSON value whose bytes are not UTF-8 decodes to: a string no UTF-8 text can
 * decode to (it holds lone surrogates), so it is never mistaken for data.
 */
export const INVALID_UTF8 = "\udc00prefkit: not UTF-8\udc00";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
// Strict: bytes that are not UTF-8 are reported, and a leading U+FEFF is text like any other.
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const INVALID = workerData.invalidUtf8;
function text(bytes) {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}
const parsers = {
  stringFromBytes: (bytes) => bytes && (text(bytes) ?? INVALID),
  jsonFromBytes(bytes) {
    if (!bytes) return bytes;
    const decoded = text(bytes);
    return decoded === undefined ? INVALID : JSON.parse(decoded);
  },
};
// A failed decode can leave reads behind that reject later: the failure itself was reported.
process.on("unhandledRejection", () => {});
const ready = import(workerData.hyparquet).then(async (hp) => {
  const file = await hp.asyncBufferFromFile(workerData.path);
  return { hp, file, metadata: await hp.parquetMetadataAsync(file) };
});
// What the rows take once copied to the calling thread. A dictionary-encoded column repeats
// one value in every row by reference (cheap here), but the copy writes each occurrence out:
// a 1 MB dictionary string in 50,000 rows is 50 GB there. Counted before the copy, iteratively
// (no recursion for deep values), each string by its length.
function decodedBytes(rows) {
  let bytes = 0;
  const stack = [rows];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") bytes += value.length;
    else if (ArrayBuffer.isView(value)) bytes += value.byteLength;
    else if (value !== null && typeof value === "object") {
      bytes += 8;
      for (const key in value) {
        bytes += key.length;
        stack.push(value[key]);
      }
    } else bytes += 8;
  }
  return bytes;
}
parentPort.on("message", async ({ id, rowStart, rowEnd, budget, columns }) => {
  let spent = 0;
  try {
    const { hp, file, metadata } = await ready;
    // hyparquet allocates each page's declared size: count it before allocating.
    const SNAPPY = (input, size) => {
      spent += size;
      if (spent > budget) throw Object.assign(new Error("over budget"), { overBudget: true });
      const output = new Uint8Array(size);
      hp.snappyUncompress(input, output);
      return output;
    };
    const rows = await hp.parquetReadObjects({ file, metadata, rowStart, rowEnd, columns, parsers, compressors: { SNAPPY } });
    spent += decodedBytes(rows);
    if (spent > budget) throw Object.assign(new Error("over budget"), { overBudget: true });
    parentPort.postMessage({ id, rows, spent });
  } catch (error) {
    parentPort.postMessage({
      id,
      error: error instanceof Error ? error.message : String(error),
      overBudget: error?.overBudget === true,
      readError: typeof error?.syscall === "string",
    });
  }
});
`;

const HYPARQUET_URL = pathToFileURL(createRequire(import.meta.url).resolve("hyparquet")).href;

/**
 * One worker per file, started at the first `decode` and again after one was stopped.
 *
 * @example const thread = new ParquetDecodeThread("a.parquet", 1 << 28); await thread.decode(0, 100, 10_000); await thread.close();
 */
export class ParquetDecodeThread {
  private worker: Worker | undefined;
  private next = 0;
  private budget: number;

  /**
   * @param maxBytes what the decompressed pages of all row groups may take together.
   * @param heapMb the worker's heap limit, MiB (Node's default when left out).
   * @param columns the top-level columns to decode, each in the file (all when left out).
   */
  constructor(
    readonly path: string,
    readonly maxBytes?: number,
    private readonly heapMb?: number,
    private readonly columns?: string[],
  ) {
    this.budget = maxBytes ?? Number.POSITIVE_INFINITY;
  }

  /**
   * The rows [rowStart, rowEnd) of the file, or why they cannot be decoded (within
   * `timeoutMs`, within the worker's heap, or at all).
   *
   * @throws ReadLimitError once the pages decompressed exceed `maxBytes`; an `io` IssueError
   * naming the file when the worker cannot read it.
   */
  async decode(rowStart: number, rowEnd: number, timeoutMs: number): Promise<Decoded> {
    const worker = this.started();
    const request: Request = {
      id: this.next++,
      rowStart,
      rowEnd,
      budget: this.budget,
      columns: this.columns,
    };
    const reply = await new Promise<Reply | { failed: string }>((resolve) => {
      const timer = setTimeout(
        () => done({ failed: `took longer than ${timeoutMs / 1000} s` }),
        timeoutMs,
      );
      const onMessage = (message: Reply) => {
        if (message.id === request.id) done(message);
      };
      const onError = (error: Error) => done({ failed: error.message });
      const onExit = (code: number) => done({ failed: `the decoder stopped (exit code ${code})` });
      const done = (result: Reply | { failed: string }) => {
        clearTimeout(timer);
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        resolve(result);
      };
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
      worker.postMessage(request);
    });
    if ("failed" in reply) {
      // A worker that overran, crashed or ran out of heap is not used again.
      await this.stop();
      return { ok: false, message: reply.failed };
    }
    if ("rows" in reply) {
      this.budget -= reply.spent;
      return { ok: true, value: reply.rows };
    }
    if (reply.overBudget) throw new ReadLimitError("maxBytes", this.maxBytes ?? 0);
    if (reply.readError) {
      throw new IssueError({ code: "io", message: reply.error, location: { file: this.path } });
    }
    return { ok: false, message: reply.error };
  }

  /** Stops the worker, if one is running. */
  close(): Promise<void> {
    return this.stop();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { hyparquet: HYPARQUET_URL, path: this.path, invalidUtf8: INVALID_UTF8 },
      ...(this.heapMb === undefined
        ? {}
        : { resourceLimits: { maxOldGenerationSizeMb: this.heapMb } }),
    });
    // Between decodes, a worker's failure has nobody to tell; an unheard "error" event would
    // end this process.
    worker.on("error", () => {});
    this.worker = worker;
    return worker;
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
