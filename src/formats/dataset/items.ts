/**
 * What one dataset record holds once parsed, whatever its file format: a preference pair, an
 * unpaired (KTO) example, rated completions, an arena battle, a labelled comparison (a judgment
 * file's record: two responses and every label given them), or an entry of prefkit's canonical
 * format. Converting between formats is converting between these.
 */
import type { CanonicalEntry } from "../../core/dataset/canonical.js";
import type { Comparison } from "../../core/dataset/comparison.js";
import type { RatedCompletions } from "../../core/dataset/derive.js";
import type { PreferencePair, UnpairedExample } from "../../core/dataset/preference.js";
import type { ArenaBattle } from "./arena-pairs.js";
import type { DatasetFormat } from "./detect.js";

/**
 * The record an item was read from, kept while the item passes through unchanged: written
 * back to its own format it is the record itself, so fields prefkit does not model, number
 * types and LLMBar's answer order all survive.
 */
export interface SourceRecord {
  readonly format: DatasetFormat;
  readonly record: Readonly<Record<string, unknown>>;
}

type Sourced = { readonly original?: SourceRecord };

export type DatasetItem =
  | ({ kind: "pair"; pair: PreferencePair } & Sourced)
  | ({ kind: "unpaired"; example: UnpairedExample } & Sourced)
  | ({ kind: "rated"; rated: RatedCompletions } & Sourced)
  | ({ kind: "battle"; battle: ArenaBattle } & Sourced)
  | ({ kind: "comparison"; comparison: Comparison } & Sourced)
  | ({ kind: "entry"; entry: CanonicalEntry } & Sourced);

export type ItemKind = DatasetItem["kind"];
