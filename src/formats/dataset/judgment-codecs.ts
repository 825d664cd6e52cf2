/**
 * The codecs of judgment files (judgments/*.ts): each record is one labelled comparison — two
 * responses and the labels judges or annotators gave them. Split from codecs.ts, which spreads
 * this table into its own.
 */
import type { Comparison } from "../../core/dataset/comparison.js";
import type { Codec, CodecOptions, CodecResult } from "./codec-types.js";
import type { DatasetItem } from "./items.js";
import { parseAlpacaEval, toAlpacaEval } from "./judgments/alpacaeval.js";
import {
  annotatorTableMapping,
  LABEL_COLUMN,
  PANDALM_VALUES,
} from "./judgments/annotator-table.js";
import { parseArenaHardJudgment, toArenaHardJudgment } from "./judgments/arena-hard.js";
import {
  parseFastChatReview,
  reviewFileOf,
  toFastChatReview,
} from "./judgments/fastchat-review.js";
import type { FieldMapping } from "./judgments/field-mapping.js";
import { fail, type Read } from "./judgments/judgment-fields.js";
import { readMapped, writeMapped } from "./judgments/mapped.js";
import { parseMtBench, toMtBench } from "./judgments/mt-bench.js";

export type JudgmentFormat =
  | "alpacaeval"
  | "mt-bench"
  | "fastchat-review"
  | "arena-hard-judgment"
  | "annotator-table"
  | "mapped";

const asRecord = (record: unknown): Readonly<Record<string, unknown>> =>
  (record ?? {}) as Readonly<Record<string, unknown>>;

const read = (r: Read<Comparison>): CodecResult<DatasetItem[]> =>
  r.ok ? { ok: true, value: [{ kind: "comparison", comparison: r.value }] } : r;

function comparisonOf(item: DatasetItem): Comparison {
  // The converter hands each writer items of its kind; anything else is a bug, not bad data.
  if (item.kind !== "comparison")
    throw new Error(`internal: a ${item.kind} item given to a comparison writer`);
  return item.comparison;
}

/** The columns an annotator table is written with: PandaLM's, one column per labeller. */
function tableMapping(c: Comparison): Read<FieldMapping> {
  const names = c.labels.map((l) => l.labeller);
  const twice = names.find((n, k) => names.indexOf(n) !== k);
  if (twice !== undefined)
    return fail("annotator", `two labels by ${twice}: a table has one column per labeller`);
  return {
    ok: true,
    value: {
      fields: { prompt: "instruction", input: "input", a: "response1", b: "response2", id: "idx" },
      labels: names.map((name) => ({
        name,
        path: LABEL_COLUMN.test(name) ? name : `judge_${name}`,
      })),
      values: PANDALM_VALUES,
      source: "human",
    },
  };
}

export const JUDGMENT_CODECS: Record<JudgmentFormat, Codec> = {
  alpacaeval: {
    holds: "comparison",
    read: (record) => read(parseAlpacaEval(asRecord(record))),
    write: (item) => toAlpacaEval(comparisonOf(item)),
  },
  "mt-bench": {
    holds: "comparison",
    read: (record) => read(parseMtBench(asRecord(record))),
    write: (item) => toMtBench(comparisonOf(item)),
  },
  "fastchat-review": {
    holds: "comparison",
    read(record, options: CodecOptions) {
      const named = options.file === undefined ? {} : reviewFileOf(options.file);
      const file = options.systems ? { ...named, systems: options.systems } : named;
      return read(parseFastChatReview(asRecord(record), file));
    },
    write: (item) => toFastChatReview(comparisonOf(item)),
  },
  "arena-hard-judgment": {
    holds: "comparison",
    read: (record, options) => read(parseArenaHardJudgment(asRecord(record), options.baseline)),
    write: (item) => toArenaHardJudgment(comparisonOf(item)),
  },
  "annotator-table": {
    holds: "comparison",
    read(record, options) {
      const r = asRecord(record);
      const mapping = annotatorTableMapping(r, options.labelValues);
      if (!mapping)
        return fail("(record)", "no response1/response2 columns, or no annotator columns");
      return read(readMapped(r, mapping, options.systems));
    },
    write(item) {
      const c = comparisonOf(item);
      const mapping = tableMapping(c);
      return mapping.ok ? writeMapped(c, mapping.value) : mapping;
    },
  },
  mapped: {
    holds: "comparison",
    read(record, options) {
      if (!options.mapping) return fail("(record)", "--from mapped needs --map or --mapping");
      return read(readMapped(asRecord(record), options.mapping, options.systems));
    },
    write(item, options) {
      if (!options.mapping) return fail("(record)", "--to mapped needs --map or --mapping");
      return writeMapped(comparisonOf(item), options.mapping);
    },
  },
};
