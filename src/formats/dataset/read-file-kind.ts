/** Which dataset file format a path names, from its extension: one table for readers and writers. */
import { usageError } from "../../core/issue.js";

/** `json` is an array of objects or JSON Lines: readers decide by sniffing, writers write an array. */
export type DatasetFileKind = "jsonl" | "json" | "csv" | "parquet";

const TEXT_EXTENSIONS: readonly [string, DatasetFileKind][] = [
  [".jsonl", "jsonl"],
  [".ndjson", "jsonl"],
  [".json", "json"],
  [".csv", "csv"],
];

/**
 * The format of a dataset file named `path` (case-insensitive; text formats may end in .gz,
 * Parquet compresses itself and may not).
 *
 * @example datasetFileKind("train.jsonl.gz") // "jsonl"
 * @throws {IssueError} `usage` for any other extension, naming the file and the supported ones; `purpose`
 * only chooses the verb of that message ("prefkit reads" or "prefkit writes").
 */
export function datasetFileKind(path: string, purpose: "read" | "write" = "read"): DatasetFileKind {
  const lower = path.toLowerCase();
  if (lower.endsWith(".parquet")) return "parquet";
  const uncompressed = lower.endsWith(".gz") ? lower.slice(0, -".gz".length) : lower;
  for (const [extension, kind] of TEXT_EXTENSIONS)
    if (uncompressed.endsWith(extension)) return kind;
  throw usageError(
    `${path}: unsupported file type; prefkit ${purpose}s .jsonl, .ndjson, .json, .csv (each optionally .gz) and .parquet`,
  );
}

/** Whether the text formats' bytes are gzip-compressed. */
export const isGzipPath = (path: string): boolean => path.toLowerCase().endsWith(".gz");
