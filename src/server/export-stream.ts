/**
 * A project's data as the JSON Lines of a dataset format, streamed: canonical entries straight
 * from the store for `prefkit`; for every other format the entries are resolved and derived
 * (ItemAssembler, deriveItems) and written by the format's codec — the path `prefkit convert`
 * takes from a canonical file. Items a format cannot hold (a tie for a preference pair, a
 * multi-turn conversation for a text format) are left out, as convert leaves them out.
 * Text is gathered into ~64 KiB chunks; memory holds the prompts and candidates (to resolve
 * judgments), never the judgments.
 */
import { ItemAssembler } from "../formats/dataset/assemble.js";
import { CODECS, DEFAULT_CODEC_OPTIONS, writeItem } from "../formats/dataset/codecs.js";
import type { DatasetFormat } from "../formats/dataset/detect.js";
import { toCanonicalRecord } from "../formats/dataset/prefkit-canonical.js";
import { deriveItems } from "../formats/dataset/transform.js";
import type { TrlStyle } from "../formats/dataset/trl.js";
import type { Store } from "../store/store.js";

const CHUNK = 64 * 1024;

export async function* exportLines(
  store: Store,
  projectId: string,
  format: DatasetFormat,
  style: TrlStyle,
): AsyncGenerator<string> {
  let text = "";
  const holds = CODECS[format].holds;
  const assembler = holds === "entry" ? undefined : new ItemAssembler("prefkit", holds, "mean");
  const options = { ...DEFAULT_CODEC_OPTIONS, style };
  const derive = { strategy: "all" as const, minMargin: Number.MIN_VALUE };
  let line = 0;
  for await (const entry of store.exportEntries(projectId)) {
    line++;
    if (!assembler) {
      text += `${JSON.stringify(toCanonicalRecord(entry))}\n`;
    } else {
      const assembled = assembler.add({ kind: "entry", entry }, { line });
      if (!assembled.ok) continue;
      for (const { item } of assembled.ready) {
        const derived = deriveItems(item, holds, derive);
        if (!derived.ok) continue;
        for (const out of derived.items) {
          const records = writeItem(format, out, options);
          if (!records.ok) continue;
          for (const record of records.value) text += `${JSON.stringify(record)}\n`;
        }
      }
    }
    if (text.length >= CHUNK) {
      yield text;
      text = "";
    }
  }
  if (text.length > 0) yield text;
}
