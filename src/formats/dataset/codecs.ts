/**
 * Every dataset format's reader and writer in one table: what a record of the format holds
 * (its item kind), how a record becomes items, and how an item of that kind becomes records.
 * Reading a file and writing it back in its own format gives the same items (tested per
 * format), which is what makes conversions trustworthy.
 */
import { chosenShownFirst } from "../../core/dataset/dedupe.js";
import type { RatedCompletions } from "../../core/dataset/derive.js";
import type { PreferencePair } from "../../core/dataset/preference.js";
import { type ArenaBattle, parseArenaBattle, toArenaRecord } from "./arena-pairs.js";
import type { Codec, CodecOptions, CodecResult } from "./codec-types.js";
import type { DatasetFormat } from "./detect.js";
import type { FieldIssue } from "./field-issue.js";
import { parseLlmBar, parseRewardBench } from "./gold-pairs.js";
import { parseHhRlhf, toHhRlhf } from "./hh-rlhf.js";
import type { DatasetItem, ItemKind } from "./items.js";
import { JUDGMENT_CODECS } from "./judgment-codecs.js";
import { parseCanonicalEntry, toCanonicalRecord } from "./prefkit-canonical.js";
import {
  parseHelpSteerRow,
  parseUltraFeedback,
  toHelpSteerRows,
  toUltraFeedback,
} from "./rated.js";
import { singleText, type TextResult } from "./text-fields.js";
import {
  parseTrlPreference,
  parseTrlUnpaired,
  type TrlStyle,
  toTrlPreference,
  toTrlUnpaired,
} from "./trl.js";

export {
  type Codec,
  type CodecOptions,
  type CodecResult,
  DEFAULT_CODEC_OPTIONS,
  type HelpSteerAttribute,
} from "./codec-types.js";

const ok = <T>(value: T): CodecResult<T> => ({ ok: true, value });
const pairItem = (pair: PreferencePair): DatasetItem => ({ kind: "pair", pair });

function expect<K extends ItemKind>(item: DatasetItem, kind: K): Extract<DatasetItem, { kind: K }> {
  // The converter hands each writer items of its kind; anything else is a bug, not bad data.
  if (item.kind !== kind)
    throw new Error(`internal: a ${item.kind} item given to a ${kind} writer`);
  return item as Extract<DatasetItem, { kind: K }>;
}

function firstIssue(results: readonly TextResult[]): CodecResult<never> | undefined {
  for (const r of results) if (!r.ok) return { ok: false, issues: [r.issue] };
  return undefined;
}

/** Text fields of a pair, each one message, or the first field that is not. */
function textPair(
  pair: PreferencePair,
): CodecResult<{ prompt: string; chosen: string; rejected: string }> {
  const prompt = singleText(pair.prompt, "prompt", "user");
  const chosen = singleText(pair.chosen, "chosen", "assistant");
  const rejected = singleText(pair.rejected, "rejected", "assistant");
  if (!prompt.ok || !chosen.ok || !rejected.ok)
    return firstIssue([prompt, chosen, rejected]) as CodecResult<never>;
  return ok({ prompt: prompt.text, chosen: chosen.text, rejected: rejected.text });
}

/** Rated formats hold text: the prompt and every response must be one message. */
function textRated(
  rated: RatedCompletions,
  promptField: string,
  responseField: string,
): CodecResult<never> | undefined {
  return firstIssue([
    singleText(rated.prompt, promptField, "user"),
    ...rated.completions.map((c, k) =>
      singleText(c.messages, responseField.replace("*", String(k)), "assistant"),
    ),
  ]);
}

const single = (
  result: { ok: true; value: PreferencePair } | { ok: false; issues: FieldIssue[] },
) => (result.ok ? ok([pairItem(result.value)]) : result);

export const CODECS: Record<DatasetFormat, Codec> = {
  "trl-preference": {
    holds: "pair",
    read: (record) => single(parseTrlPreference(record)),
    write(item, { style }) {
      const { pair } = expect(item, "pair");
      if (style === "text") {
        // An empty prompt is TRL's implicit prompt: the answers carry the whole text.
        const failed = firstIssue([
          ...(pair.prompt.length > 0 ? [singleText(pair.prompt, "prompt", "user")] : []),
          singleText(pair.chosen, "chosen", "assistant"),
          singleText(pair.rejected, "rejected", "assistant"),
        ]);
        if (failed) return failed;
      }
      return ok([toTrlPreference(pair, style)]);
    },
  },
  "trl-unpaired": {
    holds: "unpaired",
    read(record) {
      const r = parseTrlUnpaired(record);
      return r.ok ? ok([{ kind: "unpaired", example: r.value }]) : r;
    },
    write(item, { style }) {
      const { example } = expect(item, "unpaired");
      if (style === "text") {
        // An empty prompt (from a pair with an implicit prompt) is written as "".
        const failed = firstIssue([
          ...(example.prompt.length > 0 ? [singleText(example.prompt, "prompt", "user")] : []),
          singleText(example.completion, "completion", "assistant"),
        ]);
        if (failed) return failed;
      }
      return ok([toTrlUnpaired(example, style)]);
    },
  },
  "hh-rlhf": {
    holds: "pair",
    read: (record) => single(parseHhRlhf(record)),
    write(item) {
      const { pair } = expect(item, "pair");
      const roles = [...pair.prompt, ...pair.chosen, ...pair.rejected];
      if (roles.some((m) => m.role === "system"))
        return { ok: false, issues: [{ field: "prompt", message: "HH-RLHF has no system turns" }] };
      if (pair.prompt[0]?.role !== "user")
        return { ok: false, issues: [{ field: "prompt", message: "must start with a user turn" }] };
      return ok([toHhRlhf(pair)]);
    },
  },
  rewardbench: {
    holds: "pair",
    read: (record) => single(parseRewardBench(record)),
    write(item) {
      const { pair } = expect(item, "pair");
      const text = textPair(pair);
      if (!text.ok) return text;
      return ok([
        {
          ...pair.metadata,
          ...text.value,
          ...(pair.subset !== undefined ? { subset: pair.subset } : {}),
          ...(pair.chosenModel !== undefined ? { chosen_model: pair.chosenModel } : {}),
          ...(pair.rejectedModel !== undefined ? { rejected_model: pair.rejectedModel } : {}),
          ...(pair.id !== undefined ? { id: pair.id } : {}),
        },
      ]);
    },
  },
  llmbar: {
    holds: "pair",
    read: (record) => single(parseLlmBar(record)),
    write(item) {
      const { pair } = expect(item, "pair");
      const text = textPair(pair);
      if (!text.ok) return text;
      const first = pair.chosenFirst ?? chosenShownFirst(pair);
      const { prompt, chosen, rejected } = text.value;
      return ok([
        {
          ...pair.metadata,
          input: prompt,
          output_1: first ? chosen : rejected,
          output_2: first ? rejected : chosen,
          label: first ? 1 : 2,
        },
      ]);
    },
  },
  // Codecs of one kind ("rated") are alike in shape; each reads and writes its own format.
  ultrafeedback: {
    holds: "rated",
    read(record, { criterion }) {
      const r = parseUltraFeedback(record, criterion);
      return r.ok ? ok([{ kind: "rated", rated: r.value }]) : r;
    },
    write(item) {
      const { rated } = expect(item, "rated");
      return (
        textRated(rated, "instruction", "completions.*.response") ?? ok([toUltraFeedback(rated)])
      );
    },
  },
  helpsteer: {
    holds: "rated",
    read(record, { attribute }) {
      const r = parseHelpSteerRow(record, attribute);
      return r.ok ? ok([{ kind: "rated", rated: r.value }]) : r;
    },
    write(item) {
      const { rated } = expect(item, "rated");
      const failed = textRated(rated, "prompt", "response");
      if (failed) return failed;
      const rows = toHelpSteerRows(rated);
      return rows.ok ? ok(rows.rows) : rows;
    },
  },
  arena: {
    holds: "battle",
    read(record) {
      const r = parseArenaBattle(record);
      return r.ok ? ok([{ kind: "battle", battle: r.value }]) : r;
    },
    write: (item) => ok([toArenaRecord(expect(item, "battle").battle)]),
  },
  prefkit: {
    holds: "entry",
    read(record) {
      const r = parseCanonicalEntry(record);
      return r.ok ? ok([{ kind: "entry", entry: r.entry }]) : r;
    },
    write: (item) => ok([toCanonicalRecord(expect(item, "entry").entry)]),
  },
  ...JUDGMENT_CODECS,
};

export type { ArenaBattle };

/** TRL records are text or conversational; other formats have one style. */
const styleOf = (record: Readonly<Record<string, unknown>>): TrlStyle =>
  typeof (record.chosen ?? record.completion) === "string" ? "text" : "conversational";

/** Reads a record of `format`; a record that gives one item keeps itself as the item's original. */
export function readRecord(
  format: DatasetFormat,
  record: Record<string, unknown>,
  options: CodecOptions,
): CodecResult<DatasetItem[]> {
  const read = CODECS[format].read(record, options);
  if (!read.ok || read.value.length !== 1) return read;
  return ok([{ ...read.value[0]!, original: { format, record } }]);
}

/** Writes an item in `format`: its original record when it was read in that format (and style). */
export function writeItem(
  format: DatasetFormat,
  item: DatasetItem,
  options: CodecOptions,
): CodecResult<Record<string, unknown>[]> {
  const original = item.original;
  if (
    original?.format === format &&
    (!format.startsWith("trl-") || styleOf(original.record) === options.style)
  ) {
    return ok([original.record as Record<string, unknown>]);
  }
  return CODECS[format].write(item, options);
}
