/**
 * The files a command's path arguments name: a file is itself; a directory is every dataset file
 * under it (recursively, by a supported extension — .jsonl, .ndjson, .json, .csv, each
 * optionally .gz, and .parquet), in sorted order, hidden files and folders (".name") skipped.
 * Shared by every command that reads datasets (inspect, convert, leaderboard, …).
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { usageError } from "../../core/issue.js";
import { datasetFileKind } from "./read-file-kind.js";

const supported = (name: string): boolean => {
  try {
    datasetFileKind(name);
    return true;
  } catch {
    return false;
  }
};

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  // Sorted by name (code units), so the order is the same on every machine and file system.
  entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if ((entry.isFile() || entry.isSymbolicLink()) && supported(entry.name)) {
      // A link is followed to a file only: links to folders could loop.
      if (entry.isSymbolicLink() && !(await stat(path).catch(() => undefined))?.isFile()) continue;
      out.push(path);
    }
  }
}

/**
 * The dataset files `paths` name, in order: each file as given, each directory expanded.
 * @example await expandInputs(["ratings/", "extra.jsonl"]) // ["ratings/a.jsonl", "ratings/b/c.jsonl", "extra.jsonl"]
 * @throws {IssueError} `usage` for a directory with no dataset file in it (naming it). A path
 * that does not exist is passed on as it is, for the reader to report.
 */
export async function expandInputs(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      out.push(path);
      continue;
    }
    const found: string[] = [];
    await walk(path, found);
    if (found.length === 0) {
      throw usageError(
        `${path}: no dataset files in the directory (prefkit reads .jsonl, .ndjson, .json, .csv, each optionally .gz, and .parquet)`,
      );
    }
    out.push(...found);
  }
  return out;
}
