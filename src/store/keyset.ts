/** Keyset pagination: a large result read a page at a time, each page after the last key seen. */

/** Rows per page when streaming. */
export const PAGE = 1000;

/** Every row, reading pages of `size` rows after the last key seen, until a short page. */
export async function* keyset<R, K>(
  page: (after: K | undefined, limit: number) => Promise<R[]>,
  keyOf: (row: R) => K,
  size = PAGE,
): AsyncGenerator<R> {
  let after: K | undefined;
  for (;;) {
    const rows = await page(after, size);
    yield* rows;
    const last = rows.at(-1);
    if (last === undefined || rows.length < size) return;
    after = keyOf(last);
  }
}
