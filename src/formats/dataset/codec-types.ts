/**
 * The shape of a dataset format's codec (codecs.ts holds the table): what a record holds, how
 * it is read into items and how items are written, and the options readers and writers take.
 */
import type { FieldIssue } from "./field-issue.js";
import type { HELPSTEER_ATTRIBUTES } from "./helpsteer-attributes.js";
import type { DatasetItem, ItemKind } from "./items.js";
import type { FieldMapping } from "./judgments/field-mapping.js";
import type { LabelValues } from "./judgments/label-values.js";
import type { TrlStyle } from "./trl.js";

export type HelpSteerAttribute = (typeof HELPSTEER_ATTRIBUTES)[number];

export interface CodecOptions {
  /** UltraFeedback's score: overall_score, fine-grained_score, an aspect, or "mean". */
  readonly criterion: string;
  /** HelpSteer's score attribute. */
  readonly attribute: HelpSteerAttribute;
  /** TRL writers: plain strings or message lists. */
  readonly style: TrlStyle;
  /** Judgment files: the file being read (FastChat reviews name their systems in it). */
  readonly file?: string;
  /** Judgment files that name no systems: the two systems (`--systems A,B`). */
  readonly systems?: readonly [string, string];
  /** arena-hard judgments whose records do not name the baseline (`--baseline`). */
  readonly baseline?: string;
  /** The mapped reader's and writer's mapping (`--map`, `--mapping`). */
  readonly mapping?: FieldMapping;
  /** What an annotator table's label codes mean (`--labels`; PandaLM's 0/1/2 by default). */
  readonly labelValues?: LabelValues;
}

export const DEFAULT_CODEC_OPTIONS: CodecOptions = {
  criterion: "mean",
  attribute: "helpfulness",
  style: "conversational",
};

export type CodecResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export interface Codec {
  /** What one record of this format holds. */
  readonly holds: ItemKind;
  read(record: unknown, options: CodecOptions): CodecResult<DatasetItem[]>;
  /** Records for one item of kind `holds` (HelpSteer writes a row per completion). */
  write(item: DatasetItem, options: CodecOptions): CodecResult<Record<string, unknown>[]>;
}
