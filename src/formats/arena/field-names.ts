/**
 * The field names of a battle log's first records, for the message about an option naming a
 * field no record has (`--by questionid`): the top-level names, in order of first appearance,
 * and the dotted paths one level into object values ("category_tag.math"), which `--by` and
 * `--where` reach too. Read again only on that error path, through the dataset readers.
 */
import { readDatasetRecords } from "../dataset/read-records.js";

export interface FieldNames {
  /** Top-level names, in order of first appearance. */
  top: string[];
  /** Top-level names and `name.key` for each key of an object value. */
  paths: string[];
}

/** The field names of the first `limit` valid records of each file (unreadable files give none). */
export async function sampleFieldNames(
  files: readonly string[],
  limit = 1000,
): Promise<FieldNames> {
  const top = new Set<string>();
  const paths = new Set<string>();
  for (const file of files) {
    let seen = 0;
    try {
      for await (const located of readDatasetRecords(file)) {
        if (!located.ok) continue;
        for (const [key, value] of Object.entries(located.record)) {
          top.add(key);
          paths.add(key);
          if (value !== null && typeof value === "object" && !Array.isArray(value))
            for (const inner of Object.keys(value)) paths.add(`${key}.${inner}`);
        }
        if (++seen >= limit) break;
      }
    } catch {
      // An extension the dataset readers do not know: nothing to suggest from this file.
    }
  }
  return { top: [...top], paths: [...paths] };
}
