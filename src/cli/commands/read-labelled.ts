/**
 * The reading step shared by `agreement`, `evaluate` and `winrate`: the judgment flags, the
 * paths (folders expanded), labelled comparisons joined into items, with progress on stderr.
 */
import { type ReadComparisons, readComparisons } from "../../app/evaluate/read-comparisons.js";
import { expandInputs } from "../../formats/dataset/input-paths.js";
import { judgmentInput } from "../options.js";
import { Progress } from "../progress.js";
import type { LabelFlags } from "./label-options.js";

export async function readLabelledFiles(
  paths: readonly string[],
  flags: LabelFlags,
): Promise<ReadComparisons> {
  const input = await judgmentInput(flags);
  const files = await expandInputs(paths);
  const progress = new Progress(flags.progress ?? process.stderr.isTTY === true);
  const read = await readComparisons(files, {
    // A mapping without --from reads the files no format is detected in; --from reads every file.
    ...(flags.from ? { from: flags.from } : input.from ? { fallback: input.from } : {}),
    codec: input.codec,
    join: flags.join,
    skipInvalid: flags.skipInvalid ?? false,
    onProgress: (records) => progress.count("reading", records, " records"),
  });
  progress.done();
  return read;
}
