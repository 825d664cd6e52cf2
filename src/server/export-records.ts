/**
 * A project's data as the records of a dataset format, one at a time: canonical entries straight
 * from the store for `prefkit`; for every other format the entries are resolved and derived
 * (ItemAssembler, deriveItems) and written by the format's codec — the path `prefkit convert`
 * takes from a canonical file. Items a format cannot hold (a tie for a preference pair, a
 * multi-turn conversation for a text format) are left out, as convert leaves them out. Memory
 * holds the prompts and candidates (to resolve judgments), never the judgments.
 */
import { ItemAssembler } from "../formats/dataset/assemble.js";
import { CODECS, DEFAULT_CODEC_OPTIONS, writeItem } from "../formats/dataset/codecs.js";
import type { DatasetFormat } from "../formats/dataset/detect.js";
import { toCanonicalRecord } from "../formats/dataset/prefkit-canonical.js";
import { deriveItems } from "../formats/dataset/transform.js";
import type { TrlStyle } from "../formats/dataset/trl.js";
import type { Store } from "../store/store.js";

/**
 * Every record of a project in `format`, in the store's canonical order. How the records become
 * bytes (JSON Lines, CSV, Parquet, …) is the caller's choice (export-stream.ts).
 *
 * @example for await (const r of exportRecords(store, "p1", "trl-preference", "text")) …
 */
export async function* exportRecords(
  store: Store,
  projectId: string,
  format: DatasetFormat,
  style: TrlStyle,
): AsyncGenerator<Record<string, unknown>> {
  const holds = CODECS[format].holds;
  if (holds === "entry") {
    for await (const entry of store.exportEntries(projectId)) yield toCanonicalRecord(entry);
    return;
  }
  const assembler = new ItemAssembler("prefkit", holds, "mean");
  const options = { ...DEFAULT_CODEC_OPTIONS, style };
  const derive = { strategy: "all" as const, minMargin: Number.MIN_VALUE };
  let line = 0;
  for await (const entry of store.exportEntries(projectId)) {
    line++;
    const assembled = assembler.add({ kind: "entry", entry }, { line });
    if (!assembled.ok) continue;
    for (const { item } of assembled.ready) {
      const derived = deriveItems(item, holds, derive);
      if (!derived.ok) continue;
      for (const out of derived.items) {
        const records = writeItem(format, out, options);
        if (records.ok) yield* records.value;
      }
    }
  }
}
