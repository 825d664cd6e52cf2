/** Runs `prefkit convert` (its definition: convert.ts). */
import type { ConflictPolicy } from "../../core/dataset/conflicts.js";
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
  dropDuplicates?: boolean;
  /** Accepted and ignored: repeated records are kept by default. */
  keepDuplicates?: boolean;
  conflicts: ConflictPolicy;
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

/**
 * Converts, then prints the summary: JSON on stdout, or text on stderr. Contradictory
 * preferences kept in the output are also a warning on stderr, whatever the summary's format.
 */
export async function runConvert(paths: string[], flags: Flags): Promise<void> {
  if (paths.length < 2) throw new UsageError("convert needs an input and the file to write");
  if (flags.dropDuplicates && flags.keepDuplicates)
    throw new UsageError("--drop-duplicates and --keep-duplicates contradict each other");
  const output = paths.at(-1)!;
  const inputs = await expandInputs(paths.slice(0, -1));
  const summary = await convert(inputs, output, flags);
  if (flags.format === "json") {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    const warning = conflictWarning(summary, flags.conflicts);
    if (warning) process.stderr.write(`prefkit: warning: ${warning}\n`);
  } else process.stderr.write(renderSummary(summary, flags.conflicts));
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
      dropDuplicates: flags.dropDuplicates === true,
      conflicts: flags.conflicts,
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

/** The warning for contradictory preferences written as they are (`--conflicts keep`). */
function conflictWarning(s: ConvertSummary, policy: ConflictPolicy): string | undefined {
  const { groups, items } = s.conflicts;
  if (groups === 0 || policy !== "keep") return undefined;
  return `${groups} group${groups === 1 ? "" : "s"} preferred both ways (the same prompt and responses, or question and systems: ${items} items), written as they are; --conflicts majority or drop settles them`;
}

/** Every decision the conversion made, with its count: nothing is left out without a line. */
export function renderSummary(s: ConvertSummary, policy: ConflictPolicy): string {
  const { groups, items } = s.conflicts;
  const duplicates = s.dropped["duplicate record (--drop-duplicates)"] !== undefined;
  const warning = conflictWarning(s, policy);
  const lines = [
    `${s.inputs ? `${s.inputs.length} files` : s.input} (${s.format}) → ${s.to}: ${s.records} records read${s.invalid > 0 ? `, ${s.invalid} invalid (see ${s.rejects})` : ""}`,
    ...Object.entries(s.written).map(([path, n]) => `  wrote ${n} records to ${path}`),
    ...(s.duplicates > 0
      ? [
          `  ${s.duplicates} records repeat an earlier record byte for byte: ${duplicates ? "left out (--drop-duplicates)" : "kept (--drop-duplicates leaves them out)"}`,
        ]
      : []),
    ...(groups > 0 && policy !== "keep"
      ? [`  ${groups} groups preferred both ways (${items} items): --conflicts ${policy}`]
      : []),
    ...Object.entries(s.dropped).map(([reason, n]) => `  left out ${n}: ${reason}`),
    ...Object.entries(s.notes ?? {}).map(([note, n]) => `  ${note}: ${n}`),
    ...(warning ? [`warning: ${warning}`] : []),
  ];
  return `${lines.join("\n")}\n`;
}
