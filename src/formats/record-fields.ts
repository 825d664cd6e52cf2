/**
 * Fields of a parsed record by dotted path ("category_tag.math"), and the `--where
 * field=value` filter every command shares: a value matches as text, and a missing field or a
 * nested object never matches.
 */

export interface WhereClause {
  readonly field: string;
  readonly value: string;
}

/** The value under `parts` below `root` (undefined when any step is missing). */
export function valueAtPath(root: unknown, parts: readonly string[]): unknown {
  let value = root;
  for (const part of parts) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A scalar field as the text a filter compares; undefined for anything else. */
export function fieldText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function matchesWhere(
  record: Readonly<Record<string, unknown>>,
  clauses: readonly WhereClause[],
): boolean {
  return clauses.every((w) => fieldText(valueAtPath(record, w.field.split("."))) === w.value);
}
