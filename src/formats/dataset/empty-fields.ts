/**
 * The fields a dataset format's records have, as example records: what an output file given no
 * record still declares (Parquet columns, a CSV header), so a reader of an empty result sees the
 * format's fields and their types instead of a file with no columns. Each example is written by
 * the format's own writer from an item of the kind it holds, with every optional field present.
 */
import { CanonicalBuilder } from "../../core/dataset/canonical-builder.js";
import type { PreferencePair } from "../../core/dataset/preference.js";
import type { AnnotatorId } from "../../core/types.js";
import { CODECS, type CodecOptions } from "./codecs.js";
import type { DatasetFormat } from "./detect.js";
import type { DatasetItem } from "./items.js";

const PAIR: PreferencePair = {
  prompt: [{ role: "user", content: "" }],
  chosen: [{ role: "assistant", content: "" }],
  rejected: [{ role: "assistant", content: "" }],
  chosenModel: "",
  rejectedModel: "",
  subset: "",
  id: "",
};
const ATTRIBUTES = ["helpfulness", "correctness", "coherence", "complexity", "verbosity"];

/** One item of each kind, with its optional fields present. */
function examples(): DatasetItem[] {
  const { prompt, chosen } = PAIR;
  const source = { kind: "human", annotatorId: "" as AnnotatorId } as const;
  const builder = new CanonicalBuilder();
  return [
    { kind: "pair", pair: PAIR },
    { kind: "unpaired", example: { prompt, completion: chosen, label: true } },
    {
      kind: "rated",
      rated: {
        prompt,
        completions: [
          {
            messages: chosen,
            score: 0,
            model: "",
            criteria: Object.fromEntries(ATTRIBUTES.map((a) => [a, 0])),
          },
        ],
      },
    },
    // Arena logs need only the systems and the winner: conversations are optional.
    { kind: "battle", battle: { modelA: "", modelB: "", winner: "model_a", extra: {} } },
    ...builder.fromPair(PAIR, source).map((entry): DatasetItem => ({ kind: "entry", entry })),
  ];
}

/** Example records of `format` as its writer makes them with these options. */
export function emptyFieldsOf(
  format: DatasetFormat,
  options: CodecOptions,
): Record<string, unknown>[] {
  const codec = CODECS[format];
  return examples()
    .filter((item) => item.kind === codec.holds)
    .flatMap((item) => {
      const written = codec.write(item, options);
      return written.ok ? written.value : [];
    });
}
