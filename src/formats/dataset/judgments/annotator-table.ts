/**
 * Wide tables with a column per annotator, as PandaLM's human test set
 * (WeOpenML/PandaLM `data/testset-v1.json`: `idx`, `motivation_app`, `cmp_key`, `instruction`,
 * `input`, `response1`, `response2`, `annotator1`, `annotator2`, `annotator3`, each label 0 a
 * tie, 1 response1 better, 2 response2 better). Every column named like `annotator1`,
 * `judge_gpt4` or `rater-2` is a labeller; `--labels` changes what the codes mean. The table is
 * read through the mapping its columns imply (mapped.ts), so both readers agree.
 */
import type { FieldMapping, MappedField } from "./field-mapping.js";
import type { LabelValues } from "./label-values.js";
import { NAMED_MEANINGS } from "./label-values.js";

/** Columns holding one labeller's labels. */
export const LABEL_COLUMN = /^(?:annotator|rater|judge|labell?er)(?:\d+|[_-][\w.-]+)$/i;

/** PandaLM's codes: 0 a tie, 1 the first response better, 2 the second. */
export const PANDALM_VALUES: LabelValues = new Map([
  ["0", NAMED_MEANINGS.tie!],
  ["1", NAMED_MEANINGS.a!],
  ["2", NAMED_MEANINGS.b!],
]);

/** Response columns by pairs, first match wins; the prompt columns likewise. */
const RESPONSES: readonly [string, string][] = [
  ["response1", "response2"],
  ["response_1", "response_2"],
  ["response_a", "response_b"],
  ["output_1", "output_2"],
  ["answer1", "answer2"],
];
const PROMPTS = ["instruction", "prompt", "question"];

export const labelColumns = (record: Readonly<Record<string, unknown>>): string[] =>
  Object.keys(record).filter((k) => LABEL_COLUMN.test(k));

export function responseColumns(
  record: Readonly<Record<string, unknown>>,
): [string, string] | undefined {
  return RESPONSES.find(([a, b]) => a in record && b in record);
}

/**
 * Mappings already made, by label codes and column list: a table's rows share their columns,
 * and one mapping object lets mapped.ts plan its reading once. Cleared past a few dozen column
 * lists, so a file whose every row has other columns cannot grow it.
 */
const MAPPINGS = new WeakMap<LabelValues, Map<string, FieldMapping | undefined>>();
const MAX_COLUMN_LISTS = 64;

/** The mapping a wide table's columns imply; undefined when it has no responses or no labellers. */
export function annotatorTableMapping(
  record: Readonly<Record<string, unknown>>,
  values: LabelValues = PANDALM_VALUES,
): FieldMapping | undefined {
  let byColumns = MAPPINGS.get(values);
  if (!byColumns) MAPPINGS.set(values, (byColumns = new Map()));
  const columns = Object.keys(record).join("\u0000");
  if (byColumns.has(columns)) return byColumns.get(columns);
  if (byColumns.size >= MAX_COLUMN_LISTS) byColumns.clear();
  const mapping = mappingOf(record, values);
  byColumns.set(columns, mapping);
  return mapping;
}

function mappingOf(
  record: Readonly<Record<string, unknown>>,
  values: LabelValues,
): FieldMapping | undefined {
  const responses = responseColumns(record);
  const labels = labelColumns(record);
  if (!responses || labels.length === 0) return undefined;
  const fields: Partial<Record<MappedField, string>> = { a: responses[0], b: responses[1] };
  const prompt = PROMPTS.find((k) => k in record);
  if (prompt) fields.prompt = prompt;
  if ("input" in record) fields.input = "input";
  if ("idx" in record) fields.id = "idx";
  else if ("id" in record) fields.id = "id";
  return {
    fields,
    labels: labels.map((name) => ({ name, path: name })),
    values,
    source: "human",
  };
}
