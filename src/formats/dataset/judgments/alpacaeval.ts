/**
 * AlpacaEval annotations (tatsu-lab/alpaca_eval, `results/<model>/<annotator>/annotations.json`):
 * `instruction`, `output_1`, `generator_1`, `output_2`, `generator_2`, `annotator`,
 * `preference`, and whatever else the annotator wrote (`dataset`, `price_per_example`,
 * `time_per_example`, `raw_completion`, …), kept as the comparison's extra.
 *
 * `preference` runs from 1 (output_1 better) to 2 (output_2 better); weighted annotators give
 * fractions (the expected preference), 1.5 is a draw, and so is 0 in older files; null means the
 * annotator's answer could not be parsed. As a preference for `a` (= output_1) that is 2 − p.
 */
import type { Comparison, ComparisonLabel } from "../../../core/dataset/comparison.js";
import {
  fail,
  idText,
  instructionPrompt,
  maybe,
  messagesOf,
  type Read,
  rest,
  textOf,
} from "./judgment-fields.js";

const MODELLED = [
  "instruction",
  "output_1",
  "output_2",
  "generator_1",
  "generator_2",
  "annotator",
  "preference",
];

/** The labeller of a record without an `annotator` field. */
export const ALPACAEVAL_LABELLER = "alpacaeval";

/** AlpacaEval's preference (1..2, 0 a draw, null unparsed) as a preference for output_1. */
export function alpacaPreference(value: unknown): Read<number | null> {
  if (value === null) return { ok: true, value: null };
  const x = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof x !== "number" || Number.isNaN(x))
    return fail("preference", "expected a number or null");
  if (x === 0) return { ok: true, value: 0.5 };
  if (!(x >= 1 && x <= 2))
    return fail(
      "preference",
      `${x} is out of range (1 = output_1 better … 2 = output_2 better, 0 a draw)`,
    );
  return { ok: true, value: 2 - x };
}

export function parseAlpacaEval(record: Readonly<Record<string, unknown>>): Read<Comparison> {
  if (typeof record.instruction !== "string") return fail("instruction", "expected text");
  const a = messagesOf(record.output_1, "output_1", "assistant");
  if (!a.ok) return a;
  const b = messagesOf(record.output_2, "output_2", "assistant");
  if (!b.ok) return b;
  if (!("preference" in record)) return fail("preference", "missing field");
  const preference = alpacaPreference(record.preference);
  if (!preference.ok) return preference;
  const labeller = record.annotator ?? ALPACAEVAL_LABELLER;
  if (typeof labeller !== "string") return fail("annotator", "expected text");
  const label: ComparisonLabel = {
    labeller,
    source: "ai",
    preference: preference.value,
    raw: record.preference,
  };
  return {
    ok: true,
    value: {
      prompt: instructionPrompt(record.instruction),
      a: a.value,
      b: b.value,
      ...maybe("systemA", idText(record.generator_1)),
      ...maybe("systemB", idText(record.generator_2)),
      ...maybe("subset", typeof record.dataset === "string" ? record.dataset : undefined),
      labels: [label],
      extra: rest(record, MODELLED),
    },
  };
}

/** One annotation per label: AlpacaEval files hold one annotator's verdict per record. */
export function toAlpacaEval(c: Comparison): Read<Record<string, unknown>[]> {
  const instruction = textOf(c.prompt, "instruction", "user");
  const output1 = textOf(c.a, "output_1", "assistant");
  const output2 = textOf(c.b, "output_2", "assistant");
  for (const r of [instruction, output1, output2]) if (!r.ok) return r;
  const records = c.labels.map((label) => {
    const p = label.preference;
    // A draw written as 0 goes back as 0; everything else as 2 − p.
    const preference = p === null ? null : p === 0.5 && label.raw === 0 ? 0 : 2 - p;
    return {
      instruction: (instruction as { value: string }).value,
      output_1: (output1 as { value: string }).value,
      ...maybe("generator_1", c.systemA),
      output_2: (output2 as { value: string }).value,
      ...maybe("generator_2", c.systemB),
      ...c.extra,
      annotator: label.labeller,
      preference,
    };
  });
  return { ok: true, value: records };
}
