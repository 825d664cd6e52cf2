/** Runs `prefkit convert` (its definition: convert.ts). */
import { parseFractions } from "../../core/dataset/split.js";
import type { HelpSteerAttribute } from "../../formats/dataset/codecs.js";
import { type ConvertSummary, convertDataset } from "../../formats/dataset/convert.js";
import type { DatasetFormat } from "../../formats/dataset/dataset-formats.js";
import { expandInputs } from "../../formats/dataset/input-paths.js";
import type { TrlStyle } from "../../formats/dataset/trl.js";
import { UsageError } from "../errors.js";
import { type JudgmentFlags, judgmentInput } from "../options.js";
import { Progress } from "../progress.js";

/** The parsed command-line flags of `prefkit convert`. */
export interface Flags extends JudgmentFlags {
  to: DatasetFormat;
  style?: TrlStyle;
  pairs: "all" | "best-vs-worst";
  minMargin?: number;
  criterion: string;
  attribute: HelpSteerAttribute;
  split?: string;
  seed: number;
  where: { field: string; value: string }[];
  keepDuplicates?: boolean;
  keepIdentical?: boolean;
  dropEmpty?: boolean;
  maxChars?: number;
  skipInvalid?: boolean;
  rejects?: string;
  judge?: string;
  annotator: string;
  format: "text" | "json";
  progress?: boolean;
}

/** Converts, then prints the summary: JSON on stdout, or text on stderr. */
export async function runConvert(paths: string[], flags: Flags): Promise<void> {
  if (paths.length < 2) throw new UsageError("convert needs an input and the file to write");
  const output = paths.at(-1)!;
  const inputs = await expandInputs(paths.slice(0, -1));
  const summary = await convert(inputs, output, flags);
  if (flags.format === "json") process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else process.stderr.write(renderSummary(summary));
}

async function convert(
  input: readonly string[],
  output: string,
  flags: Flags,
): Promise<ConvertSummary> {
  if (flags.rejects && !flags.skipInvalid) throw new UsageError("--rejects needs --skip-invalid");
  const judgments = await judgmentInput(flags, flags.to === "mapped");
  if (flags.to === "mapped" && !judgments.codec.mapping)
    throw new UsageError("--to mapped needs --map or --mapping");
  const progress = new Progress(flags.progress === true || process.stderr.isTTY === true);
  try {
    return await convertDataset(input, output, {
      to: flags.to,
      ...(judgments.from ? { from: judgments.from } : {}),
      codec: judgments.codec,
      ...(flags.style ? { style: flags.style } : {}),
      strategy: flags.pairs,
      minMargin: flags.minMargin ?? Number.MIN_VALUE,
      criterion: flags.criterion,
      attribute: flags.attribute,
      where: flags.where,
      ...(flags.split
        ? { split: { fractions: parseFractions(flags.split), seed: flags.seed } }
        : {}),
      keepDuplicates: flags.keepDuplicates === true,
      keepIdentical: flags.keepIdentical === true,
      dropEmpty: flags.dropEmpty === true,
      ...(flags.maxChars !== undefined ? { maxChars: flags.maxChars } : {}),
      ...(flags.skipInvalid ? { rejects: flags.rejects ?? `${output}.rejects.jsonl` } : {}),
      source: flags.judge
        ? { kind: "ai", model: flags.judge }
        : { kind: "human", annotator: flags.annotator },
      onProgress: (records) => progress.update("converting", records, records, " records"),
    });
  } finally {
    progress.done();
  }
}

function renderSummary(s: ConvertSummary): string {
  const lines = [
    `${s.inputs ? `${s.inputs.length} files` : s.input} (${s.format}) → ${s.to}: ${s.records} records read${s.invalid > 0 ? `, ${s.invalid} invalid (see ${s.rejects})` : ""}`,
    ...Object.entries(s.written).map(([path, n]) => `  wrote ${n} records to ${path}`),
    ...Object.entries(s.dropped).map(([reason, n]) => `  left out ${n}: ${reason}`),
    ...Object.entries(s.notes ?? {}).map(([note, n]) => `  ${note}: ${n}`),
  ];
  return `${lines.join("\n")}\n`;
}
