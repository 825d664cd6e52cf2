/**
 * Whether the leaderboard reads a file through the dataset readers rather than the arena fast
 * path. Light on purpose: an arena log costs one record read, and the dataset readers (zod, the
 * codecs) load only for files that need them.
 */
import type { DatasetFormat } from "../dataset/dataset-formats.js";
import { readDatasetRecords } from "../dataset/read-records.js";

/**
 * True for a file that is not an arena log: `from` names another format, or (without `from`) its
 * first record lacks model_a, model_b or winner. Parquet files are taken as arena logs unless
 * `from` says otherwise: reading a record would decode a row group of what is usually a big log.
 * A first record that cannot be read goes to the fast path, which reports it.
 */
export async function readsAsDataset(
  path: string,
  from: DatasetFormat | undefined,
): Promise<boolean> {
  if (from !== undefined) return from !== "arena";
  if (path.toLowerCase().endsWith(".parquet")) return false;
  for await (const r of readDatasetRecords(path, { maxRecords: 1 })) {
    return r.ok && !("model_a" in r.record && "model_b" in r.record && "winner" in r.record);
  }
  return false;
}
