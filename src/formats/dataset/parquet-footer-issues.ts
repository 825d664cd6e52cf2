/**
 * What a Parquet footer must say before hyparquet is asked to decode a row group: that every
 * column chunk is one leaf column of the schema, each once. hyparquet starts reading a group's
 * chunks one after the other and throws at the first chunk it cannot place in the schema; the
 * reads already started are then awaited by nobody, and a decode error of theirs escapes as an
 * unhandled rejection, which ends a Node process. A chunk naming a leaf twice is read twice and
 * one of the reads is dropped the same way. So such a group is refused before any read starts.
 */
import type { FileMetaData, SchemaTree } from "hyparquet";

/** Why row group `index` cannot be decoded safely, or undefined when its chunks fit the schema. */
export function rowGroupFooterIssue(
  metadata: FileMetaData,
  schema: SchemaTree,
  index: number,
): string | undefined {
  const leaves = leafPaths(schema);
  const seen = new Set<string>();
  for (const chunk of metadata.row_groups[index]?.columns ?? []) {
    const path = chunk.meta_data?.path_in_schema;
    if (!Array.isArray(path)) return "a column chunk has no metadata";
    const name = path.join(".");
    if (!leaves.has(name)) return `column chunk "${name}" is not a column of the schema`;
    if (seen.has(name)) return `column "${name}" has two chunks`;
    seen.add(name);
  }
  return undefined;
}

/** The uncompressed size the footer declares for all column data, bytes. */
export function declaredDataSize(metadata: FileMetaData): number {
  let total = 0;
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns)
      total += Number(chunk.meta_data?.total_uncompressed_size ?? 0);
  }
  return total;
}

/** The footer's row count: the sum over row groups (what the reader numbers rows by). */
export function declaredRows(metadata: FileMetaData): number {
  let total = 0;
  for (const group of metadata.row_groups) total += Number(group.num_rows);
  return total;
}

const leafCache = new WeakMap<SchemaTree, Set<string>>();

function leafPaths(schema: SchemaTree): Set<string> {
  let found = leafCache.get(schema);
  if (found) return found;
  found = new Set();
  // Iterative: a damaged schema may be as deep as it is long.
  const stack: SchemaTree[] = [...schema.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.children.length === 0) found.add(node.path.join("."));
    else stack.push(...node.children);
  }
  leafCache.set(schema, found);
  return found;
}
