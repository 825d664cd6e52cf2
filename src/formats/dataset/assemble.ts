/**
 * Items that need more than one record: HelpSteer writes a row per response, so consecutive
 * rows of one prompt are merged into one rated item; prefkit's canonical entries reference
 * each other, so judgments are resolved against the prompts and candidates before them.
 * Every other format's items pass straight through.
 */
import { CanonicalResolver } from "../../core/dataset/canonical-resolver.js";
import { conversationKey } from "../../core/dataset/dedupe.js";
import type { RatedCompletions } from "../../core/dataset/derive.js";
import type { DatasetFormat } from "./detect.js";
import type { FieldIssue } from "./field-issue.js";
import type { DatasetItem, ItemKind } from "./items.js";
import type { RecordLocation } from "./read-records.js";

export interface Placed {
  item: DatasetItem;
  /** The record it came from (a merged HelpSteer group: its first row). */
  location: RecordLocation;
}

export type Assembled =
  | { ok: true; ready: Placed[] /** why nothing came out, when nothing could */; empty?: string }
  | { ok: false; issues: FieldIssue[] };

export class ItemAssembler {
  private readonly resolver: CanonicalResolver | undefined;
  private group: { key: string; rated: RatedCompletions; location: RecordLocation } | undefined;

  constructor(
    private readonly format: DatasetFormat,
    target: ItemKind,
    criterion: string,
  ) {
    // prefkit to prefkit copies entries as they are; anything else derives from judgments.
    if (format === "prefkit" && target !== "entry")
      this.resolver = new CanonicalResolver({ criterion });
  }

  add(item: DatasetItem, location: RecordLocation): Assembled {
    if (item.kind === "entry" && this.resolver) return this.resolve(item, location);
    if (this.format === "helpsteer" && item.kind === "rated")
      return this.merge(item.rated, location);
    return { ok: true, ready: [{ item, location }] };
  }

  /** Items still held back at the end of the input. */
  flush(): Placed[] {
    const last = this.group;
    this.group = undefined;
    return last ? [{ item: { kind: "rated", rated: last.rated }, location: last.location }] : [];
  }

  private merge(rated: RatedCompletions, location: RecordLocation): Assembled {
    const key = conversationKey(rated.prompt);
    if (this.group?.key === key) {
      const { rated: held } = this.group;
      this.group.rated = { ...held, completions: [...held.completions, ...rated.completions] };
      return { ok: true, ready: [] };
    }
    const ready = this.flush();
    this.group = { key, rated, location };
    return { ok: true, ready };
  }

  private resolve(
    item: Extract<DatasetItem, { kind: "entry" }>,
    location: RecordLocation,
  ): Assembled {
    const resolved = this.resolver!.add(item.entry);
    if (!resolved.ok) return { ok: false, issues: [...resolved.issues] };
    const derived = resolved.derived;
    if (!derived) return { ok: true, ready: [] };
    const place = (out: DatasetItem): Placed[] => [{ item: out, location }];
    switch (derived.kind) {
      case "pairwise":
        return derived.pair
          ? { ok: true, ready: place({ kind: "pair", pair: derived.pair }) }
          : { ok: true, ready: [], empty: "ties carry no preference" };
      case "ranking":
      case "rating":
        return { ok: true, ready: place({ kind: "rated", rated: derived.rated }) };
      case "binary":
        return { ok: true, ready: place({ kind: "unpaired", example: derived.example }) };
    }
  }
}
