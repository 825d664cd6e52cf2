/** Runs `prefkit inspect` (its definition: inspect.ts): the report on stdout, as text or JSON. */
import { expandInputs } from "../../formats/dataset/input-paths.js";
import { type InspectReport, inspectDataset } from "../../formats/dataset/inspect-dataset.js";
import { type JudgmentFlags, judgmentInput } from "../options.js";

export async function runInspect(
  paths: string[],
  flags: { format: "text" | "json" } & JudgmentFlags,
): Promise<void> {
  const input = await judgmentInput(flags);
  const files = await expandInputs(paths);
  const report = await inspectDataset(files, input);
  process.stdout.write(
    flags.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderInspect(report),
  );
}

const pct = (x: number | null) => (x === null ? "n/a" : `${(100 * x).toFixed(1)}%`);
const list = (entries: [string, number][]) => entries.map(([k, n]) => `${k} ${n}`).join(", ");

function renderInspect(r: InspectReport): string {
  const q = r.quality;
  const lines = [
    ...r.files.map(
      (f) => `${f.file}: ${f.format === null ? f.reason : `${f.format} (${f.reason})`}`,
    ),
    `records: ${r.records}, invalid: ${r.invalid}`,
    `fields: ${Object.entries(r.fields)
      .map(([k, n]) => `${k} (${n})`)
      .join(", ")}`,
    `pairs: ${q.pairs}, distinct prompts: ${q.distinctPrompts}`,
    `duplicate pairs: ${q.duplicatePairs}, identical chosen/rejected: ${q.identicalPairs}, empty chosen: ${q.emptyChosen}, empty rejected: ${q.emptyRejected}`,
    `possibly truncated: chosen ${q.truncatedChosen}, rejected ${q.truncatedRejected}`,
    `chosen longer than rejected: ${pct(q.chosenLongerShare)} (mean length ${q.meanChosenLength.toFixed(0)} vs ${q.meanRejectedLength.toFixed(0)} characters)`,
    ...(r.rated ? [`rated items: ${r.rated.items}, completions: ${r.rated.completions}`] : []),
    ...(r.unpaired
      ? [`unpaired examples: ${r.unpaired.examples}, desirable: ${pct(r.unpaired.desirableShare)}`]
      : []),
    ...(r.comparisons
      ? [
          `comparisons: ${r.comparisons.items}, labels: ${r.comparisons.labels} (unparsed ${r.comparisons.unparsed}, strong ${r.comparisons.strong}, fractional ${r.comparisons.fractional})`,
          `verdicts for a: ${list(Object.entries(r.comparisons.verdicts))}`,
          `labellers: ${list(Object.entries(r.comparisons.labellers))}`,
        ]
      : []),
    ...(r.outcomes ? [`outcomes: ${list(Object.entries(r.outcomes))}`] : []),
    ...(r.systems
      ? [
          `systems (appearances, wins/losses/ties): ${Object.entries(r.systems)
            .map(([k, s]) => `${k} ${s.appearances} (${s.wins}/${s.losses}/${s.ties})`)
            .join(", ")}`,
        ]
      : []),
    ...(r.splits
      ? [
          `prompts per split: ${list(Object.entries(r.splits.prompts))}; in more than one split: ${r.splits.shared}`,
          ...r.splits.examples.map((e) => `  shared: ${e}`),
        ]
      : []),
    ...r.errors.map((e) => `invalid: ${e}`),
  ];
  return `${lines.join("\n")}\n`;
}
