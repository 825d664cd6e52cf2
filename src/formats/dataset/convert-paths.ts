/**
 * Where a conversion writes: one file, or one per split (`out.jsonl` → `out.train.jsonl`),
 * plus an optional rejects report. Checked before any input is read: no output may be the
 * input or another output (however the paths are spelled), and every target must be writable.
 */
import { realpath, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { usageError } from "../../core/issue.js";
import { checkWritableTarget } from "./write-records.js";

/** `out.jsonl` with split "train" → `out.train.jsonl` (before a .gz too). */
export function splitPath(path: string, split: string): string {
  const match = /(\.[^./\\]+)(\.gz)?$/i.exec(path);
  return match ? `${path.slice(0, match.index)}.${split}${match[0]}` : `${path}.${split}`;
}

/** A path's identity: its real path when it exists (symlinks, `./x`), else its absolute path. */
async function identity(path: string): Promise<string> {
  try {
    const real = await realpath(path);
    const { dev, ino } = await stat(real);
    return `${dev}:${ino}`;
  } catch {
    return resolve(path).toLowerCase();
  }
}

/**
 * The output path of every split ("" when there are no splits).
 * @throws {IssueError} `usage` when two of the files would be the same file.
 */
export async function planOutputs(
  input: string | readonly string[],
  output: string,
  splits: readonly string[],
  rejects: string | undefined,
): Promise<Map<string, string>> {
  const paths = new Map<string, string>(
    splits.length > 0 ? splits.map((s) => [s, splitPath(output, s)]) : [["", output]],
  );
  const roles = new Map<string, string>();
  for (const path of typeof input === "string" ? [input] : input)
    roles.set(await identity(path), `the input ${path}`);
  for (const path of [...paths.values(), ...(rejects ? [rejects] : [])]) {
    const id = await identity(path);
    const taken = roles.get(id);
    if (taken) throw usageError(`${path}: would overwrite ${taken}`);
    roles.set(id, `the output ${path}`);
    await checkWritableTarget(path);
  }
  return paths;
}
