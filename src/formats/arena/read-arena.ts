/**
 * Reads Chatbot Arena battle logs (JSON Lines, JSON array, CSV, Parquet; the text formats also
 * gzip-compressed, .gz) into leaderboard inputs, one per group. Plain JSON Lines — the format of
 * big logs — is cut into 32 MiB ranges that worker threads scan in parallel; a .jsonl.gz cannot
 * be cut and streams on the main thread (scan-jsonl-stream.ts), and so does everything else,
 * through the dataset readers (read-battle-records.ts), which gunzip as they read.
 *
 * The input hash of a file is the SHA-256 of the SHA-256 digests of its consecutive 32 MiB
 * segments, so that the ranges can be hashed in parallel too. It is always the hash of the
 * file's bytes as stored: a .gz file's compressed bytes.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { IssueError, usageError } from "../../core/issue.js";
import type { LeaderboardInput } from "../../core/rating/leaderboard-types.js";
import type { CodecOptions } from "../dataset/codecs.js";
import type { DatasetFormat } from "../dataset/dataset-formats.js";
import { firstSignificantByte } from "../dataset/read-source.js";
import type { BattleFieldSpec, RecordErrorCode } from "./battle-record.js";
import { mergeStates } from "./merge-states.js";
import { readBattleRecords } from "./read-battle-records.js";
import { readsAsDataset } from "./reads-as-dataset.js";
import type { LocatedError, RangeResult } from "./scan-jsonl-range.js";
import { scanJsonlStream } from "./scan-jsonl-stream.js";
import { type ScanTask, scanPool } from "./scan-pool.js";
import { SEGMENT, segmentDigests, treeHash } from "./tree-hash.js";

export { SEGMENT } from "./tree-hash.js";

export type ArenaFormat = "jsonl" | "json" | "csv" | "parquet";

export interface ReadArenaOptions {
  spec: BattleFieldSpec;
  skipInvalid: boolean;
  /** Worker threads for JSON Lines; 1 reads on the calling thread. */
  threads: number;
  /**
   * False reads on the calling thread whatever `threads` says (default true): for callers
   * running the TypeScript sources, which have no compiled worker script to start.
   */
  workers?: boolean;
  /** Compute each file's input hash (default true); the CLI skips it when no output shows it. */
  hashInput?: boolean;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /**
   * Files that are not arena logs (judgment files, pairs with models, canonical entries): read
   * through the dataset readers as battles (read-dataset-battles.ts). Without it every file is
   * an arena log. `from` names the format of every file; without it each file's first record
   * decides, and arena logs keep the fast path.
   */
  dataset?: { from?: DatasetFormat; codec: CodecOptions };
}

export interface FileSummary {
  path: string;
  format: ArenaFormat;
  bytes: number;
  /** The input hash, or null when not asked for. */
  sha256: string | null;
  lines: number;
  records: number;
  skipped: Partial<Record<RecordErrorCode, number>>;
  firstSkipped?: string;
  /** A file read through the dataset readers: its format, and what its derivation counted. */
  dataset?: { format: DatasetFormat; derived: Record<string, number> };
}

export interface ArenaReadResult {
  groups: Map<string, LeaderboardInput>;
  files: FileSummary[];
  filtered: number;
  ungrouped: number;
  /** How many valid records have each `by` and `where` field (see AccumulatorState). */
  present: Record<string, number>;
}

/** A battle log that cannot be read: bad JSON is an `invalid_json` issue, the rest `invalid`. */
export class ArenaReadError extends IssueError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string | undefined,
    /** Which of the ways a record can be bad this is (the skip counts are keyed by it). */
    readonly kind: RecordErrorCode,
    detail: string,
  ) {
    super({
      code: kind === "invalid_json" ? "invalid_json" : "invalid",
      message: detail,
      location: { file, line, ...(field === undefined ? {} : { field }) },
    });
    this.name = "ArenaReadError";
  }
}

/**
 * The format of a battle log, by its name with any .gz taken off; a .json file may hold one
 * array or one object per line, told by its first character (decompressed for .json.gz).
 * @throws {IssueError} `usage` for a gzip-compressed Parquet file.
 */
export async function detectFormat(path: string): Promise<ArenaFormat> {
  const lower = path.toLowerCase();
  const gzip = lower.endsWith(".gz");
  const name = gzip ? lower.slice(0, -".gz".length) : lower;
  if (name.endsWith(".parquet")) {
    if (gzip)
      throw usageError(
        `${path}: a gzip-compressed Parquet file; give the .parquet file itself (Parquet compresses its own pages)`,
      );
    return "parquet";
  }
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return "jsonl";
  if (gzip) return (await firstSignificantByte(path)) === 0x5b ? "json" : "jsonl";
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head
      .toString("utf8", 0, n)
      .replace(/^\uFEFF/, "")
      .trimStart();
    return text.startsWith("[") ? "json" : "jsonl";
  } finally {
    closeSync(fd);
  }
}

/** Whether a file's bytes are gzip-compressed (its name ends in .gz). */
const isGzip = (path: string): boolean => path.toLowerCase().endsWith(".gz");

export async function readArena(
  paths: readonly string[],
  options: ReadArenaOptions,
): Promise<ArenaReadResult> {
  const totalBytes = paths.reduce((s, p) => s + statSync(p).size, 0);
  let doneBytes = 0;
  const pool = scanPool({ threads: options.threads, workers: options.workers ?? true });
  const states = [];
  const files: FileSummary[] = [];
  let filtered = 0;
  let ungrouped = 0;
  const present: Record<string, number> = {};
  try {
    for (const path of paths) {
      const bytes = statSync(path).size;
      // Every format, Parquet included, says the same about a file of 0 bytes.
      if (bytes === 0)
        throw new ArenaReadError(path, 1, undefined, "empty_file", "no battle records in the file");
      const format = await detectFormat(path);
      let results: RangeResult[];
      let digests: string[];
      let dataset: FileSummary["dataset"];
      const reader =
        options.dataset && (await readsAsDataset(path, options.dataset.from))
          ? await import("./read-dataset-battles.js")
          : undefined;
      const via = reader && (await reader.datasetFormatOf(path, options.dataset?.from));
      if (options.dataset && reader && via) {
        const r = await reader.readDatasetBattles(
          path,
          via,
          options.dataset.codec,
          options.spec,
          options.skipInvalid,
        );
        results = [r];
        dataset = { format: r.format, derived: r.derived };
        digests = options.hashInput === false ? [] : segmentDigests(path);
        doneBytes += bytes;
        options.onProgress?.(doneBytes, totalBytes);
      } else if (format === "jsonl" && !isGzip(path)) {
        const tasks: ScanTask[] = [];
        for (let start = 0; start < bytes; start += SEGMENT) {
          tasks.push({
            path,
            start,
            stop: Math.min(start + SEGMENT, bytes),
            spec: options.spec,
            skipInvalid: options.skipInvalid,
            hashInput: options.hashInput !== false,
          });
        }
        results = await pool.runAll(tasks, {
          onDone: (task) => {
            doneBytes += task.stop - task.start;
            options.onProgress?.(doneBytes, totalBytes);
          },
          // Without skipping, the first bad record ends the reading: later ranges are not read.
          stopAfter: (result) => !options.skipInvalid && result.errors.length > 0,
        });
        digests = results.map((r) => r.digest);
      } else {
        results = [
          format === "jsonl"
            ? await scanJsonlStream(path, options.spec, options.skipInvalid)
            : await readBattleRecords(path, format, options.spec, options.skipInvalid),
        ];
        digests = options.hashInput === false ? [] : segmentDigests(path);
        doneBytes += bytes;
        options.onProgress?.(doneBytes, totalBytes);
      }
      const summary = summarise(path, format, bytes, results, digests, options.skipInvalid);
      if (dataset) summary.dataset = dataset;
      files.push(summary);
      for (const r of results) {
        states.push(r.state);
        filtered += r.state.filtered;
        ungrouped += r.state.ungrouped;
        for (const [path, n] of Object.entries(r.state.present))
          present[path] = (present[path] ?? 0) + n;
      }
      if (summary.records === 0 && Object.keys(summary.skipped).length === 0) {
        throw new ArenaReadError(path, 1, undefined, "empty_file", "no battle records in the file");
      }
    }
  } finally {
    await pool.close();
  }
  const timed = options.spec.timestamps;
  return { groups: mergeStates(states, timed), files, filtered, ungrouped, present };
}

function summarise(
  path: string,
  format: ArenaFormat,
  bytes: number,
  results: RangeResult[],
  digests: string[],
  skipInvalid: boolean,
): FileSummary {
  let linesBefore = 0;
  let firstError: LocatedError | undefined;
  let firstLine = 0;
  const skipped: Partial<Record<RecordErrorCode, number>> = {};
  let records = 0;
  for (const r of results) {
    if (r.errors.length > 0 && !firstError) {
      firstError = r.errors[0]!;
      firstLine = (format === "jsonl" ? linesBefore : 0) + firstError.line;
      if (!skipInvalid)
        throw new ArenaReadError(
          path,
          firstLine,
          firstError.field,
          firstError.code,
          firstError.message,
        );
    }
    for (const [code, n] of Object.entries(r.errorCounts))
      skipped[code as RecordErrorCode] = (skipped[code as RecordErrorCode] ?? 0) + n;
    linesBefore += r.lines;
    records += r.records;
  }
  return {
    path,
    format,
    bytes,
    sha256: digests.length > 0 ? treeHash(digests) : null,
    lines: linesBefore,
    records,
    skipped,
    ...(firstError
      ? {
          firstSkipped: `${path}:${firstLine}: ${firstError.field ? `${firstError.field}: ` : ""}${firstError.message}`,
        }
      : {}),
  };
}
