/**
 * Adding items that have ids, once: an item already present (stored, or earlier in the batch)
 * with the same content is skipped, one with different content is a `duplicate_id`. Inserts
 * say ON CONFLICT DO NOTHING, so an item another process committed after our look-up is
 * compared like any stored one instead of aborting the transaction.
 */
import { StoreError } from "./store.js";

export interface AddOnce<T> {
  /** What is compared: equal for the same content. */
  content: (item: T) => string;
  /** The content of those of `ids` already stored. */
  fetch: (ids: readonly string[]) => Promise<Map<string, string>>;
  /** Inserts, skipping conflicts; resolves to the ids actually inserted. */
  insert: (items: readonly T[]) => Promise<Set<string>>;
  /** Further checks of one item, in batch order (throws a StoreError). */
  check?: (item: T, index: number) => void;
  /** The entity's name in messages: "prompt", "system", "candidate". */
  noun: string;
}

export async function addOnce<T extends { id: string }>(
  items: readonly T[],
  how: AddOnce<T>,
): Promise<number> {
  const stored = await how.fetch([...new Set(items.map((item) => item.id))]);
  // Content is compared only where an id is met twice, so it is computed only there: a batch
  // of new items (a judge job's judgments) costs no serialisation beyond the insert's own.
  const inBatch = new Map<string, T>();
  const fresh: { item: T; index: number }[] = [];
  const conflict = (id: string, index: number) =>
    new StoreError(
      "duplicate_id",
      "id",
      `${how.noun} "${id}" already exists with different content`,
      index,
    );

  items.forEach((item, index) => {
    if (typeof item.id !== "string" || item.id === "") {
      throw new StoreError("invalid", "id", "expected a non-empty id", index);
    }
    how.check?.(item, index);
    const first = inBatch.get(item.id);
    const known = first === undefined ? stored.get(item.id) : how.content(first);
    if (known !== undefined) {
      if (known !== how.content(item)) throw conflict(item.id, index);
      return;
    }
    inBatch.set(item.id, item);
    fresh.push({ item, index });
  });

  const inserted = await how.insert(fresh.map((f) => f.item));
  const missed = fresh.filter((f) => !inserted.has(f.item.id));
  if (missed.length > 0) {
    const now = await how.fetch(missed.map((f) => f.item.id));
    for (const f of missed) {
      if (now.get(f.item.id) !== how.content(f.item)) throw conflict(f.item.id, f.index);
    }
  }
  return inserted.size;
}
